/**
 * columns.ts — column identity in plans.
 *
 * Every column a plan produces has a numeric id unique within the query, a display name and a
 * static type. Operators refer to columns by id, never by position or name, so rewrites can
 * reorder joins and prune projections without renumbering anything (the idea of DuckDB's
 * column bindings). Positions are resolved once, when the executor compiles a physical plan.
 */
import type { ValueType } from '../common/values.js';

export interface Column {
  readonly id: number;
  readonly name: string;
  readonly type: ValueType;
}

/** ColumnAllocator hands out fresh column ids for one query (lowering and optimizer share it). */
export class ColumnAllocator {
  private next: number;

  constructor(start = 1) {
    this.next = start;
  }

  /** column makes a fresh column. */
  column(name: string, type: ValueType): Column {
    return Object.freeze({ id: this.next++, name, type });
  }

  /** like makes a fresh column with another column's name and type (for union outputs, renames). */
  like(column: Column, name = column.name): Column {
    return this.column(name, column.type);
  }

  /** peek is the next id that will be handed out (so a later pass can continue the numbering). */
  peek(): number {
    return this.next;
  }
}

/** columnLabel prints a column as name#id, the form EXPLAIN and golden tests use. */
export function columnLabel(c: Column): string {
  return `${c.name}#${c.id}`;
}
