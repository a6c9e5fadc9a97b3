/**
 * pipeline.ts — the whole query pipeline in one place, used by every language and by EXPLAIN:
 *
 *   text ─parse─► syntax ─lower─► Statement (logical plan) ─optimize─► physical plan ─execute─► rows
 *
 * Nothing else in the engine parses, plans or evaluates.
 */
import type { FrontEnd, LoweringContext, QueryStatement, Statement } from '../algebra/statement.js';
import type { Params, Row, Value } from '../common/values.js';
import { compilePlan, openPlan, type CompiledPlan, type Profile } from '../executor/execute.js';
import type { WriteCounts } from '../executor/operator.js';
import { ownedRows, sharesRows } from '../executor/row-ownership.js';
import { physicalChildren, type PhysicalPlan } from '../algebra/physical.js';
import { makeContext, optimize, printPhysical, type OptimizerOptions } from '../optimizer/index.js';
import { printPlan } from '../algebra/print.js';
import type { RelationStats, Store, StoreTransaction } from '../storage/relations.js';
import { ResultSet } from './result.js';

export type { Params };

export interface RunOptions {
  params?: Params;
  optimizer?: OptimizerOptions;
  timeoutMs?: number;
  maxRows?: number;
  signal?: AbortSignal;
  /** Where the run's writes report the last rowid inserted and the rows triggers changed (executor ExecutionOptions.writeCounts). */
  writeCounts?: WriteCounts;
}

/** lower turns one statement's syntax into a Statement against the transaction's catalog. */
export function lower<S>(frontEnd: FrontEnd<S>, syntax: S, store: Store, tx: StoreTransaction): Statement {
  return frontEnd.lower(syntax, lowering(store, tx));
}

/** lowering is what a front end may consult while lowering in `tx`. */
export function lowering(store: Store, tx: StoreTransaction): LoweringContext {
  return { catalog: tx.catalog, stats: (r) => statsIn(store, tx)(r.id), committed: (name, index, prefix) => committedRows(store, name, index, prefix) };
}

/** committedRows probes an index of a relation in a read-only transaction of its own (the latest commit); none when either is missing there. */
function committedRows(store: Store, name: string, index: string | null, prefix: readonly Value[]): readonly Row[] {
  const tx = store.begin({ readOnly: true });
  try {
    const rel = tx.catalog.relation(name);
    const def = index === null ? null : rel?.indexes.find((i) => i.name === index);
    if (rel === undefined || def === undefined) return [];
    const at = { values: [...prefix], inclusive: true };
    const cursor = def === null ? tx.scan(rel, { lower: at, upper: at }) : tx.scanIndex(rel, def, { lower: at, upper: at });
    const rows: Row[] = [];
    try {
      for (let batch = cursor.nextBatch(); batch !== null; batch = cursor.nextBatch()) rows.push(...batch);
    } finally {
      cursor.close();
    }
    return rows;
  } finally {
    tx.rollback();
  }
}

export interface Explanation {
  /** The optimized logical plan as an S-expression. */
  logical: string;
  /** The physical plan as EXPLAIN prints it (with actual figures under ANALYZE). */
  physical: string;
  passes: { name: string; ran: boolean; timeMs: number }[];
  toString(): string;
}

/** A query statement with its optimized plan: what a prepared statement keeps between runs. */
export interface PlannedQuery {
  statement: QueryStatement;
  optimized: ReturnType<typeof optimize>;
  /** The physical plan compiled once, on its first run (later runs only bind parameters). */
  compiled?: CompiledPlan;
  /** Whether the physical plan writes nothing (its runs may use read-only transactions). */
  readOnly: boolean;
  /** The result's column names, frozen once and shared by every run's ResultSet. */
  columns?: string[];
  /** Whether the plan may output rows held elsewhere (row-ownership.ts): a result copies them. */
  sharesRows?: boolean;
}

/**
 * statsIn is where a plan made in `tx` reads statistics: the transaction's view (its own
 * writes counted) when it has one, else the store's committed figures. A plan cached across
 * transactions is made without `tx`.
 */
function statsIn(store: Store, tx: StoreTransaction | undefined): (id: number) => RelationStats {
  const own = tx?.statistics;
  return own !== undefined ? (id) => own.call(tx, id) : (id) => store.statistics(id);
}

/** planQuery optimizes a query statement (for a run in `tx` when given). */
export function planQuery(statement: QueryStatement, store: Store, options: RunOptions = {}, tx?: StoreTransaction): PlannedQuery {
  const ctx = makeContext(statsIn(store, tx), statement.alloc, options.optimizer);
  const optimized = optimize(statement.plan, ctx);
  return { statement, optimized, readOnly: !writes(optimized.physical) };
}

function writes(p: PhysicalPlan): boolean {
  return p.kind === 'write' || physicalChildren(p).some(writes);
}

