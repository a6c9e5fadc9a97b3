/**
 * keys.ts — the order-preserving tuple encoding: a tuple of Values becomes a Uint8Array whose
 * unsigned byte order is the tuple's value order (compare.ts). Every relation, index and key
 * prefix is therefore one contiguous range of the KV store (kv.ts, relations.ts).
 *
 * Layout: a key is the concatenation of its components; each component is self-delimiting
 * (no encoding is a proper prefix of another), so tuple order is byte order and "all keys
 * starting with tuple T" is the byte range [encode(T), prefixEnd(encode(T))).
 *
 *   tag   component
 *   0x05  null
 *   0x06  false            0x07  true
 *   0x10  -Infinity        0x11  negative number   0x12  zero (0, -0)   0x13  zero (0n)
 *   0x14  positive number  0x15  +Infinity         0x16  NaN (greatest number)
 *   0x20  string: UTF-8 (lone surrogates as WTF-8), 0x00 escaped as 00 FF, ended by 00 01
 *   0x21  bytes: escaped like strings
 *   0x30  tuple: components (ascending), ended by 0x00
 *   0x31  map: (string key, value) pairs in key order, ended by 0x00
 * A descending component is the same bytes inverted (x ^ 0xFF). Ascending tags are < 0x80 and
 * inverted ones >= 0x80, so decodeKey recognizes descending components without being told.
 *
 * Numbers (number and bigint on one scale): a positive magnitude m = 1.f × 2^E is written as
 * E (1 byte for -64..63, 2 bytes up to ±8255, 5 bytes beyond; order-preserving) followed by
 * the fraction bits f in 6-bit groups, one group per byte, `group << 2 | flag`, trailing zero
 * groups dropped; flag 2 = more groups follow, 0 = end of a number, 1 = end of a bigint (so a
 * number sorts just before the bigint of the same value and both round-trip). A negative
 * value writes its magnitude the same way (with the two end flags swapped) and inverts those
 * bytes. Small integers are short (0..127: 3 bytes) and every double fits in 12 bytes.
 * This is CockroachDB's/memcomparable's idea (exponent then mantissa) in binary, so doubles
 * and bigints interleave exactly without decimal conversion.
 */
import type { Value, ValueMap } from '../common/values.js';
import { sortedMapKeys } from './compare.js';
import { writeWtf8 } from './utf8.js';

const T_NULL = 0x05;
const T_FALSE = 0x06;
const T_TRUE = 0x07;
const T_NEG_INF = 0x10;
const T_NEG = 0x11;
const T_ZERO = 0x12;
const T_BIG_ZERO = 0x13;
const T_POS = 0x14;
const T_POS_INF = 0x15;
const T_NAN = 0x16;
const T_STRING = 0x20;
const T_BYTES = 0x21;
const T_TUPLE = 0x30;
const T_MAP = 0x31;
const T_END = 0x00;

const MORE = 2;

// Float64 <-> two uint32 words, for reading a double's exponent and fraction bits.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;
const TWO_64 = 2 ** 64;

// POW2[e + 1074] = 2^e exactly, for every exponent a double can have.
const POW2 = new Float64Array(1074 + 1024);
POW2[1074] = 1;
for (let e = 1; e <= 1023; e++) POW2[1074 + e] = POW2[1074 + e - 1] * 2;
for (let e = -1; e >= -1074; e--) POW2[1074 + e] = POW2[1074 + e + 1] / 2;

/**
 * KeyWriter builds one key component by component into a reusable buffer: the hot paths
 * (store inserts and lookups) encode `[relationId, ...columns]` without building a tuple.
 */
export class KeyWriter {
  private buf = new Uint8Array(256);
  private pos = 0;

  /** reset starts a new key. */
  reset(): this {
    this.pos = 0;
    return this;
  }

