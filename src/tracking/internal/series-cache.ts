import { GrowableSeries } from './growable-series.js';
import type { SeriesRow } from './metric-points.js';
import type { MetricsStore } from './metrics-store.js';

/**
 * Keeps recently read metric series in memory so charts of long series stay fast. An entry
 * is checked against the series' stored point count on every read: when points were logged
 * since, only those (chunks past the last one held) are fetched; if the count still disagrees
 * (a concurrent writer on PostgreSQL committed out of id order) the series is read afresh.
 * Least recently used entries go first once the byte budget is spent.
 */
export class SeriesCache {
  private readonly entries = new Map<number, GrowableSeries>();
  private bytes = 0;

  constructor(
    private readonly store: MetricsStore,
    private readonly budgetBytes: number,
  ) {}

  async get(series: SeriesRow): Promise<GrowableSeries> {
    let entry = this.entries.get(series.seriesId);
    if (entry) {
      this.entries.delete(series.seriesId);
      this.bytes -= entry.bytes;
    } else entry = new GrowableSeries();
    if (entry.length < series.pointCount) entry.append(await this.store.readPoints(series.seriesId, entry.lastChunkId));
    if (entry.length !== series.pointCount) {
      entry = new GrowableSeries();
      entry.append(await this.store.readPoints(series.seriesId, 0));
    }
    // Re-inserting moves the entry to the end of the Map's order: the most recently used.
    this.entries.set(series.seriesId, entry);
    this.bytes += entry.bytes;
    this.evict(series.seriesId);
    return entry;
  }

  /** Forgets series (after their runs are purged). */
  forget(seriesIds: Iterable<number>): void {
    for (const id of seriesIds) {
      const e = this.entries.get(id);
      if (e) {
        this.bytes -= e.bytes;
        this.entries.delete(id);
      }
    }
  }

  private evict(keep: number): void {
    for (const [id, e] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      if (id === keep) continue;
      this.entries.delete(id);
      this.bytes -= e.bytes;
    }
  }
}
