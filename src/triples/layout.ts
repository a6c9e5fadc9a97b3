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
import * as b from '../algebra/build.js';
import type { Column } from '../algebra/columns.js';
import { call, col, lit } from '../algebra/expr.js';
import type { Plan } from '../algebra/logical.js';
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

/**
 * quadRows is a plan producing the given quad rows (s, p, o, g of encoded terms) in `columns`.
 * The batch is one list literal unnested, not an inline table of one literal per term: a
 * load's batch of 10,000 quads is then a plan of five nodes, which the optimizer's passes and
 * the executor's compiler cross in constant time instead of visiting 40,000 expressions.
 * Rows are sorted in key (SPOG) order and made distinct first: the primary index then takes
 * them in order, and a quad repeated within the batch is not an insert that fails.
 */
export function quadRows(columns: readonly Column[], rows: string[][], alloc: { column(name: string, type: 'any'): Column }): Plan {
  const batch = sortedDistinct(rows);
  const list = alloc.column('batch', 'any');
  const quad = alloc.column('quad', 'any');
  const unnested = b.unnest(b.values([list], [[lit(batch, 'any')]]), col(list), quad, null, false);
  const parts = columns.map((column, i) => ({ column, expr: call('sparql.list_item', [col(quad), lit(i)]) }));
  return b.project(b.extend(unnested, parts), columns);
}

function compareRows(x: readonly string[], y: readonly string[]): number {
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

function sortedDistinct(rows: string[][]): string[][] {
  const sorted = rows.slice().sort(compareRows);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (n === 0 || compareRows(sorted[n - 1], sorted[i]) !== 0) sorted[n++] = sorted[i];
  sorted.length = n;
  return sorted;
}
