/**
 * execute.ts — the executor's public entry: runs a physical plan (algebra/physical.ts) against
 * a store transaction and yields its rows in batches.
 *
 * The plan is compiled once (compile-plan.ts: expressions compiled, columns resolved to
 * positions, parameters bound — a missing one fails here), then pulled batch by batch.
 * Limits: `timeoutMs` and `signal` are checked once per batch by the operators (never per
 * row); `maxRows` bounds the rows this stream returns. Each raises LimitError naming the limit.
 */
import '../algebra/index.js';
import type { PhysicalPlan } from '../algebra/index.js';
import { LimitError } from '../common/errors.js';
import type { Params, Row, Value } from '../common/values.js';
import type { StoreTransaction } from '../storage/relations.js';
import type { CodedRows } from './coded-rows.js';
import { ParamFrame, paramLookup } from './compile-expr.js';
import { PlanCompiler } from './compile-plan.js';
import { compilePointPlan, type PointRun } from './point-plan.js';
import { Limits, type ExecContext, type WriteCounts, type Operator } from './operator.js';
import type { SharedRows } from './shared-plans.js';
import type { Profile } from './profile.js';

export { createProfile, type NodeProfile, type Profile } from './profile.js';

export interface ExecutionOptions {
  /** Positional parameters ($1 is params[0]) or named ones (own properties only). */
  params?: Params;
  /** Wall-clock limit from openPlan, in milliseconds. */
  timeoutMs?: number;
  /** The most rows the result may have; one more raises LimitError LIMIT_EXCEEDED. */
  maxRows?: number;
  signal?: AbortSignal;
  /** When given, filled with per-node counts and times (EXPLAIN ANALYZE). */
  profile?: Profile;
  /** Whether a subplan the plan holds more than once is computed once per run (shared-plans.ts; default true). */
  shareSubplans?: boolean;
  /** When given, the run's writes report here: the rowid of the last row the statement's own Write inserted, the rows its triggers' writes changed. */
  writeCounts?: WriteCounts;
}

/**
 * A pull stream of result batches. `next()` returns a non-empty batch or null at the end; a
 * batch array is valid until the next call (copy the row references to keep them), rows are
 * never mutated afterwards. `close()` releases cursors; call it when stopping early.
 */
export interface BatchStream {
  next(): Row[] | null;
  /** codes (before the first next()): every row as codes when the plan holds them so (operator.ts, the coded hand-over), the stream then ended; else null. */
  codes?(): CodedRows | null;
  close(): void;
}

/** openPlan compiles `plan` and returns a stream of its rows. */
export function openPlan(plan: PhysicalPlan, tx: StoreTransaction, options: ExecutionOptions = {}): BatchStream {
  const ctx: ExecContext = {
    tx,
    params: paramLookup(options.params),
    limits: new Limits(options.timeoutMs, options.signal),
    writeCounts: options.writeCounts,
  };
  ctx.limits.check();
  const compiler = new PlanCompiler(ctx, options.profile, options.shareSubplans ?? true);
  const open = compiler.compile(plan, { outer: null, recursive: new Map() });
  return new ResultStream(open(), options.maxRows ?? Infinity, compiler.sharedRows);
}

/**
 * A plan compiled once for many executions (prepared statements): parameters are read from a
 * frame bound at each open, the transaction and limits are re-pointed, so an execution costs
 * only opening the operators. One execution at a time: `open` while a previous stream is still
 * open compiles a private copy instead of sharing the operator tree.
 */
export class CompiledPlan {
  private readonly ctx: ExecContext & { frame: ParamFrame };
  private readonly root: () => Operator;
  /** The plan as one function, when it is a point lookup (point-plan.ts): runs without operators. */
  private readonly point: PointRun | null;
  /** The run state of the plan's shared subplans (shared-plans.ts): emptied as each run starts and ends. */
  private readonly shared: SharedRows[];
  /** The execution using the operator tree (a stream, or RUNNING during collect). */
  private busy: { readonly isClosed: boolean } | null = null;

  constructor(
    private readonly plan: PhysicalPlan,
    tx: StoreTransaction,
    /** As ExecutionOptions.shareSubplans, for every run. */
    private readonly share = true,
  ) {
    this.ctx = { tx, params: paramLookup(undefined), limits: new Limits(undefined, undefined), frame: new ParamFrame() };
    const compiler = new PlanCompiler(this.ctx, undefined, share);
    this.root = compiler.compile(plan, { outer: null, recursive: new Map() });
    this.point = compilePointPlan(plan, compiler, { outer: null, recursive: new Map() });
    this.shared = compiler.sharedRows;
  }

  /** open binds `options.params` and returns a stream of the plan's rows read through `tx`. */
  open(tx: StoreTransaction, options: ExecutionOptions = {}): BatchStream {
    if (options.profile !== undefined || (this.busy !== null && !this.busy.isClosed)) return openPlan(this.plan, tx, { ...options, shareSubplans: this.share });
    const stream = new ResultStream(this.start(tx, options.params, options), options.maxRows ?? Infinity, this.shared);
    this.busy = stream;
    return stream;
  }

