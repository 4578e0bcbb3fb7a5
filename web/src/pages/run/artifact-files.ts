/** How the artifacts browser previews a file, by its name. */
export type PreviewKind = 'image' | 'svg' | 'json' | 'csv' | 'tsv' | 'text' | 'binary' | 'unknown';

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico', 'avif']);
const TEXT = new Set([
  'txt', 'log', 'md', 'markdown', 'rst', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env', 'py', 'ipynb', 'js', 'mjs', 'ts',
  'sh', 'r', 'sql', 'xml', 'html', 'htm', 'css', 'properties', 'jsonl', 'ndjson', 'err', 'out', 'diff', 'patch', 'lock',
]);
const BINARY = new Set([
  'bin', 'pt', 'pth', 'ckpt', 'onnx', 'pb', 'h5', 'hdf5', 'keras', 'pkl', 'pickle', 'joblib', 'npy', 'npz', 'safetensors',
  'parquet', 'feather', 'arrow', 'avro', 'orc', 'zip', 'gz', 'tgz', 'tar', 'bz2', 'xz', 'zst', '7z', 'so', 'dylib', 'dll',
  'exe', 'whl', 'pdf', 'mp4', 'mov', 'avi', 'mp3', 'wav', 'flac', 'ogg', 'tflite', 'mlmodel', 'gguf', 'db', 'sqlite',
]);
/** Files MLflow writes without an extension that are text. */
const TEXT_NAMES = new Set(['MLmodel', 'MLproject', 'Dockerfile', 'LICENSE', 'README', 'Makefile']);

export const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export function previewKind(path: string): PreviewKind {
  const name = basename(path);
  if (TEXT_NAMES.has(name)) return 'text';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (ext === 'svg') return 'svg';
  if (IMAGE.has(ext)) return 'image';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (TEXT.has(ext)) return 'text';
  if (BINARY.has(ext)) return 'binary';
  return 'unknown';
}

/** The first bytes of a download, and whether there was more. */
export interface Prefix {
  bytes: Uint8Array;
  truncated: boolean;
}

/**
 * Reads at most `limit` bytes of `url` and drops the connection after them, so that a
 * preview of a 5 GB log costs its first 200 KB.
 */
export async function readPrefix(url: string, limit: number, signal?: AbortSignal): Promise<Prefix> {
  const res = await fetch(url, signal ? { signal } : {});
  if (!res.ok) {
    let message = `The server answered ${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      // Not JSON: the status says enough.
    }
    throw new Error(message);
  }
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    return { bytes: all.slice(0, limit), truncated: all.length > limit };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  while (total < limit) {
    const r = await reader.read();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    total += r.value.length;
  }
  if (!done) {
    const length = Number(res.headers.get('content-length'));
    done = Number.isFinite(length) && length > 0 && length <= limit;
    void reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(total, limit));
  let at = 0;
  for (const c of chunks) {
    const take = Math.min(c.length, bytes.length - at);
    bytes.set(c.subarray(0, take), at);
    at += take;
    if (at >= bytes.length) break;
  }
  return { bytes, truncated: !done || total > limit };
}

/** Text unless the first bytes hold a NUL, which text files do not. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** UTF-8 text; a character cut at the end of a prefix is dropped, not shown as garbage. */
export function decodeText(p: Prefix): string {
  const text = new TextDecoder('utf-8').decode(p.bytes);
  return p.truncated ? text.replace(/\uFFFD+$/, '') : text;
}

/**
 * Rows of a CSV/TSV text (RFC 4180 quoting: "a ""b""", commas and newlines inside quotes),
 * at most `maxRows`. With `partial`, the last row is dropped, as the text was cut in it.
 */
export function parseDelimited(text: string, delimiter: string, maxRows: number, partial: boolean): { rows: string[][]; more: boolean } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (i < n && rows.length <= maxRows) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
    i++;
  }
  const stoppedEarly = rows.length > maxRows;
  if (!stoppedEarly && !partial && (field !== '' || row.length > 0)) endRow();
  return { rows: rows.slice(0, maxRows), more: stoppedEarly || partial };
}
