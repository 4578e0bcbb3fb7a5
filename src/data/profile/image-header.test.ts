import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageSize, readImageSize } from './image-header.js';

/** Byte builders: just the header fields a reader looks at, with the right layout. */
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const png = (w: number, h: number) =>
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...u32be(13), ...ascii('IHDR'), ...u32be(w), ...u32be(h), 8, 6, 0, 0, 0, 0, 0, 0, 0]);

const gif = (w: number, h: number) => Buffer.from([...ascii('GIF89a'), ...u16le(w), ...u16le(h), 0xf7, 0, 0, 0, 0, 0]);

/** JFIF APP0, a 300-byte APP1 (EXIF stand-in), a DQT, fill bytes, then the frame header. */
const jpeg = (w: number, h: number, sof = 0xc0) =>
  Buffer.from([
    0xff, 0xd8,
    0xff, 0xe0, ...u16be(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xff, 0xe1, ...u16be(302), ...new Array<number>(300).fill(0xff),
    0xff, 0xdb, ...u16be(67), 0, ...new Array<number>(64).fill(1),
    0xff, 0xff, 0xff, sof, ...u16be(17), 8, ...u16be(h), ...u16be(w), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    0xff, 0xda, ...u16be(12), 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0, 0xff, 0xd9,
  ]);

const riff = (chunk: number[]) => Buffer.from([...ascii('RIFF'), ...u32le(4 + chunk.length), ...ascii('WEBP'), ...chunk]);
const webpLossy = (w: number, h: number) =>
  riff([...ascii('VP8 '), ...u32le(10), 0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...u16le(w), ...u16le(h), 0, 0]);
/** Width-1 in bits 0..13, height-1 in bits 14..27. */
const webpLossless = (w: number, h: number) =>
  riff([...ascii('VP8L'), ...u32le(5), 0x2f, ...u32le((w - 1) | ((h - 1) << 14)), 0, 0, 0, 0, 0]);
const webpExtended = (w: number, h: number) =>
  riff([...ascii('VP8X'), ...u32le(10), 0x10, 0, 0, 0, ...u24le(w - 1), ...u24le(h - 1), 0, 0]);

const bmp = (w: number, h: number) =>
  Buffer.from([...ascii('BM'), ...u32le(70), 0, 0, 0, 0, ...u32le(54), ...u32le(40), ...u32le(w), ...u32le(h), ...u16le(1), ...u16le(24), 0, 0, 0, 0]);
const bmpCore = (w: number, h: number) =>
  Buffer.from([...ascii('BM'), ...u32le(32), 0, 0, 0, 0, ...u32le(26), ...u32le(12), ...u16le(w), ...u16le(h), ...u16le(1), ...u16le(24), 0, 0]);

const fromBuffer = (b: Buffer) => imageSize(async (offset, length) => b.subarray(offset, offset + length));

describe('image headers', () => {
  it.each([
    ['PNG', png(640, 480), { format: 'png', width: 640, height: 480 }],
    ['GIF', gif(320, 200), { format: 'gif', width: 320, height: 200 }],
    ['baseline JPEG behind APP0, APP1, DQT and fill bytes', jpeg(1920, 1080), { format: 'jpeg', width: 1920, height: 1080 }],
    ['progressive JPEG (SOF2)', jpeg(33, 65535, 0xc2), { format: 'jpeg', width: 33, height: 65535 }],
    ['lossy WebP (VP8)', webpLossy(550, 368), { format: 'webp', width: 550, height: 368 }],
    ['lossless WebP (VP8L)', webpLossless(16383, 2), { format: 'webp', width: 16383, height: 2 }],
    ['extended WebP (VP8X)', webpExtended(20000, 30000), { format: 'webp', width: 20000, height: 30000 }],
    ['BMP', bmp(127, 64), { format: 'bmp', width: 127, height: 64 }],
    ['top-down BMP (negative height)', bmp(127, -64), { format: 'bmp', width: 127, height: 64 }],
    ['OS/2 BMP', bmpCore(12, 34), { format: 'bmp', width: 12, height: 34 }],
  ])('reads the size of a %s', async (_name, bytes, expected) => {
    expect(await fromBuffer(bytes)).toEqual(expected);
  });

  it.each([
    ['text', Buffer.from('hello, not an image at all')],
    ['an empty file', Buffer.alloc(0)],
    ['a PNG cut after the signature', png(1, 1).subarray(0, 12)],
    ['a JPEG with no frame header before its scan', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9])],
    ['a JPEG cut inside a segment', jpeg(10, 10).subarray(0, 40)],
    ['a JPEG with a zero segment length', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])],
  ])('gives no size for %s', async (_name, bytes) => {
    expect(await fromBuffer(bytes)).toBeUndefined();
  });

  describe('read from a file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fw-image-header-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads only the header, wherever the JPEG frame header is', async () => {
      const path = join(dir, 'photo');
      await writeFile(path, Buffer.concat([jpeg(800, 600), Buffer.alloc(100_000)]));
      expect(await readImageSize(path)).toEqual({ format: 'jpeg', width: 800, height: 600 });
    });
  });
});
