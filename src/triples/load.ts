/**
 * load.ts — Turtle, N-Triples, N-Quads and TriG into the quads relation, as statements.
 *
 * `rdfLoadSteps(input, options)` reads the input (a string, a Node Readable or any async
 * iterable of text chunks) through n3's streaming parser and yields the statements of one load:
 * (1) a schema statement creating the dictionary and quads relations on first use, then (2) one insert per
 * batch of BATCH quads — a plan interning the batch's new terms in the dictionary and ending in a
 * Write of their ids with `onConflict: 'ignore'` (a graph is a set: a repeated quad is no
 * change). Quads are encoded as they arrive and each batch is handed on before the next is
 * read, so memory holds one batch of parsed quads, not the document. The engine runs all statements of a load in one transaction: a syntax error (a
 * ParseError naming line and column) anywhere in the input loads nothing.
 */
import { Parser, type Quad } from 'n3';
import * as b from '../algebra/build.js';
import { ColumnAllocator } from '../algebra/columns.js';
import type { FrontEnd, LoweringContext, Statement } from '../algebra/statement.js';
import { ParseError, PolyglotError } from '../common/errors.js';
import { insertBatch, termBatch } from './dictionary.js';
import { ensureQuads, rdfRelations } from './layout.js';
import { toValue } from './terms.js';

export interface LoadOptions {
  /** A media type or n3 format name: text/turtle (default), application/n-triples, application/n-quads, application/trig. */
  format?: string;
  /** The base IRI relative IRIs resolve against. */
  baseIRI?: string;
  /** Load the triples into this named graph (IRI) instead of the default graph. */
  graph?: string;
  /** Called after each batch is written, with the number of quads read so far. */
  onProgress?: (progress: { quads: number }) => void;
}

/** What a load can read: the whole text, or its text in chunks (a Node Readable is an async iterable). */
export type RdfInput = string | AsyncIterable<string | Uint8Array> | Iterable<string>;

export type LoadSyntax = { kind: 'ensure' } | { kind: 'insert'; rows: string[][]; read: number };

/** Quads per insert statement. */
const BATCH = 10_000;
let loads = 0;

const FORMATS: Record<string, string> = { ttl: 'text/turtle', nt: 'application/n-triples', nq: 'application/n-quads', trig: 'application/trig' };

/** formatOf is the media type of an RDF file by its extension (Turtle when unknown). */
export function formatOf(file: string): string {
  return FORMATS[file.replace(/[?#].*$/, '').replace(/^.*\./, '').toLowerCase()] ?? 'text/turtle';
}

/** parseError turns one of n3's syntax errors into a ParseError with line and column. */
function parseError(e: unknown): PolyglotError {
  if (e instanceof PolyglotError) return e;
  const err = e as Error & { context?: { line?: number; token?: { start?: number } } };
  const line = err.context?.line ?? 1;
  const column = (err.context?.token?.start ?? 0) + 1;
  return new ParseError(`${err.message.replace(/ on line \d+\.?$/, '')} at line ${line}, column ${column}`, { line, column });
}

function newParser(options: LoadOptions): Parser {
  return new Parser({
    format: options.format ?? 'text/turtle',
    baseIRI: options.baseIRI,
    // Blank nodes of different loads are different nodes.
    blankNodePrefix: `l${(++loads).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}_`,
  });
}

/** parseRdf reads a whole RDF document into quads; throws ParseError with line and column. */
export function parseRdf(text: string, options: LoadOptions = {}): Quad[] {
  try {
    return newParser(options).parse(text);
  } catch (e) {
    throw parseError(e);
  }
}

/** A source of text chunks n3's parser reads as a stream: it calls `on('data')` / `on('end')`. */
class ChunkSource {
  private onData: (chunk: string) => void = () => {};
  private onEnd: () => void = () => {};
  on(event: string, callback: (chunk?: unknown) => void): this {
    if (event === 'data') this.onData = callback as (chunk: string) => void;
    else if (event === 'end') this.onEnd = callback as () => void;
    return this;
  }
  push(chunk: string): void {
    this.onData(chunk);
  }
  end(): void {
    this.onEnd();
  }
}

async function* chunksOf(input: RdfInput): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield input;
    return;
  }
  const decoder = new TextDecoder();
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * rdfLoadSteps yields the statements of one load as the input is parsed. n3's parser reads a
 * stream through `on('data')` and delivers quads synchronously per chunk (StreamParser is
 * this parser behind a Transform); reading it directly lets the load hand a batch on as soon as
 * it is full, with no per-quad event or promise.
 */
export async function* rdfLoadSteps(input: RdfInput, options: LoadOptions = {}): AsyncGenerator<LoadSyntax> {
  yield { kind: 'ensure' };
  const target = options.graph ? toValue({ termType: 'NamedNode', value: options.graph } as Quad['graph']) : null;
  const source = new ChunkSource();
  let rows: string[][] = [];
  let read = 0;
  let failure: unknown = null;
  newParser(options).parse(source as never, (error: Error | null, q: Quad | null) => {
    if (error) failure ??= error;
    else if (q && failure === null) {
      const g = q.graph.termType === 'DefaultGraph' ? (target ?? '') : toValue(q.graph);
      rows.push([toValue(q.subject), toValue(q.predicate), toValue(q.object), g]);
    }
  });
  const flush = function* (): Generator<LoadSyntax> {
    if (failure !== null) throw parseError(failure);
    if (rows.length === 0) return;
    read += rows.length;
    const batch = rows;
    rows = [];
    yield { kind: 'insert', rows: batch, read };
  };
  for await (const chunk of chunksOf(input)) {
    source.push(chunk);
    if (rows.length >= BATCH || failure !== null) yield* flush();
  }
  source.end();
  yield* flush();
}

/** rdfLoader lowers the statements of one load call (rdfLoadSteps makes them). */
export function rdfLoader(options: LoadOptions = {}): FrontEnd<LoadSyntax> {
  return {
    language: 'rdf-load',
    parse(text: string): LoadSyntax[] {
      const quads = parseRdf(text, options);
      const target = options.graph ? `<${options.graph}` : null;
      const rows = quads.map((q) => [toValue(q.subject), toValue(q.predicate), toValue(q.object), q.graph.termType === 'DefaultGraph' ? (target ?? '') : toValue(q.graph)]);
      const out: LoadSyntax[] = [{ kind: 'ensure' }];
      for (let i = 0; i < rows.length; i += BATCH) out.push({ kind: 'insert', rows: rows.slice(i, i + BATCH), read: Math.min(i + BATCH, rows.length) });
      return out;
    },
    lower(syntax: LoadSyntax, ctx: LoweringContext): Statement {
      const rel = rdfRelations(ctx.catalog);
      const alloc = new ColumnAllocator();
      if (syntax.kind === 'ensure') return rel ? { kind: 'query', plan: b.empty([]), alloc, columns: [], returnsRows: false, explain: null } : ensureQuads();
      if (!rel) throw new Error('rdf load: the quads relation was not created');
      const plan = insertBatch(rel, termBatch(syntax.rows), alloc);
      return { kind: 'query', plan, alloc, columns: [], returnsRows: false, explain: null };
    },
  };
}
