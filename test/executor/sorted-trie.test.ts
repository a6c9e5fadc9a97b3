/**
 * sorted-trie.ts: the multiway join's tries. Rows keyed by coded join values come out sorted
 * by key tuple, each kept row once and no row with a NULL key; codes are equal exactly when
 * the values' hash keys are; seek finds the first key not below a value from any start.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import { hashKey } from '../../src/executor/hash-key.js';
import { KeyCoder, KeyColumns, runEnd, seek, seekDirectory, sortedTrie, trieOfKeys } from '../../src/executor/sorted-trie.js';

const value: fc.Arbitrary<Value> = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0, 2 ** 60, NaN), fc.constantFrom('a', 'b', '1'), fc.boolean(), fc.constant(2n ** 60n));
const numeric: fc.Arbitrary<Value> = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0, 2 ** 60));

describe('sorted tries', () => {
  it('hold every row without a NULL key once, sorted by key tuple; codes equal exactly when hash keys are', () => {
    for (const values of [value, numeric]) {
      fc.assert(
        fc.property(fc.array(fc.tuple(values, values, values), { maxLength: 80 }), (tuples) => {
          const rows: Row[] = tuples.map((t) => [...t]);
          const slots = [2, 0];
          const coders = slots.map((s) => new KeyCoder(KeyCoder.numericValues(rows, s)));
          const trie = sortedTrie(rows, slots, coders);
          const kept = rows.filter((r) => r[2] !== null && r[0] !== null);
          const sortedRows = trie.rows ?? [];
          expect(new Set(sortedRows)).toEqual(new Set(kept));
          expect([sortedRows.length, trie.size]).toEqual([kept.length, kept.length]);
          for (let i = 1; i < trie.size; i++) {
            const [a0, a1] = [trie.keys[0][i - 1], trie.keys[1][i - 1]];
            const [b0, b1] = [trie.keys[0][i], trie.keys[1][i]];
            expect(a0 < b0 || (a0 === b0 && a1 <= b1)).toBe(true);
          }
          // Same code ⇔ same hash key, per level.
          for (let l = 0; l < 2; l++) {
            for (let i = 0; i < trie.size; i++) {
              for (let k = 0; k < trie.size; k++) {
                const same = Object.is(hashKey(sortedRows[i][slots[l]]), hashKey(sortedRows[k][slots[l]])) || hashKey(sortedRows[i][slots[l]]) === hashKey(sortedRows[k][slots[l]]);
                expect(trie.keys[l][i] === trie.keys[l][k]).toBe(same);
              }
            }
          }
        }),
        { numRuns: 150 },
      );
    }
  });

  it('read from streamed rows without keeping them (KeyColumns) key as sortedTrie does', () => {
    for (const values of [value, numeric]) {
      fc.assert(
        fc.property(fc.array(fc.tuple(values, values, values), { maxLength: 120 }), fc.nat({ max: 200 }), fc.integer({ min: 1, max: 9 }), (tuples, expected, run) => {
          const rows: Row[] = tuples.map((t) => [...t]);
          const slots = [2, 0];
          // Streamed in runs of `run` rows, from an estimate that may be far off (the columns grow).
          const reader = new KeyColumns(slots, expected);
          for (let from = 0; from < rows.length; from += run) reader.take(rows, from, Math.min(rows.length, from + run));
          const kept = rows.filter((r) => r[2] !== null && r[0] !== null);
          expect(reader.size).toBe(kept.length);
          // A column stays numbers exactly when its kept values are numbers (NaN aside).
          const coders = slots.map((s, l) => {
            const numbers = KeyCoder.numericValues(kept, s);
            expect(reader.columns[l] instanceof Float64Array).toBe(numbers);
            return new KeyCoder(numbers);
          });
          const raw = reader.columns.map((column, l) => Float64Array.from({ length: reader.size }, (_, i) => (coders[l].numeric ? (column[i] as number) : coders[l].code(column[i]))));
          const fromColumns = trieOfKeys(null, raw, reader.size);
          const fromRows = sortedTrie(rows, slots, coders);
          expect(fromColumns.rows).toBeNull();
          expect(fromColumns.size).toBe(fromRows.size);
          expect(fromColumns.keys.map((k) => Array.from(k))).toEqual(fromRows.keys.map((k) => Array.from(k)));
        }),
        { numRuns: 150 },
      );
    }
  });

  it('seek the first key not below a value, and runs of equal keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 60 }), fc.integer({ min: -1, max: 42 }), fc.nat(), (xs, v, start) => {
        const keys = Float64Array.from(xs.sort((a, b) => a - b));
        const from = keys.length === 0 ? 0 : start % (keys.length + 1);
        const at = seek(keys, from, keys.length, v);
        let want = from;
        while (want < keys.length && keys[want] < v) want++;
        expect(at).toBe(want);
        if (at < keys.length) {
          const end = runEnd(keys, at, keys.length);
          let e = at;
          while (e < keys.length && keys[e] === keys[at]) e++;
          expect(end).toBe(e);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('seek through level 0\'s directory as galloping does, and keep none for fractions or sparse keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 600 }), { minLength: 256, maxLength: 400 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.integer({ min: -60, max: 620 }), fc.double({ min: -60, max: 620, noNaN: true }))), { maxLength: 40 }),
        (xs, probes) => {
          const rows: Row[] = xs.map((x) => [x]);
          const trie = sortedTrie(rows, [0], [new KeyCoder(true)]);
          const keys = trie.keys[0];
          const dir = trie.directory;
          expect(dir).not.toBeNull();
          if (dir === null) return;
          for (const [a, b, v] of probes) {
            const from = a % (keys.length + 1);
            const to = from + (b % (keys.length - from + 1));
            expect(seekDirectory(dir, keys.length, from, to, v)).toBe(seek(keys, from, to, v));
          }
        },
      ),
      { numRuns: 100 },
    );
    const spread = (f: (i: number) => number): Row[] => Array.from({ length: 300 }, (_, i) => [f(i)]);
    for (const rows of [spread((i) => (i === 7 ? 3.5 : i)), spread((i) => i * 10), spread((i) => (i === 299 ? 2 ** 40 : i))]) {
      expect(sortedTrie(rows, [0], [new KeyCoder(true)]).directory).toBeNull();
    }
  });
});
