/**
 * btree.test.ts — the Walker reads sorted-btree's node layout directly; this compares it with
 * the library's own ordering on random trees deep enough to have several levels, so a
 * sorted-btree upgrade that changes the layout fails here first. Also covers RangeSet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKeyTree, FILL_KEYS, keyBytes, KeyTreeBuilder, keyString, newKeyTree, Walker } from '../../src/storage/btree.js';
import { encodeKey, decodeKey } from '../../src/storage/keys.js';
import { RangeSet } from '../../src/storage/rangeset.js';

const k = (n: number): string => keyString(encodeKey([n]));
const num = (key: Uint8Array): number => decodeKey(key)[0] as number;

/**
 * expectBuilt checks a tree built from `sorted` (ascending numbers, each under its key k(n)): valid,
 * holding exactly those entries in order, and still valid and right after inserting `more` and
 * deleting the first 100.
 */
function expectBuilt(tree: ReturnType<typeof newKeyTree<number>>, sorted: number[], more: number[]): void {
  const valid = () => (tree as unknown as { checkValid(ordering: boolean): void }).checkValid(true);
  valid();
  expect(tree.size).toBe(sorted.length);
  const seen: [string, number][] = [];
  tree.forEachPair((key, v) => void seen.push([key, v]));
  expect(seen).toEqual(sorted.map((n) => [k(n), n]));
  for (const n of more) tree.set(k(n), n);
  for (const n of sorted.slice(0, 100)) tree.delete(k(n));
  valid();
  const model = new Set([...sorted, ...more]);
  for (const n of sorted.slice(0, 100)) model.delete(n);
  expect(tree.size).toBe(model.size);
  for (const n of [...more, ...sorted.slice(0, 150)]) expect(tree.get(k(n))).toBe(model.has(n) ? n : undefined);
}

