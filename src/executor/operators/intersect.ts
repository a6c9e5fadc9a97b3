/**
 * intersect.ts — left rows that also occur in right, positionally, NULLs equal (SQL INTERSECT /
 * INTERSECT ALL). set: each distinct such row once. bag: each left occurrence while equal right
 * rows remain (min of the two multiplicities).
 * The right input is counted on the first call; the left one streams.
 */
import type { PIntersect } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { rowKeyFn, type HashKey } from '../hash-key.js';
import type { Open, Operator, Scope } from '../operator.js';
import { countRows } from './row-counts.js';

export function compileIntersect(p: PIntersect, c: PlanCompiler, scope: Scope): Open {
  const left = c.compile(p.left, scope);
  const right = c.compile(p.right, scope);
  const key = rowKeyFn(p.schema.length);
  const bag = p.semantics === 'bag';
  return () => new IntersectOperator(left(), right, key, bag);
}

class IntersectOperator implements Operator {
  private counts: Map<HashKey, number> | null = null;

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
        if (n === undefined) continue;
        // set semantics: the first occurrence takes the key out, so the row is emitted once.
        if (!this.bag || n === 1) counts.delete(k);
        else counts.set(k, n - 1);
        out.push(row);
      }
      if (out.length > 0) return out;
    }
  }

  close(): void {
    this.left.close();
    this.counts = null;
  }
}
