/**
 * sparql.ts — the facade's RDF operations, kept beside database.ts: SPARQL queries shaped
 * into RDF/JS results, SPARQL updates and RDF loads (each atomic: all of its statements in one
 * transaction, or under one savepoint of the caller's), and export. Each goes through the
 * session and the one pipeline like any other language.
 */
import type * as ast from '../../grammar/sparql/ast.js';
import {
  rdfExporter, rdfLoader, rdfLoadSteps, serialize, shapeResult, sparqlFrontEnd,
  type ExportOptions, type LoadOptions, type RdfInput, type SparqlResult, type SparqlUpdateResult,
} from '../triples/index.js';
import type { RunOptions } from './pipeline.js';
import type { Session } from './session.js';

export type { ExportOptions, LoadOptions, RdfInput, SparqlResult, SparqlUpdateResult };
export { SparqlBindings } from '../triples/results.js';
export { formatResult, type ResultFormat } from '../triples/result-formats.js';

export interface SparqlQueryOptions extends Omit<RunOptions, 'params'> {
  /** the base IRI the query's relative IRIs resolve against */
  baseIRI?: string;
}

/**
 * runSparql runs one SPARQL query, shaping its rows by query form, or one update request, all
 * of whose operations apply in one transaction (returns `{ updated: true, operations }`).
 */
export async function runSparql(session: Session, text: string, options: SparqlQueryOptions = {}): Promise<SparqlResult> {
  const { baseIRI, ...run } = options;
  const f = sparqlFrontEnd({ baseIRI });
  // A query's parse and plan are kept by its text (an update is parsed afresh: its steps carry
  // fresh blank-node labels per request); optimizer options bypass the cache.
  const { syntax: statements, cache } =
    run.optimizer === undefined
      ? session.byText(`sparql\n${baseIRI ?? ''}\n${text}`, () => f.parse(text), (parsed) => parsed[0].kind !== 'update')
      : { syntax: f.parse(text), cache: undefined };
  const [first] = statements;
  if (first.kind === 'update') {
    await session.runAtomically(f, statements, run);
    return { updated: true, operations: first.operations };
  }
  const rows = await session.runOne(f, first, run, cache);
  return shapeResult(first as ast.SparqlQuery, rows.columns, rows.rows);
}

/**
 * loadRdf streams a document (text, a Node Readable or an async iterable of chunks) into the
 * store in batches, in one transaction: a syntax error anywhere loads nothing. Returns the
 * quads added (a quad already stored is not counted).
 */
export async function loadRdf(session: Session, input: RdfInput, options: LoadOptions = {}): Promise<number> {
  const f = rdfLoader(options);
  const steps = rdfLoadSteps(input, options);
  const { onProgress } = options;
  async function* reporting() {
    for await (const s of steps) {
      yield s;
      if (onProgress && s.kind === 'insert') onProgress({ quads: s.read });
    }
  }
  const results = await session.runAtomically(f, reporting(), {});
  return results.reduce((n, r) => n + (r.rowsAffected ?? 0), 0);
}

/** exportRdf serializes the stored quads (or one graph) with n3's Writer. */
export async function exportRdf(session: Session, options: ExportOptions = {}): Promise<string> {
  const f = rdfExporter(options);
  const result = await session.runOne(f, null, {});
  return serialize(result.rows, options);
}
