/**
 * fold-constants.ts — evaluate deterministic calls whose arguments are all literals, and
 * simplify conjunctions and disjunctions around literal booleans.
 *
 * Folding runs the same implementation the executor would (registry.compileCall), so a folded
 * plan answers exactly as the unfolded one. A call that raises while folding is left in place:
 * the error belongs to runtime, and only if the row is ever evaluated.
 */
import { call, lit, type Expr } from '../../algebra/expr.js';
import { compileCall, lookupFunction } from '../../algebra/functions/registry.js';
import type { Plan } from '../../algebra/logical.js';
import { mapExpressions, transformUp } from '../../algebra/visit.js';

export function foldConstants(plan: Plan): Plan {
  return transformUp(plan, (p) => mapExpressions(p, foldExpr));
}

/** foldExpr folds one expression bottom-up. */
export function foldExpr(e: Expr): Expr {
  if (e.kind !== 'call') return e;
  const args = e.args.map(foldExpr);
  const def = lookupFunction(e.fn);
  const node = args.some((a, i) => a !== e.args[i]) ? call(e.fn, args) : e;
  if (def.deterministic && args.every((a) => a.kind === 'literal')) {
    try {
      const f = compileCall(
        def,
        args.map((a) => {
          const v = (a as { value: unknown }).value;
          return () => v as never;
        }),
        args.map((a) => a.type),
      );
      return lit(f([]), node.type);
    } catch {
      return node;
    }
  }
  if (def.conjunction) return simplifyConjunction(node.fn, node.args);
  if (e.fn === 'sql.or') return simplifyDisjunction(node.args) ?? node;
  return node;
}

function isLiteral(e: Expr, v: unknown): boolean {
  return e.kind === 'literal' && e.value === v;
}

function simplifyConjunction(fn: string, args: readonly Expr[]): Expr {
  if (args.some((a) => isLiteral(a, false))) return lit(false, 'boolean');
  // Dropping a literal true is only sound when what remains is already boolean-typed.
  const rest = args.filter((a) => !(isLiteral(a, true) && args.every((x) => x === a || x.type === 'boolean')));
  if (rest.length === 0) return lit(true, 'boolean');
  if (rest.length === 1 && rest[0].type === 'boolean') return rest[0];
  return rest.length === args.length ? call(fn, args) : rest.length === 1 ? call(fn, [rest[0], lit(true, 'boolean')]) : call(fn, rest);
}

function simplifyDisjunction(args: readonly Expr[]): Expr | undefined {
  if (args.some((a) => isLiteral(a, true))) return lit(true, 'boolean');
  return undefined;
}
