/**
 * gather-joins.ts — flatten trees of inner joins into MultiJoin nodes.
 *
 * The join orderer then sees every relation of a conjunctive query and every join predicate
 * at once (the query's join hypergraph), whatever order the text wrote them in.
 */
import * as b from '../../algebra/build.js';
import { conjuncts, type Expr } from '../../algebra/expr.js';
import type { Plan } from '../../algebra/logical.js';
import { transformUp } from '../../algebra/visit.js';

export function gatherJoins(plan: Plan): Plan {
  return transformUp(plan, (p) => {
    if (p.kind !== 'join' || p.joinKind !== 'inner') return p;
    const inputs: Plan[] = [];
    const conditions: Expr[] = p.condition ? conjuncts(p.condition) : [];
    for (const side of [p.left, p.right]) {
      if (side.kind === 'multijoin') {
        inputs.push(...side.inputs);
        conditions.push(...side.conditions);
      } else inputs.push(side);
    }
    return b.multiJoin(inputs, conditions);
  });
}
