import { describe, expect, it } from 'vitest';
import type { PhysicalPlan } from '../../src/algebra/index.js';
import { ConstraintError } from '../../src/common/errors.js';
import type { RelationDef } from '../../src/storage/relations.js';
import { TestTransaction } from './test-store.js';
import { Cols, add, col, lit, project, run, tableScan, values } from './helpers.js';

function write(action: 'insert' | 'update' | 'delete', relation: RelationDef, input: PhysicalPlan, keyColumns: number[] = [], onConflict: 'error' | 'ignore' | 'replace' = 'error'): PhysicalPlan {
  return { kind: 'write', schema: input.schema, estimatedRows: 0, action, relation, input, keyColumns, onConflict };
}

describe('write', () => {
  it('inserts and outputs the rows written; conflict policies', () => {
    const tx = new TestTransaction();
    const rel = tx.define('t', ['k', 'v'], [0], [[1, 'a']]);
    const [k, v] = new Cols().make('k', 'v');
    expect(run(write('insert', rel, values([k, v], [[2, 'b']])), {}, tx)).toEqual([[2, 'b']]);
    expect(() => run(write('insert', rel, values([k, v], [[1, 'x']])), {}, tx)).toThrow(ConstraintError);
    expect(run(write('insert', rel, values([k, v], [[1, 'x'], [3, 'c']]), [], 'ignore'), {}, tx)).toEqual([[3, 'c']]);
    expect(run(write('insert', rel, values([k, v], [[1, 'z']]), [], 'replace'), {}, tx)).toEqual([[1, 'z']]);
    expect(run(tableScan(rel, [k, v]), {}, tx)).toEqual([
      [1, 'z'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('updates from a scan of the same relation without seeing its own changes', () => {
    const tx = new TestTransaction();
    const rel = tx.define('t', ['k', 'v'], [0], [[1, 'a'], [2, 'b'], [3, 'c']]);
    const cs = new Cols();
    const [k, v] = cs.make('k', 'v');
    const [nk, nv] = cs.make('nk', 'nv');
    // UPDATE t SET k = k + 10: input = old key ++ new row (a lazy scan would meet the moved rows again)
    const input = project(tableScan(rel, [k, v]), [
      { column: k, expr: col(k) },
      { column: nk, expr: add(col(k), lit(10)) },
      { column: nv, expr: col(v) },
    ]);
    expect(run(write('update', rel, input, [0]), {}, tx)).toHaveLength(3);
    expect(run(tableScan(rel, [k, v]), {}, tx)).toEqual([
      [11, 'a'],
      [12, 'b'],
      [13, 'c'],
    ]);
  });

  it('deletes by key, outputting only rows that existed', () => {
    const tx = new TestTransaction();
    const rel = tx.define('t', ['k', 'v'], [0], [[1, 'a'], [2, 'b']]);
    const [k] = new Cols().make('k');
    expect(run(write('delete', rel, values([k], [[2], [9]]), [0]), {}, tx)).toEqual([[2]]);
    expect(run(tableScan(rel, new Cols().make('k', 'v')), {}, tx)).toEqual([[1, 'a']]);
  });
});
