/**
 * limit.ts — skips `offset` rows, then passes `count` rows (null: all). Offset and count are
 * evaluated once, on the first call (sort-keys.ts evalCount). Once `count` rows have passed it
 * stops pulling and closes its input, so a scan under LIMIT reads no further.
 */
import type { Evaluator, PLimit } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { Open, Operator, Scope } from '../operator.js';
import { evalCount } from './sort-keys.js';

export function compileLimit(p: PLimit, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const none = new Map<number, number>();
  const offset = p.offset === null ? null : c.expr(p.offset, none, scope);
  const count = p.count === null ? null : c.expr(p.count, none, scope);
  return () => new LimitOperator(input(), offset, count);
}

class LimitOperator implements Operator {
  private skip = -1;
  private remaining = 0;
  private closed = false;

  constructor(
    private readonly input: Operator,
    private readonly offsetExpr: Evaluator | null,
    private readonly countExpr: Evaluator | null,
  ) {}

  next(): Row[] | null {
    if (this.closed) return null;
    if (this.skip < 0) {
      this.skip = evalCount(this.offsetExpr, 'offset', 'limit');
      this.remaining = evalCount(this.countExpr, 'count', 'limit');
    }
    while (this.remaining > 0) {
      let b = this.input.next();
      if (b === null) break;
      if (this.skip > 0) {
        if (b.length <= this.skip) {
          this.skip -= b.length;
          continue;
        }
        b = b.slice(this.skip);
        this.skip = 0;
      }
      if (b.length > this.remaining) b = b.slice(0, this.remaining);
      this.remaining -= b.length;
      if (this.remaining === 0) this.close();
      return b;
    }
    this.close();
    return null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.input.close();
  }
}
