/**
 * The memory engine's hash map for exact-key gets (point-map.ts) against a model: random
 * commits of sets, deletes and range clears, with gets from the latest state (served by the
 * map once built) and from older snapshots (served by their trees), must agree with a Map
 * replaying the same commits. Keys of two numbers, and of three whose last two are small
 * integers, live in the map's per-number sides: they are read both by key and by
 * getNumberPair / getNumberTriple (and a prefix's pairs at once by getNumberPairs), beside keys
 * of other shapes under the same prefixes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { decodeNumbers, encodeKey } from '../../src/storage/keys.js';
import { isSmallKeyNumber } from '../../src/storage/kv.js';
import { MemoryEngine } from '../../src/storage/memory.js';
import { BULK_WRITES } from '../../src/storage/point-map.js';

type Op = { kind: 'set'; k: number; v: number } | { kind: 'delete'; k: number } | { kind: 'clear'; from: number; to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), k: fc.integer({ min: 0, max: 40 }), v: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), k: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('clear' as const), from: fc.integer({ min: 0, max: 40 }), to: fc.integer({ min: 0, max: 45 }) }),
);

/** Keys under four prefixes: of one number, of two (integers, fractions, large), and of other shapes. */
const universe: Value[][] = [];
for (let r = 0; r < 4; r++) {
  universe.push([r]);
  for (const k of [-1.5, -1, 0, 0.5, 1, 2, 5, 2 ** 40, 2 ** 60, -Infinity, Infinity, NaN]) universe.push([r, k]);
  universe.push([r, 'a'], [r, 5n], [r, null]);
  // Three numbers: the last two small integers (the triple side) or not (the key-string map).
  for (const [b, c] of [[0, 0], [1, 1], [1, 2], [2, 1], [2 ** 26 - 1, 3], [2 ** 26, 0], [1, 0.5], [-1, 1], [3, 2 ** 40]]) universe.push([r, b, c]);
  universe.push([r, 1, 'a'], [r, 1n, 1]);
}
const isNumberPair = (t: Value[]): t is [number, number] => t.length === 2 && typeof t[0] === 'number' && typeof t[1] === 'number';
const isSmallTriple = (t: Value[]): t is [number, number, number] =>
  t.length === 3 && typeof t[0] === 'number' && typeof t[1] === 'number' && typeof t[2] === 'number' && isSmallKeyNumber(t[1]) && isSmallKeyNumber(t[2]);

type PairOp = { kind: 'set'; at: number; v: number } | { kind: 'delete'; at: number } | { kind: 'clear'; from: number; to: number };

const pairOp: fc.Arbitrary<PairOp> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat({ max: universe.length - 1 }), v: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat({ max: universe.length - 1 }) }),
  fc.record({ kind: fc.constant('clear' as const), from: fc.nat({ max: 4 }), to: fc.nat({ max: 4 }) }),
);

