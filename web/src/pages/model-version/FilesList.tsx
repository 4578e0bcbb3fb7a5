import type { ModelFile } from '../../api/models-types';
import { modelFileUrl } from '../../api/models';
import { formatBytes } from '../../lib/format';

/** The version's files, each a download, with its size and sha256. */
export function FilesList({ name, version, files }: { name: string; version: string; files: readonly ModelFile[] }) {
  if (files.length === 0) return <p className="empty">This version has no files.</p>;
  return (
    <table className="simple model-files" data-testid="version-files">
      <thead>
        <tr>
          <th>Path</th>
          <th className="num">Size</th>
          <th>sha256</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.path} data-testid="file-row" data-path={f.path}>
            <td className="mono">
              <a href={modelFileUrl(name, version, f.path)} download={f.path.split('/').pop()}>
                {f.path}
              </a>
            </td>
            <td className="num" title={`${f.size} bytes`} data-testid="file-size">
              {formatBytes(f.size)}
            </td>
            <td className="mono model-sha" title={f.sha256} data-testid="file-sha256">
              {f.sha256}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
