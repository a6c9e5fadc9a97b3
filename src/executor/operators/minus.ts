/**
 * minus.ts — left rows not in right, positionally, NULLs equal (SQL EXCEPT / EXCEPT ALL).
 * set: each distinct left row absent from right, once. bag: each left row occurrence beyond
 * the number of equal right rows (a right row cancels one left occurrence).
 * The right input is counted on the first call; the left one streams.
 */
import type { PMinus } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { rowKeyFn, type HashKey } from '../hash-key.js';
import type { Open, Operator, Scope } from '../operator.js';
import { countRows } from './row-counts.js';

export function compileMinus(p: PMinus, c: PlanCompiler, scope: Scope): Open {
  const left = c.compile(p.left, scope);
  const right = c.compile(p.right, scope);
  const key = rowKeyFn(p.schema.length);
  const bag = p.semantics === 'bag';
  return () => new MinusOperator(left(), right, key, bag);
}

class MinusOperator implements Operator {
  private counts: Map<HashKey, number> | null = null;
  private readonly emitted = new Set<HashKey>();

  constructor(
    private readonly left: Operator,
    private readonly right: Open,
    private readonly key: (row: Row) => HashKey,
    private readonly bag: boolean,
  ) {}

  next(): Row[] | null {
    const counts = (this.counts ??= countRows(this.right, this.key));
    for (;;) {
      const b = this.left.next();
      if (b === null) return null;
      const out: Row[] = [];
      for (let i = 0; i < b.length; i++) {
        const row = b[i];
        const k = this.key(row);
        const n = counts.get(k);
        if (this.bag) {
          if (n !== undefined && n > 0) counts.set(k, n - 1);
          else out.push(row);
        } else if (n === undefined && !this.emitted.has(k)) {
          this.emitted.add(k);
          out.push(row);
        }
      }
      if (out.length > 0) return out;
    }
  }

  close(): void {
    this.left.close();
    this.counts = null;
  }
}
