/**
 * The size of a log the API gives no size for, found with one-byte reads: `hasByte(i)` is
 * true while `i` is inside the log. Galloping from what is known to be there, then bisecting,
 * takes about 2·log2(size / known) reads (some 20 for a 1 GiB log), so a page opened on a
 * huge log reads its tail instead of downloading all of it.
 *
 * Goes away if the API reports the size (an `x-log-size` header).
 */
export async function findLogEnd(hasByte: (offset: number) => Promise<boolean>, knownSize: number): Promise<number> {
  let lo = Math.max(1, knownSize);
  let hi = lo * 2;
  while (await hasByte(hi)) {
    lo = hi + 1;
    hi *= 2;
  }
  // Now lo <= size <= hi.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await hasByte(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