  /** raw appends already-encoded components (e.g. a key prefix). */
  raw(bytes: Uint8Array): this {
    const n = bytes.length;
    this.ensure(n);
    // A relation's id prefix is a few bytes: a loop beats set()'s per-call set-up.
    if (n <= 16) {
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) b[p++] = bytes[i];
    } else this.buf.set(bytes, this.pos);
    this.pos += n;
    return this;
  }

  /** value appends one component; `descending` inverts its bytes. */
  value(v: Value, descending = false): this {
    if (!descending) {
      this.write(v);
    } else {
      const start = this.pos;
      this.write(v);
      const b = this.buf;
      for (let i = start, end = this.pos; i < end; i++) b[i] ^= 0xff;
    }
    return this;
  }

  /** length is the number of bytes written since reset; `buffer` holds them (no copy: valid until the next write). */
  get length(): number {
    return this.pos;
  }
  get buffer(): Uint8Array {
    return this.buf;
  }

  /** finish returns a copy of the key built so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  private byte(x: number): void {
    this.ensure(1);
    this.buf[this.pos++] = x;
  }

  private write(v: Value): void {
    if (v === null) return this.byte(T_NULL);
    switch (typeof v) {
      case 'number':
        return this.number(v);
      case 'string':
        return this.string(v, T_STRING);
      case 'boolean':
        return this.byte(v ? T_TRUE : T_FALSE);
      case 'bigint':
        return this.bigint(v);
      case 'object':
        if (v instanceof Uint8Array) return this.bytes(v);
        if (Array.isArray(v)) {
          this.byte(T_TUPLE);
          for (let i = 0; i < v.length; i++) this.write(v[i]);
          return this.byte(T_END);
        }
        if (v instanceof Map) return this.map(v);
    }
    throw new TypeError(`cannot encode ${String(v)} (${typeof v}) in a key`);
  }

  private number(v: number): void {
    if (v === 0) return this.byte(T_ZERO);
    if (v !== v) return this.byte(T_NAN);
    if (v === Infinity) return this.byte(T_POS_INF);
    if (v === -Infinity) return this.byte(T_NEG_INF);
    this.ensure(12);
    const b = this.buf;
    let p = this.pos;
    const neg = v < 0;
    const m = neg ? -v : v;
    b[p++] = neg ? T_NEG : T_POS;
    const start = p;
    let e: number;
    let hi: number;
    let lo: number;
    if (m < 2147483648 && (m | 0) === m) {
      // A positive int31: E is its bit length - 1, the fraction the bits below the top one.
      e = 31 - Math.clz32(m);
      hi = e === 0 ? 0 : (m << (32 - e)) >>> 0;
      lo = 0;
    } else {
      F64[0] = m;
      let w1 = U32[HI];
      let w0 = U32[LO];
      let ex = (w1 >>> 20) & 0x7ff;
      let shift = 0;
      if (ex === 0) {
        // Subnormal: scale into the normal range (exact), then correct E.
        F64[0] = m * TWO_64;
        w1 = U32[HI];
        w0 = U32[LO];
        ex = (w1 >>> 20) & 0x7ff;
        shift = 64;
      }
      e = ex - 1023 - shift;
      hi = (((w1 & 0xfffff) << 12) | (w0 >>> 20)) >>> 0;
      lo = (w0 << 12) >>> 0;
    }
    p = writeExponent(b, p, e);
    p = writeFraction(b, p, hi, lo, neg ? 1 : 0);
    if (neg) for (let i = start; i < p; i++) b[i] ^= 0xff;
    this.pos = p;
  }

  private bigint(v: bigint): void {
    if (v === 0n) return this.byte(T_BIG_ZERO);
    const neg = v < 0n;
    const bits = (neg ? -v : v).toString(2);
    const e = bits.length - 1;
    let end = bits.length;
    while (end > 1 && bits.charCodeAt(end - 1) === 48) end--;
    const frac = bits.slice(1, end);
    const groups = Math.ceil(frac.length / 6);
    this.ensure(7 + groups);
    const b = this.buf;
    let p = this.pos;
    b[p++] = neg ? T_NEG : T_POS;
    const start = p;
    p = writeExponent(b, p, e);
    const endFlag = neg ? 0 : 1;
    if (groups === 0) b[p++] = endFlag;
    for (let g = 0; g < groups; g++) {
      const chunk = frac.slice(g * 6, g * 6 + 6);
      const x = parseInt(chunk, 2) << (6 - chunk.length);
      b[p++] = (x << 2) | (g === groups - 1 ? endFlag : MORE);
    }
    if (neg) for (let i = start; i < p; i++) b[i] ^= 0xff;
    this.pos = p;
  }

  private string(s: string, tag: number): void {
    const n = s.length;
    this.ensure(3 * n + 3);
    const b = this.buf;
    let p = this.pos;
    b[p++] = tag;
    p = writeWtf8(s, b, p, true);
    b[p++] = 0;
    b[p++] = 1;
    this.pos = p;
  }

  private bytes(v: Uint8Array): void {
    this.ensure(2 * v.length + 3);
    const b = this.buf;
    let p = this.pos;
    b[p++] = T_BYTES;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      b[p++] = x;
      if (x === 0) b[p++] = 0xff;
    }
    b[p++] = 0;
    b[p++] = 1;
    this.pos = p;
  }

  private map(m: ValueMap): void {
    this.byte(T_MAP);
    for (const k of sortedMapKeys(m)) {
      this.string(k, T_STRING);
      this.write(m.get(k)!);
    }
    this.byte(T_END);
  }
}

/** writeExponent writes E in 1, 2 or 5 order-preserving bytes. */
function writeExponent(b: Uint8Array, p: number, e: number): number {
  if (e >= -64 && e <= 63) {
    b[p++] = 0x80 + e;
  } else if (e > 63) {
    if (e <= 8255) {
      const m = e - 64;
      b[p++] = 0xc0 | (m >>> 8);
      b[p++] = m & 0xff;
    } else {
      const m = e - 8256;
      if (m > 0xffffffff) throw new RangeError('number too large for a key');
      b[p++] = 0xe0;
      b[p++] = m >>> 24;
      b[p++] = (m >>> 16) & 0xff;
      b[p++] = (m >>> 8) & 0xff;
      b[p++] = m & 0xff;
    }
  } else {
    const m = e + 8256; // e >= -1074 for every double
    b[p++] = 0x20 | (m >>> 8);
    b[p++] = m & 0xff;
  }
  return p;
}

