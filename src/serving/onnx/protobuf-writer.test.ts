import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from './protobuf-writer.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ProtobufWriter', () => {
  it('writes varints as protobuf does', () => {
    expect(hex(new ProtobufWriter().int64(1, 150).finish())).toBe('089601');
    expect(hex(new ProtobufWriter().int64(2, 0).finish())).toBe('1000');
    expect(hex(new ProtobufWriter().int64(1, 2n ** 40n).finish())).toBe('08808080808020');
  });

  it('writes negative ints as ten-byte two’s complement', () => {
    expect(hex(new ProtobufWriter().int64(1, -1).finish())).toBe('08ffffffffffffffffff01');
  });

  it('writes strings, nested messages and packed ints length-delimited', () => {
    expect(hex(new ProtobufWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    const inner = new ProtobufWriter().int64(1, 150).finish();
    expect(hex(new ProtobufWriter().message(3, inner).finish())).toBe('1a03089601');
    expect(hex(new ProtobufWriter().packedInt64(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
  });

  it('writes floats and doubles little-endian', () => {
    expect(hex(new ProtobufWriter().float(2, 1).finish())).toBe('150000803f');
    expect(hex(new ProtobufWriter().double(2, 1).finish())).toBe('11000000000000f03f');
  });

  it('uses field numbers past 15 with two-byte tags', () => {
    expect(hex(new ProtobufWriter().int64(20, 2).finish())).toBe('a00102');
  });
});