describe('memory engine point map', () => {
  it('keys of two numbers and of small triples: gets by key, getNumberPair and getNumberTriple agree with a model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(pairOp, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }), async (commits) => {
        const engine = new MemoryEngine();
        const model = new Map<number, number>();
        const expectState = (tx: ReturnType<MemoryEngine['begin']>, state: Map<number, number>) => {
          universe.forEach((t, at) => {
            expect(tx.get(encodeKey(t))).toBe(state.get(at));
            if (isNumberPair(t)) expect(tx.getNumberPair!(t[0], t[1])).toBe(state.get(at));
            if (isSmallTriple(t)) expect(tx.getNumberTriple!(t[0], t[1], t[2])).toBe(state.get(at));
          });
          // -0 is the key of 0.
          expect(tx.getNumberPair!(1, -0)).toBe(state.get(universe.findIndex((t) => t[0] === 1 && t[1] === 0 && t.length === 2)));
          // getNumberPairs: a prefix's number pairs read at once (twice over, so the part's gets count toward its build).
          for (let r = 0; r < 4; r++) {
            const ats = universe.flatMap((t, at) => (isNumberPair(t) && t[0] === r ? [at, at] : []));
            const out: (Value | undefined)[] = ['stale'];
            tx.getNumberPairs!(r, ats.map((at) => universe[at][1] as number), out, ats.length);
            expect(out).toEqual(ats.map((at) => state.get(at)));
          }
        };
        const snapshots: { tx: ReturnType<MemoryEngine['begin']>; state: Map<number, number> }[] = [];
        for (const ops of commits) {
          const tx = engine.begin({ isolation: 'snapshot' });
          for (const o of ops) {
            if (o.kind === 'set') {
              tx.set(encodeKey(universe[o.at]), o.v);
              model.set(o.at, o.v);
            } else if (o.kind === 'delete') {
              tx.clear(encodeKey(universe[o.at]));
              model.delete(o.at);
            } else if (o.from < o.to) {
              tx.clearRange(encodeKey([o.from]), encodeKey([o.to]));
              for (const at of [...model.keys()]) if ((universe[at][0] as number) >= o.from && (universe[at][0] as number) < o.to) model.delete(at);
            }
          }
          // The writing transaction reads its own writes through getNumberPair too.
          expectState(tx, model);
          await tx.commit();
          const reader = engine.begin({ isolation: 'snapshot', readOnly: true });
          expectState(reader, model);
          expectState(reader, model);
          snapshots.push({ tx: reader, state: new Map(model) });
        }
        for (const { tx, state } of snapshots) {
          expectState(tx, state);
          tx.rollback();
        }
        expect((engine as unknown as { points: { built: boolean } }).points.built).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('decodeNumbers accepts exactly the keys of that many numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 3 }), fc.bigInt(), fc.constant(null), fc.boolean()), { maxLength: 4 }), fc.integer({ min: 1, max: 3 }), (t, count) => {
        const key = encodeKey(t);
        const out = [0, 0, 0];
        // A bigint within the range of exact numbers shares their encoding, so it decodes as one.
        const numbers = t.length === count && t.every((v) => typeof v === 'number' || (typeof v === 'bigint' && Number.isSafeInteger(Number(v)) && v !== 0n));
        const plain = t.length === count && t.every((v) => typeof v === 'number');
        const got = decodeNumbers(key, key.length, out, count);
        if (plain) expect(got).toBe(true);
        if (!numbers) expect(got).toBe(false);
        if (plain) {
          // -0 and 0 share an encoding, as they share a Map key.
          for (let i = 0; i < count; i++) expect(out[i]).toBe(t[i] === 0 ? 0 : t[i]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gets agree with a model through commits, range clears and old snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 25 }), async (commits) => {
        const engine = new MemoryEngine();
        const model = new Map<number, number>();
        const snapshots: { tx: ReturnType<MemoryEngine['begin']>; state: Map<number, number> }[] = [];
        for (const ops of commits) {
          const tx = engine.begin({ isolation: 'snapshot' });
          for (const o of ops) {
            if (o.kind === 'set') {
              tx.set(encodeKey([o.k]), o.v);
              model.set(o.k, o.v);
            } else if (o.kind === 'delete') {
              tx.clear(encodeKey([o.k]));
              model.delete(o.k);
            } else if (o.from < o.to) {
              tx.clearRange(encodeKey([o.from]), encodeKey([o.to]));
              for (const k of [...model.keys()]) if (k >= o.from && k < o.to) model.delete(k);
            }
          }
          await tx.commit();
          // Many gets of the latest state: enough to build the map early in the sequence.
          const reader = engine.begin({ isolation: 'snapshot', readOnly: true });
          for (let k = 0; k <= 45; k++) expect(reader.get(encodeKey([k]))).toBe(model.get(k));
          snapshots.push({ tx: reader, state: new Map(model) });
        }
        // Snapshots taken before later commits still read their own state.
        for (const { tx, state } of snapshots) {
          for (let k = 0; k <= 45; k++) expect(tx.get(encodeKey([k]))).toBe(state.get(k));
          tx.rollback();
        }
        expect((engine as unknown as { points: { built: boolean } }).points.built).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a bulk commit drops the map instead of feeding it every key; gets rebuild it later', async () => {
    const engine = new MemoryEngine();
    const points = (engine as unknown as { points: { built: boolean } }).points;
    const load = async (from: number, to: number) => {
      const tx = engine.begin();
      for (let k = from; k < to; k++) tx.set(encodeKey([k]), k);
      await tx.commit();
    };
    const getAll = (to: number) => {
      const r = engine.begin({ readOnly: true });
      for (let k = 0; k < to; k += 7) expect(r.get(encodeKey([k]))).toBe(k);
      r.rollback();
    };
    await load(0, 100);
    getAll(100);
    expect(points.built).toBe(true);
    await load(100, 110); // a small commit keeps it in step
    expect(points.built).toBe(true);
    getAll(110);
    await load(110, 110 + BULK_WRITES);
    expect(points.built).toBe(false);
    getAll(110 + BULK_WRITES);
    getAll(110 + BULK_WRITES);
    expect(points.built).toBe(true);
  });

  it('each relation is built on its own, once its own gets pay for its size', async () => {
    const engine = new MemoryEngine();
    const parts = () => (engine as unknown as { points: { parts: Map<number, { built: boolean }> } }).points.parts;
    const tx = engine.begin();
    // Relation 1: 40,000 rows; relation 2: 100 rows (keys [relation, id]).
    for (let id = 0; id < 40_000; id++) tx.set(encodeKey([1, id]), id);
    for (let id = 0; id < 100; id++) tx.set(encodeKey([2, id]), -id);
    await tx.commit();
    const r = engine.begin({ readOnly: true });
    for (let id = 0; id < 100; id++) expect(r.getNumberPair!(2, id)).toBe(id === 0 ? -0 : -id);
    // 100 gets pay for 100 rows (a sixteenth would do), not for the store's 40,100.
    expect(parts().get(2)?.built).toBe(true);
    for (let id = 0; id < 1000; id++) expect(r.getNumberPair!(1, id * 7)).toBe(id * 7);
    expect(parts().get(1)?.built).toBe(false);
    // Checked at each doubling of its gets: at 4,096 they pay for 40,000 rows.
    for (let id = 0; id < 3100; id++) expect(r.get(encodeKey([1, id]))).toBe(id);
    expect(parts().get(1)?.built).toBe(true);
    r.rollback();
    // A small commit to relation 2 reaches its built map; relation 1's keys stay served.
    const w = engine.begin();
    w.set(encodeKey([2, 5]), 'five');
    w.clear(encodeKey([1, 3]));
    await w.commit();
    const r2 = engine.begin({ readOnly: true });
    expect(r2.getNumberPair!(2, 5)).toBe('five');
    expect(r2.getNumberPair!(1, 3)).toBeUndefined();
    expect(r2.get(encodeKey([1, 4]))).toBe(4);
    r2.rollback();
  });
});

