/**
 * distinct-keys.ts — DISTINCT decided by unique keys (unique-keys.ts) instead of by hashing rows.
 *
 * A Distinct whose input already has a key among its columns removes nothing: it is dropped.
 * Otherwise, over a projection of an inner join, the Distinct may move onto the join's inputs:
 * the distinct rows of `project(C, L ⋈ R)` depend only on the columns each input gives to C
 * and to the join conditions, so each input may first be reduced to its distinct rows of those
 * columns. When that makes the join's rows distinct on C — `SELECT DISTINCT p.id, p.name FROM
 * persons p JOIN positions x ON x.person_id = p.id`: the distinct person ids of the positions,
 * each meeting one person by its primary key — the Distinct above is dropped, and the rows
 * hashed are the small join keys, not the wide output rows (strings and all). When it does not,
 * the plan is left as it was: a second Distinct would only add work.
 */
import * as b from '../../algebra/build.js';
import type { Column } from '../../algebra/columns.js';
import { columnsUsed, isDeterministic, type Expr } from '../../algebra/expr.js';
import type { Plan } from '../../algebra/logical.js';
import { transformUp } from '../../algebra/visit.js';
import { hasKeyWithin } from '../unique-keys.js';

export function distinctKeys(plan: Plan): Plan {
  return transformUp(plan, (p) => (p.kind === 'distinct' ? simplify(p.input) : p));
}

/** simplify is `distinct(input)` without the Distinct where keys show it removes nothing. */
function simplify(input: Plan): Plan {
  if (hasKeyWithin(input, input.schema)) return input;
  const pushed = pushIntoJoin(input);
  return pushed ?? b.distinct(input);
}

/**
 * pushIntoJoin rewrites `input` = [project over] an inner join so that its rows are distinct
 * (each join input reduced to its distinct rows of the columns read above it), or null when
 * keys cannot show the result distinct that way.
 */
function pushIntoJoin(input: Plan): Plan | null {
  const output = input.schema;
  const join = input.kind === 'project' ? input.input : input;
  const inputs = join.kind === 'multijoin' ? join.inputs : join.kind === 'join' && join.joinKind === 'inner' ? [join.left, join.right] : null;
  if (join.kind !== 'multijoin' && join.kind !== 'join') return null;
  if (inputs === null) return null;
  const conditions: readonly Expr[] = join.kind === 'multijoin' ? join.conditions : join.condition ? [join.condition] : [];
  if (!conditions.every(isDeterministic)) return null;
  const read = new Set(output.map((c) => c.id));
  for (const e of conditions) columnsUsed(e, read);
  let changed = false;
  const reduced = inputs.map((x) => {
    const kept = x.schema.filter((c) => read.has(c.id));
    if (kept.length === 0 || hasKeyWithin(x, kept)) return x;
    changed = true;
    return b.distinct(b.project(x, kept));
  });
  if (!changed) return null;
  const rejoined = join.kind === 'multijoin' ? b.multiJoin(reduced, conditions) : b.join('inner', reduced[0], reduced[1], join.condition);
  const candidate = b.project(rejoined, output as Column[]);
  return hasKeyWithin(candidate, output) ? candidate : null;
}
