/**
 * index-scan.ts — reads a relation's rows through a secondary index, in index order, within a
 * range over the index columns (then the primary key). Rows are the store's, emitted as-is.
 * A covering scan under a projection of some of its columns (project.ts) reads rows of only
 * those columns from the entries (StoreTransaction.scanIndex `columns`).
 */
import type { PIndexScan } from '../../algebra/index.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { Open, Scope } from '../operator.js';
import { ChainedCursor, compileKeyList, compileKeyRange } from './key-range.js';
import { exactRange, readAll } from '../../storage/relations.js';
import { CursorOperator, ProbeOperator, probed, probeKey } from './table-scan.js';

/** `columns`: a projection fused into a covering scan, the relation positions of its outputs (distinct), from project.ts. */
export function compileIndexScan(p: PIndexScan, c: PlanCompiler, scope: Scope, columns?: readonly number[]): Open {
  const ctx = c.ctx;
  const limits = ctx.limits;
  const { relation, index } = p;
  const covering = p.covering === true;
  if (columns !== undefined && !covering) throw new Error('executor bug: a projection fused into an index scan that is not covering');
  if (p.keyList !== undefined) {
    const position = p.range?.lower?.values.length ?? 0;
    const ranges = compileKeyList(p.range, p.keyList, p.reverse, index.descending[position] === true, c, scope);
    return () => new CursorOperator(() => new ChainedCursor(ranges(), (r) => ctx.tx.scanIndex(relation, index, r, covering, columns)), limits);
  }
  if (probed(p)) {
    const prefix = probeKey(p, c, scope);
    return () =>
      new ProbeOperator(
        ctx,
        (tx, values) => (tx.probe !== undefined ? tx.probe(relation, index, values, covering, columns) : readAll(tx.scanIndex(relation, index, exactRange(values), covering, columns))),
        prefix,
      );
  }
  const range = compileKeyRange(p.range, p.reverse, c, scope);
  return () => new CursorOperator(() => ctx.tx.scanIndex(relation, index, range(), covering, columns), limits);
}
