/**
 * key-range.ts — compiles a PhysicalKeyRange (bounds whose values are expressions) into a
 * function producing the storage KeyRange, evaluated once per scan open (bounds may read
 * parameters and, under Apply, outer columns, but never the scan's own rows).
 */
import type { Expr, PhysicalKeyBound, PhysicalKeyRange } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import { compareValues } from '../../storage/compare.js';
import type { KeyBound, KeyRange, RowCursor } from '../../storage/relations.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { Scope } from '../operator.js';
import { NO_COLUMNS, NO_ROW } from '../compile-expr.js';


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

/**
 * compileKeyList returns a function that evaluates an IN-list scan's ranges: the equality
 * prefix of `range` followed by each distinct non-null list value, in the scan's direction
 * (`descending`: the list's key column is stored in descending order).
 */
export function compileKeyList(
  range: PhysicalKeyRange | null,
  list: readonly Expr[],
  reverse: boolean,
  descending: boolean,
  c: PlanCompiler,
  scope: Scope,
): () => KeyRange[] {
  const prefix = compileBound(range?.lower ?? null, c, scope);
  const evals = list.map((e) => c.expr(e, NO_COLUMNS, scope));
  const backwards = reverse !== descending;
  return () => {
    const head = prefix?.().values ?? [];
    const values: Value[] = [];
    for (const e of evals) {
      const v = e(NO_ROW);
      if (v !== null) values.push(v);
    }
    values.sort(compareValues);
    if (backwards) values.reverse();
    const ranges: KeyRange[] = [];
    for (let i = 0; i < values.length; i++) {
      // Equal values (1 and 1.0) share a key: read it once.
      if (i > 0 && compareValues(values[i - 1], values[i]) === 0) continue;
      const bound: KeyBound = { values: [...head, values[i]], inclusive: true };
      ranges.push({ lower: bound, upper: bound, reverse });
    }
    return ranges;
  };
}

/** ChainedCursor reads several ranges one after another, as one cursor. */
export class ChainedCursor implements RowCursor {
  private current: RowCursor | null = null;
  private next = 0;

  constructor(
    private readonly ranges: readonly KeyRange[],
    private readonly open: (range: KeyRange) => RowCursor,
  ) {}

  nextBatch(max?: number): Row[] | null {
    for (;;) {
      if (this.current === null) {
        if (this.next >= this.ranges.length) return null;
        this.current = this.open(this.ranges[this.next++]);
      }
      const batch = this.current.nextBatch(max);
      if (batch !== null) return batch;
      this.current.close();
      this.current = null;
    }
  }

  close(): void {
    this.current?.close();
    this.current = null;
    this.next = this.ranges.length;
  }
}
