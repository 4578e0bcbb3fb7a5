/**
 * The few protobuf wire-format pieces the ONNX encoder needs: varints, length-delimited
 * fields and packed repeated scalars. Encoding only; field order is the caller's.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

/**
 * Builds one message. Nested messages are encoded on their own and added with `message`.
 *
 * @example
 *   const opset = new ProtobufWriter().string(1, '').int64(2, 13).finish();
 *   const model = new ProtobufWriter().int64(1, 8).message(8, opset).finish();
 */
export class ProtobufWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /** int32, int64, uint64 and enum fields (negative values take ten bytes, as protobuf says). */
  int64(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(BigInt(value));
    return this;
  }

  bool(field: number, value: boolean): this {
    return this.int64(field, value ? 1 : 0);
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(BigInt(value.byteLength));
    this.push(value);
    return this;
  }

  /** An embedded message, already encoded. */
  message(field: number, encoded: Uint8Array): this {
    return this.bytes(field, encoded);
  }

  /** A packed repeated int64/int32 field. */
  packedInt64(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtobufWriter();
    for (const v of values) inner.varint(BigInt(v));
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.byteLength;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt(field) << 3n | BigInt(wireType));
  }

  private varint(value: bigint): void {
    // Negative numbers are written as their 64-bit two's complement.
    let v = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v !== 0n);
    this.push(Uint8Array.from(bytes));
  }

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }
}
