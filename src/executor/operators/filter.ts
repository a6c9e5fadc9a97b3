/**
 * filter.ts — keeps the rows whose predicate is exactly `true` (false and unknown both drop,
 * logical.ts). A batch whose rows all pass is forwarded as it is.
 */
import type { Evaluator, PFilter } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { FilterKernel } from '../codegen.js';
import type { Open, Operator, Scope } from '../operator.js';

export function compileFilter(p: PFilter, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const kernel = c.filterKernel(p.predicate, p.input.schema, scope);
  if (kernel !== null) return () => new KernelFilterOperator(input(), kernel);
  const predicate = c.expr(p.predicate, p.input.schema, scope);
  return () => new FilterOperator(input(), predicate);
}

/** A filter whose loop was generated with its predicate inlined (codegen.ts). */
class KernelFilterOperator implements Operator {
  constructor(
    private readonly input: Operator,
    private readonly kernel: FilterKernel,
  ) {}

  next(): Row[] | null {
    for (;;) {
      const batch = this.input.next();
      if (batch === null) return null;
      const out: Row[] = new Array(batch.length);
      const n = this.kernel(batch, out);
      if (n === batch.length) return batch;
      if (n > 0) {
        out.length = n;
        return out;
      }
    }
  }

  close(): void {
    this.input.close();
  }
}

class FilterOperator implements Operator {
  constructor(
    private readonly input: Operator,
    private readonly predicate: Evaluator,
  ) {}

  next(): Row[] | null {
    const pred = this.predicate;
    for (;;) {
      const batch = this.input.next();
      if (batch === null) return null;
      const n = batch.length;
      let i = 0;
      while (i < n && pred(batch[i]) === true) i++;
      if (i === n) return batch;
      const out: Row[] = batch.slice(0, i);
      for (i++; i < n; i++) {
        const row = batch[i];
        if (pred(row) === true) out.push(row);
      }
      if (out.length > 0) return out;
    }
  }

  close(): void {
    this.input.close();
  }
}
