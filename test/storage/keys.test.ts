/**
 * keys.test.ts — the tuple encoding's promise: byte order = value order, decode ∘ encode = id.
 * The reference comparator below is written independently of src/storage/compare.ts: numbers
 * are compared as exact binary rationals, strings as arrays of code points.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value, ValueMap } from '../../src/common/values.js';
import { compareValues } from '../../src/storage/compare.js';
import {
  commonPrefixLength,
  compareKeys,
  decodeKey,
  decodeKeyComponent,
  decodeKeyInto,
  encodeKey,
  EntryDecoder,
  KeyWriter,
  keyAfter,
  newReaderToken,
  prefixEnd,
  prefixRange,
  skipKeyComponents,
} from '../../src/storage/keys.js';

// ------------------------------------------------------------------ reference order

function rank(v: Value): number {
  if (v === null) return 0;
  if (v === false) return 1;
  if (v === true) return 2;
  if (typeof v === 'number' || typeof v === 'bigint') return 3;
  if (typeof v === 'string') return 4;
  if (v instanceof Uint8Array) return 5;
  if (Array.isArray(v)) return 6;
  return 7;
}

/** exact returns x = m * 2^k with bigint m, for a finite number or a bigint. */
function exact(x: number | bigint): [bigint, number] {
  if (typeof x === 'bigint') return [x, 0];
  let k = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    k--;
  }
  return [BigInt(x), k];
}

function refNumbers(a: number | bigint, b: number | bigint): number {
  const special = (x: number | bigint): number =>
    typeof x === 'bigint' ? 0 : Number.isNaN(x) ? 2 : x === Infinity ? 1 : x === -Infinity ? -1 : 0;
  const sa = special(a);
  const sb = special(b);
  if (sa !== 0 || sb !== 0) return sa - sb;
  const [ma, ka] = exact(a);
  const [mb, kb] = exact(b);
  const k = Math.min(ka, kb);
  const A = ma << BigInt(ka - k);
  const B = mb << BigInt(kb - k);
  if (A !== B) return A < B ? -1 : 1;
  const ta = typeof a === 'bigint' ? 1 : 0;
  const tb = typeof b === 'bigint' ? 1 : 0;
  return ta - tb;
}

function codePoints(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0)!);
}

function lex<T>(a: T[], b: T[], cmp: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmp(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function refCompare(a: Value, b: Value): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 3:
      return refNumbers(a as number | bigint, b as number | bigint);
    case 4:
      return lex(codePoints(a as string), codePoints(b as string), (x, y) => x - y);
    case 5:
      return lex([...(a as Uint8Array)], [...(b as Uint8Array)], (x, y) => x - y);
    case 6:
      return lex(a as Value[], b as Value[], refCompare);
    case 7: {
      const entries = (m: ValueMap): [string, Value][] =>
        [...m.entries()].sort((x, y) => lex(codePoints(x[0]), codePoints(y[0]), (p, q) => p - q));
      return lex(entries(a as ValueMap), entries(b as ValueMap), (x, y) => refCompare(x[0], y[0]) || refCompare(x[1], y[1]));
    }
    default:
      return 0;
  }
}

function refTuples(a: Value[], b: Value[], desc: boolean[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = refCompare(a[i], b[i]);
    if (c !== 0) return desc[i] ? -c : c;
  }
  return a.length - b.length;
}

/** sameValue: deep equality where -0 and 0 are the same key and NaN equals NaN. */
function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (a !== a && b !== b);
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== 'object') return a === b;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (!(b instanceof Map) || a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || !sameValue(v, b.get(k)!)) return false;
  return true;
}

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

// ------------------------------------------------------------------ generators

