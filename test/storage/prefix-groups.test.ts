/**
 * The point map's prefix groups (point-map.ts `prefix`, the memory engine's probeNumberPrefix):
 * after random commits of sets, deletes and range clears, a probe of a one-number prefix
 * [a, b] answers the values probeBinary finds under that prefix, in key order — from the groups
 * once the part's probes have paid for them, from the tree before, and never from a stale
 * group after a commit wrote into the part, nor for an older snapshot. A part holding a key
 * whose second component is not a number is never grouped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { encodeKey } from '../../src/storage/keys.js';
import { boundRangeBinary } from '../../src/storage/layout.js';
import { MemoryEngine } from '../../src/storage/memory.js';

const SECONDS = [-1.5, -1, 0, 0.5, 1, 2, 5, 2 ** 40, -Infinity, Infinity, NaN];
/** Keys under four leading numbers: [a, b] and [a, b, c]; part 3 also holds a key whose second component is text. */
const universe: Value[][] = [];
for (let a = 0; a < 4; a++) {
  for (const b of SECONDS) {
    universe.push([a, b]);
    for (const c of [0, 1, 'x', 2.5]) universe.push([a, b, c]);
  }
}
universe.push([3, 'a'], [3, 'b', 1]);

type Op = { kind: 'set'; at: number; v: number } | { kind: 'delete'; at: number } | { kind: 'clear'; from: number; to: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat({ max: universe.length - 1 }), v: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat({ max: universe.length - 1 }) }),
  fc.record({ kind: fc.constant('clear' as const), from: fc.nat({ max: 4 }), to: fc.nat({ max: 4 }) }),
);

type Tx = ReturnType<MemoryEngine['begin']>;

/** probed is what probeBinary finds under the prefix [a, b]: the tree's answer. */
function probed(tx: Tx, a: number, b: number): Value[] {
  const [begin, end] = boundRangeBinary(a, [b], undefined);
  const values: Value[] = [];
  const n = tx.probeBinary!(begin, end, null, values, 0);
  expect(n).toBe(values.length);
  return values;
}

describe('memory engine prefix groups', () => {
  it('answer one-number prefix probes as probeBinary does, through commits and old snapshots', async () => {
    let grouped = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 10 }), async (commits) => {
        const engine = new MemoryEngine();
        const snapshots: Tx[] = [];
        for (const ops of commits) {
          const tx = engine.begin({ isolation: 'snapshot' });
          for (const o of ops) {
            if (o.kind === 'set') tx.set(encodeKey(universe[o.at]), o.v);
            else if (o.kind === 'delete') tx.clear(encodeKey(universe[o.at]));
            else if (o.from < o.to) tx.clearRange(encodeKey([o.from]), encodeKey([o.to]));
          }
          // The writing transaction sees its own writes: from probeBinary while it has any.
          for (const b of SECONDS) {
            const own = tx.probeNumberPrefix!(0, b);
            if (own !== undefined) expect([...own]).toEqual(probed(tx, 0, b));
          }
          await tx.commit();
          const reader = engine.begin({ isolation: 'snapshot', readOnly: true });
          // Each prefix probed a few times: enough for a part's probes to pay for its groups.
          for (let round = 0; round < 3; round++) {
            for (let a = 0; a < 4; a++) {
              for (const b of SECONDS) {
                const got = reader.probeNumberPrefix!(a, b);
                if (got === undefined) continue;
                grouped++;
                // Part 3 is grouped only while it holds no key with text second.
                if (a === 3) expect([reader.get(encodeKey([3, 'a'])), reader.get(encodeKey([3, 'b', 1]))]).toEqual([undefined, undefined]);
                expect([...got]).toEqual(probed(reader, a, b));
              }
            }
          }
          snapshots.push(reader);
        }
        // Older snapshots see their own trees (the groups follow the latest tree only).
        for (const tx of snapshots.slice(0, -1)) {
          for (const b of SECONDS) {
            const got = tx.probeNumberPrefix!(0, b);
            if (got !== undefined) expect([...got]).toEqual(probed(tx, 0, b));
          }
          tx.rollback();
        }
        snapshots[snapshots.length - 1].rollback();
      }),
      { numRuns: 80 },
    );
    expect(grouped).toBeGreaterThan(0);
  });

  it('-0 is the prefix of 0; a recorded read takes probeBinary', async () => {
    const engine = new MemoryEngine();
    const tx = engine.begin({ isolation: 'snapshot' });
    tx.set(encodeKey([7, 0, 1]), 'a');
    tx.set(encodeKey([7, 0, 2]), 'b');
    tx.set(encodeKey([7, 1, 1]), 'c');
    await tx.commit();
    const reader = engine.begin({ isolation: 'snapshot', readOnly: true });
    let got: readonly Value[] | undefined;
    for (let i = 0; i < 8 && got === undefined; i++) got = reader.probeNumberPrefix!(7, -0);
    expect(got).toEqual(['a', 'b']);
    expect(reader.probeNumberPrefix!(7, 3)).toEqual([]);
    reader.rollback();
    const serializable = engine.begin({ isolation: 'serializable' });
    expect(serializable.probeNumberPrefix!(7, 0)).toBeUndefined();
    serializable.rollback();
  });
});
