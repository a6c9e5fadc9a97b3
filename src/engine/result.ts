/**
 * result.ts — the tabular result every query returns: column names and positional rows.
 *
 * A result the executor hands over as codes (a Fixpoint's relation read whole:
 * executor/coded-rows.ts) keeps them so: `length` needs no row built, iterating builds each row
 * as it is reached, and `rows` builds them all once (then kept).
 */
import type { Value } from '../common/values.js';
import type { CodedRows } from '../executor/coded-rows.js';

export class ResultSet {
  private held: Value[][] | null;
  private readonly coded: CodedRows | null;

  constructor(
    readonly columns: string[],
    rows: Value[][] | CodedRows,
    /** For writes: how many rows were inserted, updated or deleted. */
    readonly rowsAffected: number | null = null,
  ) {
    // Array.isArray, not instanceof: a result is made on every run of a point lookup.
    const held = Array.isArray(rows);
    this.held = held ? rows : null;
    this.coded = held ? null : rows;
  }

  /** rows: every row as an array of values, in column order. */
  get rows(): Value[][] {
    return (this.held ??= (this.coded as CodedRows).rows());
  }

  /** toObjects returns one plain object per row, keyed by column name ("__proto__" is an ordinary key). */
  toObjects(): Record<string, Value>[] {
    return this.rows.map((r) => Object.fromEntries(this.columns.map((c, i) => [c, r[i]])));
  }

  get length(): number {
    return this.held !== null ? this.held.length : (this.coded as CodedRows).count;
  }

  [Symbol.iterator](): Iterator<Value[]> {
    if (this.held !== null) return this.held[Symbol.iterator]();
    const coded = this.coded as CodedRows;
    let i = 0;
    return { next: () => (i < coded.count ? { value: coded.row(i++), done: false } : { value: undefined, done: true }) };
  }
}
