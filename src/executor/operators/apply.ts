/**
 * apply.ts — runs `subquery` once per input row with that row's columns bound as outer
 * columns (compile-expr.ts: the subquery is compiled once against an OuterScope whose Frame
 * this operator points at the current row before re-opening the subquery). Modes (logical.ts):
 *   cross   input ++ each subquery row          left  the same, or input ++ NULLs if none
 *   semi    input if the subquery has a row     anti  input if it has none
 *   mark    input ++ [exists]                   scalar input ++ [its single value, NULL if none]
 * A scalar subquery returning more than one row is a RuntimeError. semi/anti/mark/scalar stop
 * pulling the subquery as soon as the answer is known. cross/left resume mid-subquery when a
 * batch fills up.
 */
import type { PApply, ApplyMode } from '../../algebra/index.js';
import { formatValue } from '../../algebra/index.js';
import { RuntimeError } from '../../common/errors.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { layoutOf, type Frame } from '../compile-expr.js';
import { BATCH_SIZE, type Limits, type Open, type Operator, type Scope } from '../operator.js';

export function compileApply(p: PApply, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const frame: Frame = { row: [] };
  const subScope: Scope = {
    outer: { layout: layoutOf(p.input.schema), frame, parent: scope.outer },
    recursive: scope.recursive,
  };
  const subquery = c.compile(p.subquery, subScope);
  const lw = p.input.schema.length;
  const rw = p.subquery.schema.length;
  const limits = c.ctx.limits;
  return () => new ApplyOperator(p.mode, input(), subquery, frame, lw, rw, limits);
}

class ApplyOperator implements Operator {
  private batch: Row[] | null = null;
  private li = 0;
  /** cross/left: the subquery open for batch[li], and whether it produced a row yet. */
  private sub: Operator | null = null;
  private produced = false;
  private done = false;

  constructor(
    private readonly mode: ApplyMode,
    private readonly input: Operator,
    private readonly subquery: Open,
    private readonly frame: Frame,
    private readonly lw: number,
    private readonly rw: number,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.done) return null;
    this.limits.check();
    const out: Row[] = [];
    while (out.length < BATCH_SIZE) {
      if (this.batch === null || this.li >= this.batch.length) {
        this.batch = this.input.next();
        this.li = 0;
        if (this.batch === null) {
          this.done = true;
          break;
        }
      }
      const row = this.batch[this.li];
      if (this.mode === 'cross' || this.mode === 'left') {
        if (this.product(row, out)) this.li++;
      } else {
        this.test(row, out);
        this.li++;
      }
    }
    return out.length > 0 ? out : null;
  }

  close(): void {
    this.done = true;
    this.sub?.close();
    this.sub = null;
    this.batch = null;
    this.input.close();
  }

  /** product emits row ++ subquery rows into `out`; returns true once the row is finished. */
  private product(row: Row, out: Row[]): boolean {
    const { lw, rw } = this;
    if (this.sub === null) {
      this.frame.row = row;
      this.sub = this.subquery();
      this.produced = false;
    }
    while (out.length < BATCH_SIZE) {
      const b = this.sub.next();
      if (b === null) {
        this.sub.close();
        this.sub = null;
        if (!this.produced && this.mode === 'left') out.push(concat(row, null, lw, rw));
        return true;
      }
      this.produced = true;
      for (let i = 0; i < b.length; i++) out.push(concat(row, b[i], lw, rw));
    }
    return false;
  }

  /** test handles semi, anti, mark and scalar for one input row. */
  private test(row: Row, out: Row[]): void {
    this.frame.row = row;
    const sub = this.subquery();
    try {
      const first = sub.next();
      switch (this.mode) {
        case 'semi':
          if (first !== null) out.push(row);
          return;
        case 'anti':
          if (first === null) out.push(row);
          return;
        case 'mark':
          out.push(extend(row, first !== null, this.lw));
          return;
        default: {
          let value: Value = null;
          if (first !== null) {
            if (first.length > 1 || sub.next() !== null) {
              throw new RuntimeError(`apply (scalar): subquery returned more than one row for outer row ${formatValue(row)}`);
            }
            value = first[0][0];
          }
          out.push(extend(row, value, this.lw));
        }
      }
    } finally {
      sub.close();
    }
  }
}

function concat(l: Row, r: Row | null, lw: number, rw: number): Row {
  const o = new Array<Value>(lw + rw);
  for (let j = 0; j < lw; j++) o[j] = l[j];
  if (r === null) for (let j = 0; j < rw; j++) o[lw + j] = null;
  else for (let j = 0; j < rw; j++) o[lw + j] = r[j];
  return o;
}

function extend(l: Row, v: Value, lw: number): Row {
  const o = new Array<Value>(lw + 1);
  for (let j = 0; j < lw; j++) o[j] = l[j];
  o[lw] = v;
  return o;
}
