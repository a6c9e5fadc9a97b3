/**
 * sources.ts — how a Datalog atom names stored data: the built-in relations over every model.
 *
 * An atom `p(A, B)` whose predicate no rule of the program defines reads stored data. Each
 * resolver below maps a predicate name to a source that can plan reading it:
 *   - Datalog relations (kind 'datalog'): facts asserted by programs, every column.
 *   - SQL tables (kind 'table'): the columns `SELECT *` shows, positionally; the hidden rowid
 *     SQL adds to a table without a primary key (options.sql.hidden leading columns) is left
 *     out, so `CREATE TABLE person(id, name)` reads as `person(Id, Name)`.
 *   - RDF: `triple(S, P, O)` (the default graph) and `quad(S, P, O, G)` (every graph; the
 *     default one is G = "") over the quads relation src/triples/layout.ts keeps, each id
 *     joined with its term in the dictionary rdf_terms. Terms are read as plain values (`datalog.rdf_value`: IRIs as their IRI string, blank nodes as
 *     `_:label`, numeric literals as numbers, other literals as their lexical form), so they
 *     join with SQL tables and facts. A string constant as subject, predicate or graph also
 *     filters the stored term itself, which the optimizer turns into a dictionary lookup.
 *     Before any RDF is loaded both are empty.
 * Graph vertices/edges and documents plug in as further resolvers once those models store
 * their data. Names are matched exactly first, then case-insensitively (SQL folds names to
 * lower case); a stored relation of that name hides a built-in one.
 */
import type { Column, ColumnAllocator } from '../algebra/columns.js';
import { call, col, lit, type Expr } from '../algebra/expr.js';
import * as b from '../algebra/build.js';
import type { Plan } from '../algebra/logical.js';
import type { Catalog, RelationDef } from '../algebra/statement.js';
import type { Value } from '../common/values.js';

/** Stored data as an atom sees it: `read` plans its rows, one column per argument. */
export interface StoredSource {
  /** What the atom reads, for messages ("the stored relation edge"). */
  readonly description: string;
  readonly arity: number;
  /** The rows never repeat (Datalog relations, RDF quads): a query over one atom needs no Distinct. */
  readonly isSet: boolean;
  /** `constants` holds the atom's constant arguments (undefined elsewhere), for sources that can use them. */
  read(alloc: ColumnAllocator, label: string, constants?: readonly (Value | undefined)[]): { plan: Plan; args: Column[] };
}

/** A resolver maps a predicate name to a source, or declines. */
export type SourceResolver = (name: string, catalog: Catalog) => StoredSource | undefined;

function findRelation(name: string, catalog: Catalog, kind: RelationDef['kind']): RelationDef | undefined {
  const exact = catalog.relation(name);
  if (exact) return exact.kind === kind ? exact : undefined;
  const folded = catalog.relation(name.toLowerCase());
  return folded?.kind === kind ? folded : undefined;
}

/** positional reads the columns at `positions` of a stored relation. */
function positional(relation: RelationDef, positions: readonly number[], isSet: boolean): StoredSource {
  return {
    description: `the stored relation ${relation.name}`,
    arity: positions.length,
    isSet,
    read(alloc, label) {
      const columns = relation.columns.map((c) => alloc.column(`${label}.${c.name}`, c.type));
      return { plan: b.scan(relation, columns), args: positions.map((p) => columns[p]) };
    },
  };
}

const datalogRelations: SourceResolver = (name, catalog) => {
  const relation = findRelation(name, catalog, 'datalog');
  return relation && positional(relation, relation.columns.map((_, i) => i), true);
};

const sqlTables: SourceResolver = (name, catalog) => {
  const relation = findRelation(name, catalog, 'table');
  if (!relation) return undefined;
  const sql = relation.options?.sql as { hidden?: number } | undefined;
  const hidden = sql?.hidden ?? 0;
  return positional(
    relation,
    relation.columns.map((_, i) => i).filter((i) => i >= hidden),
    false,
  );
};

/** The quads relation, its column order and the dictionary (src/triples/layout.ts; a front end may not import another). */
const QUADS = 'rdf_quads';
const TERMS = 'rdf_terms';
/** The dictionary id of the default graph. */
const DEFAULT_GRAPH_ID = 0;
const G = 3;
/** Arguments whose stored term is an IRI or blank node (or '' for the default graph): subject, predicate, graph. */
const RESOURCE_POSITIONS = new Set([0, 1, G]);

/** encodeResource is the stored form of a subject, predicate or graph given as a Datalog string. */
function encodeResource(v: string): string {
  if (v === '') return '';
  return v.startsWith('_:') ? `_${v.slice(2)}` : `<${v}`;
}

function rdfSource(name: string, arity: 3 | 4, catalog: Catalog): StoredSource {
  return {
    description: `the built-in relation ${name} over RDF quads`,
    arity,
    isSet: true,
    read(alloc, label, constants = []) {
      const relation = catalog.relation(QUADS);
      const terms = catalog.relation(TERMS);
      const out = Array.from({ length: arity }, (_, i) => alloc.column(`${label}.${'spog'[i]}`, 'any'));
      if (!relation || !terms) return { plan: b.values(out, []), args: out };
      // The quads hold dictionary ids: each argument is its id's term, joined from rdf_terms.
      const raw = relation.columns.map((c) => alloc.column(`${label}.${c.name}_id`, c.type));
      let plan: Plan = b.scan(relation, raw);
      if (arity === 3) plan = b.filter(plan, call('eq', [col(raw[G]), lit(DEFAULT_GRAPH_ID)]));
      const defs = out.map((column, i) => {
        const id = alloc.column(`${label}.${'spog'[i]}_term_id`, 'integer');
        const term = alloc.column(`${label}.${'spog'[i]}_term`, 'text');
        let dictionary: Plan = b.scan(terms, [id, term]);
        const v = constants[i];
        if (typeof v === 'string' && RESOURCE_POSITIONS.has(i)) dictionary = b.filter(dictionary, call('eq', [col(term), lit(encodeResource(v))]));
        plan = b.join('inner', plan, dictionary, call('eq', [col(raw[i]), col(id)]));
        return { column, expr: call('datalog.rdf_value', [col(term)]) };
      });
      return { plan: b.project(b.extend(plan, defs), out), args: out };
    },
  };
}

const rdf: SourceResolver = (name, catalog) => {
  if (name !== 'triple' && name !== 'quad') return undefined;
  return rdfSource(name, name === 'triple' ? 3 : 4, catalog);
};

/** The resolvers, asked in order. */
export const RESOLVERS: readonly SourceResolver[] = [datalogRelations, sqlTables, rdf];

/** resolveSource finds the stored data an atom's predicate names. */
export function resolveSource(name: string, catalog: Catalog): StoredSource | undefined {
  for (const r of RESOLVERS) {
    const s = r(name, catalog);
    if (s) return s;
  }
  return undefined;
}

/** knownNames lists the predicate names stored data offers (for "did you mean"). */
export function knownNames(catalog: Catalog): string[] {
  return [
    ...catalog
      .relations()
      .filter((r) => r.kind === 'datalog' || r.kind === 'table')
      .map((r) => r.name),
    'triple',
    'quad',
  ];
}
