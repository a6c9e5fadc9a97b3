/**
 * recursive-scan.ts — reads a recursive relation of the enclosing Fixpoint: all rows derived
 * so far (delta false) or the previous iteration's new rows (delta true). The rows read are
 * those present when the scan opens (fixpoint.ts documents which snapshot that is); rows
 * held only as codes are built as they are read (recursive-rows.ts).
 */
import type { PRecursiveScan } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { RecursiveRows } from '../recursive-rows.js';
import { BATCH_SIZE, type Limits, type Open, type Operator, type RecursiveState, type Scope } from '../operator.js';

export function compileRecursiveScan(p: PRecursiveScan, c: PlanCompiler, scope: Scope): Open {
  const state = recursiveState(p, scope);
  const limits = c.ctx.limits;
  const delta = p.delta;
  return () => {
    const rows = state.rows;
    return new RecursiveScanOperator(rows, delta ? rows.from : 0, rows.to, limits);
  };
}

/** recursiveState finds the state of the relation a recursive scan reads. */
export function recursiveState(p: PRecursiveScan, scope: Scope): RecursiveState {
  const state = scope.recursive.get(p.relation.id);
  if (state === undefined) throw new Error(`executor: recursive-scan of ${p.relation.name} outside its fixpoint`);
  return state;
}

class RecursiveScanOperator implements Operator {
  constructor(
    private readonly rows: RecursiveRows,
    private pos: number,
    private readonly end: number,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.pos >= this.end) return null;
    this.limits.check();
    const rows = this.rows;
    const from = this.pos;
    const to = Math.min(this.end, from + BATCH_SIZE);
    const out: Row[] = new Array(to - from);
    for (let i = from; i < to; i++) out[i - from] = rows.row(i);
    this.pos = to;
    return out;
  }

  close(): void {
    this.pos = this.end;
  }
}
