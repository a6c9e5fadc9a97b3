/**
 * filter.ts — keeps the rows whose predicate is exactly `true` (false and unknown both drop,
 * logical.ts). A batch whose rows all pass is forwarded as it is.
 *
 * Over an input with the run protocol (operator.ts: a scan lending the store's leaf arrays)
 * the filter reads the runs in place, so a selective filter over a stored relation copies
 * only the rows it keeps; it offers the protocol itself, handing its kept rows on in a
 * reused array.
 */
import { keyEqualityIsExact, type Evaluator, type PFilter } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { FilterKernel } from '../codegen.js';
import { type Open, type Operator, type RowRunVisitor, type Scope } from '../operator.js';
import { NO_COLUMNS, NO_ROW } from '../compile-expr.js';

export function compileFilter(p: PFilter, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  let kernel = c.filterKernel(p.predicate, p.input.schema, scope);
  if (kernel === null) {
    const predicate = c.expr(p.predicate, p.input.schema, scope);
    kernel = closureKernel(predicate);
  }
  const k = kernel;
  const open = () => {
    const op = input();
    return op.visit !== undefined ? new RunFilterOperator(op, k) : new FilterOperator(op, k);
  };
  if (p.exactForKeys === undefined) return open;
  // The range below holds the predicate exactly when its key values are plain: no filter then.
  const keys = p.exactForKeys.map((e) => c.expr(e, NO_COLUMNS, scope));
  return () => (keysExact(keys) ? input() : open());
}

/** keysExact says whether each of a filter's run-constant key values is plain (PFilter.exactForKeys): the key range then holds the predicate. */
export function keysExact(keys: readonly Evaluator[]): boolean {
  for (let i = 0; i < keys.length; i++) if (!keyEqualityIsExact(keys[i](NO_ROW))) return false;
  return true;
}


/** closureKernel is the filter loop over a compiled predicate, where no kernel was generated. */
function closureKernel(pred: Evaluator): FilterKernel {
  return (batch, from, to, out, o) => {
    for (let i = from; i < to; i++) {
      const row = batch[i];
      if (pred(row) === true) out[o++] = row;
    }
    return o;
  };
}

/** A filter over batches: forwards a batch whose rows all pass as it is. */
class FilterOperator implements Operator {
  constructor(
    private readonly input: Operator,
    private readonly kernel: FilterKernel,
  ) {}

  next(): Row[] | null {
    for (;;) {
      const batch = this.input.next();
      if (batch === null) return null;
      const out: Row[] = new Array(batch.length);
      const n = this.kernel(batch, 0, batch.length, out, 0);
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

/** A filter over an input's runs (operator.ts, run protocol). */
class RunFilterOperator implements Operator {
  private out: Row[] = [];
  private kept = 0;
  private readonly collect: RowRunVisitor;

  constructor(
    private readonly input: Operator,
    private readonly kernel: FilterKernel,
  ) {
    this.collect = (rows, from, to) => {
      this.kept = this.kernel(rows, from, to, this.out, this.kept);
    };
  }

  next(): Row[] | null {
    const input = this.input;
    // As many runs as it takes to keep a row (a selective filter keeps none from most runs).
    while (this.kept === 0) if (input.visit!(this.collect) === 0) return null;
    // A fresh array each time: the kernel wrote exactly `kept` rows into it.
    const out = this.out;
    this.out = [];
    this.kept = 0;
    return out;
  }

  visit(visitor: RowRunVisitor): number {
    const walked = this.input.visit!(this.collect);
    const n = this.kept;
    if (n > 0) {
      this.kept = 0;
      visitor(this.out, 0, n);
    }
    return walked;
  }

  close(): void {
    this.input.close();
  }
}
