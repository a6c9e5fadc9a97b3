/**
 * layout.ts — how RDF lives in the shared store.
 *
 * One relation, `rdf_quads(s, p, o, g)`, every column an encoded term (sparql-terms.ts; the
 * default graph is ''). Its primary key is the SPOG order; secondary indexes give POSG, OSPG
 * and GSPO, so a triple pattern with any combination of constants becomes a key-prefix range
 * scan once the optimizer's index selection sees the pattern's equality filters. The relation
 * is created by the first load (a SchemaStatement through the catalog), so a database that
 * never held RDF has no such relation; queries over it see an empty dataset.
 */
import type { Catalog, NewRelation, RelationDef, SchemaStatement } from '../algebra/statement.js';

export const QUADS = 'rdf_quads';

/** Column positions in a quad row. */
export const S = 0;
export const P = 1;
export const O = 2;
export const G = 3;

const definition: NewRelation = {
  name: QUADS,
  kind: 'quad',
  columns: ['s', 'p', 'o', 'g'].map((name) => ({ name, type: 'text' as const, notNull: true })),
  primaryKey: [S, P, O, G],
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

/** ensureQuads is the schema statement that creates the quads relation and its indexes if missing. */
export function ensureQuads(): SchemaStatement {
  return {
    kind: 'schema',
    description: `CREATE RELATION ${QUADS} IF NOT EXISTS`,
    apply(catalog: Catalog) {
      if (catalog.relation(QUADS)) return;
      catalog.createRelation({ ...definition, columns: definition.columns.map((c) => ({ ...c })), primaryKey: [...(definition.primaryKey as number[])] });
      for (const [name, columns] of INDEXES) catalog.createIndex(QUADS, { name, columns });
    },
  };
}
