/**
 * hash-key.ts — turns values and tuples into JavaScript Map/Set keys, for every hashing
 * operator of the executor (hash join, hash aggregate, distinct, minus, intersect, fixpoint).
 *
 * Equality here is value identity, the equality the algebra's `eq` uses: 1 and 1.0 are the
 * same number (JavaScript has one number type), 0 and -0 are equal, NaN equals NaN (Map's
 * SameValueZero), a bigint inside ±2^53 equals the number (values.ts keeps such integers as
 * numbers anyway); a boolean never equals a number, a string never equals a number, lists
 * are equal element by element, maps by their entries in key order (insertion order does not
 * matter — the store's key equality, storage/compare.ts), blobs byte by byte. NULL is a key like any other; operators that need "a NULL key
 * never matches" test for null before hashing.
 *
 * Single values map to themselves where that is collision-free (numbers, booleans, null,
 * strings not starting with U+0000), so the hot path of a one-column join or group-by does no
 * string building. Everything else becomes a string starting with U+0000 and a type tag.
 * Tuples always become a self-delimiting tagged string (see encodeInto).
 */
import type { Value } from '../common/values.js';
import { sortedMapKeys } from '../storage/compare.js';

/** A Map/Set key standing for a value or tuple; compare with ===/SameValueZero only. */
export type HashKey = string | number | boolean | bigint | null;

const SENTINEL = '\u0000';
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** hashKey maps one value to a key: primitives as themselves, structured values to a tagged string. */
export function hashKey(v: Value): HashKey {
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return v;
    case 'string':
      return v.length !== 0 && v.charCodeAt(0) === 0 ? `${SENTINEL}s${v}` : v;
    case 'bigint':
      return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v;
    default:
      return v === null ? null : encodeInto(SENTINEL, v);
  }
}

/**
 * isInt32Key says whether a hash key is an int32: the keys an IntKeyTable numbers (group-table.ts,
 * count-table.ts, value-codes.ts); any other keys a Map. A value's hash key is of one kind, so
 * its entry is in one of the two.
 */
export function isInt32Key(k: HashKey): k is number {
  return typeof k === 'number' && (k | 0) === k;
}

/** tupleKey maps the first `n` values of `values` to one string key (NULLs included, equal to each other). */
export function tupleKey(values: readonly Value[], n: number = values.length): string {
  let s = '';
  for (let i = 0; i < n; i++) s = encodeInto(s, values[i]);
  return s;
}

/**
 * packedKey maps the first `n` values (two to four) to one key: when every value is a small
 * non-negative integer (ids, the common case of join keys, recursive relations and composite
 * primary keys) they pack into one number — a number hashes and compares far faster than a
 * string, and needs no string to be built; any other tuple takes the string encoding. Tuples
 * of values below 2^⌊30/n⌋ pack into a negative small integer (V8 keeps it unboxed: no
 * allocation, the cheapest hash), others below 2^⌊52/n⌋ into a non-negative number; the two
 * ranges and strings never collide, so every kind may share one Map or Set. A bigint inside
 * the packing range packs like the number it equals (tupleKey agrees).
 */
export function packedKey(values: readonly Value[], n: number): HashKey {
  const limit = PACK_LIMITS[n];
  const smallLimit = SMALL_PACK_LIMITS[n];
  let wide = 0;
  let small = 0;
  let isSmall = true;
  for (let i = 0; i < n; i++) {
    let v = values[i];
    if (typeof v !== 'number') {
      if (typeof v !== 'bigint' || v < 0n || v >= BigInt(limit)) return tupleKey(values, n);
      v = Number(v);
    }
    if (!(v >= 0 && v < limit) || !Number.isInteger(v)) return tupleKey(values, n);
    if (v >= smallLimit) isSmall = false;
    wide = wide * limit + v;
    small = small * smallLimit + v;
  }
  return isSmall ? -small - 1 : wide;
}

/** PACK_LIMITS[n]: the bound below which each of n packed components must lie (2^⌊52/n⌋); SMALL_: 2^⌊30/n⌋. */
const PACK_LIMITS = [0, 0, 2 ** 26, 2 ** 17, 2 ** 13];
const SMALL_PACK_LIMITS = [0, 0, 2 ** 15, 2 ** 10, 2 ** 7];

/**
 * intKey maps the first `n` values (one to four) to one int32 when they are small enough
 * integers — one value anywhere in the int32 range, or n non-negative values below
 * 2^⌊30/n⌋ packed in base 2^⌊30/n⌋ — and returns undefined otherwise. Two tuples that both
 * have an int key have the same key exactly when hashKey/tupleKey call them equal, and a
 * tuple without one never equals a tuple with one (IntKeyTable's contract).
 */
export function intKey(values: readonly Value[], n: number): number | undefined {
  if (n === 1) {
    const v = values[0];
    if (typeof v === 'number') return (v | 0) === v ? v | 0 : undefined;
    return typeof v === 'bigint' && v >= INT32_MIN && v <= INT32_MAX ? Number(v) : undefined;
  }
  const radix = SMALL_PACK_LIMITS[n];
  if (radix === undefined) return undefined;
  let k = 0;
  for (let i = 0; i < n; i++) {
    let v = values[i];
    if (typeof v !== 'number') {
      if (typeof v !== 'bigint' || v < 0n || v >= BigInt(radix)) return undefined;
      v = Number(v);
    }
    if (!(v >= 0 && v < radix) || (v | 0) !== v) return undefined;
    k = k * radix + v;
  }
  return k;
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/**
 * rowKeyFn returns the key function for whole rows of a given width (used by distinct, set
 * operations, fixpoint): one value as itself, two to four packed (packedKey), wider rows as
 * a string.
 */
export function rowKeyFn(width: number): (row: readonly Value[]) => HashKey {
  if (width === 1) return (row) => hashKey(row[0]);
  if (width >= 2 && width <= 4) return (row) => packedKey(row, width);
  return (row) => tupleKey(row, width);
}

/**
 * encodeInto appends a self-delimiting encoding of `v` to `s`:
 *   N null   T true   F false   n<digits>; number   b<digits>; big integer
 *   s<len>:<chars> string   y<len>:<bytes as chars> blob   l<len>:<items> list
 *   m<size>:<key length>:<key><value>… map, keys in code-point order
 * No encoding is a prefix of another, so concatenations are unambiguous.
 */
function encodeInto(s: string, v: Value): string {
  switch (typeof v) {
    case 'number':
      // String(-0) is "0"; NaN and ±Infinity print as words, none containing ';'.
      return `${s}n${v};`;
    case 'boolean':
      return s + (v ? 'T' : 'F');
    case 'string':
      return `${s}s${v.length}:${v}`;
    case 'bigint':
      return v >= MIN_SAFE && v <= MAX_SAFE ? `${s}n${Number(v)};` : `${s}b${v};`;
    default:
      break;
  }
  if (v === null) return `${s}N`;
  if (v instanceof Uint8Array) {
    let t = `${s}y${v.length}:`;
    for (let i = 0; i < v.length; i++) t += String.fromCharCode(v[i]);
    return t;
  }
  if (Array.isArray(v)) {
    let t = `${s}l${v.length}:`;
    for (let i = 0; i < v.length; i++) t = encodeInto(t, v[i]);
    return t;
  }
  let t = `${s}m${v.size}:`;
  for (const k of sortedMapKeys(v)) t = encodeInto(`${t}${k.length}:${k}`, v.get(k) as Value);
  return t;
}