  /**
   * collect runs the plan to its end and returns its rows (what draining `open`'s stream
   * returns), without a stream object between the caller and the plan: a point lookup run
   * many times allocates only what its answer needs. With `coded`, a plan holding its rows as
   * codes (the coded hand-over, operator.ts) returns them so. `params` are the run's parameters
   * (given apart from `options` by a caller that makes no options object per run).
   */
  collect(tx: StoreTransaction, options: ExecutionOptions = {}, coded = false, params = options.params): Row[] | CodedRows {
    const busy = this.busy;
    if (options.profile !== undefined || (busy !== null && !busy.isClosed)) return executePlan(this.plan, tx, { ...options, params, shareSubplans: this.share });
    const point = this.point;
    if (point !== null) {
      this.bind(tx, params, options);
      const rows = point();
      const maxRows = options.maxRows;
      if (maxRows !== undefined && rows.length > maxRows) throw tooManyRows(maxRows);
      return rows;
    }
    const maxRows = options.maxRows ?? Infinity;
    const root = this.start(tx, params, options);
    let rows: Row[] = NO_ROWS;
    this.busy = RUNNING;
    try {
      const held = coded && root.codes !== undefined ? root.codes() : null;
      if (held !== null) {
        if (held.count > maxRows) throw tooManyRows(maxRows);
        return held;
      }
      for (let b = root.next(); b !== null; b = root.next()) {
        // The first batch is copied whole (an array of its exact size: most answers are one batch).
        if (rows === NO_ROWS) rows = b.slice();
        else for (let i = 0; i < b.length; i++) rows.push(b[i]);
        if (rows.length > maxRows) throw tooManyRows(maxRows);
      }
      if (rows === NO_ROWS) rows = [];
    } finally {
      this.busy = null;
      root.close();
      emptyShared(this.shared);
    }
    return rows;
  }

  /** start binds the run's context and opens the operator tree. */
  private start(tx: StoreTransaction, params: Params | undefined, options: ExecutionOptions): Operator {
    this.bind(tx, params, options);
    emptyShared(this.shared);
    return this.root();
  }

  /** bind binds the parameters, re-points the context to `tx` and starts the limits. */
  private bind(tx: StoreTransaction, params: Params | undefined, options: ExecutionOptions): void {
    const ctx = this.ctx;
    ctx.frame.bind(params);
    ctx.tx = tx;
    ctx.writeCounts = options.writeCounts;
    ctx.limits.start(options.timeoutMs, options.signal);
  }
}

const RUNNING = { isClosed: false } as const;

/** emptyShared forgets a run's shared subplan rows (none are kept from one run to the next). */
function emptyShared(shared: readonly SharedRows[]): void {
  for (let i = 0; i < shared.length; i++) shared[i].empty();
}
const NO_ROWS: Row[] = [];

const tooManyRows = (maxRows: number) => new LimitError('LIMIT_EXCEEDED', `query result exceeded its row limit (maxRows ${maxRows})`);

/** compilePlan compiles `plan` once for repeated execution (CompiledPlan.open per run). */
export function compilePlan(plan: PhysicalPlan, tx: StoreTransaction, shareSubplans = true): CompiledPlan {
  return new CompiledPlan(plan, tx, shareSubplans);
}

/** executePlan runs `plan` to completion and returns all its rows. */
export function executePlan(plan: PhysicalPlan, tx: StoreTransaction, options: ExecutionOptions = {}): Row[] {
  const stream = openPlan(plan, tx, options);
  const rows: Row[] = [];
  try {
    for (let b = stream.next(); b !== null; b = stream.next()) {
      for (let i = 0; i < b.length; i++) rows.push(b[i]);
    }
  } finally {
    stream.close();
  }
  return rows;
}

class ResultStream implements BatchStream {
  private count = 0;
  private closed = false;

  constructor(
    private readonly root: Operator,
    private readonly maxRows: number,
    /** The shared subplans' run state (shared-plans.ts), emptied when the stream closes. */
    private readonly shared: readonly SharedRows[] = [],
  ) {}

  next(): Row[] | null {
    if (this.closed) return null;
    let b: Row[] | null;
    try {
      b = this.root.next();
    } catch (e) {
      this.close();
      throw e;
    }
    if (b === null) {
      this.close();
      return null;
    }
    this.count += b.length;
    if (this.count > this.maxRows) {
      this.close();
      throw tooManyRows(this.maxRows);
    }
    return b;
  }

  codes(): CodedRows | null {
    if (this.closed || this.count > 0 || this.root.codes === undefined) return null;
    let coded: CodedRows | null;
    try {
      coded = this.root.codes();
    } catch (e) {
      this.close();
      throw e;
    }
    if (coded === null) return null;
    this.close();
    if (coded.count > this.maxRows) throw tooManyRows(this.maxRows);
    this.count = coded.count;
    return coded;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.root.close();
    emptyShared(this.shared);
  }
}
