import type { Sampling } from './history-store';

const n = (v: number) => v.toLocaleString('en-US');

/** "downsampled: 1,000 of 1,000,000 points", or nothing when every point is drawn. */
export function SamplingNote({ sampling, metricKey }: { sampling: Sampling | undefined; metricKey: string }) {
  if (!sampling) return null;
  return (
    <span data-testid="downsampled-note" data-key={metricKey} title="The server keeps each bucket's lowest and highest value, so spikes stay visible. Zoom in (drag) to see every point.">
      downsampled: {n(sampling.shown)} of {sampling.approximate ? '~' : ''}
      {n(sampling.total)} points{sampling.zoomed ? ' in view' : ''}
    </span>
  );
}
