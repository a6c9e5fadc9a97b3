/**
 * context.ts — what every optimizer pass may consult: statistics from storage, the query's
 * column allocator (passes that introduce columns continue its numbering) and the switches.
 */
import type { ColumnAllocator } from '../algebra/columns.js';
import type { RelationStats } from '../storage/relations.js';

export interface OptimizerOptions {
  /** Names of passes to skip (see PASSES in passes.ts); `all` skips every logical pass. */
  disabled?: Iterable<string>;
  /** Validate the plan after every pass (on by default; it is cheap). */
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

export function makeContext(
  stats: (relationId: number) => RelationStats,
  alloc: ColumnAllocator,
  options: OptimizerOptions = {},
): OptimizerContext {
  return {
    stats,
    alloc,
    disabled: new Set(options.disabled ?? []),
    validate: options.validate ?? true,
    dpLimit: options.dpLimit ?? 10,
  };
}

/** enabled says whether a named pass runs under these options. */
export function enabled(ctx: OptimizerContext, pass: string): boolean {
  return !ctx.disabled.has(pass) && !ctx.disabled.has('all');
}
