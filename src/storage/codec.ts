/**
 * codec.ts — value serialization for engines that persist values (file, postgres): a compact,
 * exact binary form of any Value. Unlike keys.ts it is not order-preserving; it round-trips
 * every Value exactly, including -0, NaN, bigint of any size, lone surrogates in strings,
 * nested arrays and Maps (whose keys, "__proto__" included, are only data).
 *
 *   tag  payload
 *   0    null            1 false        2 true
 *   3    integer in int32 range: zigzag varint
 *   4    other number: float64, little-endian
 *   5    bigint: sign byte (0 / 1 negative), varint byte length, magnitude big-endian
 *   6    string: varint byte length, WTF-8 (UTF-8 that also carries lone surrogates)
 *   7    bytes: varint length, bytes
 *   8    array: varint count, items
 *   9    map: varint count, then (key as varint length + WTF-8, value) pairs in insertion order
 */
import type { Value, ValueMap } from '../common/values.js';
import { writeWtf8 } from './utf8.js';

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const INT = 3;
const FLOAT = 4;
const BIGINT = 5;
const STRING = 6;
const BYTES = 7;
const ARRAY = 8;
const MAP = 9;

/** The deepest nesting decodeValue accepts (corrupt or hostile input must not blow the stack). */
const MAX_DEPTH = 10_000;

class Writer {
  buf = new Uint8Array(64);
  view = new DataView(this.buf.buffer);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(x: number): void {
    this.ensure(1);
    this.buf[this.pos++] = x;
  }

  varint(n: number): void {
    this.ensure(8);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  /** wtf8 writes a length-prefixed WTF-8 string. */
  wtf8(s: string): void {
    const n = s.length;
    this.ensure(3 * n + 8);
    const lenPos = this.pos;
    // Reserve a 1-byte length for short strings; move the bytes if the length needs more.
    this.pos++;
    const start = this.pos;
    const b = this.buf;
    const p = writeWtf8(s, b, start, false);
    const len = p - start;
    if (len < 0x80) {
      b[lenPos] = len;
      this.pos = p;
      return;
    }
    const bytes = b.slice(start, p);
    this.pos = lenPos;
    this.varint(len);
    this.ensure(len);
    this.buf.set(bytes, this.pos);
    this.pos += len;
  }

  value(v: Value): void {
    if (v === null) return this.byte(NULL);
    switch (typeof v) {
      case 'boolean':
        return this.byte(v ? TRUE : FALSE);
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          this.byte(INT);
          return this.varint(((v << 1) ^ (v >> 31)) >>> 0);
        }
        this.byte(FLOAT);
        this.ensure(8);
        this.view.setFloat64(this.pos, v, true);
        this.pos += 8;
        return;
      case 'bigint': {
        this.byte(BIGINT);
        const neg = v < 0n;
        let hex = (neg ? -v : v).toString(16);
        if (hex.length % 2 === 1) hex = '0' + hex;
        const len = hex === '00' ? 0 : hex.length / 2;
        this.byte(neg ? 1 : 0);
        this.varint(len);
        this.ensure(len);
        for (let i = 0; i < len; i++) this.buf[this.pos++] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
        return;
      }
      case 'string':
        this.byte(STRING);
        return this.wtf8(v);
      case 'object':
        if (v instanceof Uint8Array) {
          this.byte(BYTES);
          this.varint(v.length);
          this.ensure(v.length);
          this.buf.set(v, this.pos);
          this.pos += v.length;
          return;
        }
        if (Array.isArray(v)) {
          this.byte(ARRAY);
          this.varint(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i]);
          return;
        }
        if (v instanceof Map) {
          this.byte(MAP);
          this.varint(v.size);
          for (const [key, item] of v) {
            this.wtf8(key);
            this.value(item);
          }
          return;
        }
    }
    throw new TypeError(`cannot serialize ${String(v)} (${typeof v})`);
  }
}

const writer = new Writer();

/** encodeValue serializes a Value (a fresh Uint8Array). */
export function encodeValue(v: Value): Uint8Array {
  writer.pos = 0;
  writer.value(v);
  return writer.buf.slice(0, writer.pos);
}

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  need(n: number): void {
    if (this.pos + n > this.b.length) throw new RangeError(`corrupt value: truncated at byte ${this.pos}`);
  }

  byte(): number {
    this.need(1);
    return this.b[this.pos++];
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const x = this.byte();
      n += (x & 0x7f) * scale;
      if (x < 0x80) return n;
      scale *= 128;
      if (scale > 2 ** 56) throw new RangeError('corrupt value: varint too long');
    }
  }

  wtf8(): string {
    const len = this.varint();
    this.need(len);
    const b = this.b;
    const end = this.pos + len;
    let p = this.pos;
    let s = '';
    const units: number[] = [];
    while (p < end) {
      const x = b[p++];
      if (x < 0x80) units.push(x);
      else if (x < 0xe0) units.push(((x & 0x1f) << 6) | (b[p++] & 0x3f));
      else if (x < 0xf0) {
        units.push(((x & 0x0f) << 12) | ((b[p] & 0x3f) << 6) | (b[p + 1] & 0x3f));
        p += 2;
      } else {
        const c = (((x & 0x07) << 18) | ((b[p] & 0x3f) << 12) | ((b[p + 1] & 0x3f) << 6) | (b[p + 2] & 0x3f)) - 0x10000;
        p += 3;
        units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
      }
      if (units.length >= 4096) {
        s += String.fromCharCode(...units);
        units.length = 0;
      }
    }
    if (p !== end) throw new RangeError('corrupt value: bad UTF-8 length');
    this.pos = end;
    return s + String.fromCharCode(...units);
  }

  value(depth: number): Value {
    if (depth > MAX_DEPTH) throw new RangeError('corrupt value: nested too deeply');
    const tag = this.byte();
    switch (tag) {
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT: {
        const z = this.varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case FLOAT: {
        this.need(8);
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case BIGINT: {
        const neg = this.byte() === 1;
        const len = this.varint();
        this.need(len);
        let m = 0n;
        for (let i = 0; i < len; i++) m = (m << 8n) | BigInt(this.b[this.pos++]);
        return neg ? -m : m;
      }
      case STRING:
        return this.wtf8();
      case BYTES: {
        const len = this.varint();
        this.need(len);
        const out = this.b.slice(this.pos, this.pos + len);
        this.pos += len;
        return out;
      }
      case ARRAY: {
        const n = this.varint();
        this.need(n); // every item takes at least one byte
        const out: Value[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.value(depth + 1);
        return out;
      }
      case MAP: {
        const n = this.varint();
        this.need(2 * n);
        const out: ValueMap = new Map();
        for (let i = 0; i < n; i++) {
          const key = this.wtf8();
          out.set(key, this.value(depth + 1));
        }
        return out;
      }
    }
    throw new RangeError(`corrupt value: unknown tag ${tag} at byte ${this.pos - 1}`);
  }
}

/** decodeValue reads back a Value written by encodeValue; corrupt input throws RangeError. */
export function decodeValue(bytes: Uint8Array): Value {
  const r = new Reader(bytes);
  const v = r.value(0);
  if (r.pos !== bytes.length) throw new RangeError(`corrupt value: ${bytes.length - r.pos} trailing bytes`);
  return v;
}