const interestingNumbers = fc.constantFrom<number | bigint>(
  0, -0, 1, -1, 0.5, -0.5, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 2 ** 53 + 2, 2 ** 31, 2 ** 31 - 1, -(2 ** 31),
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308,
  Infinity, -Infinity, NaN, 1e300, 1e-300,
  2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 64n, -(2n ** 64n), 2n ** 1024n, -(2n ** 1024n),
  2n ** 2000n + 1n, 10n ** 30n, 0n, 1n, -1n, 5n,
);
const nearPow53 = fc.integer({ min: -64, max: 64 }).chain((d) =>
  fc.constantFrom<number | bigint>(2 ** 53 + d * 2, 2n ** 53n + BigInt(d), -(2n ** 53n) + BigInt(d), -(2 ** 53) + d * 2),
);
const numbers = fc.oneof(
  interestingNumbers,
  nearPow53,
  fc.integer({ min: -300, max: 300 }),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  fc.bigInt({ min: -200n, max: 200n }),
);
const stringUnit = fc.oneof(
  fc.constantFrom('\u0000', '\u0001', '\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\ud800', '\udfff', '\u{10000}', '\u{10ffff}', 'a', 'b'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const strings = fc.string({ unit: stringUnit, maxLength: 6 });
const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numbers,
  strings,
  fc.uint8Array({ maxLength: 5 }).map((b) => new Uint8Array(b)),
);
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc
      .uniqueArray(fc.tuple(fc.oneof(strings, fc.constantFrom('__proto__', 'constructor')), tie('value')), {
        maxLength: 3,
        selector: (e) => e[0],
      })
      .map((es) => new Map(es)),
  ),
}));
const tuple = fc.array(value, { maxLength: 4 });
const flags = fc.array(fc.boolean(), { minLength: 4, maxLength: 4 });

// ------------------------------------------------------------------ tests

