/**
 * window.ts — the Window operator: materializes its input, sorts it once by partition keys
 * then order keys (sort-keys.ts, stable), splits it into partitions and peer groups, and
 * computes each call per partition: window functions through the registry's `evaluate`,
 * aggregates over frames through window-aggregate.ts. Output: input row ++ one value per
 * call, in window order.
 */
import type { Evaluator, FrameBound, PWindow, WindowCall, WindowFrame } from '../../algebra/index.js';
import { formatValue, hasWindowFunction, lookupAggregate, lookupWindowFunction, type AggregateDef, type WindowFunctionDef } from '../../algebra/index.js';
import { RuntimeError } from '../../common/errors.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { NO_ROW, layoutOf } from '../compile-expr.js';
import { ArrayOperator, drainInto, type Limits, type Open, type Operator, type Scope } from '../operator.js';
import { indexComparator } from './sort.js';
import { compileSortKeys, type CompiledSortKeys } from './sort-keys.js';
import { evaluateAggregate } from './window-aggregate.js';
import { FramedPartition, Peers, type FrameOffsets, type RangeKey } from './window-frame.js';

interface CompiledCall {
  readonly fn: WindowFunctionDef | null;
  readonly aggregate: AggregateDef | null;
  readonly args: readonly Evaluator[];
  readonly filter: Evaluator | null;
  readonly frame: WindowFrame;
  readonly startOffset: Evaluator | null;
  readonly endOffset: Evaluator | null;
}

interface CompiledWindow {
  readonly keys: CompiledSortKeys;
  readonly partitionKeys: number;
  readonly calls: readonly CompiledCall[];
  /** Whether the single order key is descending (RANGE frames with offsets measure along it). */
  readonly descending: boolean;
}

export function compileWindow(p: PWindow, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const layout = layoutOf(p.input.schema);
  const compiled: CompiledWindow = {
    keys: compileSortKeys([...p.partitionBy, ...p.orderBy], layout, c, scope),
    partitionKeys: p.partitionBy.length,
    calls: p.calls.map((call) => compileCall(call, (e) => c.expr(e, layout, scope))),
    descending: p.orderBy.length === 1 && p.orderBy[0].descending,
  };
  const limits = c.ctx.limits;
  return () => new WindowOperator(input(), compiled, limits);
}

function compileCall(call: WindowCall, expr: (e: WindowCall['args'][number]) => Evaluator): CompiledCall {
  const windowFn = hasWindowFunction(call.fn);
  return {
    fn: windowFn ? lookupWindowFunction(call.fn) : null,
    aggregate: windowFn ? null : lookupAggregate(call.fn),
    args: call.args.map(expr),
    filter: call.filter ? expr(call.filter) : null,
    frame: call.frame,
    startOffset: call.frame.start.offset ? expr(call.frame.start.offset) : null,
    endOffset: call.frame.end.offset ? expr(call.frame.end.offset) : null,
  };
}


/** frameOffset evaluates a bound's offset once, with SQLite's rule: a non-negative integer (any non-negative number for RANGE). */
function frameOffset(e: Evaluator | null, bound: FrameBound, frame: WindowFrame, which: 'starting' | 'ending'): number {
  if (e === null) return 0;
  const v = e(NO_ROW);
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : NaN;
  const integral = frame.units !== 'range';
  if (!(n >= 0) || (integral && !Number.isInteger(n))) {
    throw new RuntimeError(`window: frame ${which} offset must be a non-negative ${integral ? 'integer' : 'number'}, got ${formatValue(v)} (${bound.type})`);
  }
  return n;
}

class WindowOperator implements Operator {
  private output: Operator | null = null;

  constructor(
    private input: Operator | null,
    private readonly w: CompiledWindow,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.output === null) {
      const rows = drainInto(this.input as Operator, []);
      this.input = null;
      this.output = new ArrayOperator(this.compute(rows), undefined, this.limits);
    }
    return this.output.next();
  }

  private compute(rows: Row[]): Row[] {
    const { keys, partitionKeys, calls } = this.w;
    const n = rows.length;
    const offsets: FrameOffsets[] = calls.map((c) => ({
      start: frameOffset(c.startOffset, c.frame.start, c.frame, 'starting'),
      end: frameOffset(c.endOffset, c.frame.end, c.frame, 'ending'),
    }));
    // Sort once: key columns, then a stable permutation of row indexes.
    const unsorted = keys.evals.map((ev) => rows.map((r) => ev(r)));
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort(indexComparator(unsorted, keys.compares));
    const sorted = order.map((i) => rows[i]);
    const cols = unsorted.map((col) => order.map((i) => col[i]));
    const differs = (from: number, to: number, i: number): boolean => {
      for (let k = from; k < to; k++) if (keys.compares[k](cols[k][i - 1], cols[k][i]) !== 0) return true;
      return false;
    };
    const results = calls.map(() => new Array<Value>(n));
    for (let a = 0; a < n; ) {
      this.limits.check();
      let b = a + 1;
      while (b < n && !differs(0, partitionKeys, b)) b++;
      const peers = new Peers(b - a, (i) => differs(partitionKeys, keys.compares.length, a + i));
      const key: RangeKey | null =
        keys.compares.length === partitionKeys + 1
          ? { values: cols[partitionKeys].slice(a, b), compare: keys.compares[partitionKeys], descending: this.w.descending }
          : null;
      const part = sorted.slice(a, b);
      calls.forEach((call, k) => {
        const argValues = call.args.map((ev) => part.map((r) => ev(r)));
        const framed = new FramedPartition(peers, argValues, call.frame, offsets[k], key);
        const out = new Array<Value>(b - a);
        if (call.fn) call.fn.evaluate(framed, out);
        else {
          const filter = call.filter ? part.map((r) => (call.filter as Evaluator)(r)) : null;
          evaluateAggregate(call.aggregate as AggregateDef, framed, filter, out, this.limits);
        }
        const target = results[k];
        for (let i = 0; i < out.length; i++) target[a + i] = out[i];
      });
      a = b;
    }
    // Output rows are built at their final width (growing a copy by push reallocates).
    const out = new Array<Row>(n);
    const m = results.length;
    for (let i = 0; i < n; i++) {
      const r = sorted[i];
      const width = r.length;
      const row = new Array<Value>(width + m);
      for (let c = 0; c < width; c++) row[c] = r[c];
      for (let k = 0; k < m; k++) row[width + k] = results[k][i];
      out[i] = row;
    }
    return out;
  }

  close(): void {
    this.input?.close();
    this.input = null;
    this.output?.close();
  }
}