/** runQuery optimizes (unless given a plan) and executes a query statement. */
export function runQuery(statement: QueryStatement, store: Store, tx: StoreTransaction, options: RunOptions = {}, planned?: PlannedQuery): ResultSet {
  if (planned !== undefined) return runPlanned(planned, tx, options.params, options);
  options = bound(statement, options);
  const { optimized } = planQuery(statement, store, options, tx);
  if (statement.explain) return explained(optimized, statement, tx, options);
  const stream = openPlan(optimized.physical, tx, execOptions(options));
  // A result held as codes (a Fixpoint's relation read whole) stays so: rows are built when read.
  const coded = statement.returnsRows ? (stream.codes?.() ?? null) : null;
  if (coded !== null) return new ResultSet([...statement.columns], coded);
  const rows: Value[][] = [];
  let count = 0;
  try {
    // A statement returning no rows (an insert) is only counted: a load's 591k written rows
    // were pushed into an array read for its length.
    if (statement.returnsRows) for (let batch = stream.next(); batch; batch = stream.next()) for (const r of batch) rows.push(r);
    else for (let batch = stream.next(); batch; batch = stream.next()) count += batch.length;
  } finally {
    stream.close();
  }
  if (!statement.returnsRows) return new ResultSet([], [], count);
  return new ResultSet([...statement.columns], ownedRows(rows, sharesRows(optimized.physical)));
}

/**
 * runPlanned executes a prepared statement's plan with `params` (options.params is not read):
 * the plan is compiled on its first run and reused by later ones, which only bind parameters.
 */
export function runPlanned(planned: PlannedQuery, tx: StoreTransaction, params: Params | undefined, options: RunOptions): ResultSet {
  const statement = planned.statement;
  params = boundParams(statement, params);
  let compiled = planned.compiled;
  if (compiled === undefined) {
    // (An EXPLAIN is never compiled: every run explains.)
    if (statement.explain) return explained(planned.optimized, statement, tx, { ...options, params });
    compiled = planned.compiled = compilePlan(planned.optimized.physical, tx, shareSubplans(options));
  }
  const got = compiled.collect(tx, options, statement.returnsRows, params);
  // (Without `coded` the rows come as arrays.)
  if (!statement.returnsRows) return new ResultSet([], [], (got as Value[][]).length);
  const rows = Array.isArray(got) ? ownedRows(got, (planned.sharesRows ??= sharesRows(planned.optimized.physical))) : got;
  return new ResultSet((planned.columns ??= Object.freeze([...statement.columns]) as string[]), rows);
}

/** explained is EXPLAIN [ANALYZE]'s result: the physical plan's lines as rows. */
function explained(optimized: ReturnType<typeof optimize>, statement: QueryStatement, tx: StoreTransaction, options: RunOptions): ResultSet {
  const explanation = explainOptimized(optimized, statement, tx, options);
  return new ResultSet(['plan'], explanation.physical.split('\n').map((line) => [line]));
}

/** explainQuery optimizes a query statement and describes the plan (running it under ANALYZE). */
export function explainQuery(statement: QueryStatement, store: Store, tx: StoreTransaction, analyze: boolean, options: RunOptions = {}): Explanation {
  const ctx = makeContext(statsIn(store, tx), statement.alloc, options.optimizer);
  const optimized = optimize(statement.plan, ctx);
  options = bound(statement, options);
  return explainOptimized(optimized, { ...statement, explain: analyze ? 'analyze' : 'plan' }, tx, options);
}

function explainOptimized(
  optimized: ReturnType<typeof optimize>,
  statement: QueryStatement,
  tx: StoreTransaction,
  options: RunOptions,
): Explanation {
  let profile: Profile | undefined;
  if (statement.explain === 'analyze') {
    profile = new Map();
    const stream = openPlan(optimized.physical, tx, { ...execOptions(options), profile });
    try {
      while (stream.next());
    } finally {
      stream.close();
    }
  }
  const physical = printPhysical(optimized.physical, profile);
  const logical = printPlan(optimized.logical);
  return {
    logical,
    physical,
    passes: optimized.passes,
    toString: () => physical,
  };
}

/** bound applies the statement's language binding to the run's parameters (no copy when it changes nothing). */
function bound(statement: QueryStatement, options: RunOptions): RunOptions {
  const params = boundParams(statement, options.params);
  return params === options.params ? options : { ...options, params };
}

/** boundParams is `params` as the statement binds them (its front end's conversion), or as given. */
function boundParams(statement: QueryStatement, params: Params | undefined): Params | undefined {
  return statement.bindParams === undefined || params === undefined ? params : statement.bindParams(params);
}

function execOptions(options: RunOptions) {
  return { params: options.params, timeoutMs: options.timeoutMs, maxRows: options.maxRows, signal: options.signal, shareSubplans: shareSubplans(options), writeCounts: options.writeCounts };
}

/** shareSubplans: whether the executor computes a subplan held more than once only once per run (switched off as `share-subplans`, or by `all`). */
function shareSubplans(options: RunOptions): boolean {
  const disabled = options.optimizer?.disabled;
  if (disabled === undefined) return true;
  for (const name of disabled) if (name === 'share-subplans' || name === 'all') return false;
  return true;
}
