/**
 * distinct.ts — removes duplicate rows (NULLs equal), streaming: a row passes the first time
 * its hash key (hash-key.ts, whole row) is seen.
 */
import type { PDistinct } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { rowKeyFn, type HashKey } from '../hash-key.js';
import type { Open, Operator, Scope } from '../operator.js';

export function compileDistinct(p: PDistinct, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const key = rowKeyFn(p.schema.length);
  return () => new DistinctOperator(input(), key);
}

class DistinctOperator implements Operator {
  private seen = new Set<HashKey>();

  constructor(
    private readonly input: Operator,
    private readonly key: (row: Row) => HashKey,
  ) {}

  next(): Row[] | null {
    for (;;) {
      const b = this.input.next();
      if (b === null) return null;
      const out: Row[] = [];
      const seen = this.seen;
      for (let i = 0; i < b.length; i++) {
        const k = this.key(b[i]);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(b[i]);
        }
      }
      if (out.length > 0) return out;
    }
  }

  close(): void {
    this.input.close();
    this.seen = new Set();
  }
}
