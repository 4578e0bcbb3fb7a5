import { getVersionProfile } from '../../api/data';
import type { DatasetProfile, ImageProfile, MinMaxMean } from '../../api/data-types';
import { Loading } from '../../components/Loading';
import { formatBytes, formatNumber, formatTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { barFractions } from './profile-format';
import { TableProfileView } from './TableProfileView';
import { FactList } from '../../components/FactList';

/** The version's profile: file types, images, and each table's columns and first rows. */
export function ProfileTab({ name, refNumber }: { name: string; refNumber: string }) {
  const key = `${name}@${refNumber}`;
  const loaded = useAsync(async (signal) => ({ key, profile: await getVersionProfile(name, refNumber, signal) }), [key]);
  const profile = loaded.data?.key === key ? loaded.data.profile : undefined;

  if (!profile) {
    if (loaded.error) {
      return (
        <div className="error-message" role="alert" data-testid="profile-error">
          <strong>This version’s profile is not available.</strong> <span>The server could not compute it: {loaded.error.message}</span>{' '}
          <button type="button" className="link-button" onClick={loaded.reload}>
            Try again
          </button>
          <div className="dsv-profile-error-note">The version’s files and the runs that used it are still here, on their tabs.</div>
        </div>
      );
    }
    return <Loading what="Profiling this version (the first time reads its tables and image headers)" />;
  }

  const empty = profile.tables.length === 0 && profile.images === null;
  return (
    <div className="dsv-profile" data-testid="profile-tab">
      <p className="muted dsv-profile-meta">
        Profiled {formatTime(profile.computed_time)}: {profile.tables.length} table{profile.tables.length === 1 ? '' : 's'}
        {profile.images ? `, ${formatNumber(profile.images.count)} image${profile.images.count === 1 ? '' : 's'}` : ''}.
      </p>
      <div className="dsv-profile-overview">
        <section>
          <h2>File types</h2>
          <FileTypes types={profile.file_types} />
        </section>
        {profile.images && (
          <section>
            <h2>Images</h2>
            <Images images={profile.images} />
          </section>
        )}
      </div>
      {empty && <p className="empty">This version has no tables (CSV, TSV, Parquet, JSON lines) or images to profile.</p>}
      {profile.tables.length > 0 && (
        <>
          <h2>Tables</h2>
          {profile.tables.map((t) => (
            <TableProfileView key={t.path} table={t} />
          ))}
        </>
      )}
    </div>
  );
}

function FileTypes({ types }: { types: DatasetProfile['file_types'] }) {
  if (types.length === 0) return <p className="empty">No files.</p>;
  const fractions = barFractions(types.map((t) => t.bytes));
  return (
    <table className="simple dsv-file-types" data-testid="file-types">
      <thead>
        <tr>
          <th>Extension</th>
          <th className="num">Files</th>
          <th className="num">Size</th>
          <th aria-label="Share of bytes" />
        </tr>
      </thead>
      <tbody>
        {types.map((t, i) => (
          <tr key={t.extension} data-testid="file-type" data-extension={t.extension}>
            <td className="mono">{t.extension ? `.${t.extension}` : <span className="muted">(none)</span>}</td>
            <td className="num" data-testid="file-type-count">
              {formatNumber(t.count)}
            </td>
            <td className="num">{formatBytes(t.bytes)}</td>
            <td className="dsv-share">
              <span className="dsv-share-bar" style={{ width: `${fractions[i]! * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const range = (r: MinMaxMean | null, unit: (n: number) => string): string =>
  r === null ? '—' : r.min === r.max ? unit(r.min) : `${unit(r.min)} – ${unit(r.max)} (mean ${unit(Math.round(r.mean))})`;
const px = (n: number) => `${formatNumber(n)} px`;

function Images({ images }: { images: ImageProfile }) {
  const facts: [string, string, string][] = [
    ['Images', formatNumber(images.count), 'images-count'],
    ['Formats', images.formats.map((f) => `${f.format} ${formatNumber(f.count)}`).join(' · ') || '—', 'images-formats'],
    ['Width', range(images.widths, px), 'images-widths'],
    ['Height', range(images.heights, px), 'images-heights'],
    ['Bytes per image', range(images.bytes, formatBytes), 'images-bytes'],
  ];
  return (
    <FactList facts={facts} className="dsv-facts" testId="image-profile" />
  );
}
