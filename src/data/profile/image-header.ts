import { open } from 'node:fs/promises';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageSize {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Reads up to `length` bytes at `offset` (fewer at the end of the file). */
export type ByteReader = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * The format and pixel size an image's header declares, without decoding it; undefined for
 * bytes that are none of PNG, JPEG, GIF, WebP or BMP or are cut short. Sizes are as stored:
 * a JPEG's EXIF orientation (a portrait photo stored sideways) is not applied.
 */
export async function imageSize(read: ByteReader): Promise<ImageSize | undefined> {
  const head = await read(0, 32);
  if (startsWith(head, [0xff, 0xd8])) return jpegSize(read);
  return fixedHeaderSize(head);
}

/** imageSize of a file on disk. */
export async function readImageSize(localPath: string): Promise<ImageSize | undefined> {
  const file = await open(localPath, 'r');
  try {
    return await imageSize(async (offset, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await file.close();
  }
}

/** The formats whose size sits at a fixed place in the first 32 bytes. */
function fixedHeaderSize(b: Uint8Array): ImageSize | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const has = (n: number): boolean => b.length >= n;
  const sized = (format: ImageFormat, width: number, height: number): ImageSize | undefined =>
    width > 0 && height > 0 ? { format, width, height } : undefined;

  // PNG: signature, then the IHDR chunk (length, "IHDR", width u32be, height u32be).
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && has(24) && ascii(b, 12, 4) === 'IHDR') {
    return sized('png', view.getUint32(16), view.getUint32(20));
  }
  // GIF: "GIF87a"/"GIF89a", logical screen width and height u16le.
  if ((ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') && has(10)) {
    return sized('gif', view.getUint16(6, true), view.getUint16(8, true));
  }
  // WebP: RIFF container, "WEBP", then the first chunk tells which of three layouts follows.
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP' && has(30)) {
    switch (ascii(b, 12, 4)) {
      case 'VP8 ': // lossy: 3-byte frame tag, start code 9d 01 2a, 14-bit width and height (2 bits scale)
        if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
        return sized('webp', view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
      case 'VP8L': {
        // lossless: signature 0x2f, then width-1 and height-1 as 14-bit fields
        if (b[20] !== 0x2f) return undefined;
        const bits = view.getUint32(21, true);
        return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      case 'VP8X': // extended: flags, 3 reserved bytes, canvas width-1 and height-1 as u24le
        return sized('webp', uint24le(b, 24) + 1, uint24le(b, 27) + 1);
      default:
        return undefined;
    }
  }
  // BMP: "BM", file header (14 bytes), then the DIB header; its size says which layout.
  if (ascii(b, 0, 2) === 'BM' && has(26)) {
    const dibSize = view.getUint32(14, true);
    if (dibSize === 12) return sized('bmp', view.getUint16(18, true), view.getUint16(20, true)); // OS/2 BITMAPCOREHEADER
    // BITMAPINFOHEADER and later: signed; a negative height means rows stored top-down.
    return sized('bmp', Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
  }
  return undefined;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * JPEG: walk the marker segments after SOI (skipping EXIF and other APPn by their lengths)
 * to the first SOFn, which holds precision, height and width (u16be each after it).
 */
async function jpegSize(read: ByteReader): Promise<ImageSize | undefined> {
  let offset = 2;
  for (let segments = 0; segments < 4096; segments++) {
    const b = await read(offset, 9);
    if (b.length < 2 || b[0] !== 0xff) return undefined;
    const marker = b[1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte before a marker
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // TEM and RSTn stand alone, without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda || b.length < 4) return undefined; // end, or image data before any frame header
    const length = (b[2]! << 8) | b[3]!;
    if (JPEG_SOF.has(marker)) {
      if (b.length < 9) return undefined;
      const height = (b[5]! << 8) | b[6]!;
      const width = (b[7]! << 8) | b[8]!;
      // Height 0 means "given later by a DNL marker", which we do not chase.
      return width > 0 && height > 0 ? { format: 'jpeg', width, height } : undefined;
    }
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

function startsWith(b: Uint8Array, prefix: number[]): boolean {
  return b.length >= prefix.length && prefix.every((v, i) => b[i] === v);
}

function ascii(b: Uint8Array, offset: number, length: number): string {
  return b.length < offset + length ? '' : String.fromCharCode(...b.subarray(offset, offset + length));
}

function uint24le(b: Uint8Array, offset: number): number {
  return b[offset]! | (b[offset + 1]! << 8) | (b[offset + 2]! << 16);
}
