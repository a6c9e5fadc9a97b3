/**
 * The triples front end: RDF in the shared store (layout.ts, load.ts, export.ts) and SPARQL 1.1
 * queries lowered to the shared algebra (query.ts, patterns.ts, paths.ts, expressions.ts).
 * Everything after lowering is the shared optimizer's and executor's; results.ts turns the
 * rows of encoded terms back into RDF/JS terms, booleans and quads.
 */
import { ColumnAllocator } from '../algebra/columns.js';
import * as b from '../algebra/build.js';
import type { FrontEnd, LoweringContext, Statement } from '../algebra/statement.js';
import type * as ast from '../../grammar/sparql/ast.js';
import { parseSparql } from '../../grammar/sparql/index.js';
import type { Column } from '../algebra/columns.js';
import type { Plan } from '../algebra/logical.js';
import type { SparqlContext, Solutions } from './context.js';
import { committedIds, decodeVars } from './dictionary.js';
import { quadsRelation, termsRelation } from './layout.js';
import { lowerDescribe, lowerSelectCore, projectVars, type LoweredQuery } from './query.js';
import { toValue } from './terms.js';
import { lowerUpdateStep, updateSteps, type UpdateStep } from './update.js';

export { rdfLoader, rdfLoadSteps, parseRdf, formatOf, type LoadOptions, type RdfInput } from './load.js';
export type { UpdateStep } from './update.js';
export { rdfExporter, serialize, type ExportOptions } from './export.js';
export { fromValue, toValue, quadFromRow } from './terms.js';
export { shapeResult, type SparqlResult, type SparqlBindings, type SparqlUpdateResult } from './results.js';
export { formatResult, type ResultFormat } from './result-formats.js';

export interface SparqlOptions {
  /** The base IRI relative IRIs of the query resolve against. */
  baseIRI?: string;
}

/** templateVariables lists the variables of a CONSTRUCT template (what each solution must carry). */
export function templateVariables(q: ast.ConstructQuery): string[] {
  const names: string[] = [];
  for (const t of q.template) for (const x of [t.subject, t.predicate, t.object]) if (x.termType === 'Variable' && !names.includes(x.value)) names.push(x.value);
  return names;
}

function lowerQuery(q: ast.SparqlQuery, ctx: SparqlContext): LoweredQuery {
  return lowerForm(q, ctx);
}

function contextFor(q: ast.SparqlQuery, lctx: LoweringContext): SparqlContext {
  return {
    alloc: new ColumnAllocator(),
    quads: quadsRelation(lctx.catalog),
    terms: termsRelation(lctx.catalog),
    base: q.base,
    dataset: {
      defaultGraphs: q.dataset.length ? q.dataset.filter((d) => !d.named).map((d) => toValue(d.iri)) : null,
      namedGraphs: q.dataset.length ? q.dataset.filter((d) => d.named).map((d) => toValue(d.iri)) : null,
    },
    graph: { kind: 'default' },
    outer: null,
    committedId: committedIds(lctx),
  };
}

/** decoded is the plan of the solutions' `names` as terms (decoded last: after DISTINCT and LIMIT, which ids answer alike). */
function decoded(ctx: SparqlContext, sol: Solutions, names: readonly string[]): Plan {
  const d = decodeVars(ctx, sol);
  return d.ids === sol.ids ? sol.plan : b.project(d.plan, names.map((n) => d.vars.get(n) as Column));
}

function lowerForm(q: ast.SparqlQuery, ctx: SparqlContext): LoweredQuery {
  switch (q.kind) {
    case 'select': {
      const { sol, names } = lowerSelectCore(q, ctx, false);
      return { plan: decoded(ctx, sol, names), names };
    }
    case 'ask': {
      const { sol } = lowerSelectCore(q, ctx, false);
      return { plan: b.project(b.limit(sol.plan, null, { kind: 'literal', value: 1, type: 'integer' }), []), names: [] };
    }
    case 'construct': {
      const { sol } = lowerSelectCore(q, ctx, true);
      const names = templateVariables(q);
      return { plan: decoded(ctx, projectVars(sol, names, ctx), names), names };
    }
    case 'describe':
      return lowerDescribe(q, ctx);
  }
}

/** What one SPARQL statement is: a query, or one step of an update request (update.ts). */
export type SparqlSyntax = ast.SparqlQuery | UpdateStep;

/**
 * sparqlFrontEnd parses and lowers SPARQL: a query is one statement; an update request is its
 * steps, which the engine runs in one transaction (Session.runAtomically).
 */
export function sparqlFrontEnd(options: SparqlOptions = {}): FrontEnd<SparqlSyntax> {
  return {
    language: 'sparql',
    parse(text: string): SparqlSyntax[] {
      const parsed = parseSparql(text, { baseIRI: options.baseIRI });
      return parsed.kind === 'update' ? updateSteps(parsed) : [parsed];
    },
    lower(q: SparqlSyntax, lctx: LoweringContext): Statement {
      if (q.kind === 'update') return lowerUpdateStep(q, lctx);
      const ctx = contextFor(q, lctx);
      const lowered = lowerQuery(q, ctx);
      return { kind: 'query', plan: lowered.plan, alloc: ctx.alloc, columns: lowered.names, returnsRows: true, explain: null };
    },
  };
}