/** writeFraction writes the left-aligned 64-bit fraction hi:lo in 6-bit groups. */
function writeFraction(b: Uint8Array, p: number, hi: number, lo: number, endFlag: number): number {
  if ((hi | lo) === 0) {
    b[p++] = endFlag;
    return p;
  }
  for (;;) {
    const g = hi >>> 26;
    hi = ((hi << 6) | (lo >>> 26)) >>> 0;
    lo = (lo << 6) >>> 0;
    if ((hi | lo) === 0) {
      b[p++] = (g << 2) | endFlag;
      return p;
    }
    b[p++] = (g << 2) | MORE;
  }
}

const writer = new KeyWriter();

/** encodeKey encodes a tuple; `descending[i]` inverts component i (for DESC index columns). */
export function encodeKey(tuple: readonly Value[], descending?: readonly boolean[]): Uint8Array {
  writer.reset();
  for (let i = 0; i < tuple.length; i++) writer.value(tuple[i], descending !== undefined && descending[i] === true);
  return writer.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** A read position in a key; decoding functions advance `p`. */
interface Reader {
  b: Uint8Array;
  p: number;
}

let units = new Uint16Array(256);

/** decodeKey decodes every component of a key (descending components are recognized). */
export function decodeKey(bytes: Uint8Array): Value[] {
  const r: Reader = { b: bytes, p: 0 };
  const out: Value[] = [];
  while (r.p < bytes.length) {
    const mask = bytes[r.p] >= 0x80 ? 0xff : 0;
    out.push(readValue(r, mask));
  }
  return out;
}

/**
 * EntryDecoder decodes keys read in key order (an index range) as decodeKeyInto does, from
 * their binary-string form (one char per byte, as the memory engine keeps them). A number of
 * one exponent byte (an id, a year: the commonest key component) is read straight from the
 * string. Any other component is read from a byte copy of the key, or taken from the previous
 * key when its bytes there are the same: a range of one organization, or of one subject,
 * repeats them on every entry, and decoding a string is most of what reading an index entry
 * costs. Only immutable values (not byte arrays, which a caller could change) are shared
 * between rows. It keeps the last key it decoded, whichever reader asked, so one decoder may
 * serve every cursor and probe of an index (store.ts EntryRows).
 *
 * Measured on SQL Q3's index probes (knows_b entries of three numbers, the first shared):
 * comparing each key's leading bytes with the previous key's, then copying the rest to
 * bytes, cost more than reading its numbers (18.8 -> 12.2 us per 298 entries).
 */
export class EntryDecoder {
  private previous = '';
  /** Where component j of `previous` starts and ends, when it was read from bytes (start -1: it was not). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly values: Value[];
  private readonly r: Reader = { b: new Uint8Array(64), p: 0 };
  /** The reader (decode's `owner`) whose key `previous` is; 0 for none. */
  private owner = 0;

  constructor(
    private readonly offset: number,
    private readonly positions: Int32Array,
  ) {
    this.starts = new Int32Array(positions.length).fill(-1);
    this.ends = new Int32Array(positions.length);
    this.values = new Array<Value>(positions.length).fill(null);
  }

  /**
   * decode writes the key's components to `row` at their positions. `known` leading bytes are
   * the same in every key that reader `owner` (a cursor, a probe: a token of newReaderToken)
   * hands over — the common prefix of its range's bounds. While one owner's keys follow each
   * other, a component taken from the previous key has only its bytes past those compared (an
   * organization's 1,142 positions compared its name with the previous entry's, char by char).
   */
  decode(key: string, row: Value[], known = 0, owner = 0): void {
    const previous = this.previous;
    this.previous = key;
    const trusted = owner !== 0 && owner === this.owner ? known : 0;
    this.owner = owner;
    const { positions, starts, ends, values, r } = this;
    // The bytes of `key` from `copied` on are in r.b (none yet).
    let copied = -1;
    let p = this.offset;
    for (let j = 0; j < positions.length; j++) {
      const at = positions[j];
      const tag = key.charCodeAt(p);
      if (tag === T_ZERO || (tag === T_POS && isShortExponent(key.charCodeAt(p + 1)))) {
        const v = tag === T_ZERO ? 0 : positiveAt(key, p + 1, r);
        if (at >= 0) row[at] = v;
        p = tag === T_ZERO ? p + 1 : r.p;
        starts[j] = -1;
        continue;
      }
      const end = ends[j];
      if (starts[j] === p && sameChars(key, previous, p > trusted ? p : trusted, end)) {
        const v = values[j];
        if (at < 0 || typeof v !== 'object' || v === null) {
          if (at >= 0) row[at] = v;
          p = end;
          continue;
        }
      }
      if (copied < 0 || copied > p) {
        copyInto(r, key, p);
        copied = p;
      }
      r.p = p;
      const mask = r.b[p] >= 0x80 ? 0xff : 0;
      if (at >= 0) row[at] = values[j] = readValue(r, mask);
      else skipValue(r, mask);
      starts[j] = p;
      ends[j] = p = r.p;
    }
  }
}

let readerTokens = 0;

/** newReaderToken names one reader of an index's keys for EntryDecoder.decode's `owner` (never 0). */
export function newReaderToken(): number {
  return ++readerTokens;
}

/** commonPrefixLength is the number of leading bytes `a` and `b` share: every key between them starts with those bytes. */
export function commonPrefixLength(a: Uint8Array | string, b: Uint8Array | string): number {
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  if (typeof a === 'string' && typeof b === 'string') while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  else if (typeof a !== 'string' && typeof b !== 'string') while (i < n && a[i] === b[i]) i++;
  else throw new Error('storage bug: commonPrefixLength of a binary string and bytes');
  return i;
}

/** isShortExponent: the exponent byte of a positive number is its whole exponent (-64..63). */
const isShortExponent = (x: number): boolean => x >= 0x40 && x < 0xc0;

/**
 * positiveAt reads the positive number whose (short) exponent byte is at `p` of a binary-string
 * key, as readNumber reads it from bytes; leaves `r.p` after it. A bigint is read from bytes.
 */
function positiveAt(key: string, p: number, r: Reader): number | bigint {
  let q = p + 1;
  let mant = 1;
  let groups = 0;
  let y: number;
  do {
    y = key.charCodeAt(q++);
    mant = mant * 64 + (y >>> 2);
    groups++;
  } while ((y & 3) === MORE);
  if ((y & 3) !== 0) {
    copyInto(r, key, p);
    r.p = p;
    return readNumber(r, 0, false);
  }
  r.p = q;
  return scaled(mant, groups, key.charCodeAt(p) - 0x80, false);
}

/** sameChars: `a` and `b` hold the same chars in [from, to). */
function sameChars(a: string, b: string, from: number, to: number): boolean {
  if (to > a.length || to > b.length) return false;
  for (let i = from; i < to; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** copyInto copies the bytes of a binary-string key from `from` on into the reader's scratch (at the same offsets). */
function copyInto(r: Reader, key: string, from: number): void {
  const n = key.length;
  let b = r.b;
  if (n > b.length) r.b = b = new Uint8Array(Math.max(n, b.length * 2));
  for (let i = from; i < n; i++) b[i] = key.charCodeAt(i);
}

/** decodeKeyComponent decodes the component starting at byte `offset`. */
export function decodeKeyComponent(bytes: Uint8Array, offset: number): Value {
  const r: Reader = { b: bytes, p: offset };
  return readValue(r, bytes[offset] >= 0x80 ? 0xff : 0);
}

/**
 * decodeKeyInto decodes the components starting at byte `offset` into `row`: component j goes
 * to row[positions[j]], or is skipped where that is negative; components past the positions
 * are not read. Each component is parsed once.
 */
export function decodeKeyInto(bytes: Uint8Array, offset: number, positions: Int32Array, row: Value[]): void {
  const r: Reader = { b: bytes, p: offset };
  for (let j = 0; j < positions.length; j++) {
    const mask = bytes[r.p] >= 0x80 ? 0xff : 0;
    const p = positions[j];
    if (p >= 0) row[p] = readValue(r, mask);
    else skipValue(r, mask);
  }
}

/** skipKeyComponents returns the offset just after `count` components that start at `offset`. */
export function skipKeyComponents(bytes: Uint8Array, offset: number, count: number): number {
  const r: Reader = { b: bytes, p: offset };
  for (let i = 0; i < count; i++) skipValue(r, bytes[r.p] >= 0x80 ? 0xff : 0);
  return r.p;
}

/**
 * The reader decodeNumbers and leadingNumber share: they run for every exact-key get of the
 * memory engine (point-map.ts shapeOf, up to three calls per get), and a fresh reader each was
 * 47 MB of garbage per RDF load. Neither calls the other or anything that reads keys.
 */
const numberReader: Reader = { b: new Uint8Array(0), p: 0 };

/**
 * decodeNumbers reads a key of exactly `count` ascending number components — a row key
 * [relation id, primary key of numbers] — into out[0..count). False for any other key.
 */
export function decodeNumbers(bytes: Uint8Array, length: number, out: number[], count: number): boolean {
  const r = numberReader;
  r.b = bytes;
  r.p = 0;
  for (let i = 0; i < count; i++) {
    if (r.p >= length) return false;
    const tag = bytes[r.p];
    if (tag < T_NEG_INF || tag > T_NAN || tag === T_BIG_ZERO) return false;
    const v = readValue(r, 0);
    // A bigint of the same magnitude shares the number tags.
    if (typeof v !== 'number') return false;
    out[i] = v;
  }
  return r.p === length;
}

/** leadingNumber is a key's first component when that is a number (a relation's or index's id: layout.ts), else undefined. */
export function leadingNumber(bytes: Uint8Array, length: number): number | undefined {
  if (length === 0) return undefined;
  const tag = bytes[0];
  if (tag < T_NEG_INF || tag > T_NAN || tag === T_BIG_ZERO) return undefined;
  numberReader.b = bytes;
  numberReader.p = 0;
  const v = readValue(numberReader, 0);
  return typeof v === 'number' ? v : undefined;
}

function readValue(r: Reader, mask: number): Value {
  const tag = r.b[r.p++] ^ mask;
  switch (tag) {
    case T_NULL:
      return null;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_NEG_INF:
      return -Infinity;
    case T_ZERO:
      return 0;
    case T_BIG_ZERO:
      return 0n;
    case T_POS_INF:
      return Infinity;
    case T_NAN:
      return NaN;
    case T_POS:
      return readNumber(r, mask, false);
    case T_NEG:
      return readNumber(r, mask ^ 0xff, true);
    case T_STRING:
      return readString(r, mask);
    case T_BYTES:
      return readBytes(r, mask);
    case T_TUPLE: {
      const out: Value[] = [];
      while ((r.b[r.p] ^ mask) !== T_END) out.push(readValue(r, mask));
      r.p++;
      return out;
    }
    case T_MAP: {
      const out: ValueMap = new Map();
      while ((r.b[r.p] ^ mask) !== T_END) {
        r.p++; // the key's string tag
        const k = readString(r, mask);
        out.set(k, readValue(r, mask));
      }
      r.p++;
      return out;
    }
  }
  throw new RangeError(`corrupt key: tag 0x${tag.toString(16)} at byte ${r.p - 1}`);
}

function readExponent(r: Reader, mask: number): number {
  const b = r.b;
  const x = b[r.p++] ^ mask;
  if (x >= 0x40 && x < 0xc0) return x - 0x80;
  if (x >= 0xe0) {
    const m =
      (((b[r.p] ^ mask) << 24) | ((b[r.p + 1] ^ mask) << 16) | ((b[r.p + 2] ^ mask) << 8) | (b[r.p + 3] ^ mask)) >>> 0;
    r.p += 4;
    return m + 8256;
  }
  const m = ((x & 0x1f) << 8) | (b[r.p++] ^ mask);
  return x >= 0xc0 ? m + 64 : m - 8256;
}

function readNumber(r: Reader, mask: number, neg: boolean): number | bigint {
  const e = readExponent(r, mask);
  const b = r.b;
  const start = r.p;
  let mant = 1;
  let groups = 0;
  let flag: number;
  do {
    const y = b[r.p++] ^ mask;
    mant = mant * 64 + (y >>> 2);
    groups++;
    flag = y & 3;
  } while (flag === MORE);
  if (flag === (neg ? 1 : 0)) return scaled(mant, groups, e, neg);
  let big = 1n;
  for (let i = start; i < r.p; i++) big = (big << 6n) | BigInt((b[i] ^ mask) >>> 2);
  const shift = e - 6 * groups;
  big = shift >= 0 ? big << BigInt(shift) : big >> BigInt(-shift);
  return neg ? -big : big;
}

/** scaled is the number 1.f × 2^e (negated when `neg`) whose fraction f is `mant` (1 then the fraction bits) in `groups` 6-bit groups. */
function scaled(mant: number, groups: number, e: number, neg: boolean): number {
  const v = (mant / POW2[1074 + 6 * groups]) * POW2[1074 + e];
  const x = neg ? -v : v;
  // An integer comes back as one (x | 0): a double would be boxed in every row holding it.
  return (x | 0) === x ? x | 0 : x;
}

function readString(r: Reader, mask: number): string {
  const b = r.b;
  let p = r.p;
  let n = 0;
  let u = units;
  for (;;) {
    if (n + 2 > u.length) {
      const next = new Uint16Array(u.length * 2);
      next.set(u);
      units = u = next;
    }
    const x = b[p++] ^ mask;
    if (x < 0x80) {
      if (x === 0) {
        if ((b[p++] ^ mask) === 1) break;
        u[n++] = 0;
      } else {
        u[n++] = x;
      }
    } else if (x < 0xe0) {
      u[n++] = ((x & 0x1f) << 6) | ((b[p++] ^ mask) & 0x3f);
    } else if (x < 0xf0) {
      u[n++] = ((x & 0x0f) << 12) | (((b[p] ^ mask) & 0x3f) << 6) | ((b[p + 1] ^ mask) & 0x3f);
      p += 2;
    } else {
      const c =
        (((x & 0x07) << 18) | (((b[p] ^ mask) & 0x3f) << 12) | (((b[p + 1] ^ mask) & 0x3f) << 6) | ((b[p + 2] ^ mask) & 0x3f)) -
        0x10000;
      p += 3;
      u[n++] = 0xd800 + (c >> 10);
      u[n++] = 0xdc00 + (c & 0x3ff);
    }
  }
  r.p = p;
  return unitsToString(u, n);
}

function unitsToString(u: Uint16Array, n: number): string {
  if (n <= 4096) return String.fromCharCode.apply(null, u.subarray(0, n) as unknown as number[]);
  let s = '';
  for (let i = 0; i < n; i += 4096) {
    s += String.fromCharCode.apply(null, u.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  }
  return s;
}

function readBytes(r: Reader, mask: number): Uint8Array {
  const b = r.b;
  let p = r.p;
  let n = 0;
  for (;;) {
    const x = b[p++] ^ mask;
    if (x === 0 && (b[p++] ^ mask) === 1) break;
    n++;
  }
  const out = new Uint8Array(n);
  p = r.p;
  for (let i = 0; i < n; i++) {
    const x = b[p++] ^ mask;
    out[i] = x;
    if (x === 0) p++;
  }
  r.p = p + 2;
  return out;
}

function skipValue(r: Reader, mask: number): void {
  const b = r.b;
  const tag = b[r.p++] ^ mask;
  switch (tag) {
    case T_POS:
    case T_NEG: {
      const m = tag === T_NEG ? mask ^ 0xff : mask;
      readExponent(r, m);
      while (((b[r.p++] ^ m) & 3) === MORE);
      return;
    }
    case T_STRING:
    case T_BYTES:
      for (;;) {
        if ((b[r.p++] ^ mask) === 0 && (b[r.p++] ^ mask) === 1) return;
      }
    case T_TUPLE:
      while ((b[r.p] ^ mask) !== T_END) skipValue(r, mask);
      r.p++;
      return;
    case T_MAP:
      while ((b[r.p] ^ mask) !== T_END) {
        skipValue(r, mask);
        skipValue(r, mask);
      }
      r.p++;
      return;
    default:
      if (tag < T_NULL || tag > T_MAP) throw new RangeError(`corrupt key: tag 0x${tag.toString(16)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison and ranges

/** compareKeys compares two keys as unsigned byte strings (a proper prefix sorts first). */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The key after every encoded key: no component starts with 0xFF. */
export const KEY_MAX: Uint8Array = Uint8Array.of(0xff);
/** The smallest key. */
export const KEY_MIN: Uint8Array = new Uint8Array(0);

/**
 * prefixEnd returns the smallest key greater than every key that starts with `prefix`
 * (FoundationDB's strinc): drop trailing 0xFF bytes, then add one to the last byte.
 * The empty prefix (the whole key space) ends at KEY_MAX.
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  let n = prefix.length;
  while (n > 0 && prefix[n - 1] === 0xff) n--;
  if (n === 0) return KEY_MAX;
  const out = prefix.slice(0, n);
  out[n - 1]++;
  return out;
}

/** keyAfter returns the smallest key strictly greater than `key` (key + 0x00). */
export function keyAfter(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length + 1);
  out.set(key);
  return out;
}

/** prefixRange returns the byte range [begin, end) of every key whose tuple starts with `prefix`. */
export function prefixRange(
  prefix: readonly Value[],
  descending?: readonly boolean[],
): { begin: Uint8Array; end: Uint8Array } {
  const begin = encodeKey(prefix, descending);
  return { begin, end: prefixEnd(begin) };
}

/** concatKeys joins already-encoded components into one key. */
export function concatKeys(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
