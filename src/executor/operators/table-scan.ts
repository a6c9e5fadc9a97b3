/**
 * table-scan.ts — reads a relation's rows in primary-key order (optionally reversed) within a
 * key range. The store's batches and row arrays are emitted as they are: never copied, never
 * mutated. A range that pins the whole primary key to one value ([k .. k], both bounds the
 * same expressions) is one exact-key get instead of a cursor.
 */
import { columnsUsed, type Evaluator, type Expr, type PhysicalKeyRange, type PTableScan } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { RelationDef, RowCursor } from '../../storage/relations.js';
import type { PlanCompiler } from '../compile-plan.js';
import { BATCH_SIZE, type ExecContext, type Limits, type Open, type Operator, type RowRunVisitor, type Scope } from '../operator.js';
import { ChainedCursor, compileKeyList, compileKeyRange } from './key-range.js';
import { NO_COLUMNS, NO_ROW } from '../compile-expr.js';

export function compileTableScan(p: PTableScan, c: PlanCompiler, scope: Scope): Open {
  const ctx = c.ctx;
  const { limits } = ctx;
  const relation = p.relation;
  if (p.keyList !== undefined) {
    const ranges = compileKeyList(p.range, p.keyList, p.reverse, false, c, scope);
    return () => new CursorOperator(() => new ChainedCursor(ranges(), (r) => ctx.tx.scan(relation, r)), limits);
  }
  const key = pointKey(p.range, relation);
  if (key !== null) {
    const evals = key.map((e) => c.expr(e, NO_COLUMNS, scope));
    // One key array and one batch for every open: a get reads the key and keeps nothing of it,
    // and a batch is the consumer's only until it asks for the next (operator.ts).
    const values = new Array<Value>(evals.length);
    const batch: Row[] = [NO_ROW];
    return () => new PointGetOperator(ctx, relation, evals, values, batch);
  }
  const range = compileKeyRange(p.range, p.reverse, c, scope);
  return () => new CursorOperator(() => ctx.tx.scan(relation, range()), limits);
}


/** pointKey returns the key expressions when `range` is one full primary key, else null. */
export function pointKey(range: PhysicalKeyRange | null, relation: RelationDef): readonly Expr[] | null {
  if (range === null || range.lower === null || range.upper === null) return null;
  const { lower, upper } = range;
  const width = relation.primaryKey === null ? 1 : relation.primaryKey.length;
  if (!lower.inclusive || !upper.inclusive || lower.values.length !== width || upper.values.length !== width) return null;
  for (let i = 0; i < width; i++) if (!sameConstant(lower.values[i], upper.values[i])) return null;
  return lower.values;
}

/** sameConstant: both are the same literal, parameter or expression of them (evaluated once per open, no row). */
function sameConstant(a: Expr, b: Expr): boolean {
  if (a === b) return columnsUsed(a).size === 0;
  if (a.kind === 'param' && b.kind === 'param') return a.key === b.key;
  if (a.kind === 'literal' && b.kind === 'literal') return Object.is(a.value, b.value) && typeof a.value !== 'object';
  return false;
}

/**
 * getByKey evaluates the key expressions into `values` (reused: a get keeps nothing of its key)
 * and reads that row with an exact-key get; undefined when there is none.
 */
export function getByKey(ctx: ExecContext, relation: RelationDef, key: readonly Evaluator[], values: Value[]): Row | undefined {
  for (let i = 0; i < key.length; i++) {
    const v = key[i](NO_ROW);
    // A key column is never NULL, and NULL bounds would select nothing.
    if (v === null) return undefined;
    values[i] = v;
  }
  return ctx.tx.get(relation, values);
}

/** Reads the one row of a full primary key with an exact-key get. */
class PointGetOperator implements Operator {
  private done = false;

  constructor(
    private readonly ctx: ExecContext,
    private readonly relation: RelationDef,
    private readonly key: readonly Evaluator[],
    private readonly values: Value[],
    private readonly batch: Row[],
  ) {}

  next(): Row[] | null {
    if (this.done) return null;
    this.done = true;
    this.ctx.limits.check();
    const row = getByKey(this.ctx, this.relation, this.key, this.values);
    if (row === undefined) return null;
    this.batch[0] = row;
    return this.batch;
  }

  close(): void {
    this.done = true;
  }
}

/** The first batch a cursor reads; each later one is four times larger, up to BATCH_SIZE. */
const FIRST_BATCH = 64;

/**
 * Drains a storage RowCursor batch by batch; shared by table and index scans. Batches start
 * small and grow: a consumer that stops early (LIMIT 1, EXISTS, a merge that ends) has not
 * made the store read — and an index scan look up — a thousand rows it never wanted, and a
 * full scan reaches full batches after two.
 */
export class CursorOperator implements Operator {
  private cursor: RowCursor | null = null;
  private done = false;
  private size = FIRST_BATCH;

  constructor(
    private readonly start: () => RowCursor,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.done) return null;
    this.limits.check();
    if (this.cursor === null) this.cursor = this.start();
    for (;;) {
      const b = this.cursor.nextBatch(this.size);
      if (this.size < BATCH_SIZE) this.size = Math.min(BATCH_SIZE, this.size * 4);
      if (b === null) {
        this.close();
        return null;
      }
      if (b.length > 0) return b;
    }
  }

  visit(visitor: RowRunVisitor): number {
    if (this.done) return 0;
    this.limits.check();
    if (this.cursor === null) this.cursor = this.start();
    const c = this.cursor;
    const size = this.size;
    if (size < BATCH_SIZE) this.size = Math.min(BATCH_SIZE, size * 4);
    let walked: number;
    if (c.visitRows !== undefined) walked = c.visitRows(size, visitor);
    else {
      const b = c.nextBatch(size);
      walked = b === null ? 0 : b.length;
      if (walked > 0) visitor(b!, 0, walked);
    }
    if (walked === 0) this.close();
    return walked;
  }

  close(): void {
    this.done = true;
    if (this.cursor !== null) {
      this.cursor.close();
      this.cursor = null;
    }
  }
}
