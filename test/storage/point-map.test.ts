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
});
