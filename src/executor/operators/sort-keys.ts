/**
 * sort-keys.ts — compiled SortKeys shared by sort and top-k, and the evaluation of
 * LIMIT/OFFSET-style count expressions shared by limit and top-k.
 *
 * A key compares with its registry ordering (lookupOrdering) on non-null values, reversed
 * when descending; NULLs go first when nullsFirst, else last, whatever the direction (the
 * front end turns its language's default — SQLite: NULLs smallest — into the flag).
 */
import type { Evaluator, SortKey } from '../../algebra/index.js';
import { followsKeyOrder, formatValue, lookupOrdering, type Comparator } from '../../algebra/index.js';
import { RuntimeError } from '../../common/errors.js';
import type { Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { NO_ROW, type Layout } from '../compile-expr.js';
import type { Scope } from '../operator.js';

export type KeyCompare = (a: Value, b: Value) => number;

export interface CompiledSortKeys {
  readonly evals: readonly Evaluator[];
  readonly compares: readonly KeyCompare[];
  /**
   * When the first key is a column of the input row whose ordering sorts numbers numerically:
   * its position and direction, so a loop can compare two numbers in place (no calls).
   */
  readonly numericColumn: { readonly position: number; readonly descending: boolean } | null;
}

export function compileSortKeys(keys: readonly SortKey[], layout: Layout, c: PlanCompiler, scope: Scope): CompiledSortKeys {
  const first = keys[0];
  const position = first !== undefined && first.expr.kind === 'column' ? layout.get(first.expr.id) : undefined;
  return {
    evals: keys.map((k) => c.expr(k.expr, layout, scope)),
    compares: keys.map(keyCompare),
    numericColumn: position !== undefined && numeric(first) ? { position, descending: first.descending } : null,
  };
}

/** numeric says whether `k`'s ordering sorts numbers (integers and reals alike) in numeric order. */
function numeric(k: SortKey): boolean {
  return followsKeyOrder(k.ordering, 'integer') && followsKeyOrder(k.ordering, 'real');
}

function keyCompare(k: SortKey): KeyCompare {
  const ordering = lookupOrdering(k.ordering);
  // An ordering that sorts numbers in key order sorts them numerically: compare them directly.
  const cmp: Comparator = numeric(k)
    ? (a, b) => (typeof a === 'number' && typeof b === 'number' ? (a < b ? -1 : a > b ? 1 : 0) : ordering(a, b))
    : ordering;
  const nulls = k.nullsFirst ? -1 : 1;
  if (k.descending) return (a, b) => (a === null ? (b === null ? 0 : nulls) : b === null ? -nulls : cmp(b, a));
  return (a, b) => (a === null ? (b === null ? 0 : nulls) : b === null ? -nulls : cmp(a, b));
}


/**
 * evalCount evaluates a LIMIT count or OFFSET once: null count means no limit (Infinity) and
 * null offset 0; a negative count means no limit and a negative offset 0 (SQLite); anything
 * but an integer is a RuntimeError naming the operator and the value.
 */
export function evalCount(e: Evaluator | null, what: 'count' | 'offset', operator: string): number {
  if (e === null) return what === 'count' ? Infinity : 0;
  const v = e(NO_ROW);
  if (v === null) return what === 'count' ? Infinity : 0;
  let n: number;
  if (typeof v === 'number' && Number.isInteger(v)) n = v;
  else if (typeof v === 'bigint') n = Number(v);
  else throw new RuntimeError(`${operator}: ${what} must be an integer, got ${formatValue(v)}`);
  if (n < 0) return what === 'count' ? Infinity : 0;
  return n;
}
