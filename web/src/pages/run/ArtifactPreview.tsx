import { useEffect, useMemo, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { basename, decodeText, looksBinary, parseDelimited, previewKind, readPrefix, type Prefix } from './artifact-files';

/** How much of a file a text, JSON or table preview reads. */
const TEXT_LIMIT = 200 * 1024;
const TABLE_ROWS = 500;
/** SVGs are drawn from their text (the server sends them as octet-stream, which <img> won't draw). */
const SVG_LIMIT = 5 * 1024 * 1024;

/** A preview of one artifact by its type, with a download link. */
export function ArtifactPreview({ path, size, url }: { path: string; size: number | undefined; url: string }) {
  const kind = previewKind(path);
  const name = basename(path);
  return (
    <div className="artifact-preview" data-testid="artifact-preview" data-path={path} data-kind={kind}>
      <div className="artifact-preview-header">
        <span className="mono artifact-preview-path" title={path}>
          {path}
        </span>
        {size !== undefined && <span className="muted">{formatBytes(size)}</span>}
        <a href={url} download={name} data-testid="artifact-preview-download" className="button-link">
          Download
        </a>
      </div>
      <div className="artifact-preview-body">
        {kind === 'image' ? (
          <img src={url} alt={name} className="artifact-image" />
        ) : kind === 'svg' ? (
          <SvgPreview url={url} name={name} />
        ) : kind === 'binary' ? (
          <NoPreview size={size} />
        ) : (
          <TextualPreview url={url} kind={kind} />
        )}
      </div>
    </div>
  );
}

function NoPreview({ size }: { size: number | undefined }) {
  return <p className="empty">No preview for this file type{size !== undefined ? ` (${formatBytes(size)})` : ''}. Use the download link.</p>;
}

function TextualPreview({ url, kind }: { url: string; kind: 'json' | 'csv' | 'tsv' | 'text' | 'unknown' }) {
  const prefix = useAsync((signal) => readPrefix(url, TEXT_LIMIT, signal), [url]);
  if (prefix.error) return <ErrorMessage error={prefix.error} onRetry={prefix.reload} />;
  if (!prefix.data) return <div className="loading">Loading preview…</div>;
  const p = prefix.data;
  if (kind === 'unknown' && looksBinary(p.bytes)) return <NoPreview size={undefined} />;
  if (kind === 'csv' || kind === 'tsv') return <TablePreview prefix={p} delimiter={kind === 'csv' ? ',' : '\t'} />;
  if (kind === 'json') return <JsonPreview prefix={p} />;
  return <TextBlock text={decodeText(p)} truncated={p.truncated} />;
}

function TruncatedNote({ what }: { what: string }) {
  return <p className="muted preview-note">Showing the first {what}; download the file for all of it.</p>;
}

function TextBlock({ text, truncated }: { text: string; truncated: boolean }) {
  return (
    <>
      {truncated && <TruncatedNote what={formatBytes(TEXT_LIMIT)} />}
      <pre className="artifact-text">{text}</pre>
    </>
  );
}

function JsonPreview({ prefix }: { prefix: Prefix }) {
  const text = decodeText(prefix);
  const pretty = useMemo(() => {
    if (prefix.truncated) return undefined;
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return undefined;
    }
  }, [text, prefix.truncated]);
  if (pretty !== undefined) return <pre className="artifact-text">{pretty}</pre>;
  return (
    <>
      {!prefix.truncated && <p className="muted preview-note">Not valid JSON; shown as text.</p>}
      <TextBlock text={text} truncated={prefix.truncated} />
    </>
  );
}

function TablePreview({ prefix, delimiter }: { prefix: Prefix; delimiter: string }) {
  const { rows, more } = useMemo(() => parseDelimited(decodeText(prefix), delimiter, TABLE_ROWS + 1, prefix.truncated), [prefix, delimiter]);
  if (rows.length === 0) return <p className="empty">Empty file.</p>;
  const [header, ...body] = rows;
  const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
  return (
    <>
      {more && <p className="muted preview-note">Showing the first {body.length.toLocaleString('en-US')} rows; download the file for all of them.</p>}
      <div className="artifact-table-wrap">
        <table className="simple artifact-table" data-testid="artifact-table">
          <thead>
            <tr>
              {Array.from({ length: width }, (_, i) => (
                <th key={i}>{header![i] ?? ''}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {body.map((r, i) => (
              <tr key={i}>
                {Array.from({ length: width }, (_, j) => (
                  <td key={j}>{r[j] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function SvgPreview({ url, name }: { url: string; name: string }) {
  const prefix = useAsync((signal) => readPrefix(url, SVG_LIMIT, signal), [url]);
  const [src, setSrc] = useState<string | undefined>(undefined);
  const data = prefix.data;
  useEffect(() => {
    if (!data || data.truncated) return undefined;
    // As an <img>, an SVG's scripts never run; a blob URL gives it the image/svg+xml type.
    const blobUrl = URL.createObjectURL(new Blob([data.bytes as BlobPart], { type: 'image/svg+xml' }));
    setSrc(blobUrl);
    return () => URL.revokeObjectURL(blobUrl);
  }, [data]);
  if (prefix.error) return <ErrorMessage error={prefix.error} onRetry={prefix.reload} />;
  if (!data) return <div className="loading">Loading preview…</div>;
  if (data.truncated) return <NoPreview size={undefined} />;
  return src ? <img src={src} alt={name} className="artifact-image" /> : null;
}
