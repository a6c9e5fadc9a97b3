/**
 * compare.ts — the one total order over Values, the order that `keys.ts` turns into byte order.
 *
 *   null < false < true < numbers < strings < bytes < tuples (arrays) < maps
 *
 * Numbers: number and bigint compare by mathematical value on one line; -0 equals 0; NaN is
 * the greatest number (as in PostgreSQL and Cypher) and equals itself. A number and a bigint of
 * equal value are distinct values: the number sorts first (so that encoding round-trips the
 * JS type; front ends keep integers beyond 2^53 as bigint and never make small bigints).
 * Strings compare by Unicode code point (= UTF-8 byte order; a lone surrogate counts as its
 * own code point). Bytes compare as unsigned bytes, tuples element by element, maps by their
 * entries sorted by key; in each, a proper prefix sorts first.
 *
 * `compareValues` must agree with `compareKeys(encodeKey([a]), encodeKey([b]))`; the property
 * test in test/storage/keys.test.ts checks both against an independent comparator.
 */
import type { Value, ValueMap } from '../common/values.js';

/** typeRank gives the position of a value's type in the key order. */
export function typeRank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 2 : 1;
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    default:
      if (v instanceof Uint8Array) return 5;
      if (Array.isArray(v)) return 6;
      return 7;
  }
}

/** compareValues orders any two Values by the key order (negative, zero or positive). */
export function compareValues(a: Value, b: Value): number {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') return compareNumbers(a as number, b as number);
    if (ta === 'string') return compareStrings(a as string, b as string);
  }
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 3:
      return compareNumeric(a as number | bigint, b as number | bigint);
    case 5:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 6:
      return compareArrays(a as Value[], b as Value[]);
    case 7:
      return compareMaps(a as ValueMap, b as ValueMap);
    default:
      return 0; // null/null, false/false, true/true
  }
}

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a;
  const bn = b !== b;
  return an ? (bn ? 0 : 1) : -1;
}

/** compareNumeric orders numbers and bigints on one line (see the header for ties and NaN). */
export function compareNumeric(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return compareNumbers(a, b);
    return -compareBigintNumber(b, a);
  }
  if (typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return compareBigintNumber(a, b);
}

/** compareBigintNumber compares bigint x with number y; at equal value the number is smaller. */
function compareBigintNumber(x: bigint, y: number): number {
  if (y !== y || y === Infinity) return -1;
  if (y === -Infinity) return 1;
  const fy = Math.floor(y);
  const by = BigInt(fy);
  if (x < by) return -1;
  if (x > by) return 1;
  return fy === y ? 1 : -1;
}

/** compareStrings orders strings by code point (not by UTF-16 code unit as `<` does). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  if (i > 0) {
    const prev = a.charCodeAt(i - 1);
    if (prev >= 0xd800 && prev < 0xdc00) {
      // i may be the second half of a surrogate pair: compare whole code points.
      const x = a.codePointAt(i - 1)!;
      const y = b.codePointAt(i - 1)!;
      if (x !== y) return x - y;
    }
  }
  return a.codePointAt(i)! - b.codePointAt(i)!;
}

/** compareBytes orders byte strings as unsigned bytes, a proper prefix first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function compareArrays(a: Value[], b: Value[]): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** sortedMapKeys lists a map's keys in code-point order (the order maps are encoded in). */
export function sortedMapKeys(m: ValueMap): string[] {
  return [...m.keys()].sort(compareStrings);
}

function compareMaps(a: ValueMap, b: ValueMap): number {
  const ka = sortedMapKeys(a);
  const kb = sortedMapKeys(b);
  const n = ka.length < kb.length ? ka.length : kb.length;
  for (let i = 0; i < n; i++) {
    let c = compareStrings(ka[i], kb[i]);
    if (c !== 0) return c;
    c = compareValues(a.get(ka[i])!, b.get(kb[i])!);
    if (c !== 0) return c;
  }
  return ka.length - kb.length;
}
