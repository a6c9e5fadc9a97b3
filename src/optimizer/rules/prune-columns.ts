/**
 * prune-columns.ts — projection pruning.
 *
 * Walks the plan top-down with the set of columns the parent needs and drops what nobody
 * reads: unused computed columns of Extend, unused aggregates and window calls, columns of inner projections.
 * Scans keep their full rows: the executor emits stored rows without copying them, so
 * narrowing a scan would cost a copy per row instead of saving one.
 */
import * as b from '../../algebra/build.js';
import { columnsUsed, type Expr } from '../../algebra/expr.js';
import type { Plan } from '../../algebra/logical.js';
import { children, expressions, withChildren } from '../../algebra/visit.js';

export function pruneColumns(plan: Plan): Plan {
  return prune(plan, new Set(plan.schema.map((c) => c.id)));
}

function usedBy(exprs: readonly Expr[], into: Set<number>): Set<number> {
  for (const e of exprs) columnsUsed(e, into);
  return into;
}

function all(p: Plan): Set<number> {
  return new Set(p.schema.map((c) => c.id));
}

function prune(p: Plan, required: ReadonlySet<number>): Plan {
  switch (p.kind) {
    case 'project': {
      const keep = p.schema.filter((c) => required.has(c.id));
      const cols = keep.length ? keep : p.schema.slice(0, 1);
      return b.project(prune(p.input, new Set(cols.map((c) => c.id))), cols);
    }
    case 'extend': {
      const defs = p.definitions.filter((d) => required.has(d.column.id));
      const need = usedBy(
        defs.map((d) => d.expr),
        new Set([...required].filter((id) => p.input.schema.some((c) => c.id === id))),
      );
      return b.extend(prune(p.input, need), defs);
    }
    case 'aggregate': {
      const aggs = p.aggregates.filter((a) => required.has(a.column.id));
      const need = new Set(p.groupBy.map((c) => c.id));
      for (const a of aggs) {
        usedBy(a.args, need);
        if (a.filter) columnsUsed(a.filter, need);
      }
      return b.aggregate(prune(p.input, need), p.groupBy, aggs);
    }
    case 'window': {
      const calls = p.calls.filter((c) => required.has(c.column.id));
      if (calls.length === 0) return prune(p.input, new Set([...required].filter((id) => p.input.schema.some((c) => c.id === id))));
      const kept = b.window(p.input, p.partitionBy, p.orderBy, calls);
      const need = usedBy(expressions(kept), new Set([...required].filter((id) => p.input.schema.some((c) => c.id === id))));
      return b.window(prune(p.input, need), p.partitionBy, p.orderBy, calls);
    }
    case 'filter':
    case 'sort':
    case 'limit':
    case 'join':
    case 'multijoin':
    case 'unnest': {
      const need = usedBy(expressions(p), new Set(required));
      return withChildren(
        p,
        children(p).map((c) => prune(c, new Set([...need].filter((id) => c.schema.some((x) => x.id === id))))),
      );
    }
    default:
      // Positional or whole-row operators (union, distinct, minus, fixpoint, apply…) need every input column.
      return withChildren(
        p,
        children(p).map((c) => prune(c, all(c))),
      );
  }
}
