/**
 * operator.ts — the executor's internal vocabulary: the Operator protocol every physical
 * operator implements, the compile-time Scope, and the per-execution context (transaction,
 * parameters, limits).
 *
 * Lifecycle. A physical plan is compiled once per execution (compile-plan.ts) into a tree of
 * `Open` functions: all expressions are compiled and all column positions resolved then.
 * `open()` makes a fresh Operator; Apply re-opens its subquery per outer row and Fixpoint its
 * steps per iteration, which costs no recompilation.
 *
 * Batch protocol. `next()` returns a non-empty array of rows, or null at the end (and keeps
 * returning null). A batch array belongs to the producer and is valid until the next call to
 * `next()`; consumers that keep rows copy the row references, never the batch. Rows are
 * immutable once emitted (scans hand out the store's own arrays) and may be kept forever.
 * `close()` releases resources (cursors, children); it is idempotent and may be called
 * before the end (Limit does so).
 *
 * Run protocol (optional). An operator that can hand its rows over without making a batch —
 * a scan lending the store's own leaf arrays, a filter its reused output — also offers
 * `visit(visitor)`: it passes the rows of about one batch to the visitor as runs
 * `rows[from..to)`, valid during the call only. Consumers that read each row once and keep
 * no batch (Filter, TopK, HashAggregate) pull through it when their input has it; then a
 * filter or an aggregate over a stored relation touches each row once instead of also
 * copying it into a batch. An operator answers either next() or visit() for its whole life.
 *
 * Coded hand-over (optional). An operator whose rows are all held as tuples of value codes —
 * a Fixpoint whose body reads one of its relations whole — also offers `codes()`: instead of
 * its first batch it hands over every row at once as a CodedRows (coded-rows.ts), or answers
 * null and serves batches as usual. Only the result stream asks, before its first batch, so a
 * closure of millions of rows becomes a ResultSet without an array built per row.
 */
import type { RecursiveRelation } from '../algebra/index.js';
import { LimitError } from '../common/errors.js';
import type { Row, Value } from '../common/values.js';
import type { RowRunVisitor, StoreTransaction } from '../storage/relations.js';

export type { RowRunVisitor } from '../storage/relations.js';
import type { CodedRows } from './coded-rows.js';
import type { OuterScope, ParamFrame, ParamLookup } from './compile-expr.js';
import type { RecursiveRows } from './recursive-rows.js';

/** Rows per batch produced by scans and re-batching operators. */
export const BATCH_SIZE = 1024;

export interface Operator {
  /** next returns the next non-empty batch, or null once the operator is exhausted. */
  next(): Row[] | null;
  /**
   * visit (optional, the run protocol above) hands the next rows to `visitor` in runs; returns
   * how many input rows it consumed — more than it handed over when it filters — 0 only at the end.
   */
  visit?(visitor: RowRunVisitor): number;
  /** codes (optional, the coded hand-over above): every row as codes, the operator then exhausted; or null. */
  codes?(): CodedRows | null;
  /**
   * countRows (optional): how many rows next() would return, the operator then exhausted,
   * counted without making them (a multiway join multiplies its runs). Asked by an aggregate
   * that only counts rows.
   */
  countRows?(): number;
  /** close releases resources; idempotent. */
  close(): void;
}

/** Opens a fresh instance of a compiled operator. */
export type Open = () => Operator;

/** A recursive relation of an enclosing Fixpoint and its rows while the Fixpoint runs (recursive-rows.ts). */
export interface RecursiveState {
  readonly relation: RecursiveRelation;
  rows: RecursiveRows;
}

/** What an operator's compilation can see besides its own node: outer columns and recursive relations. */
export interface Scope {
  readonly outer: OuterScope | null;
  readonly recursive: ReadonlyMap<number, RecursiveState>;
}

/** Limits of one execution; `check` runs once per batch, never per row. */
export class Limits {
  private deadline: number;

  constructor(
    private timeoutMs: number | undefined,
    private signal: AbortSignal | undefined,
  ) {
    this.deadline = timeoutMs === undefined ? Infinity : performance.now() + timeoutMs;
  }

