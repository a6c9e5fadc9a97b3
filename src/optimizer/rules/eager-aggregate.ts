/**
 * eager-aggregate.ts — group part of a join before the rest of it (eager aggregation; Yan and
 * Larson, "Eager Aggregation and Lazy Aggregation", VLDB 1995: eager group-by).
 *
 *   Aggregate(G; f(x)…) over MultiJoin(S…, R…)
 *     → Aggregate(G; combine_f(p)…) over MultiJoin(Aggregate(S; K; partial_f(x) as p…), R…)
 *
 * S is one input or a connected part of the join's inputs, joined by the conditions among
 * them; K is every column of S that the other conditions or G read. The rows of S that agree
 * on K join the same rows of the other inputs and fall into the same final groups, so folding
 * them first and folding their partial results once per joined row gives the aggregate's
 * value — for aggregates that split that way (AggregateDef.split: COUNT is the sum of partial
 * counts, MIN the least of partial minimums) and whose arguments and FILTER read only S
 * (COUNT(*) reads nothing). The grouped part is itself an aggregate over a join, so the rule
 * applies to it again: the persons per country of residence count persons per city, the
 * cities' counts per region, then join the few regions up to their countries.
 *
 * It pays when S has many rows per K value: the rest of the join then carries a row per group.
 * The choice is by cost, the best join order of each form (order-joins.ts chooseJoin) plus the
 * rows each aggregate folds (PARTIAL_ROW_COST per row grouped early).
 */
import type { Column } from '../../algebra/columns.js';
import * as b from '../../algebra/build.js';
import { col, columnsUsed, isDeterministic, type Expr } from '../../algebra/expr.js';
import { lookupAggregate } from '../../algebra/functions/registry.js';
import type { Aggregate, AggregateCall, MultiJoin, Plan } from '../../algebra/logical.js';
import { transformUp } from '../../algebra/visit.js';
import { enabled, type OptimizerContext } from '../context.js';
import { Estimator } from '../estimate.js';
import { multiwayShape } from '../multiway.js';
import { chooseJoin } from './order-joins.js';

/** What grouping a row costs, in the join orderer's unit (a row of an intermediate result). */
const PARTIAL_ROW_COST = 1;
/** Joins of more inputs weigh only single inputs as S (every connected part is 2^n candidates, each ordered). */
const PARTS_LIMIT = 5;

export function eagerAggregate(plan: Plan, ctx: OptimizerContext): Plan {
  const est = new Estimator(ctx);
  return transformUp(plan, (p) => (p.kind === 'aggregate' ? eager(p, ctx, est) : p));
}

type Split = { readonly partial: string; readonly combine: string };

/** eager returns the aggregate with the part of its join that pays grouped first, or the aggregate itself. */
function eager(p: Aggregate, ctx: OptimizerContext, est: Estimator): Plan {
  const join = joinBelow(p.input);
  if (join === null || join.inputs.length > 30 || !join.conditions.every(isDeterministic)) return p;
  // A cyclic join is left to the multiway join, which reads each input once: grouping a part
  // first breaks the cycle it runs on, and C_out charges binary plans nothing for their reads.
  if (enabled(ctx, 'multiway-join') && multiwayShape(join.inputs, join.conditions) !== null) return p;
  const found = p.aggregates.map((a) => (a.distinct ? undefined : splitOf(a)));
  if (found.some((s) => s === undefined)) return p;
  const splits = found as Split[];
  const n = join.inputs.length;
  const owner = new Map<number, number>();
  join.inputs.forEach((input, i) => input.schema.forEach((c) => owner.set(c.id, i)));
  const maskOf = (e: Expr): number => {
    let m = 0;
    for (const id of columnsUsed(e)) if (owner.has(id)) m |= 1 << (owner.get(id) as number);
    return m;
  };
  const conditions = join.conditions.map((expr) => ({ expr, mask: maskOf(expr) }));
  // The inputs the aggregates read must all lie in S.
  let need = 0;
  for (const a of p.aggregates) {
    for (const e of a.args) need |= maskOf(e);
    if (a.filter !== null) need |= maskOf(a.filter);
  }
  const lazy = chooseJoin(join, ctx, est);
  let best: { cost: number; part: number } = { cost: lazy.cost + lazy.rows, part: 0 };
  const parts = n <= PARTS_LIMIT ? Array.from({ length: (1 << n) - 2 }, (_, k) => k + 1) : join.inputs.map((_, i) => 1 << i);
  for (const part of parts) {
    if ((part & need) !== need || !connected(part, conditions)) continue;
    const candidate = grouped(p, join, conditions, part, splits, ctx);
    if (candidate === null) continue;
    const sub = candidate.part.input;
    const cost = (sub.kind === 'multijoin' ? chooseJoin(sub, ctx, est).cost : 0) + est.rows(sub) * PARTIAL_ROW_COST;
    const rest = chooseJoin(candidate.join, ctx, est);
    const total = cost + rest.cost + rest.rows;
    if (total < best.cost) best = { cost: total, part };
  }
  if (best.part === 0) return p;
  const chosen = grouped(p, join, conditions, best.part, splits, ctx) as Grouped;
  // A part of several inputs is an aggregate over a join in turn.
  const part = chosen.part.input.kind === 'multijoin' ? eager(chosen.part, ctx, est) : chosen.part;
  const inputs = chosen.join.inputs.map((x) => (x === chosen.part ? part : x));
  return b.aggregate(b.multiJoin(inputs, chosen.join.conditions), p.groupBy, chosen.combined);
}

