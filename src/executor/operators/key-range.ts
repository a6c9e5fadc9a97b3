/**
 * key-range.ts — compiles a PhysicalKeyRange (bounds whose values are expressions) into a
 * function producing the storage KeyRange, evaluated once per scan open (bounds may read
 * parameters and, under Apply, outer columns, but never the scan's own rows).
 */
import type { PhysicalKeyBound, PhysicalKeyRange } from '../../algebra/index.js';
import type { Value } from '../../common/values.js';
import type { KeyBound, KeyRange } from '../../storage/relations.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { Scope } from '../operator.js';

const NO_ROW: Value[] = [];
const NO_COLUMNS = new Map<number, number>();

/** compileKeyRange returns a function that evaluates the range's bounds. */
export function compileKeyRange(range: PhysicalKeyRange | null, reverse: boolean, c: PlanCompiler, scope: Scope): () => KeyRange {
  const lower = compileBound(range?.lower ?? null, c, scope);
  const upper = compileBound(range?.upper ?? null, c, scope);
  return () => ({ lower: lower?.() ?? null, upper: upper?.() ?? null, reverse });
}

function compileBound(b: PhysicalKeyBound | null, c: PlanCompiler, scope: Scope): (() => KeyBound) | null {
  if (b === null) return null;
  const evals = b.values.map((e) => c.expr(e, NO_COLUMNS, scope));
  const inclusive = b.inclusive;
  return () => {
    const values = new Array<Value>(evals.length);
    for (let i = 0; i < evals.length; i++) values[i] = evals[i](NO_ROW);
    return { values, inclusive };
  };
}