  /** reset starts the limits of a new execution (a plan compiled once keeps one Limits). */
  reset(timeoutMs: number | undefined, signal: AbortSignal | undefined): void {
    this.timeoutMs = timeoutMs;
    this.signal = signal;
    this.deadline = timeoutMs === undefined ? Infinity : performance.now() + timeoutMs;
  }

  /** start is reset then check: a run without limits only forgets the last run's. */
  start(timeoutMs: number | undefined, signal: AbortSignal | undefined): void {
    if (timeoutMs === undefined && signal === undefined) {
      this.timeoutMs = undefined;
      this.signal = undefined;
      this.deadline = Infinity;
      return;
    }
    this.reset(timeoutMs, signal);
    this.check();
  }

  /** check throws LimitError when the time limit has passed or the signal has been aborted. */
  check(): void {
    if (this.deadline !== Infinity && performance.now() > this.deadline) {
      throw new LimitError('LIMIT_EXCEEDED', `query exceeded its time limit (timeoutMs ${this.timeoutMs})`);
    }
    if (this.signal !== undefined && this.signal.aborted) {
      throw new LimitError('CANCELLED', 'query cancelled (AbortSignal aborted)');
    }
  }
}

/**
 * Everything an execution shares: the transaction, parameter values and limits. A plan
 * compiled once (execute.ts compilePlan) keeps one context and re-points `tx` (and re-binds
 * `frame`, resets `limits`) per execution: operators read `ctx.tx` when they open, never at
 * compile time.
 */
export interface ExecContext {
  tx: StoreTransaction;
  readonly params: ParamLookup;
  readonly limits: Limits;
  /** Present when the plan is compiled for many executions: parameters are read from it. */
  readonly frame?: ParamFrame;
  /** Where the run's writes report what they did (ExecutionOptions.writeCounts), when its caller wants it. */
  writeCounts?: WriteCounts;
}

/** What a run's writes report: the rowid (automatic key) of the last row the statement's own Write inserted, and the rows its triggers' writes changed. */
export interface WriteCounts {
  rowid: Value | null;
  byTriggers: number;
}

/**
 * drainInto pulls every remaining row of `op` into `into` (row references only) and closes it;
 * through the run protocol when `op` offers it (a scan then lends its leaves instead of copying
 * each batch first).
 */
export function drainInto(op: Operator, into: Row[]): Row[] {
  return drainFrom(op, into, into.length);
}

/**
 * drainAll is drainInto a new array made for `expected` rows (the plan's estimate) up front:
 * an array grown row by row to 85k rows cost three times the writes of one made at its size.
 */
export function drainAll(op: Operator, expected: number): Row[] {
  const size = expected > 0 ? Math.min(Math.ceil(expected), PREALLOCATE_LIMIT) : 0;
  return drainFrom(op, new Array<Row>(size), 0);
}

/** The most rows drainAll makes room for before it has them (an estimate may be far too high). */
const PREALLOCATE_LIMIT = 1 << 20;

/** drainFrom writes the rows of `op` into `into` from position `n`, closes `op` and cuts `into` to the rows written. */
function drainFrom(op: Operator, into: Row[], n: number): Row[] {
  visitAll(op, (rows, from, to) => {
    for (let i = from; i < to; i++) into[n++] = rows[i];
  });
  into.length = n;
  return into;
}

/**
 * visitAll hands every remaining row of `op` to `visitor` and closes `op`: in runs through the
 * run protocol when `op` offers it (a scan lends its leaves), else batch by batch.
 */
export function visitAll(op: Operator, visitor: RowRunVisitor): void {
  try {
    if (op.visit !== undefined) while (op.visit(visitor) > 0);
    else for (let b = op.next(); b !== null; b = op.next()) visitor(b, 0, b.length);
  } finally {
    op.close();
  }
}

/** Emits a materialized array in batches of BATCH_SIZE (slices; the array itself is never handed out). */
export class ArrayOperator implements Operator {
  private pos = 0;

  constructor(
    private rows: readonly Row[],
    private readonly end: number = rows.length,
    private readonly limits: Limits | null = null,
  ) {}

  next(): Row[] | null {
    if (this.pos >= this.end) return null;
    this.limits?.check();
    const from = this.pos;
    this.pos = Math.min(this.end, from + BATCH_SIZE);
    return this.rows.slice(from, this.pos);
  }

  close(): void {
    this.pos = this.end;
    this.rows = [];
  }
}
