/**
 * values.ts — an inline table. Its expressions are evaluated when the operator opens (they may
 * read parameters and, under Apply, outer columns), then emitted in batches.
 */
import type { PValues } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { ArrayOperator, type Open, type Scope } from '../operator.js';
import { NO_COLUMNS, NO_ROW } from '../compile-expr.js';


export function compileValues(p: PValues, c: PlanCompiler, scope: Scope): Open {
  const rows = p.rows.map((r) => r.map((e) => c.expr(e, NO_COLUMNS, scope)));
  const limits = c.ctx.limits;
  return () => {
    const out: Row[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const evals = rows[i];
      const row = new Array<Value>(evals.length);
      for (let j = 0; j < evals.length; j++) row[j] = evals[j](NO_ROW);
      out[i] = row;
    }
    return new ArrayOperator(out, out.length, limits);
  };
}
