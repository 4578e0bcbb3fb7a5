/**
 * Memory sizes as people and SLURM write them: "512M", "4G", "1.5T", or a bare number of
 * MiB. Returns MiB (rounded up), or undefined for anything else.
 */
export function parseMemoryMb(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  const mib = unit === 'K' ? n / 1024 : unit === 'G' ? n * 1024 : unit === 'T' ? n * 1024 * 1024 : n;
  return Math.ceil(mib);
}
