/**
 * passes.ts — the optimizer's pass list, in order.
 *
 * Each pass is pure (plan in, plan out), named, switchable off through OptimizerOptions,
 * timed, and followed by the plan validator. The last step, physical planning, always runs;
 * its index selection can be switched off by name (`select-indexes`).
 */
import type { Plan } from '../algebra/logical.js';
import type { OptimizerContext } from './context.js';
import { decorrelate } from './rules/decorrelate.js';
import { distinctKeys } from './rules/distinct-keys.js';
import { distributeJoins } from './rules/distribute-joins.js';
import { eagerAggregate } from './rules/eager-aggregate.js';
import { carryConstants } from './rules/carry-constants.js';
import { foldConstants } from './rules/fold-constants.js';
import { gatherJoins } from './rules/gather-joins.js';
import { orderJoins } from './rules/order-joins.js';
import { pruneColumns } from './rules/prune-columns.js';
import { pushFilters } from './rules/push-filters.js';
import { pushLimits } from './rules/push-limits.js';

export interface Pass {
  readonly name: string;
  readonly description: string;
  run(plan: Plan, ctx: OptimizerContext): Plan;
}

export const PASSES: readonly Pass[] = [
  { name: 'fold-constants', description: 'evaluate constant expressions, simplify AND/OR', run: (p) => foldConstants(p) },
  { name: 'decorrelate', description: 'turn correlated subqueries (Apply) into joins where the correlation is in predicates', run: (p, ctx) => decorrelate(p, ctx) },
  { name: 'push-filters', description: 'move predicates toward the scans; simplify outer joins', run: (p) => pushFilters(p) },
  { name: 'push-limits', description: 'move LIMIT below projections (so a sort under it becomes top-k)', run: (p) => pushLimits(p) },
  { name: 'gather-joins', description: 'flatten inner joins into multi-way joins', run: (p) => gatherJoins(p) },
  { name: 'carry-constants', description: 'equate a constant equated with one column of a join class with every member, for their indexes', run: (p) => carryConstants(p) },
  { name: 'distinct-keys', description: 'drop a DISTINCT over rows unique keys show distinct; move it onto join inputs when that makes them so', run: (p) => distinctKeys(p) },
  { name: 'distribute-joins', description: 'join a small input with each branch of a large UNION ALL, where each can probe an index', run: (p, ctx) => distributeJoins(p, ctx) },
  { name: 'eager-aggregate', description: 'group an input of a join before the join, where that makes the join cheaper', run: (p, ctx) => eagerAggregate(p, ctx) },
  { name: 'order-joins', description: 'choose the join order by estimated cost', run: (p, ctx) => orderJoins(p, ctx) },
  { name: 'prune-columns', description: 'drop computed columns nobody reads', run: (p) => pruneColumns(p) },
];

/**
 * Names a caller may pass in `disabled`, besides the logical passes (`narrow-columns`:
 * physical/narrow.ts; `multiway-join`: order-joins keeps cyclic joins binary, multiway.ts;
 * `share-subplans`: the executor runs each copy of a repeated subplan, executor/shared-plans.ts).
 */
export const PHYSICAL_SWITCHES = ['select-indexes', 'narrow-columns', 'multiway-join', 'share-subplans'] as const;
