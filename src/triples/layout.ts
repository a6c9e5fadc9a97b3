/**
 * layout.ts — how RDF lives in the shared store (docs/decisions/rdf-term-dictionary.md).
 *
 * Two relations:
 *   rdf_terms(id, term)    the term dictionary: every encoded term (sparql-terms.ts) once, with
 *                          an integer id (primary key, assigned on insert as one more than the
 *                          largest so far: ids are never reused) and a unique index on the term.
 *                          Id 0 is the default graph (term ''). Terms are never removed: a term
 *                          no quad uses any more may stay.
 *   rdf_quads(s, p, o, g)  the quads as dictionary ids; primary key SPOG, secondary indexes
 *                          POSG, OSPG and GSPO, so a triple pattern with any combination of
 *                          constants becomes a key-prefix range scan.
 * Both are created by the first load or update (a SchemaStatement through the catalog), so a
 * database that never held RDF has neither; queries over it see an empty dataset.
 */
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
import { AUTO_KEY_OPTION, type Catalog, type NewRelation, type RelationDef, type SchemaStatement } from '../algebra/statement.js';

export const QUADS = 'rdf_quads';
export const TERMS = 'rdf_terms';
/** The dictionary's unique index on the term. */
export const TERMS_BY_TERM = 'rdf_terms_term';

/** Column positions in a quad row. */
export const S = 0;
export const P = 1;
export const O = 2;
export const G = 3;

/** The dictionary id of the default graph (its term is ''). */
export const DEFAULT_GRAPH_ID = 0;

const quadsDefinition: NewRelation = {
  name: QUADS,
  kind: 'quad',
  columns: ['s', 'p', 'o', 'g'].map((name) => ({ name, type: 'integer' as const, notNull: true })),
  primaryKey: [S, P, O, G],
};

const termsDefinition: NewRelation = {
  name: TERMS,
  kind: 'dictionary',
  columns: [
    { name: 'id', type: 'integer', notNull: true },
    { name: 'term', type: 'text', notNull: true },
  ],
  primaryKey: [0],
  options: { [AUTO_KEY_OPTION]: 0 },
};

/** The secondary orders (the primary key is SPOG). */
const INDEXES: [string, number[]][] = [
  ['rdf_quads_posg', [P, O, S, G]],
  ['rdf_quads_ospg', [O, S, P, G]],
  ['rdf_quads_gspo', [G, S, P, O]],
];

/** quadsRelation returns the quads relation, or undefined before the first load. */
export function quadsRelation(catalog: Catalog): RelationDef | undefined {
  return catalog.relation(QUADS);
}

/** termsRelation returns the term dictionary, or undefined before the first load. */
export function termsRelation(catalog: Catalog): RelationDef | undefined {
  return catalog.relation(TERMS);
}

/** The relations RDF lives in, once created. */
export interface RdfRelations {
  readonly quads: RelationDef;
  readonly terms: RelationDef;
}

/** rdfRelations returns both relations, or undefined before the first load. */
export function rdfRelations(catalog: Catalog): RdfRelations | undefined {
  const quads = quadsRelation(catalog);
  const terms = termsRelation(catalog);
  return quads && terms ? { quads, terms } : undefined;
}

function copy(def: NewRelation): NewRelation {
  return { ...def, columns: def.columns.map((c) => ({ ...c })), primaryKey: def.primaryKey && [...def.primaryKey], options: def.options && { ...def.options } };
}

/** ensureQuads is the schema statement that creates the dictionary, the quads relation and their indexes if missing. */
export function ensureQuads(): SchemaStatement {
  return {
    kind: 'schema',
    description: `CREATE RELATION ${TERMS}, ${QUADS} IF NOT EXISTS`,
    apply(catalog: Catalog) {
      if (!catalog.relation(TERMS)) {
        catalog.createRelation(copy(termsDefinition));
        catalog.createIndex(TERMS, { name: TERMS_BY_TERM, columns: [1], unique: true });
      }
      if (!catalog.relation(QUADS)) {
        catalog.createRelation(copy(quadsDefinition));
        for (const [name, columns] of INDEXES) catalog.createIndex(QUADS, { name, columns });
      }
    },
  };
}

/**
 * quadRows is a plan producing the given quad rows (s, p, o, g of encoded terms) in `columns`.
 * The batch is one list literal unnested, not an inline table of one literal per term: a
 * load's batch of 10,000 quads is then a plan of five nodes, which the optimizer's passes and
 * the executor's compiler cross in constant time instead of visiting 40,000 expressions.
 * Rows are made distinct first: a quad repeated within the batch is not an insert that fails.
 */
export function quadRows(columns: readonly Column[], rows: string[][], alloc: { column(name: string, type: 'any'): Column }): Plan {
  const batch = distinctRows(rows);
  const list = alloc.column('batch', 'any');
  const quad = alloc.column('quad', 'any');
  const unnested = b.unnest(b.values([list], [[lit(batch, 'any')]]), col(list), quad, null, false);
  const parts = columns.map((column, i) => ({ column, expr: call('sparql.list_item', [col(quad), lit(i)]) }));
  return b.project(b.extend(unnested, parts), columns);
}

/**
 * distinctRows drops repeated rows, keeping the first of each (a hash set of the rows, each
 * term prefixed by its length so no two different rows share a key; sorting the batch to find
 * the repeats cost more than a twentieth of a load).
 */
function distinctRows(rows: string[][]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const r of rows) {
    const key = `${r[0].length}:${r[0]}${r[1].length}:${r[1]}${r[2].length}:${r[2]}${r[3]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
