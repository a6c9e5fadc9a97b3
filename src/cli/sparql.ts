/**
 * sparql.ts — the CLI's RDF side: loading RDF files given with --load, and printing SPARQL
 * results (json: application/sparql-results+json; csv/tsv: the SPARQL 1.1 formats; table:
 * terms in N-Triples form; CONSTRUCT/DESCRIBE: N-Triples).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import Table from 'cli-table3';
import { DataFactory, Writer, type Quad, type Term } from 'n3';
import type { Database } from '../engine/database.js';
import { formatResult, SparqlBindings, type SparqlResult } from '../engine/sparql.js';

const FORMATS: Record<string, string> = { ttl: 'text/turtle', nt: 'application/n-triples', nq: 'application/n-quads', trig: 'application/trig' };

/** rdfFormat is the media type of an RDF file by extension, or null if it is not one. */
export function rdfFormat(file: string): string | null {
  return FORMATS[file.replace(/^.*\./, '').toLowerCase()] ?? null;
}

/** loadRdfFile loads one Turtle / N-Triples / N-Quads / TriG file. */
export async function loadRdfFile(db: Database, file: string): Promise<number> {
  const format = rdfFormat(file);
  if (!format) throw new Error(`${file}: not an RDF file (.ttl, .nt, .nq, .trig)`);
  return db.loadRdf(readFileSync(file, 'utf8'), { format, baseIRI: pathToFileURL(file).href });
}

function show(t: Term | null): string {
  if (!t) return '';
  const w = new Writer({ format: 'application/n-triples' });
  const line = w.quadsToString([DataFactory.quad(DataFactory.namedNode('s:'), DataFactory.namedNode('p:'), t as Quad['object'])]);
  return line.slice('<s:> <p:> '.length, -' .\n'.length);
}

/** printSparql renders a SPARQL result for the terminal. */
export function printSparql(result: SparqlResult, format: 'table' | 'json' | 'csv'): string {
  if (Array.isArray(result)) return new Writer({ format: 'application/n-triples' }).quadsToString(result).trimEnd();
  if (typeof result === 'object' && !(result instanceof SparqlBindings)) {
    return format === 'json' ? JSON.stringify(result) : `OK (${result.operations} update operation${result.operations === 1 ? '' : 's'})`;
  }
  if (format === 'json') return formatResult(result, 'json');
  if (format === 'csv') return formatResult(result, 'csv').trimEnd();
  if (typeof result === 'boolean') return String(result);
  const table = new Table({ head: result.columns, style: { head: [], border: [] } });
  for (const r of result.rows) table.push(r.map(show));
  return `${table.toString()}\n(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
}
