/**
 * result.ts — the tabular result every query returns: column names and positional rows.
 */
import type { Value } from '../common/values.js';

export class ResultSet {
  constructor(
    readonly columns: string[],
    readonly rows: Value[][],
    /** For writes: how many rows were inserted, updated or deleted. */
    readonly rowsAffected: number | null = null,
  ) {}

  /** toObjects returns one plain object per row, keyed by column name ("__proto__" is an ordinary key). */
  toObjects(): Record<string, Value>[] {
    return this.rows.map((r) => Object.fromEntries(this.columns.map((c, i) => [c, r[i]])));
  }

  get length(): number {
    return this.rows.length;
  }

  [Symbol.iterator](): Iterator<Value[]> {
    return this.rows[Symbol.iterator]();
  }
}
