/**
 * sources.ts — how a Datalog atom names stored data: the built-in relations over every model.
 *
 * An atom `p(A, B)` whose predicate no rule of the program defines reads a stored relation.
 * Each resolver below maps a predicate name to a relation of the catalog and the positions of
 * the stored columns that the atom's arguments stand for, in order:
 *   - Datalog relations (kind 'datalog'): facts asserted by programs, every column.
 *   - SQL tables (kind 'table'): the columns `SELECT *` shows, positionally; the hidden rowid
 *     SQL adds to a table without a primary key (options.sql.hidden leading columns) is left
 *     out, so `CREATE TABLE person(id, name)` reads as `person(Id, Name)`.
 * Triples, graph vertices/edges and documents plug in as further resolvers (`triple(S,P,O)`,
 * `edge(Id, Tail, Head, Type)`, …) once those models store their data.
 * Names are matched exactly first, then case-insensitively (SQL folds names to lower case).
 */
import type { Catalog, RelationDef } from '../algebra/statement.js';

/** A stored relation as an atom sees it. */
export interface StoredSource {
  readonly relation: RelationDef;
  /** For each argument of the atom, the position of the stored column it reads. */
  readonly positions: readonly number[];
}

/** A resolver maps a predicate name to a stored relation, or declines. */
export type SourceResolver = (name: string, catalog: Catalog) => StoredSource | undefined;

function findRelation(name: string, catalog: Catalog, kind: RelationDef['kind']): RelationDef | undefined {
  const exact = catalog.relation(name);
  if (exact) return exact.kind === kind ? exact : undefined;
  const folded = catalog.relation(name.toLowerCase());
  return folded?.kind === kind ? folded : undefined;
}

const datalogRelations: SourceResolver = (name, catalog) => {
  const relation = findRelation(name, catalog, 'datalog');
  return relation && { relation, positions: relation.columns.map((_, i) => i) };
};

const sqlTables: SourceResolver = (name, catalog) => {
  const relation = findRelation(name, catalog, 'table');
  if (!relation) return undefined;
  const sql = relation.options?.sql as { hidden?: number } | undefined;
  const hidden = sql?.hidden ?? 0;
  return { relation, positions: relation.columns.map((_, i) => i).filter((i) => i >= hidden) };
};

/** The resolvers, asked in order. */
export const RESOLVERS: readonly SourceResolver[] = [datalogRelations, sqlTables];

/** resolveSource finds the stored relation an atom's predicate names. */
export function resolveSource(name: string, catalog: Catalog): StoredSource | undefined {
  for (const r of RESOLVERS) {
    const s = r(name, catalog);
    if (s) return s;
  }
  return undefined;
}

/** knownNames lists the predicate names stored data offers (for "did you mean"). */
export function knownNames(catalog: Catalog): string[] {
  return catalog
    .relations()
    .filter((r) => r.kind === 'datalog' || r.kind === 'table')
    .map((r) => r.name);
}
