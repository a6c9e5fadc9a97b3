/**
 * not-null.ts — which columns of a logical plan can never be NULL.
 *
 * Derived bottom-up from what storage guarantees (NOT NULL and primary-key columns of a
 * scanned relation) and what operators add: a filter or an inner join condition that is never
 * true on a NULL (`x = y`, `x > 3`, `x IS NOT NULL`) removes the rows where its column is NULL;
 * a union's column is not NULL when it is not NULL in every branch; outer joins keep only
 * their preserved side's. Rules that are correct only without NULLs read it: `x NOT IN
 * (subquery)` is an anti join when neither x nor the subquery's column can be NULL
 * (push-filters.ts). Conservative: a column not in the set may still never be NULL.
 */
import { columnsUsed, conjuncts, type Expr } from '../algebra/expr.js';
import { lookupFunction } from '../algebra/functions/registry.js';
import type { Plan } from '../algebra/logical.js';

/** notNullColumns is the set of ids of `p`'s output columns that are never NULL. */
export function notNullColumns(p: Plan): Set<number> {
  switch (p.kind) {
    case 'scan': {
      const out = new Set<number>();
      const pk = p.relation.primaryKey ?? [];
      p.relation.columns.forEach((c, i) => {
        if (c.notNull || pk.includes(i)) out.add(p.schema[i].id);
      });
      return out;
    }
    case 'values': {
      const out = new Set<number>();
      p.schema.forEach((c, i) => {
        if (p.rows.length > 0 && p.rows.every((r) => r[i].kind === 'literal' && r[i].value !== null)) out.add(c.id);
      });
      return out;
    }
    case 'filter':
      return withRejected(notNullColumns(p.input), conjuncts(p.predicate), p.schema);
    case 'extend': {
      const out = notNullColumns(p.input);
      for (const d of p.definitions) if (neverNull(d.expr, out)) out.add(d.column.id);
      return out;
    }
    case 'project':
      return keep(notNullColumns(p.input), p.schema);
    case 'distinct':
    case 'sort':
    case 'limit':
    case 'window':
      return keep(notNullColumns(p.input), p.schema);
    case 'aggregate':
      return keep(notNullColumns(p.input), p.groupBy);
    case 'unnest':
      return keep(notNullColumns(p.input), p.input.schema);
    case 'apply':
      return keep(notNullColumns(p.input), p.input.schema);
    case 'join': {
      const left = notNullColumns(p.left);
      if (p.joinKind !== 'inner') return left;
      for (const id of notNullColumns(p.right)) left.add(id);
      return withRejected(left, p.condition ? conjuncts(p.condition) : [], p.schema);
    }
    case 'multijoin': {
      const out = new Set<number>();
      for (const input of p.inputs) for (const id of notNullColumns(input)) out.add(id);
      return withRejected(out, p.conditions, p.schema);
    }
    case 'union': {
      const branches = p.inputs.map(notNullColumns);
      const out = new Set<number>();
      p.schema.forEach((c, i) => {
        if (p.inputs.every((input, k) => branches[k].has(input.schema[i].id))) out.add(c.id);
      });
      return out;
    }
    case 'minus':
    case 'intersect':
      return keep(notNullColumns(p.left), p.schema);
    case 'fixpoint':
    case 'recursive-scan':
    case 'write':
      return new Set();
  }
}

/** neverNull says whether `e` is never NULL when the columns in `notNull` are not. */
export function neverNull(e: Expr, notNull: ReadonlySet<number>): boolean {
  switch (e.kind) {
    case 'column':
      return notNull.has(e.id);
    case 'literal':
      return e.value !== null;
    case 'param':
      return false;
    case 'call': {
      const def = lookupFunction(e.fn);
      if (def.conjunction || def.nullOnlyOnNull) return e.args.every((a) => neverNull(a, notNull));
      return false;
    }
  }
}

/**
 * rejectsNullsOf says whether a predicate cannot be true when every column of `cols` is null
 * (so a filter on it drops the rows where they are: the null-padded rows of an outer join).
 */
export function rejectsNullsOf(e: Expr, cols: ReadonlySet<number>): boolean {
  if (e.kind !== 'call') return false;
  const def = lookupFunction(e.fn);
  if (def.conjunction) return e.args.some((a) => rejectsNullsOf(a, cols));
  if (e.fn === 'sql.or') return e.args.every((a) => rejectsNullsOf(a, cols));
  if (def.falseOnNull) return nullWhenNull(e.args[0], cols);
  if (def.nullRejecting) return e.args.some((a) => nullWhenNull(a, cols));
  return false;
}

/** nullWhenNull says whether an expression is certainly null when every column of `cols` is null. */
function nullWhenNull(e: Expr, cols: ReadonlySet<number>): boolean {
  if (e.kind === 'column') return cols.has(e.id);
  if (e.kind === 'literal') return e.value === null;
  if (e.kind !== 'call') return false;
  return lookupFunction(e.fn).nullRejecting && e.args.some((a) => nullWhenNull(a, cols));
}

/** withRejected adds to `out` every column of `schema` that some predicate of `preds` is never true on a NULL of. */
function withRejected(out: Set<number>, preds: readonly Expr[], schema: readonly { id: number }[]): Set<number> {
  const own = new Set(schema.map((c) => c.id));
  for (const e of preds) {
    for (const id of columnsUsed(e)) if (own.has(id) && !out.has(id) && rejectsNullsOf(e, new Set([id]))) out.add(id);
  }
  return out;
}

function keep(set: Set<number>, schema: readonly { id: number }[]): Set<number> {
  const out = new Set<number>();
  for (const c of schema) if (set.has(c.id)) out.add(c.id);
  return out;
}
