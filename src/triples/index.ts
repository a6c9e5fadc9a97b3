/**
 * The triples front end: RDF in the shared store (layout.ts, load.ts, export.ts) and SPARQL 1.1
 * queries lowered to the shared algebra (query.ts, patterns.ts, paths.ts, expressions.ts).
 * Everything after lowering is the shared optimizer's and executor's; results.ts turns the
 * rows of encoded terms back into RDF/JS terms, booleans and quads.
 */
import { ColumnAllocator } from '../algebra/columns.js';
import * as b from '../algebra/build.js';
import type { FrontEnd, LoweringContext, Statement } from '../algebra/statement.js';
import { UnsupportedError } from '../common/errors.js';
import type * as ast from '../../grammar/sparql/ast.js';
import { parseSparql } from '../../grammar/sparql/index.js';
import type { SparqlContext } from './context.js';
import { quadsRelation } from './layout.js';
import { lowerDescribe, lowerSelectCore, projectVars, type LoweredQuery } from './query.js';
import { toValue } from './terms.js';

export { rdfLoader, parseRdf, type LoadOptions } from './load.js';
export { rdfExporter, serialize, type ExportOptions } from './export.js';
export { fromValue, toValue, quadFromRow } from './terms.js';
export { shapeResult, type SparqlResult, type SparqlBindings } from './results.js';
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
    base: q.base,
    dataset: {
      defaultGraphs: q.dataset.length ? q.dataset.filter((d) => !d.named).map((d) => toValue(d.iri)) : null,
      namedGraphs: q.dataset.length ? q.dataset.filter((d) => d.named).map((d) => toValue(d.iri)) : null,
    },
    graph: { kind: 'default' },
    outer: null,
  };
}

function lowerForm(q: ast.SparqlQuery, ctx: SparqlContext): LoweredQuery {
  switch (q.kind) {
    case 'select': {
      const { sol, names } = lowerSelectCore(q, ctx, false);
      return { plan: sol.plan, names };
    }
    case 'ask': {
      const { sol } = lowerSelectCore(q, ctx, false);
      return { plan: b.project(b.limit(sol.plan, null, { kind: 'literal', value: 1, type: 'integer' }), []), names: [] };
    }
    case 'construct': {
      const { sol } = lowerSelectCore(q, ctx, true);
      const names = templateVariables(q);
      return { plan: projectVars(sol, names, ctx).plan, names };
    }
    case 'describe':
      return lowerDescribe(q, ctx);
  }
}

/** sparqlFrontEnd parses and lowers SPARQL queries (one request per text). */
export function sparqlFrontEnd(options: SparqlOptions = {}): FrontEnd<ast.SparqlQuery> {
  return {
    language: 'sparql',
    parse(text: string): ast.SparqlQuery[] {
      const parsed = parseSparql(text, { baseIRI: options.baseIRI });
      if (parsed.kind === 'update') throw new UnsupportedError('SPARQL Update is not supported yet', parsed.span.start);
      return [parsed];
    },
    lower(q: ast.SparqlQuery, lctx: LoweringContext): Statement {
      const ctx = contextFor(q, lctx);
      const lowered = lowerQuery(q, ctx);
      return { kind: 'query', plan: lowered.plan, alloc: ctx.alloc, columns: lowered.names, returnsRows: true, explain: null };
    },
  };
}