/** One candidate: the inputs in `part` joined and grouped, the join of that with the others, and the final aggregates. */
interface Grouped {
  readonly part: Aggregate;
  readonly join: MultiJoin;
  readonly combined: readonly AggregateCall[];
}

/** grouped builds the candidate grouping `part` first; null when the rest is no join (an input known empty). */
function grouped(p: Aggregate, join: MultiJoin, conditions: readonly { expr: Expr; mask: number }[], part: number, splits: readonly Split[], ctx: OptimizerContext): Grouped | null {
  const inside = conditions.filter((c) => (c.mask & ~part) === 0).map((c) => c.expr);
  const across = conditions.filter((c) => (c.mask & ~part) !== 0).map((c) => c.expr);
  const members = join.inputs.filter((_, i) => (part & (1 << i)) !== 0);
  const sub = b.multiJoin(members, inside);
  // S's columns that the conditions across its boundary or the final grouping read.
  const read = new Set(p.groupBy.map((c) => c.id));
  for (const e of across) columnsUsed(e, read);
  const keys: Column[] = sub.schema.filter((c) => read.has(c.id));
  const partials: AggregateCall[] = p.aggregates.map((a, k) => ({
    ...a,
    fn: splits[k].partial,
    column: ctx.alloc.column(`${a.column.name}_part`, lookupAggregate(splits[k].partial).returnType(a.args.map((e) => e.type))),
  }));
  const grouping = b.aggregate(sub, keys, partials);
  const others = join.inputs.filter((_, i) => (part & (1 << i)) === 0);
  const rest = b.multiJoin([grouping, ...others], across);
  if (rest.kind !== 'multijoin') return null;
  const combined = p.aggregates.map((a, k) => ({ column: a.column, fn: splits[k].combine, args: [col(partials[k].column)], distinct: false, filter: null }));
  return { part: grouping, join: rest, combined };
}

/** connected says whether the inputs in `part` are linked by conditions among them (a single input is). */
function connected(part: number, conditions: readonly { mask: number }[]): boolean {
  let reached = part & -part;
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of conditions) {
      if ((c.mask & ~part) !== 0 || (c.mask & reached) === 0 || (c.mask & ~reached) === 0) continue;
      reached |= c.mask;
      grew = true;
    }
  }
  return reached === part;
}

/** splitOf is how the call splits (AggregateDef.split), when its partial aggregate takes its arguments. */
function splitOf(a: AggregateCall): Split | undefined {
  const split = lookupAggregate(a.fn).split;
  if (split === undefined) return undefined;
  const partial = lookupAggregate(split.partial);
  return a.args.length >= partial.minArgs && a.args.length <= partial.maxArgs ? split : undefined;
}

/** joinBelow is the MultiJoin an aggregate reads, under projections (the aggregate reads columns by id). */
function joinBelow(p: Plan): MultiJoin | null {
  let q = p;
  while (q.kind === 'project') q = q.input;
  return q.kind === 'multijoin' ? q : null;
}
