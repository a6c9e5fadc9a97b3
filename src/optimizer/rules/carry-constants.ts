/**
 * carry-constants.ts — a constant equated with one column of a join's class of equal columns
 * is equated with every member.
 *
 * `a.x = 4 AND a.x = b.y` means `b.y = 4`. Written the first way, b's input is probed once per
 * row of a's (or hashed whole); with the copy, b's input is read through its index on y, or
 * its key range, like a's. For each MultiJoin, the equalities of columns of different inputs
 * form classes (equivalence.ts); a condition `member = constant` of the class's equality
 * function — among the join's conditions or in a filter at the top of an input, where
 * push-filters left it — is copied onto every other member's input, and pushed down there.
 * Sound because an equality function's true means both sides are the same non-null value
 * (registry `equality`), which is transitive; the constant is a deterministic expression of
 * no columns (a literal, a parameter, an affinity applied to one), the same wherever it is.
 */
import * as b from '../../algebra/build.js';
import { call, columnsUsed, conjuncts, exprEquals, isDeterministic, type Call, type ColumnRef, type Expr } from '../../algebra/expr.js';
import { lookupFunction } from '../../algebra/functions/registry.js';
import type { MultiJoin, Plan } from '../../algebra/logical.js';
import { transformUp } from '../../algebra/visit.js';
import { equivalenceClasses } from '../equivalence.js';
import { pushFilters } from './push-filters.js';

export function carryConstants(plan: Plan): Plan {
  return transformUp(plan, (p) => (p.kind === 'multijoin' ? carryOne(p) : p));
}

function carryOne(p: MultiJoin): Plan {
  const owner = new Map<number, number>();
  p.inputs.forEach((input, i) => input.schema.forEach((c) => owner.set(c.id, i)));
  const { classes } = equivalenceClasses(p.conditions, owner);
  if (classes.length === 0) return p;
  const known: Expr[] = [...p.conditions];
  for (const input of p.inputs) if (input.kind === 'filter') known.push(...conjuncts(input.predicate));
  const added = p.inputs.map(() => [] as Expr[]);
  for (const e of known.slice()) {
    const bound = boundColumn(e);
    if (bound === null) continue;
    const c = classes.find((k) => k.fn === bound.eq.fn && k.columns.some((m) => m.id === bound.column.id));
    if (c === undefined) continue;
    for (const m of c.columns) {
      const copy = call(bound.eq.fn, bound.columnFirst ? [m, bound.constant] : [bound.constant, m]);
      if (known.some((k) => exprEquals(k, copy))) continue;
      known.push(copy);
      added[owner.get(m.id) as number].push(copy);
    }
  }
  if (added.every((a) => a.length === 0)) return p;
  const inputs = p.inputs.map((input, i) => (added[i].length ? pushFilters(b.filter(input, b.and(added[i]))) : input));
  return b.multiJoin(inputs, p.conditions);
}

/** boundColumn reads `column = constant` (either way round) of an equality function; null for anything else. */
function boundColumn(e: Expr): { eq: Call; column: ColumnRef; constant: Expr; columnFirst: boolean } | null {
  if (e.kind !== 'call' || e.args.length !== 2 || !lookupFunction(e.fn).equality) return null;
  const [x, y] = e.args;
  const constant = (v: Expr) => isDeterministic(v) && columnsUsed(v).size === 0;
  if (x.kind === 'column' && constant(y)) return { eq: e, column: x, constant: y, columnFirst: true };
  if (y.kind === 'column' && constant(x)) return { eq: e, column: y, constant: x, columnFirst: false };
  return null;
}
