/**
 * scope.ts — name resolution for one SELECT: which column a name means.
 *
 * A scope lists the columns its FROM clause brings in, each under its table's name or alias.
 * An unqualified name must match exactly one of them; otherwise it is looked up in the
 * enclosing query's scope (a correlated reference, remembered so the caller knows the
 * subquery depends on the outer row). Unknown names get a "did you mean" suggestion.
 */
import type { Column } from '../algebra/columns.js';
import { col, exprEquals, type Expr } from '../algebra/expr.js';
import { NameError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type { ColumnRef, Identifier } from '../../grammar/sql/ast.js';
import { at, key } from './names.js';
import type { Collation } from '../algebra/functions/sql-collate.js';

export interface ScopeEntry {
  /** Lookup key of the table name or alias the column is reached through (null for unnamed derived columns). */
  readonly table: string | null;
  /** The column's name as declared. */
  readonly name: string;
  readonly column: Column;
  /** Whether `SELECT *` shows it (hidden rowid and the right side of USING columns do not). */
  readonly star: boolean;
  /** A USING/NATURAL join column from the right side: reachable qualified, not unqualified. */
  readonly merged?: boolean;
  /** The column's declared collating sequence (absent: BINARY). */
  readonly collation?: Collation;
  /**
   * For a generated column (generated.ts): its value as an expression over the scope's other
   * columns. An expression equal to it is lowered as a reference to the column (substitute).
   */
  readonly generated?: Expr;
  /** The hidden column behind an index expression: no name reaches it. */
  readonly unnamed?: boolean;
}

export class Scope {
  /** Set when a name was resolved in an enclosing scope: the query is correlated. */
  correlated = false;

  constructor(
    readonly entries: readonly ScopeEntry[],
    readonly parent: Scope | null = null,
  ) {}

  /** tables lists the table names/aliases in this scope. */
  tables(): Set<string> {
    return new Set(this.entries.map((e) => e.table).filter((t): t is string => t !== null));
  }

  /** hasOwn says whether this scope's FROM (not an enclosing one) has a column reachable unqualified as `name` (a lookup key). */
  hasOwn(name: string): boolean {
    return this.entries.some((e) => key(e.name) === name && !e.merged);
  }

  /** resolve finds the column a reference names, here or in an enclosing scope. */
  resolve(ref: ColumnRef): Column {
    const found = this.lookup(ref);
    if (found) return found;
    const shown = ref.table ? `${ref.table.name}.${ref.column.name}` : ref.column.name;
    if (ref.table && !this.anyScopeHasTable(key(ref.table.name))) {
      throw new NameError('UNKNOWN_NAME', `no such table: ${ref.table.name}${didYouMean(ref.table.name, this.allTables())}`, at(ref.span));
    }
    throw new NameError('UNKNOWN_NAME', `no such column: ${shown}${didYouMean(ref.column.name, this.allNames())}`, at(ref.span));
  }

  /** collationOf is the declared collation of the column a reference names (undefined: BINARY). */
  collationOf(ref: ColumnRef): Collation | undefined {
    let id: number | undefined;
    try {
      id = this.lookup(ref)?.id;
    } catch {
      return undefined; // ambiguous: lowering the reference itself reports it
    }
    if (id === undefined) return undefined;
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const entry = s.entries.find((e) => e.column.id === id);
      if (entry) return entry.collation;
    }
    return undefined;
  }

  private lookup(ref: ColumnRef): Column | undefined {
    const name = key(ref.column.name);
    const table = ref.table ? key(ref.table.name) : null;
    const matches = this.entries.filter((e) => key(e.name) === name && !e.unnamed && (table === null ? !e.merged : e.table === table));
    if (matches.length > 1) {
      throw new NameError('AMBIGUOUS_NAME', `ambiguous column name: ${ref.column.name} (in ${matches.map((m) => m.table ?? '?').join(', ')})`, at(ref.span));
    }
    if (matches.length === 1) return matches[0].column;
    if (!this.parent) return undefined;
    const outer = this.parent.lookup(ref);
    if (outer) this.correlated = true;
    return outer;
  }

  private anyScopeHasTable(t: string): boolean {
    return this.tables().has(t) || (this.parent?.anyScopeHasTable(t) ?? false);
  }

  private allTables(): string[] {
    return [...this.tables(), ...(this.parent?.allTables() ?? [])];
  }

  private allNames(): string[] {
    return [...this.entries.filter((e) => !e.unnamed).map((e) => e.name), ...(this.parent?.allNames() ?? [])];
  }

  private computed: readonly ScopeEntry[] | undefined = undefined;

  /**
   * substitute returns a reference to the generated column whose expression equals `e` (here
   * or in an enclosing scope), else `e`: an expression an index is built on reads the index's
   * column, so the optimizer's index selection applies to it.
   */
  substitute(e: Expr): Expr {
    if (e.kind !== 'call') return e;
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      s.computed ??= s.entries.filter((x) => x.generated !== undefined);
      for (const x of s.computed) if (exprEquals(x.generated!, e)) return col(x.column);
    }
    return e;
  }

  /** star expands `*` or `t.*` to entries, in FROM order. */
  star(table: Identifier | null): ScopeEntry[] {
    if (!table) return this.entries.filter((e) => e.star);
    const t = key(table.name);
    if (!this.tables().has(t)) throw new NameError('UNKNOWN_NAME', `no such table: ${table.name}${didYouMean(table.name, this.tables())}`, at(table.span));
    return this.entries.filter((e) => e.table === t && (e.star || e.merged));
  }
}
