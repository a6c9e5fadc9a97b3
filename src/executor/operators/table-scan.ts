/**
 * table-scan.ts — reads a relation's rows in primary-key order (optionally reversed) within a
 * key range. The store's batches and row arrays are emitted as they are: never copied, never
 * mutated. A range that pins the whole primary key to one value ([k .. k], both bounds the
 * same expressions) is one exact-key get instead of a cursor.
 */
import { columnsUsed, type Evaluator, type Expr, type PhysicalKeyRange, type PIndexScan, type PTableScan } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import { exactRange, readAll, type RelationDef, type RowCursor, type StoreTransaction } from '../../storage/relations.js';
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
  if (key === null && probed(p)) {
    const prefix = probeKey(p, c, scope);
    return () => new ProbeOperator(ctx, (tx, values) => (tx.probe !== undefined ? tx.probe(relation, null, values) : readAll(tx.scan(relation, exactRange(values)))), prefix);
  }
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

/**
 * The most rows a scan of one key prefix is expected to read for it to be read by one probe
 * (StoreTransaction.probe): the rows in one array, without a cursor — what a cursor's first
 * batch (FIRST_BATCH) would read anyway. A small scan's cursor (its key bounds as bytes, the
 * KV cursor, the row cursor over it) cost about as much as the rows it read.
 */
const PROBE_ROWS = 64;

/**
 * probed: the scan reads one key prefix — both bounds inclusive, the same constants (one
 * value on each of the leading key columns) — forward, and is expected to read few rows.
 */
export function probed(p: PTableScan | PIndexScan): boolean {
  const range = p.range;
  if (p.keyList !== undefined || p.reverse || range === null || range.lower === null || range.upper === null) return false;
  const { lower, upper } = range;
  if (!lower.inclusive || !upper.inclusive || lower.values.length === 0 || lower.values.length !== upper.values.length) return false;
  for (let i = 0; i < lower.values.length; i++) if (!sameConstant(lower.values[i], upper.values[i])) return false;
  return p.estimatedRows <= PROBE_ROWS;
}

/** probeKey compiles the key prefix of a `probed` scan. */
export function probeKey(p: PTableScan | PIndexScan, c: PlanCompiler, scope: Scope): readonly Evaluator[] {
  return (p.range as PhysicalKeyRange).lower!.values.map((e) => c.expr(e, NO_COLUMNS, scope));
}

/**
 * Reads the rows of one key prefix with one probe (see `probed`), handing them over in
 * batches of at most BATCH_SIZE (an estimate may be too low).
 */
export class ProbeOperator implements Operator {
  private rows: Row[] | null = null;
  private at = 0;
  private done = false;

  constructor(
    private readonly ctx: ExecContext,
    private readonly read: (tx: StoreTransaction, prefix: Value[]) => Row[],
    private readonly prefix: readonly Evaluator[],
  ) {}

  next(): Row[] | null {
    if (this.done) return null;
    this.ctx.limits.check();
    let rows = this.rows;
    if (rows === null) {
      // A fresh key per open: a probe keeps nothing of it, but an Apply may open the scan again inside a read.
      const values = new Array<Value>(this.prefix.length);
      for (let i = 0; i < values.length; i++) values[i] = this.prefix[i](NO_ROW);
      rows = this.rows = this.read(this.ctx.tx, values);
      if (rows.length <= BATCH_SIZE) {
        this.close();
        return rows.length > 0 ? rows : null;
      }
    }
    const from = this.at;
    this.at = Math.min(rows.length, from + BATCH_SIZE);
    if (this.at >= rows.length) this.close();
    return from < this.at ? rows.slice(from, this.at) : null;
  }

  close(): void {
    this.done = true;
    this.rows = null;
  }
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
  return keyValues(key, values) ? ctx.tx.get(relation, values) : undefined;
}

/** keyValues evaluates the key expressions into `values`; false when one is NULL (a key column never is: no row). */
export function keyValues(key: readonly Evaluator[], values: Value[]): boolean {
  for (let i = 0; i < key.length; i++) {
    const v = key[i](NO_ROW);
    if (v === null) return false;
    values[i] = v;
  }
  return true;
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
