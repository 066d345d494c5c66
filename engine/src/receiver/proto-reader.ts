import { DecodeError } from './decode-error';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

const TWO_32 = 4294967296;

/** Node's Buffer has `utf8Slice` (what `toString('utf8', a, b)` calls after argument checks). */
interface Utf8Slicer {
  utf8Slice(start: number, end: number): string;
}

/**
 * A minimal protobuf wire reader over one buffer: varints (up to 10 bytes), fixed 32/64-bit values,
 * length-delimited ranges and skipping of unknown fields (wire types 0, 1, 2, 5; the deprecated
 * groups 3/4 are refused). Every read is bounds-checked against `end` and raises `DecodeError`.
 * 64-bit integers come out as JS numbers (exact below 2^53).
 */
export class ProtoReader {
  pos: number;
  /** Fixed-width little-endian reads (a DataView is inlined by V8; `Buffer.readDoubleLE` copies bytes). */
  private readonly view: DataView;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly limit = buf.length,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  fail(what: string): never {
    throw new DecodeError(`invalid protobuf at byte ${this.pos}: ${what}`);
  }

  /** Unsigned varint as a number (exact below 2^53; larger values are rounded). */
  varint(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) this.fail('truncated varint');
      const byte = buf[pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        return result;
      }
      scale *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** Varint as a signed 64-bit integer, decimal string (exact), for attribute `int_value`. */
  int64String(end: number): string {
    const start = this.pos;
    let value = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) this.fail('truncated varint');
      const byte = this.buf[this.pos++] as number;
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asIntN(64, value).toString();
      shift += 7n;
    }
    this.pos = start;
    return this.fail('varint longer than 10 bytes');
  }

  /** Varint read as int32 (proto `int32`/`enum`: two's complement in 64 bits). */
  int32(end: number): number {
    return (this.varint(end) % TWO_32) | 0;
  }

  /** `sint32` (zigzag). */
  sint32(end: number): number {
    const n = (this.varint(end) % TWO_32) >>> 0;
    return (n >>> 1) ^ -(n & 1);
  }

  private need(bytes: number, end: number): void {
    if (this.pos + bytes > end) this.fail(`truncated: need ${bytes} bytes, ${end - this.pos} left`);
  }

  fixed64(end: number): number {
    this.need(8, end);
    const pos = this.pos;
    this.pos = pos + 8;
    return this.view.getUint32(pos + 4, true) * TWO_32 + this.view.getUint32(pos, true);
  }

  sfixed64(end: number): number {
    this.need(8, end);
    const pos = this.pos;
    this.pos = pos + 8;
    return this.view.getInt32(pos + 4, true) * TWO_32 + this.view.getUint32(pos, true);
  }

  double(end: number): number {
    this.need(8, end);
    const pos = this.pos;
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** Reads a length prefix and returns the end of the delimited range (the caller reads up to it). */
  delimited(end: number): number {
    const length = this.varint(end);
    const stop = this.pos + length;
    if (stop > end) this.fail(`length ${length} runs past the end of its message`);
    return stop;
  }

  string(end: number): string {
    const stop = this.delimited(end);
    const s = (this.buf as unknown as Utf8Slicer).utf8Slice(this.pos, stop);
    this.pos = stop;
    return s;
  }

  bytes(end: number): Buffer {
    const stop = this.delimited(end);
    const b = this.buf.subarray(this.pos, stop);
    this.pos = stop;
    return b;
  }

  /** Skips one field's value of `wireType`. */
  skip(wireType: number, end: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint(end);
        return;
      case WIRE_I64:
        this.need(8, end);
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.delimited(end);
        return;
      case WIRE_I32:
        this.need(4, end);
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  /** Checks a known field's wire type. */
  expect(field: string, wireType: number, want: number): void {
    if (wireType !== want) this.fail(`field ${field} has wire type ${wireType}, expected ${want}`);
  }
}
