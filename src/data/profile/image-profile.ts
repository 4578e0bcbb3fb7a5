import type { ImageProfile } from '../../core/data-types.js';
import { readImageSize, type ImageSize } from './image-header.js';
import { extensionOf } from './tabular-format.js';

/** Image extensions and the format each names. */
const IMAGE_EXTENSIONS = new Map<string, string>([
  ['png', 'png'],
  ['jpg', 'jpeg'],
  ['jpeg', 'jpeg'],
  ['gif', 'gif'],
  ['webp', 'webp'],
  ['bmp', 'bmp'],
]);

export const isImagePath = (path: string): boolean => IMAGE_EXTENSIONS.has(extensionOf(path));

export const DEFAULT_MAX_IMAGES = 10_000;

/** Headers read at once: enough to hide disk latency, few enough to leave file handles. */
const HEADER_READS_IN_FLIGHT = 16;

/**
 * Count, formats, pixel sizes and byte sizes of the image files. Headers are read for at
 * most `maxImages` of them, spread evenly over the path order (a dataset sorted by class
 * folder is sampled across classes); widths and heights come from those. A format is the
 * one the header declares where a header was read and understood, else the extension's.
 * Bytes cover every image. Null when there are no images.
 */
export async function profileImages(
  files: { path: string; localPath: string; size: number }[],
  options: { maxImages?: number } = {},
): Promise<ImageProfile | null> {
  const images = files.filter((f) => isImagePath(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (images.length === 0) return null;

  const maxImages = Math.max(0, options.maxImages ?? DEFAULT_MAX_IMAGES);
  const step = images.length / Math.min(maxImages, images.length);
  const chosen = new Set<number>();
  for (let i = 0; i < Math.min(maxImages, images.length); i++) chosen.add(Math.floor(i * step));

  const sizes = new Map<number, ImageSize | undefined>();
  const queue = [...chosen];
  await Promise.all(
    Array.from({ length: HEADER_READS_IN_FLIGHT }, async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        // An unreadable or truncated file is one image without a size, not a failed profile.
        sizes.set(index, await readImageSize(images[index]!.localPath).catch(() => undefined));
      }
    }),
  );

  const formats = new Map<string, number>();
  images.forEach((image, i) => {
    const format = sizes.get(i)?.format ?? IMAGE_EXTENSIONS.get(extensionOf(image.path))!;
    formats.set(format, (formats.get(format) ?? 0) + 1);
  });
  const known = [...sizes.values()].filter((s): s is ImageSize => s !== undefined);
  return {
    count: images.length,
    formats: [...formats].map(([format, count]) => ({ format, count })).sort((a, b) => b.count - a.count || a.format.localeCompare(b.format)),
    widths: range(known.map((s) => s.width)),
    heights: range(known.map((s) => s.height)),
    bytes: range(images.map((f) => f.size)) ?? { min: 0, max: 0, mean: 0 },
  };
}

function range(values: number[]): { min: number; max: number; mean: number } | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / values.length };
}
