/**
 * context.ts — what lowering one SPARQL query carries: the column allocator, the quads
 * relation and term dictionary (undefined before the first load: every pattern is then empty), the base IRI, the
 * dataset (FROM / FROM NAMED), and the solutions a lowered pattern produces.
 */
import type { Column, ColumnAllocator } from '../algebra/columns.js';
import type { Plan } from '../algebra/logical.js';
import type { RelationDef } from '../algebra/statement.js';

export interface Dataset {
  /** FROM graphs (encoded IRIs): the default graph is their merge; null: the store's default graph. */
  readonly defaultGraphs: readonly string[] | null;
  /** FROM NAMED graphs (encoded IRIs); null: every named graph of the store. */
  readonly namedGraphs: readonly string[] | null;
}

/** The active graph of a pattern: the default graph, one named graph, or a GRAPH variable's column. */
export type ActiveGraph = { kind: 'default' } | { kind: 'named'; iri: string } | { kind: 'variable'; name: string };

export interface SparqlContext {
  readonly alloc: ColumnAllocator;
  readonly quads: RelationDef | undefined;
  /** The term dictionary (defined exactly when `quads` is). */
  readonly terms: RelationDef | undefined;
  readonly base: string | null;
  readonly dataset: Dataset;
  readonly graph: ActiveGraph;
  /** Variables of the enclosing pattern visible to an EXISTS body (correlated columns). */
  readonly outer: Solutions | null;
  /**
   * The id of a term in the committed dictionary, undefined when it has none there (or the
   * lowering cannot read it): a pattern's constant with a committed id is that number in the
   * plan, so the optimizer estimates it from the per-value statistics (dictionary.ts committedIds).
   */
  readonly committedId?: (term: string) => number | undefined;
}

/**
 * Solutions is a lowered graph pattern: a plan whose columns include one per in-scope variable
 * (`vars`, by name; blank nodes of a pattern are variables named `_:label`). `maybe` holds the
 * variables that may be unbound (null) in some row: joins on them need SPARQL's compatibility
 * test instead of plain equality.
 */
export interface Solutions {
  readonly plan: Plan;
  readonly vars: ReadonlyMap<string, Column>;
  readonly maybe: ReadonlySet<string>;
  /**
   * The variables whose column holds dictionary ids (bound by quad and path patterns) rather
   * than encoded terms. Joins, DISTINCT, grouping and counting work on either; wherever a
   * term's value is read (expressions, results) the id is decoded first (decodeVars).
   */
  readonly ids: ReadonlySet<string>;
}

/** isHidden says whether a variable name stands for a pattern's blank node (never projected by SELECT *). */
export function isHidden(name: string): boolean {
  return name.startsWith('_:') || name.startsWith('?');
}
