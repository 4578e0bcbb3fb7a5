import type { ManifestEntry } from '../../core/data-types.js';

/**
 * Parsed manifests by hash, the few most recently used. Manifests never change (they are
 * named by their hash), so an entry never goes stale; a 100k-file manifest is ~10 MB of
 * JSON and takes ~100 ms to read, verify and parse, which the file browser and diff would
 * otherwise pay on every page.
 */
export class ManifestCache {
  private readonly entries = new Map<string, Promise<ManifestEntry[]>>();

  constructor(
    private readonly load: (hash: string) => Promise<ManifestEntry[]>,
    private readonly capacity = 8,
  ) {}

  get(hash: string): Promise<ManifestEntry[]> {
    let found = this.entries.get(hash);
    if (found) {
      this.entries.delete(hash);
    } else {
      found = this.load(hash);
      // A failed load is not kept: the next ask tries again.
      found.catch(() => this.entries.delete(hash));
    }
    this.entries.set(hash, found);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return found;
  }
}
