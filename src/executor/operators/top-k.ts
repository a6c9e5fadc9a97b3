/**
 * top-k.ts — the first offset+count rows by SortKeys without sorting the whole input: a
 * bounded binary max-heap holds the best K = offset+count rows seen so far (its top is the
 * worst of them); a new row replaces the top only if it sorts strictly before it. Ties are
 * broken by arrival order, so the result equals a stable sort followed by offset/limit.
 * Key values live column-major in slot arrays, so a rejected row allocates nothing.
 * The offset and count expressions are evaluated once, when the operator first runs.
 */
import type { Evaluator, PTopK } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { layoutOf } from '../compile-expr.js';
import { ArrayOperator, type Limits, type Open, type Operator, type Scope } from '../operator.js';
import { compileSortKeys, evalCount, type CompiledSortKeys } from './sort-keys.js';
import { sortRows } from './sort.js';

export function compileTopK(p: PTopK, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const keys = compileSortKeys(p.keys, layoutOf(p.input.schema), c, scope);
  const none = new Map<number, number>();
  const offset = p.offset === null ? null : c.expr(p.offset, none, scope);
  const count = c.expr(p.count, none, scope);
  const limits = c.ctx.limits;
  return () => new TopKOperator(input(), keys, offset, count, limits);
}

class TopKOperator implements Operator {
  private output: Operator | null = null;

  constructor(
    private input: Operator | null,
    private readonly keys: CompiledSortKeys,
    private readonly offsetExpr: Evaluator | null,
    private readonly countExpr: Evaluator,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.output === null) {
      const offset = evalCount(this.offsetExpr, 'offset', 'top-k');
      const count = evalCount(this.countExpr, 'count', 'top-k');
      const input = this.input as Operator;
      let rows: Row[];
      if (count === 0) rows = [];
      else if (count === Infinity) {
        const all: Row[] = [];
        for (let b = input.next(); b !== null; b = input.next()) for (let i = 0; i < b.length; i++) all.push(b[i]);
        rows = sortRows(all, this.keys).slice(offset);
      } else rows = this.select(input, offset + count).slice(offset);
      input.close();
      this.input = null;
      this.output = new ArrayOperator(rows, undefined, this.limits);
    }
    return this.output.next();
  }

  close(): void {
    this.input?.close();
    this.input = null;
    this.output?.close();
  }

  /** select returns the best `k` rows of the input, sorted. */
  private select(input: Operator, k: number): Row[] {
    const { evals, compares } = this.keys;
    const nk = evals.length;
    // Slot arrays: the row, its key values (one array per key) and its arrival number.
    const rows: Row[] = [];
    const cols: Value[][] = evals.map(() => []);
    const seq: number[] = [];
    const heap: number[] = [];
    let free = -1; // a slot not in the heap, reused for the next candidate
    const cmp = (a: number, b: number): number => {
      for (let j = 0; j < nk; j++) {
        const c = compares[j](cols[j][a], cols[j][b]);
        if (c !== 0) return c;
      }
      return seq[a] - seq[b];
    };
    // Once the heap is full most rows lose to its top: compare them with it first, straight
    // from the row, so a rejected row costs its key evaluations and comparisons only.
    const loses = (row: Row): boolean => {
      const top = heap[0];
      for (let j = 0; j < nk; j++) {
        const c = compares[j](evals[j](row), cols[j][top]);
        if (c !== 0) return c > 0;
      }
      return true; // a tie arrives later than the top: it sorts after it
    };
    // With a numeric first key read straight from the row, a full heap's top key is a bound:
    // a number strictly beyond it loses without a call (anything else goes through `loses`).
    const numeric = this.keys.numericColumn;
    const at = numeric === null ? -1 : numeric.position;
    const desc = numeric !== null && numeric.descending;
    let bound = NaN; // NaN: no numeric bound (heap not full, or its top's key is not a number)
    const rebound = () => {
      const v = at < 0 || heap.length < k ? null : cols[0][heap[0]];
      bound = typeof v === 'number' ? v : NaN;
    };
    let arrival = 0;
    const take = (b: readonly Row[], from: number, to: number): void => {
      let i = from;
      while (i < to) {
        const bnd = bound;
        if (bnd === bnd) {
          // Most rows of a long input lose to the bound: skip them in a tight loop of locals.
          const first = i;
          if (desc) {
            for (let v = b[i][at]; typeof v === 'number' && v < bnd; v = b[i][at]) if (++i === to) break;
          } else {
            for (let v = b[i][at]; typeof v === 'number' && v > bnd; v = b[i][at]) if (++i === to) break;
          }
          arrival += i - first;
          if (i === to) return;
        }
        const row = b[i++];
        if (heap.length === k && loses(row)) {
          arrival++;
          continue;
        }
        let slot = free;
        if (slot < 0) {
          slot = rows.length;
          rows.push(row);
          for (let j = 0; j < nk; j++) cols[j].push(null);
          seq.push(0);
        } else rows[slot] = row;
        for (let j = 0; j < nk; j++) cols[j][slot] = evals[j](row);
        seq[slot] = arrival++;
        if (heap.length < k) {
          free = -1;
          siftUp(heap, slot, cmp);
          if (heap.length === k) rebound();
        } else if (cmp(slot, heap[0]) < 0) {
          free = heap[0];
          heap[0] = slot;
          siftDown(heap, cmp);
          rebound();
        } else free = slot;
      }
    };
    if (input.visit !== undefined) while (input.visit(take) > 0);
    else for (let b = input.next(); b !== null; b = input.next()) take(b, 0, b.length);
    heap.sort(cmp);
    const out: Row[] = new Array(heap.length);
    for (let i = 0; i < heap.length; i++) out[i] = rows[heap[i]];
    return out;
  }
}

/** siftUp appends `slot` to the max-heap. */
function siftUp(heap: number[], slot: number, cmp: (a: number, b: number) => number): void {
  let i = heap.length;
  heap.push(slot);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (cmp(heap[parent], slot) >= 0) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = slot;
}

/** siftDown restores the max-heap after its top was replaced. */
function siftDown(heap: number[], cmp: (a: number, b: number) => number): void {
  const n = heap.length;
  const slot = heap[0];
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const child = r < n && cmp(heap[r], heap[l]) > 0 ? r : l;
    if (cmp(heap[child], slot) <= 0) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = slot;
}
