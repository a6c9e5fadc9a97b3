/**
 * stats-delta.test.ts — StatsDelta (stats.ts), a transaction's row changes for the statistics,
 * held as runs (a bulk insert's rows one run, its array as given): for any sequence of single
 * changes, bulk additions and truncations (savepoint rollbacks), it holds the changes of a flat
 * list in order, their count and each relation's net rows, and never changes a given array.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/common/values.js';
import { StatsDelta } from '../../src/storage/stats.js';

type Op = { kind: 'push'; relation: number; sign: 1 | -1 } | { kind: 'bulk'; relation: number; n: number } | { kind: 'truncate'; back: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), relation: fc.integer({ min: 1, max: 3 }), sign: fc.constantFrom(1 as const, -1 as const) }),
  fc.record({ kind: fc.constant('bulk' as const), relation: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('truncate' as const), back: fc.integer({ min: 0, max: 8 }) }),
);

describe('StatsDelta', () => {
  it('holds the changes of a flat list, in order, through bulk runs and truncations (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const delta = new StatsDelta();
        const model: { relation: number; sign: number; row: Row }[] = [];
        const given: { rows: Row[]; copy: Row[] }[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const row = [next++];
            delta.push(o.relation, o.sign, row);
            model.push({ relation: o.relation, sign: o.sign, row });
          } else if (o.kind === 'bulk') {
            const rows = Array.from({ length: o.n }, () => [next++]);
            given.push({ rows, copy: [...rows] });
            delta.pushAdded(o.relation, rows);
            for (const row of rows) model.push({ relation: o.relation, sign: 1, row });
          } else {
            const n = Math.max(0, model.length - o.back);
            delta.truncate(n);
            model.length = n;
          }
          const seen: { relation: number; sign: number; row: Row }[] = [];
          delta.forEachRun((relation, sign, rows) => {
            for (const row of rows) seen.push({ relation, sign, row });
          });
          expect(seen).toEqual(model);
          expect(delta.length).toBe(model.length);
          for (const r of [1, 2, 3]) expect(delta.netRows(r)).toBe(model.filter((m) => m.relation === r).reduce((a, m) => a + m.sign, 0));
        }
        for (const g of given) expect(g.rows).toEqual(g.copy);
      }),
      { numRuns: 300 },
    );
  });
});
