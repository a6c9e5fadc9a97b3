/**
 * unnest.ts — one output row per element of a list-valued expression: input ++ [element]
 * (++ [ordinality], 1-based). A NULL or empty list gives no rows, or with `outer` one row
 * with NULL element (and NULL ordinality). Any other value is a RuntimeError naming the
 * operator and the value. Long lists are split across batches (resumable mid-list).
 */
import type { Evaluator, PUnnest } from '../../algebra/index.js';
import { formatValue } from '../../algebra/index.js';
import { RuntimeError } from '../../common/errors.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { BATCH_SIZE, type Limits, type Open, type Operator, type Scope } from '../operator.js';

export function compileUnnest(p: PUnnest, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const expr = c.expr(p.expr, p.input.schema, scope);
  const width = p.input.schema.length;
  const ordinality = p.ordinality !== null;
  const limits = c.ctx.limits;
  return () => new UnnestOperator(input(), expr, width, ordinality, p.outer, limits);
}

const NO_LIST: Value[] = [];

class UnnestOperator implements Operator {
  private batch: Row[] | null = null;
  private li = 0;
  private list: Value[] | null = null;
  private ei = 0;
  private done = false;

  constructor(
    private readonly input: Operator,
    private readonly expr: Evaluator,
    private readonly width: number,
    private readonly ordinality: boolean,
    private readonly outer: boolean,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.done) return null;
    this.limits.check();
    const out: Row[] = [];
    const w = this.width;
    const ow = w + (this.ordinality ? 2 : 1);
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
      if (this.list === null) {
        const v = this.expr(row);
        if (v === null) this.list = NO_LIST;
        else if (Array.isArray(v)) this.list = v;
        else throw new RuntimeError(`unnest: expected a list, got ${formatValue(v)}`);
        this.ei = 0;
        if (this.list.length === 0 && this.outer) {
          const o = new Array<Value>(ow);
          for (let j = 0; j < w; j++) o[j] = row[j];
          for (let j = w; j < ow; j++) o[j] = null;
          out.push(o);
        }
      }
      const list = this.list;
      let ei = this.ei;
      while (ei < list.length && out.length < BATCH_SIZE) {
        const o = new Array<Value>(ow);
        for (let j = 0; j < w; j++) o[j] = row[j];
        o[w] = list[ei];
        if (this.ordinality) o[w + 1] = ei + 1;
        ei++;
        out.push(o);
      }
      this.ei = ei;
      if (ei >= list.length) {
        this.list = null;
        this.li++;
      }
    }
    return out.length > 0 ? out : null;
  }

  close(): void {
    this.done = true;
    this.batch = null;
    this.list = null;
    this.input.close();
  }
}
