/**
 * results.ts — a SPARQL query's rows of encoded terms to what db.sparql returns:
 *   SELECT     SparqlBindings: column names and rows of RDF/JS terms, null for unbound
 *   ASK        a boolean
 *   CONSTRUCT  quads: the template instantiated per solution (fresh blank nodes per solution;
 *              triples with an unbound or ill-placed term are left out, §16.2), as a set
 *   DESCRIBE   quads: the rows (subject, predicate, object) the plan found
 */
import { DataFactory, type Quad, type Term } from 'n3';
import type { Value } from '../common/values.js';
import type * as ast from '../../grammar/sparql/ast.js';
import { fromValue, quadFromRow, toValue } from './terms.js';

export class SparqlBindings {
  constructor(
    readonly columns: string[],
    /** one term per column; null where the variable is unbound */
    readonly rows: (Term | null)[][],
  ) {}

  /** toObjects returns one object per solution, variable name → term (null when unbound). */
  toObjects(): Record<string, Term | null>[] {
    return this.rows.map((r) => Object.fromEntries(this.columns.map((c, i) => [c, r[i]])));
  }

  get length(): number {
    return this.rows.length;
  }

  [Symbol.iterator](): Iterator<(Term | null)[]> {
    return this.rows[Symbol.iterator]();
  }
}

/**
 * What an update request returns once it has committed (or, inside a transaction, once it has
 * applied): `operations` counts the request's operations (an empty request has none).
 */
export interface SparqlUpdateResult {
  readonly updated: true;
  readonly operations: number;
}

export type SparqlResult = SparqlBindings | boolean | Quad[] | SparqlUpdateResult;

/** shapeResult turns the rows of a query's plan into the result of its query form. */
export function shapeResult(q: ast.SparqlQuery, columns: readonly string[], rows: readonly Value[][]): SparqlResult {
  switch (q.kind) {
    case 'select':
      return new SparqlBindings([...columns], rows.map((r) => r.map((v) => (v === null ? null : fromValue(v)))));
    case 'ask':
      return rows.length > 0;
    case 'construct':
      return construct(q.template, columns, rows);
    case 'describe': {
      const seen = new Set<string>();
      const out: Quad[] = [];
      for (const r of rows) {
        const k = `${r[0]}\u0000${r[1]}\u0000${r[2]}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(quadFromRow(r[0], r[1], r[2]));
      }
      return out;
    }
  }
}

function construct(template: readonly ast.TriplePattern[], columns: readonly string[], rows: readonly Value[][]): Quad[] {
  const index = new Map(columns.map((c, i) => [c, i]));
  const seen = new Set<string>();
  const out: Quad[] = [];
  rows.forEach((row, n) => {
    const value = (t: ast.VarOrTerm): Value => {
      if (t.termType === 'Variable') {
        const i = index.get(t.value);
        return i === undefined ? null : row[i];
      }
      if (t.termType === 'BlankNode') return `_${t.value}_${n}`;
      return toValue(t);
    };
    for (const t of template) {
      const s = value(t.subject);
      const p = value(t.predicate);
      const o = value(t.object);
      if (typeof s !== 'string' || typeof p !== 'string' || typeof o !== 'string') continue;
      if (!(s.startsWith('<') || s.startsWith('_')) || !p.startsWith('<')) continue;
      const k = `${s}\u0000${p}\u0000${o}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(DataFactory.quad(fromValue(s) as Quad['subject'], fromValue(p) as Quad['predicate'], fromValue(o) as Quad['object']));
    }
  });
  return out;
}
