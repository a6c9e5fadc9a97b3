/**
 * table-scan.ts — reads a relation's rows in primary-key order (optionally reversed) within a
 * key range. The store's batches and row arrays are emitted as they are: never copied, never
 * mutated.
 */
import type { PTableScan } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { RowCursor } from '../../storage/relations.js';
import type { PlanCompiler } from '../compile-plan.js';
import { BATCH_SIZE, type Limits, type Open, type Operator, type Scope } from '../operator.js';
import { compileKeyRange } from './key-range.js';

export function compileTableScan(p: PTableScan, c: PlanCompiler, scope: Scope): Open {
  const range = compileKeyRange(p.range, p.reverse, c, scope);
  const { tx, limits } = c.ctx;
  const relation = p.relation;
  return () => new CursorOperator(() => tx.scan(relation, range()), limits);
}

/** Drains a storage RowCursor batch by batch; shared by table and index scans. */
export class CursorOperator implements Operator {
  private cursor: RowCursor | null = null;
  private done = false;

  constructor(
    private readonly start: () => RowCursor,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.done) return null;
    this.limits.check();
    if (this.cursor === null) this.cursor = this.start();
    for (;;) {
      const b = this.cursor.nextBatch(BATCH_SIZE);
      if (b === null) {
        this.close();
        return null;
      }
      if (b.length > 0) return b;
    }
  }

  close(): void {
    this.done = true;
    if (this.cursor !== null) {
      this.cursor.close();
      this.cursor = null;
    }
  }
}
