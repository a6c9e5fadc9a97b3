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
  /**
   * The rows as arrays, or as codes until `rows` builds them (then the arrays). One field, set
   * as given: a result is made on every run of a point lookup.
   */
  private data: Value[][] | CodedRows;

  constructor(
    readonly columns: string[],
    rows: Value[][] | CodedRows,
    /** For writes: how many rows were inserted, updated or deleted. */
    readonly rowsAffected: number | null = null,
  ) {
    this.data = rows;
  }

  /** rows: every row as an array of values, in column order. */
  get rows(): Value[][] {
    const data = this.data;
    // Array.isArray, not instanceof (a point lookup reads its one row through here).
    return Array.isArray(data) ? data : (this.data = data.rows());
  }

  /** toObjects returns one plain object per row, keyed by column name ("__proto__" is an ordinary key). */
  toObjects(): Record<string, Value>[] {
    return this.rows.map((r) => Object.fromEntries(this.columns.map((c, i) => [c, r[i]])));
  }

  get length(): number {
    const data = this.data;
    return Array.isArray(data) ? data.length : data.count;
  }

  [Symbol.iterator](): Iterator<Value[]> {
    const data = this.data;
    if (Array.isArray(data)) return data[Symbol.iterator]();
    const coded = data;
    let i = 0;
    return { next: () => (i < coded.count ? { value: coded.row(i++), done: false } : { value: undefined, done: true }) };
  }
}

/**
 * WriteResult is the result of an INSERT, UPDATE or DELETE that returns no rows: its count of
 * changed rows and, for an insert into a table with a rowid, the rowid of the last row it
 * inserted (null when it inserted none), as SQLite's last_insert_rowid() reports it.
 */
export class WriteResult extends ResultSet {
  constructor(
    rowsAffected: number,
    readonly lastInsertRowid: Value | null,
  ) {
    super([], [], rowsAffected);
  }
}
