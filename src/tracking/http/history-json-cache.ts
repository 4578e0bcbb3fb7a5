import type { Metric, Page } from '../types.js';
import { metricHistoryJson } from './history-json.js';

const DEFAULT_BUDGET_CHARS = 64 * 1024 * 1024;

/**
 * Remembers the JSON text of recent metric-history pages. Serializing 100k points costs
 * tens of milliseconds of number formatting, while a chart or client polling one history
 * asks for the same text again. Histories only grow (points are append-only and a run
 * removed for good answers 404 before this is reached), so a page is the same text as long
 * as it starts at the same offset, holds the same number of points and ends on the same
 * point; the cache key says exactly that. Least recently used pages go first past the budget.
 */
export class HistoryJsonCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(private readonly budgetChars = DEFAULT_BUDGET_CHARS) {}

  json(scope: { runId: string; key: string; pageToken?: string | undefined }, page: Page<Metric>): string {
    const last = page.items[page.items.length - 1];
    // Small pages are cheap to serialize: not worth the memory.
    if (!last || page.items.length < 1000) return metricHistoryJson(page);
    const id = [scope.runId, scope.key, scope.pageToken ?? '', page.items.length, last.step, last.timestamp, last.value, page.nextPageToken ?? ''].join('\u0000');
    const hit = this.entries.get(id);
    if (hit !== undefined) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const text = metricHistoryJson(page);
    this.entries.set(id, text);
    this.chars += text.length;
    for (const [k, v] of this.entries) {
      if (this.chars <= this.budgetChars || k === id) break;
      this.entries.delete(k);
      this.chars -= v.length;
    }
    return text;
  }
}
