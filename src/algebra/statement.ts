/**
 * statement.ts — what a front end hands the engine for one statement of a script.
 *
 * Queries and writes are plans (a write is a plan with a Write node); schema changes are
 * catalog operations; transaction control is an instruction to the engine's session. Lowering
 * happens one statement at a time, after the previous one ran, so each sees the catalog as
 * the statements before it left it (CREATE TABLE then INSERT in one script).
 */
import type { ColumnAllocator } from './columns.js';
import type { Plan } from './logical.js';
import type { Catalog, RelationDef, RelationStats } from '../storage/relations.js';
import type { Isolation } from '../storage/kv.js';
import type { Params, Row, Value } from '../common/values.js';

export type { Catalog, ColumnDef, ForeignKeyDef, IndexDef, NewIndex, NewRelation, RelationChange, RelationDef, RelationStats } from '../storage/relations.js';
export type { Isolation } from '../storage/kv.js';
export { AUTO_KEY_OPTION, SEQUENCE_OPTION, type SequenceOption } from '../storage/relations.js';

export interface QueryStatement {
  readonly kind: 'query';
  readonly plan: Plan;
  readonly alloc: ColumnAllocator;
  /** Names of the result columns, in order (the plan's schema order). */
  readonly columns: readonly string[];
  /** A write without RETURNING reports a count of affected rows instead of rows. */
  readonly returnsRows: boolean;
  /** EXPLAIN prints the plan instead of running it; ANALYZE runs it and prints actual figures. */
  readonly explain: 'plan' | 'analyze' | null;
  /**
   * The language's binding of parameter values, applied before every run (SQL binds NaN as
   * NULL and true as 1, as SQLite does); returns its argument when nothing changes.
   */
  readonly bindParams?: (params: Params) => Params;
  /**
   * A statement that changes rows as SQL's INSERT, UPDATE and DELETE do: the rows it changed
   * become the database's changes() count, the rowid of the last row it inserted its
   * last_insert_rowid().
   */
  readonly countsChanges?: boolean;
  /** The plan reads the database's change counters (parameters under COUNTER_PARAMS's keys). */
  readonly readsCounters?: boolean;
}

export interface SchemaStatement {
  readonly kind: 'schema';
  /** A short description for EXPLAIN and errors ("CREATE TABLE person"). */
  readonly description: string;
  apply(catalog: Catalog): void;
  /**
   * A write that belongs to the same statement, lowered against the catalog `apply` left
   * (CREATE TABLE … AS SELECT fills the table it created); it runs in the same transaction,
   * so the statement succeeds or fails as a whole.
   */
  readonly then?: (ctx: LoweringContext) => QueryStatement;
}

export interface TransactionStatement {
  readonly kind: 'transaction';
  readonly action: 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollback-to';
  readonly isolation?: Isolation;
  readonly name?: string;
}

export type Statement = QueryStatement | SchemaStatement | TransactionStatement;

/** What lowering may consult: the catalog as of this statement, and statistics for hints. */
export interface LoweringContext {
  readonly catalog: Catalog;
  readonly stats: (relation: RelationDef) => RelationStats;
  /**
   * committed reads the rows of relation `name` whose `index` (null: the primary key) starts
   * with `prefix`, as the latest commit left them — not as this statement's transaction sees
   * them. A front end may fold such rows into a plan that outlives the transaction (a cached
   * plan) only where committed rows can never change: the RDF term dictionary, whose terms are
   * never removed and whose ids are never reused once committed. Absent: fold nothing.
   */
  readonly committed?: (name: string, index: string | null, prefix: readonly Value[]) => readonly Row[];
}

/**
 * FrontEnd is one language: parse a script into statements' syntax trees, then lower each
 * (when its turn comes) to a Statement.
 */
export interface FrontEnd<Syntax = unknown> {
  readonly language: string;
  parse(text: string): Syntax[];
  lower(syntax: Syntax, ctx: LoweringContext): Statement;
}
