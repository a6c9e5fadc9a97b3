/**
 * context.ts — what lowering one SQL statement carries around: the catalog, the column
 * allocator of the query, the statement's source text (result column names are the
 * expressions as written, as SQLite names them) and the common table expressions in scope.
 */
import type { ColumnAllocator } from '../algebra/columns.js';
import type { Plan } from '../algebra/logical.js';
import type { Catalog, LoweringContext } from '../algebra/statement.js';
import type { CommonTableExpr } from '../../grammar/sql/ast.js';
import type { RecursiveRelation } from '../algebra/logical.js';

/** A CTE visible by name: its definition, or, inside its own recursive definition, the recursive relation. */
export interface CteBinding {
  readonly cte: CommonTableExpr;
  /** Set while lowering a recursive CTE: references read this relation (delta in the step, full in the body). */
  recursive: { relation: RecursiveRelation; delta: boolean } | null;
  /** The CTE scope the definition itself sees. */
  readonly outer: CteScope | null;
}

export type CteScope = ReadonlyMap<string, CteBinding>;

export interface SqlContext {
  readonly lowering: LoweringContext;
  readonly catalog: Catalog;
  readonly alloc: ColumnAllocator;
  readonly text: string;
  /** Inside a trigger body: the (lowercased) names of the triggers running, outermost first. */
  readonly triggers?: readonly string[];
}

/** SubqueryHost collects the plan wrappers that subqueries in expressions need (Apply, mark joins). */
export class SubqueryHost {
  private readonly wrappers: ((p: Plan) => Plan)[] = [];

  attach(wrap: (p: Plan) => Plan): void {
    this.wrappers.push(wrap);
  }

  /** wrap applies every collected wrapper, in order, to `plan`. */
  wrap(plan: Plan): Plan {
    return this.wrappers.reduce((p, w) => w(p), plan);
  }

  get empty(): boolean {
    return this.wrappers.length === 0;
  }
}
