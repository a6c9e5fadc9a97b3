/**
 * sparql.ts — the facade's RDF operations, kept beside database.ts: SPARQL queries shaped
 * into RDF/JS results, RDF loading (all statements of one load in the caller's transaction)
 * and export. Each goes through the session and the one pipeline like any other language.
 */
import {
  rdfExporter, rdfLoader, serialize, shapeResult, sparqlFrontEnd,
  type ExportOptions, type LoadOptions, type SparqlResult,
} from '../triples/index.js';
import type { RunOptions } from './pipeline.js';
import type { Session } from './session.js';

export type { ExportOptions, LoadOptions, SparqlResult };
export { SparqlBindings } from '../triples/results.js';
export { formatResult, type ResultFormat } from '../triples/result-formats.js';

export interface SparqlQueryOptions extends Omit<RunOptions, 'params'> {
  /** the base IRI the query's relative IRIs resolve against */
  baseIRI?: string;
}

/** runSparql runs one SPARQL query and shapes its rows by query form. */
export async function runSparql(session: Session, text: string, options: SparqlQueryOptions = {}): Promise<SparqlResult> {
  const { baseIRI, ...run } = options;
  const f = sparqlFrontEnd({ baseIRI });
  const [query] = f.parse(text);
  const rows = await session.runOne(f, query, run);
  return shapeResult(query, rows.columns, rows.rows);
}

/** loadRdf parses the whole document first (a syntax error loads nothing), then writes it; returns the quads added. */
export async function loadRdf(session: Session, text: string, options: LoadOptions = {}): Promise<number> {
  const f = rdfLoader(options);
  const statements = f.parse(text);
  let added = 0;
  for (const s of statements) added += (await session.runOne(f, s, {})).rowsAffected ?? 0;
  return added;
}

/** exportRdf serializes the stored quads (or one graph) with n3's Writer. */
export async function exportRdf(session: Session, options: ExportOptions = {}): Promise<string> {
  const f = rdfExporter(options);
  const result = await session.runOne(f, null, {});
  return serialize(result.rows, options);
}
