/**
 * Calls `action` for each id, a few at a time, and collects the failures instead of stopping
 * at the first: a bulk delete of 300 runs reports the 2 that failed and does the rest.
 */
export async function forEachLimited(
  ids: readonly string[],
  action: (id: string) => Promise<unknown>,
  concurrency = 8,
): Promise<{ done: string[]; failed: { id: string; error: Error }[] }> {
  const done: string[] = [];
  const failed: { id: string; error: Error }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        await action(id);
        done.push(id);
      } catch (error) {
        failed.push({ id, error: error as Error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return { done, failed };
}
