/**
 * sort.ts — a stable sort of the whole input by SortKeys (sort-keys.ts). Each key expression
 * is evaluated once per row into a column of key values; the sort permutes row indexes with
 * the input position as the last tie-breaker (stable whatever the engine's sort).
 */
import type { PSort } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { layoutOf } from '../compile-expr.js';
import { ArrayOperator, type Limits, type Open, type Operator, type Scope } from '../operator.js';
import { compileSortKeys, type CompiledSortKeys, type KeyCompare } from './sort-keys.js';

export function compileSort(p: PSort, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const keys = compileSortKeys(p.keys, layoutOf(p.input.schema), c, scope);
  const limits = c.ctx.limits;
  return () => new SortOperator(input(), keys, limits);
}

/** indexComparator orders row indexes by key columns, then by index. */
export function indexComparator(cols: readonly Value[][], compares: readonly KeyCompare[]): (i: number, j: number) => number {
  if (compares.length === 1) {
    const k = cols[0];
    const cmp = compares[0];
    return (i, j) => cmp(k[i], k[j]) || i - j;
  }
  const n = compares.length;
  return (i, j) => {
    for (let k = 0; k < n; k++) {
      const c = compares[k](cols[k][i], cols[k][j]);
      if (c !== 0) return c;
    }
    return i - j;
  };
}

/** sortRows returns `rows` stably sorted by the compiled keys. */
export function sortRows(rows: readonly Row[], keys: CompiledSortKeys): Row[] {
  const n = rows.length;
  const cols: Value[][] = keys.evals.map((ev) => {
    const col = new Array<Value>(n);
    for (let i = 0; i < n; i++) col[i] = ev(rows[i]);
    return col;
  });
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(indexComparator(cols, keys.compares));
  const out: Row[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[order[i]];
  return out;
}

class SortOperator implements Operator {
  private output: Operator | null = null;

  constructor(
    private input: Operator | null,
    private readonly keys: CompiledSortKeys,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.output === null) {
      const rows: Row[] = [];
      const input = this.input as Operator;
      for (let b = input.next(); b !== null; b = input.next()) for (let i = 0; i < b.length; i++) rows.push(b[i]);
      input.close();
      this.input = null;
      this.output = new ArrayOperator(sortRows(rows, this.keys), undefined, this.limits);
    }
    return this.output.next();
  }

  close(): void {
    this.input?.close();
    this.input = null;
    this.output?.close();
  }
}
