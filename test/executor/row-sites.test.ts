/**
 * row-sites.ts makes the join driver's (and the generated pick kernels', the projections' and
 * their generated kernels') output rows of one and two values and blank rows in functions whose array literals it runs a thousand times when it loads, with small
 * integers, so that V8 settles their allocation sites as "don't tenure". These tests hold what that must
 * not change: after the settling, rows of any kind of value (text, reals, NULL, mixed) come out
 * right, every output row is an array of its own, and an answer kept while the same join runs
 * again (and the heap is collected, where the test runner exposes gc) keeps its values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../src/common/values.js';
import { add, Cols, col, hashJoin, indexJoin, project, run, values } from './helpers.js';
import { useCodegen } from '../../src/executor/codegen.js';
import { TestTransaction } from './test-store.js';

const cell: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  fc.string({ maxLength: 3 }),
  fc.constant<Value>(null),
);
const key = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant<Value>(null));

describe('join output rows made by the settled row sites', () => {
  it('one, two and three projected columns of any kind of value equal the unfused join projected (hash and index joins, inner and left)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, cell), { maxLength: 40 }),
        fc.array(fc.tuple(key, cell), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('inner' as const, 'left' as const),
        fc.boolean(),
        (left, right, picks, kind, byIndex) => {
          const cs = new Cols();
          const [a, b, c, d] = cs.make('a', 'b', 'c', 'd');
          const tx = new TestTransaction();
          const lp = values([a, b], left as Value[][]);
          let join;
          if (byIndex) {
            // The index join reads the right side from a relation keyed by position, with an index on c.
            const id = cs.one('id');
            const rel = tx.define('r', ['id', 'c', 'd'], [0], right.map((r, i) => [i, ...r]), [{ columns: [1] }]);
            join = indexJoin(kind, lp, rel, rel.indexes[0], [col(a)], [id, c, d]);
          } else join = hashJoin(kind, lp, values([c, d], right as Value[][]), [col(a)], [col(c)]);
          const width = byIndex ? 5 : 4;
          const inputs = [a, b, c, d];
          const at = (i: number) => (byIndex && i >= 2 ? i + 1 : i);
          const outputs = picks.map((i) => ({ column: cs.one(`o${i}`), expr: col(inputs[i]) }));
          const fused = run(project(join, outputs), {}, tx);
          const unfused = run(join, {}, tx).map((r: Row) => {
            expect(r.length).toBe(width);
            return picks.map((i) => r[at(i)]);
          });
          expect(fused).toEqual(unfused);
          expect(new Set(fused).size).toBe(fused.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an answer kept while the join runs again keeps its rows and values', () => {
    const cs = new Cols();
    const [a, b, c, d] = cs.make('a', 'b', 'c', 'd');
    const left = Array.from({ length: 300 }, (_, i) => [i, `p${i}`]);
    const right = Array.from({ length: 300 }, (_, i) => [i, i % 3 === 0 ? null : i / 7]);
    const plan = project(hashJoin('inner', values([a, b], left), values([c, d], right), [col(a)], [col(c)]), [
      { column: cs.one('name'), expr: col(b) },
      { column: cs.one('x'), expr: col(d) },
    ]);
    const expected = left.map((l, i) => [l[1], right[i][1]]);
    const kept = run(plan);
    expect(kept).toEqual(expected);
    (globalThis as { gc?: () => void }).gc?.();
    for (let i = 0; i < 50; i++) {
      const again = run(plan);
      expect(again).toEqual(expected);
      // Fresh rows each run: nothing of the kept answer is reused.
      expect(again.some((r, j) => r === kept[j])).toBe(false);
    }
    expect(kept).toEqual(expected);
  });
});

describe('projected rows made by the settled row sites', () => {
  const row = fc.tuple(cell, cell, fc.integer({ min: -5, max: 5 }));

  it('one, two and three columns (copied, or computed with and without generated kernels) are fresh rows of the right values', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (input, picks, generated) => {
          const cs = new Cols();
          const [a, b, n] = cs.make('a', 'b', 'n');
          const inputs = [a, b, n];
          // Output 3 is n + 1: any output of a call makes the projection compute its rows (a kernel, or evaluators).
          const outputs = picks.map((i, j) => ({ column: cs.one(`o${j}`), expr: i === 3 ? add(col(n), col(n)) : col(inputs[i]) }));
          const was = useCodegen(generated);
          try {
            const out = run(project(values([a, b, n], input as Value[][]), outputs));
            expect(out).toEqual(input.map((r) => picks.map((i) => (i === 3 ? r[2] + r[2] : r[i]))));
            expect(out.every((r) => r.length === picks.length)).toBe(true);
            expect(new Set(out).size).toBe(out.length);
            expect(out.some((r, i) => r === (input[i] as Row))).toBe(false);
          } finally {
            useCodegen(was);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('an answer kept across a collection keeps its rows while the projection runs again', () => {
    const cs = new Cols();
    const [a, b, n] = cs.make('a', 'b', 'n');
    const input = Array.from({ length: 500 }, (_, i) => [i, `v${i}`, i % 7]);
    for (const outputs of [
      [col(b), col(a)],
      [col(n), add(col(n), col(a)), col(b)],
    ]) {
      const plan = project(values([a, b, n], input), outputs.map((expr, j) => ({ column: cs.one(`o${j}`), expr })));
      const kept = run(plan);
      const expected = kept.map((r) => [...r]);
      (globalThis as { gc?: () => void }).gc?.();
      for (let i = 0; i < 20; i++) expect(run(plan)).toEqual(expected);
      expect(kept).toEqual(expected);
    }
  });
});
