/**
 * recursive-scan.ts — reads a recursive relation of the enclosing Fixpoint: all rows derived
 * so far (delta false) or the previous iteration's new rows (delta true). The rows read are
 * those present when the scan opens (fixpoint.ts documents which snapshot that is).
 */
import type { PRecursiveScan } from '../../algebra/index.js';
import type { PlanCompiler } from '../compile-plan.js';
import { ArrayOperator, type Open, type Scope } from '../operator.js';

export function compileRecursiveScan(p: PRecursiveScan, c: PlanCompiler, scope: Scope): Open {
  const state = scope.recursive.get(p.relation.id);
  if (state === undefined) throw new Error(`executor: recursive-scan of ${p.relation.name} outside its fixpoint`);
  const limits = c.ctx.limits;
  if (p.delta) return () => new ArrayOperator(state.delta, state.delta.length, limits);
  return () => new ArrayOperator(state.full, state.full.length, limits);
}