describe('buildKeyTree', () => {
  it('builds a valid tree holding exactly the sorted entries, which inserts and deletes then keep valid', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 9000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 200 }),
        (ns, more) => {
          const sorted = [...ns].sort((a, b) => a - b);
          expectBuilt(buildKeyTree(sorted.map(k), sorted), sorted, more);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('KeyTreeBuilder', () => {
  it('builds from entries added one by one a valid tree holding exactly them, which inserts and deletes then keep valid', () => {
    // Sizes around leaf and level boundaries (64 entries a node) as well as random ones.
    const size = fc.oneof(fc.integer({ min: 0, max: 9000 }), fc.constantFrom(1, 31, 32, 33, 63, 64, 65, 95, 96, 97, 127, 128, 129, 4095, 4096, 4097, 4127, 4128, 4129));
    fc.assert(
      fc.property(size, fc.integer({ min: 1, max: 1000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 200 }), (n, gap, more) => {
        const sorted: number[] = [];
        for (let i = 0, x = 0; i < n; i++, x += 1 + ((i * 2654435761) >>> 0) % gap) sorted.push(x);
        const builder = new KeyTreeBuilder<number>();
        for (const x of sorted) builder.add(k(x), x);
        expectBuilt(builder.finish(), sorted, more);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Walker over sorted-btree', () => {
  it('visits exactly the keys in range, in both directions, with any batch size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 20000 }), { maxLength: 3000 }),
        fc.integer({ min: -5, max: 20005 }),
        fc.integer({ min: -5, max: 20005 }),
        fc.integer({ min: 1, max: 500 }),
        fc.boolean(),
        (ns, x, y, batch, exclusive) => {
          const tree = newKeyTree<number>();
          for (const n of ns) tree.set(k(n), n);
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const sorted = [...ns].sort((a, b) => a - b);
          const fwd = sorted.filter((n) => (exclusive ? n > lo : n >= lo) && n < hi);
          const rev = sorted.filter((n) => n >= lo && n < hi).reverse();
          // library order agrees with ours
          const lib: number[] = [];
          tree.forRange(k(lo), k(hi), false, (_key, v) => void lib.push(v));
          expect(lib).toEqual(sorted.filter((n) => n >= lo && n < hi));

          const w = new Walker();
          const got: number[] = [];
          w.seekForward(tree, k(lo), exclusive, k(hi));
          while (w.valid) {
            const out: Uint8Array[] = [];
            w.fill(FILL_KEYS, out, batch);
            got.push(...out.map(num));
            if (out.length > 0) w.seekForward(tree, w.lastKey, true, k(hi));
          }
          expect(got).toEqual(fwd);

          const back: number[] = [];
          w.seekBackward(tree, k(hi), k(lo));
          while (w.valid) {
            back.push(w.value as number);
            w.next();
          }
          expect(back).toEqual(rev);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('collect reads exactly the keys in range over a sequence of probes, ascending or not, on deep trees', () => {
    // Ascending probes reuse the kept leaf or climb from it (Walker.climbTo); others descend
    // afresh. Trees of up to 20k keys have three levels of 64-key nodes.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20000 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 2000 }), fc.integer({ min: 0, max: 40 }), fc.boolean()), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: -5, max: 60005 }),
        (count, gap, steps, start) => {
          // `count` keys spread over 0..60000 with gaps of 1..2·gap (fast-check's arrays stay short).
          const sorted: number[] = [];
          for (let i = 0, n = 0; i < count && n <= 60000; i++, n += 1 + ((i * 2654435761) >>> 0) % (2 * gap)) sorted.push(n);
          const tree = buildKeyTree(sorted.map(k), sorted);
          const w = new Walker();
          let at = start;
          // The same two arrays serve every probe, written from position 0: stale slots past the end stay.
          const keys: string[] = [];
          const values: number[] = [];
          for (const [step, width, jump] of steps) {
            // Mostly forward by up to 2000 (often past the kept leaf), sometimes anywhere.
            at = jump ? (at * 7919 + step * 31) % 60010 : at + step;
            const n = w.collect(tree, k(at), k(at + width), keys, values, 0);
            const want = sorted.filter((x) => x >= at && x < at + width);
            expect(n).toBe(want.length);
            expect(values.slice(0, n)).toEqual(want);
            expect(keys.slice(0, n)).toEqual(want.map(k));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keyString and keyBytes are inverse and keep byte order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10000 }), fc.uint8Array({ maxLength: 8 }), (a, b) => {
        expect(keyBytes(keyString(a))).toEqual(a);
        const byBytes = Buffer.compare(a, b);
        const sa = keyString(a);
        const sb = keyString(b);
        expect(sa < sb ? -1 : sa > sb ? 1 : 0).toBe(byBytes);
      }),
      { numRuns: 300 },
    );
  });

  it('an empty tree is an empty walk', () => {
    const w = new Walker();
    w.seekForward(newKeyTree(), k(0), false, k(10));
    expect(w.valid).toBe(false);
    w.seekBackward(newKeyTree(), k(10), k(0));
    expect(w.valid).toBe(false);
  });
});

describe('RangeSet', () => {
  it('merges ranges and answers contains/overlaps like a bitmap', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(30), fc.nat(30)), { maxLength: 12 }), fc.nat(31), fc.nat(31), (ranges, x, y) => {
        const set = new RangeSet();
        const bits = new Set<number>();
        for (const [a, b] of ranges) {
          set.add(k(a), k(b));
          for (let i = a; i < b; i++) bits.add(i);
        }
        for (let i = 0; i <= 31; i++) expect(set.contains(k(i))).toBe(bits.has(i));
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        let any = false;
        for (let i = lo; i < hi; i++) any ||= bits.has(i);
        expect(set.overlaps(k(lo), k(hi))).toBe(any);
        const flat = set.toArray();
        for (let i = 2; i < flat.length; i++) expect(flat[i - 1] < flat[i]).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
