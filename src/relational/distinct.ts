/**
 * distinct.ts — SELECT DISTINCT and UNION under the columns' collations, as SQLite: two rows
 * are duplicates when every column compares equal under its collating sequence (NOCASE: 'x'
 * and 'X'), and the first row of each such group is the one kept.
 *
 * Without a collation this is the plain Distinct. With one, the rows are grouped by their
 * collated columns' normalized values (collation.ts) and each collated column takes its
 * group's first value (`sql.any_value`), so the value shown is one that was there.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { col, type Expr } from '../algebra/expr.js';
import type { Collation } from '../algebra/functions/sql-collate.js';
import type { AggregateCall, Plan } from '../algebra/logical.js';
import type { SqlContext } from './context.js';
import { collated } from './collation.js';

export interface DistinctRows {
  readonly plan: Plan;
  /** rename maps a reference to an input column to the output column holding it. */
  readonly rename: (e: Expr) => Expr;
}

export function distinctRows(plan: Plan, collations: readonly (Collation | null)[] | undefined, ctx: SqlContext): DistinctRows {
  const kept = (i: number) => collations?.[i] === undefined || collations[i] === null || collations[i] === 'binary';
  if (plan.schema.every((_, i) => kept(i))) return { plan: b.distinct(plan), rename: (e) => e };
  const keys: { column: Column; expr: Expr }[] = [];
  const firsts: AggregateCall[] = [];
  const renamed = new Map<number, Column>();
  const groupBy = plan.schema.map((c, i) => {
    if (kept(i)) return c;
    const key = { column: ctx.alloc.column(`${c.name}_key`, c.type), expr: collated(col(c), collations![i]) };
    keys.push(key);
    const first = ctx.alloc.column(c.name, c.type);
    firsts.push({ column: first, fn: 'sql.any_value', args: [col(c)], distinct: false, filter: null });
    renamed.set(c.id, first);
    return key.column;
  });
  const grouped = b.aggregate(b.extend(plan, keys), groupBy, firsts);
  const outputs = plan.schema.map((c) => renamed.get(c.id) ?? c);
  return {
    plan: b.project(grouped, outputs),
    rename: (e) => (e.kind === 'column' && renamed.has(e.id) ? col(renamed.get(e.id)!) : e),
  };
}
