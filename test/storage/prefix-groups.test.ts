/**
 * The point map's prefix groups (point-map.ts `prefix`, the memory engine's probeNumberPrefix):
 * after random commits of sets, deletes and range clears, a probe of a one-number prefix
 * [a, b] answers the values probeBinary finds under that prefix, in key order — from the groups
 * once the part's probes have paid for them, from the tree before, and never from a stale
 * group after a commit wrote into the part, nor for an older snapshot. Keys whose second
 * component is not a number (text, null, a bigint equal to a probed number) are under no
 * number's prefix: a part holding them is grouped all the same, without them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { encodeKey } from '../../src/storage/keys.js';
import { boundRangeBinary } from '../../src/storage/layout.js';
import { MemoryEngine } from '../../src/storage/memory.js';

const SECONDS = [-1.5, -1, 0, 0.5, 1, 2, 5, 2 ** 40, -Infinity, Infinity, NaN];
/** Keys under four leading numbers: [a, b] and [a, b, c]; part 3 also holds keys whose second component is text, null or a bigint. */
const universe: Value[][] = [];
for (let a = 0; a < 4; a++) {
  for (const b of SECONDS) {
    universe.push([a, b]);
    for (const c of [0, 1, 'x', 2.5]) universe.push([a, b, c]);
  }
}
universe.push([3, 'a'], [3, 'b', 1], [3, null], [3, null, 2], [3, 5n], [3, 5n, 0], [3, 0n, 1]);

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
    /** Probes of part 3 answered from groups (whether or not it held other keys then). */
    let mixed = 0;
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
                if (a === 3) mixed++;
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
    expect(mixed).toBeGreaterThan(0);
  });

  it('groups a part whose keys are not all under numbers, without the others; says whether a part is mostly numbered', async () => {
    const engine = new MemoryEngine();
    const tx = engine.begin({ isolation: 'snapshot' });
    for (const [k, v] of [[[8, 5, 1], 'n'], [[8, 5n, 1], 'big'], [[8, null, 1], 'null'], [[8, 'x'], 'text'], [[8, 6], 'six'], [[8, 6, 2], 'six two'], [[8, 7, 1], 'seven']] as [Value[], string][]) tx.set(encodeKey(k), v);
    for (let i = 0; i < 5; i++) tx.set(encodeKey([9, `name${i}`, i]), i);
    tx.set(encodeKey([9, 1, 1]), 'one');
    await tx.commit();
    const reader = engine.begin({ isolation: 'snapshot', readOnly: true });
    // Told of probes to come, the part builds its groups once they pay (16 keys a probe).
    expect(reader.expectNumberPrefixes!(8, 1)).toBe(true);
    expect(reader.probeNumberPrefix!(8, 5)).toEqual(['n']);
    expect(reader.probeNumberPrefix!(8, 6)).toEqual(['six', 'six two']);
    expect(reader.probeNumberPrefix!(8, 0)).toEqual([]);
    // Part 9 is grouped too, but holds mostly text: its probes are not said to be hashed.
    expect(reader.expectNumberPrefixes!(9, 1)).toBe(false);
    expect(reader.probeNumberPrefix!(9, 1)).toEqual(['one']);
    expect(reader.expectNumberPrefixes!(9, 1)).toBe(false);
    reader.rollback();
    // A transaction with writes of its own reads through the tree.
    const writer = engine.begin({ isolation: 'snapshot' });
    writer.set(encodeKey([8, 9]), 'nine');
    expect(writer.expectNumberPrefixes!(8, 100)).toBe(false);
    expect(writer.probeNumberPrefix!(8, 9)).toBeUndefined();
    writer.rollback();
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