describe('keys: order-preserving tuple encoding', () => {
  it('byte order equals value order for random pairs of tuples (with descending flags)', () => {
    fc.assert(
      fc.property(tuple, tuple, flags, (a, b, desc) => {
        const ka = encodeKey(a, desc);
        const kb = encodeKey(b, desc);
        expect(sign(compareKeys(ka, kb))).toBe(sign(refTuples(a, b, desc)));
      }),
      { numRuns: 3000 },
    );
  });

  it('byte order equals value order for pairs of numbers and similar values', () => {
    fc.assert(
      fc.property(numbers, numbers, fc.boolean(), (a, b, d) => {
        const c = compareKeys(encodeKey([a], [d]), encodeKey([b], [d]));
        expect(sign(c)).toBe(sign(d ? -refCompare(a, b) : refCompare(a, b)));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(strings, strings, (a, b) => {
        expect(sign(compareKeys(encodeKey([a]), encodeKey([b])))).toBe(sign(refCompare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('decode(encode(t)) == t, with and without descending components', () => {
    fc.assert(
      fc.property(tuple, flags, (t, desc) => {
        for (const d of [undefined, desc]) {
          const back = decodeKey(encodeKey(t, d));
          expect(back.length).toBe(t.length);
          t.forEach((v, i) => expect(sameValue(back[i], v), `component ${i}`).toBe(true));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('compareValues agrees with the reference order', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sign(compareValues(a, b))).toBe(sign(refCompare(a, b)));
      }),
      { numRuns: 3000 },
    );
  });

  it('a tuple prefix is a byte prefix: prefixRange holds exactly the extensions', () => {
    fc.assert(
      fc.property(tuple, tuple, flags, (t, other, desc) => {
        const key = encodeKey(t, desc);
        for (let p = 0; p <= t.length; p++) {
          const { begin, end } = prefixRange(t.slice(0, p), desc);
          expect(compareKeys(begin, key) <= 0 && compareKeys(key, end) < 0).toBe(true);
          expect(skipKeyComponents(key, 0, p)).toBe(begin.length);
        }
        const okey = encodeKey(other, desc);
        const { begin, end } = prefixRange(t, desc);
        const inRange = compareKeys(begin, okey) <= 0 && compareKeys(okey, end) < 0;
        const extends_ = other.length >= t.length && t.every((v, i) => refCompare(v, other[i]) === 0);
        expect(inRange).toBe(extends_);
      }),
      { numRuns: 1000 },
    );
  });

  it('numbers and bigints interleave on one scale', () => {
    const order: (number | bigint)[] = [
      -Infinity, -(2n ** 1024n), -Number.MAX_VALUE, -(2n ** 53n) - 1n, -(2 ** 53), -(2n ** 53n), -1, -1n, -0.5,
      -Number.MIN_VALUE, 0, 0n, Number.MIN_VALUE, 0.5, 1, 1n, 2 ** 53 - 1, 2 ** 53, 2n ** 53n, 2n ** 53n + 1n, 2 ** 53 + 2,
      2n ** 64n - 1n, 2 ** 64, 2n ** 64n, Number.MAX_VALUE, 2n ** 1024n, Infinity, NaN,
    ];
    const keys = order.map((x) => encodeKey([x]));
    for (let i = 1; i < keys.length; i++) expect(compareKeys(keys[i - 1], keys[i]), `${order[i - 1]} < ${order[i]}`).toBeLessThan(0);
    expect(compareKeys(encodeKey([-0]), encodeKey([0]))).toBe(0);
    expect(compareKeys(encodeKey([NaN]), encodeKey([0 / 0]))).toBe(0);
    expect(decodeKey(encodeKey([2n ** 53n + 1n]))[0]).toBe(2n ** 53n + 1n);
    expect(decodeKey(encodeKey([2 ** 60]))[0]).toBe(2 ** 60);
  });

  it('type order: null < false < true < numbers < strings < bytes < tuples < maps', () => {
    const order: Value[] = [null, false, true, -Infinity, 0, NaN, '', 'a', new Uint8Array(0), new Uint8Array([0]), [], [null], new Map(), new Map([['a', 1]])];
    for (let i = 1; i < order.length; i++) {
      expect(compareKeys(encodeKey([order[i - 1]]), encodeKey([order[i]]))).toBeLessThan(0);
    }
  });

  it('small integers are short; strings with NUL and astral characters round-trip', () => {
    expect(encodeKey([5]).length).toBe(3);
    expect(encodeKey([127]).length).toBe(3);
    expect(encodeKey([1, 2, 3]).length).toBe(9);
    for (const s of ['a\u0000b', '\u0000', '😀x', '\ud800', 'é', '']) expect(decodeKey(encodeKey([s]))[0]).toBe(s);
    expect(compareKeys(encodeKey(['a']), encodeKey(['a\u0000']))).toBeLessThan(0);
    expect(compareKeys(encodeKey(['\uffff']), encodeKey(['😀']))).toBeLessThan(0);
  });

  it('maps: "__proto__" is data, entries are encoded in key order', () => {
    const m = new Map<string, Value>([['__proto__', 1], ['b', [2, 'x']], ['a', null]]);
    const back = decodeKey(encodeKey([m]))[0] as ValueMap;
    expect(back instanceof Map).toBe(true);
    expect([...back.keys()]).toEqual(['__proto__', 'a', 'b']);
    expect(back.get('__proto__')).toBe(1);
    expect(Object.getPrototypeOf(back)).toBe(Map.prototype);
  });

  it('descending components are recognized without flags; decodeKeyComponent reads one', () => {
    const k = encodeKey([1, 'x', -2.5], [false, true, true]);
    expect(decodeKey(k)).toEqual([1, 'x', -2.5]);
    expect(decodeKeyComponent(k, skipKeyComponents(k, 0, 1))).toBe('x');
    expect(compareKeys(encodeKey(['b'], [true]), encodeKey(['a'], [true]))).toBeLessThan(0);
    expect(compareKeys(encodeKey(['ab'], [true]), encodeKey(['a'], [true]))).toBeLessThan(0);
  });

  it('prefixEnd, keyAfter and KeyWriter', () => {
    expect([...prefixEnd(Uint8Array.of(1, 2, 0xff))]).toEqual([1, 3]);
    expect([...prefixEnd(new Uint8Array(0))]).toEqual([0xff]);
    expect([...keyAfter(Uint8Array.of(7))]).toEqual([7, 0]);
    const w = new KeyWriter();
    const k = w.reset().raw(encodeKey([3])).value('a').value(4, true).finish();
    expect(k).toEqual(encodeKey([3, 'a', 4], [false, false, true]));
    expect(() => encodeKey([undefined as unknown as Value])).toThrow(TypeError);
  });

  it('EntryDecoder reads keys in order as decodeKeyInto reads each, sharing only immutable values', () => {
    // Few distinct values per component, so neighbouring keys share leading components.
    const pool = fc.array(scalar, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(pool, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        flags,
        fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (pools, picks, desc, positions, reverse) => {
          const prefix = encodeKey([7, 'index']);
          const keys = picks.map((pick) => {
            const t = pools.map((values, j) => values[pick[j] % values.length]);
            const k = encodeKey(t, desc.slice(0, t.length));
            const key = new Uint8Array(prefix.length + k.length);
            key.set(prefix);
            key.set(k, prefix.length);
            return key;
          });
          keys.sort(compareKeys);
          if (reverse) keys.reverse();
          const at = Int32Array.from(positions.slice(0, pools.length));
          const decoder = new EntryDecoder(prefix.length, at);
          let previous: Value[] | null = null;
          for (const key of keys) {
            const expected = new Array<Value>(6).fill(null);
            decodeKeyInto(key, prefix.length, at, expected);
            const got = new Array<Value>(6).fill(null);
            decoder.decode(String.fromCharCode(...key), got);
            expect(got).toEqual(expected);
            if (previous !== null) for (let i = 0; i < got.length; i++) if (typeof got[i] === 'object' && got[i] !== null) expect(got[i]).not.toBe(previous[i]);
            previous = got;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  it('EntryDecoder skips the bytes a reader says its keys share, and decodes as decodeKeyInto whichever reader came before', () => {
    // Two ranges' keys decoded interleaved by one decoder (two cursors of one index): each range's
    // keys share the common prefix of its bounds (its first key, past its last), which decode is told.
    const pool = fc.array(scalar, { minLength: 1, maxLength: 3 });
    const picks = fc.array(fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(
        fc.array(pool, { minLength: 1, maxLength: 4 }),
        picks,
        picks,
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 1, maxLength: 4 }),
        (pools, a, b, turns, positions) => {
          const prefix = encodeKey([7, 'index']);
          const keysOf = (chosen: number[][]): Uint8Array[] =>
            chosen
              .map((pick) => {
                const k = encodeKey(pools.map((values, j) => values[pick[j] % values.length]));
                const key = new Uint8Array(prefix.length + k.length);
                key.set(prefix);
                key.set(k, prefix.length);
                return key;
              })
              .sort(compareKeys);
          const lists = [keysOf(a), keysOf(b)];
          const known = lists.map((keys) => commonPrefixLength(keys[0], prefixEnd(keys[keys.length - 1])));
          const bin = (k: Uint8Array): string => String.fromCharCode(...k);
          expect(commonPrefixLength(bin(lists[0][0]), bin(prefixEnd(lists[0][lists[0].length - 1])))).toBe(known[0]);
          const owners = [newReaderToken(), newReaderToken()];
          const next = [0, 0];
          const at = Int32Array.from(positions.slice(0, pools.length));
          const decoder = new EntryDecoder(prefix.length, at);
          for (const turn of turns) {
            const o = turn ? 1 : 0;
            if (next[o] >= lists[o].length) continue;
            const key = lists[o][next[o]++];
            const expected = new Array<Value>(6).fill(null);
            decodeKeyInto(key, prefix.length, at, expected);
            const got = new Array<Value>(6).fill(null);
            decoder.decode(bin(key), got, known[o], owners[o]);
            expect(got).toEqual(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
