/**
 * context.ts — what every optimizer pass may consult: statistics from storage, the query's
 * column allocator (passes that introduce columns continue its numbering) and the switches.
 */
import type { ColumnAllocator } from '../algebra/columns.js';
import type { RelationStats } from '../storage/relations.js';

export interface OptimizerOptions {
  /** Names of passes to skip (see PASSES in passes.ts); `all` skips every logical pass. */
  disabled?: Iterable<string>;
  /**
   * Validate the plan after every pass. Default: on under the test runner and with
   * POLYGLOTDB_VALIDATE_PLANS=1, off otherwise — it is an internal consistency check, and on
   * planning-heavy work (thousands of small queries, long WHERE clauses) it cost ~5% of the time.
   */
  validate?: boolean;
  /** Relations beyond which join ordering switches from dynamic programming to greedy. */
  dpLimit?: number;
}

export interface OptimizerContext {
  readonly stats: (relationId: number) => RelationStats;
  readonly alloc: ColumnAllocator;
  readonly disabled: ReadonlySet<string>;
  readonly validate: boolean;
  readonly dpLimit: number;
}

const env = typeof process === 'undefined' ? {} : process.env;
const VALIDATE_BY_DEFAULT = env.VITEST !== undefined || env.POLYGLOTDB_VALIDATE_PLANS === '1';

export function makeContext(
  stats: (relationId: number) => RelationStats,
  alloc: ColumnAllocator,
  options: OptimizerOptions = {},
): OptimizerContext {
  return {
    stats,
    alloc,
    disabled: new Set(options.disabled ?? []),
    validate: options.validate ?? VALIDATE_BY_DEFAULT,
    dpLimit: options.dpLimit ?? 10,
  };
}

/** enabled says whether a named pass runs under these options. */
export function enabled(ctx: OptimizerContext, pass: string): boolean {
  return !ctx.disabled.has(pass) && !ctx.disabled.has('all');
}
