/**
 * The memory engine's hash map for exact-key gets (point-map.ts) against a model: random
 * commits of sets, deletes and range clears, with gets from the latest state (served by the
 * map once built) and from older snapshots (served by their trees), must agree with a Map
 * replaying the same commits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeKey } from '../../src/storage/keys.js';
import { MemoryEngine } from '../../src/storage/memory.js';
import { BULK_WRITES } from '../../src/storage/point-map.js';

type Op = { kind: 'set'; k: number; v: number } | { kind: 'delete'; k: number } | { kind: 'clear'; from: number; to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), k: fc.integer({ min: 0, max: 40 }), v: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), k: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('clear' as const), from: fc.integer({ min: 0, max: 40 }), to: fc.integer({ min: 0, max: 45 }) }),
);

describe('memory engine point map', () => {
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
});

