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

/** tupleKey maps the first `n` values of `values` to one string key (NULLs included, equal to each other). */
export function tupleKey(values: readonly Value[], n: number = values.length): string {
  let s = '';
  for (let i = 0; i < n; i++) s = encodeInto(s, values[i]);
  return s;
}

/**
 * rowKeyFn returns the key function for whole rows of a given width (used by distinct, set
 * operations, fixpoint). Rows of two to four small non-negative integers (ids, the common case
 * of recursive relations such as a transitive closure) pack into one number below 2^52 — a
 * number key hashes and compares far faster than a string; any other row takes the string
 * encoding. Numbers and strings never collide, so both kinds may share one Set.
 */
export function rowKeyFn(width: number): (row: readonly Value[]) => HashKey {
  if (width === 1) return (row) => hashKey(row[0]);
  if (width >= 2 && width <= 4) {
    const limit = 2 ** Math.floor(52 / width);
    const small = (v: Value): v is number => typeof v === 'number' && v >= 0 && v < limit && Number.isInteger(v);
    return (row) => {
      let k = 0;
      for (let i = 0; i < width; i++) {
        const v = row[i];
        if (!small(v)) return tupleKey(row, width);
        k = k * limit + v;
      }
      return k;
    };
  }
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
