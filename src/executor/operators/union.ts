/**
 * union.ts — bag union: the inputs' batches one input after the other, positionally (each
 * input is opened only when the previous one is exhausted).
 */
import type { PUnion } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { Open, Operator, Scope } from '../operator.js';

export function compileUnion(p: PUnion, c: PlanCompiler, scope: Scope): Open {
  const inputs = p.inputs.map((i) => c.compile(i, scope));
  return () => new UnionOperator(inputs);
}

class UnionOperator implements Operator {
  private index = 0;
  private current: Operator | null = null;

  constructor(private readonly inputs: readonly Open[]) {}

  next(): Row[] | null {
    while (this.index < this.inputs.length) {
      this.current ??= this.inputs[this.index]();
      const b = this.current.next();
      if (b !== null) return b;
      this.current.close();
      this.current = null;
      this.index++;
    }
    return null;
  }

  close(): void {
    this.current?.close();
    this.current = null;
    this.index = this.inputs.length;
  }
}
