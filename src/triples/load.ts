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
import { DataFactory, Parser, type Quad } from 'n3';
import * as b from '../algebra/build.js';
import { ColumnAllocator } from '../algebra/columns.js';
import { RDF_NS, XSD_STRING } from '../algebra/functions/sparql-terms.js';
import type { FrontEnd, LoweringContext, Statement } from '../algebra/statement.js';
import { ParseError, PolyglotError } from '../common/errors.js';
import { insertBatch, TermBatchBuilder, type TermBatch } from './dictionary.js';
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

export type LoadSyntax = { kind: 'ensure' } | { kind: 'insert'; batch: TermBatch; read: number };

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

/**
 * A literal as a load's parser makes it (LOAD_TERMS): value, language and datatype kept apart.
 * n3's own Literal is one id string, '"value"^^datatype', concatenated per occurrence; a load
 * then flattened and hashed that string to find the term and parsed it again for its parts.
 * `id` is n3's form, made only when asked (n3's error messages quote it).
 */
class LoadLiteral {
  readonly termType = 'Literal';

  constructor(
    readonly value: string,
    readonly language: string,
    readonly datatype: Quad['predicate'],
  ) {}

  get id(): string {
    if (this.language !== '') return `"${this.value}"@${this.language}`;
    return this.datatype.value === XSD_STRING ? `"${this.value}"` : `"${this.value}"^^${this.datatype.value}`;
  }

  equals(other: { termType?: string; value?: string; language?: string; datatype?: { value: string } } | null | undefined): boolean {
    return other?.termType === 'Literal' && other.value === this.value && other.language === this.language && other.datatype?.value === this.datatype.value;
  }
}

const xsdString = DataFactory.namedNode(XSD_STRING);
const rdfLangString = DataFactory.namedNode(`${RDF_NS}langString`);

/** The term factory of a load's parser: n3's, but for literals (LoadLiteral). A literal with a base direction stays n3's. */
const LOAD_TERMS = {
  ...DataFactory,
  literal(value: string, languageOrDatatype?: string | Quad['predicate'] | { language: string; direction?: string }) {
    if (typeof languageOrDatatype === 'string') return new LoadLiteral(value, languageOrDatatype.toLowerCase(), rdfLangString);
    if (languageOrDatatype === undefined) return new LoadLiteral(value, '', xsdString);
    if ('termType' in languageOrDatatype && typeof value === 'string') return new LoadLiteral(value, '', languageOrDatatype);
    return DataFactory.literal(value, languageOrDatatype as never);
  },
};

function newParser(options: LoadOptions, factory?: typeof LOAD_TERMS): Parser {
  return new Parser({
    format: options.format ?? 'text/turtle',
    baseIRI: options.baseIRI,
    // Blank nodes of different loads are different nodes.
    blankNodePrefix: `l${(++loads).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}_`,
    ...(factory === undefined ? {} : { factory: factory as never }),
  });
}

/** parseRdf reads a whole RDF document into quads; throws ParseError with line and column. */
export function parseRdf(text: string, options: LoadOptions = {}): Quad[] {
  return parseWith(text, options);
}

/** parseWith is parseRdf with the parser's term factory (a load's: LOAD_TERMS). */
function parseWith(text: string, options: LoadOptions, factory?: typeof LOAD_TERMS): Quad[] {
  try {
    return newParser(options, factory).parse(text);
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

/**
 * QuadBatch collects parsed quads into a TermBatch. A term seen before in the batch is found by
 * n3's own id for it (kept per term type, so an IRI and a literal never share an entry), which
 * the parser made once: encoding it again would build a new string per occurrence that the
 * dictionary's Map must flatten and hash (measured: a fifth of the load's CPU went to numbering
 * the terms of 591k quads). Only a term new to the batch is encoded, and added to the batch's
 * list without a second lookup by its encoding: each term has one key here (a literal's is its
 * datatype or language and value, so n3's two ids of an xsd:string literal are one key), and a
 * term the list held twice would only cost a second lookup (dictionary.ts TermBatchBuilder.add).
 */
class QuadBatch {
  private readonly builder = new TermBatchBuilder();
  private readonly byId: Record<string, Map<string, number>> = { NamedNode: new Map(), BlankNode: new Map(), Literal: new Map() };
  /** A load's literals (LoadLiteral) by language, or by datatype when they have none, then by value. */
  private readonly byLanguage = new Map<string, Map<string, number>>();
  private readonly byDatatype = new Map<string, Map<string, number>>();
  /** The place of the default graph ('' or the load's target graph), once numbered. */
  private defaultGraph = 0;
  /** The last quad's subject: its place (0: none yet), n3 id and term type. */
  private lastSubject = 0;
  private lastSubjectId = '';
  private lastSubjectType = '';
  /** The places of the batch's predicates (IRIs) by IRI. */
  private readonly predicates = new Map<string, number>();
  /** Quads added so far, repeated ones included (what a load reports as read). */
  added = 0;

  constructor(private readonly target: string | null) {}

  get size(): number {
    return this.builder.size;
  }

  add(q: Quad): void {
    this.added++;
    const b = this.builder;
    const g = q.graph.termType === 'DefaultGraph' ? (this.defaultGraph ||= b.place(this.target ?? '')) : this.place(q.graph);
    // A subject is most often the last quad's (documents list a subject's quads together), and
    // predicates are few: both are found without a lookup among all the batch's terms, whose
    // table (175k terms at SF 1) missed the cache on most of its 1.8M lookups per load.
    const subject = q.subject;
    let s = this.lastSubject;
    if (s === 0 || subject.id !== this.lastSubjectId || subject.termType !== this.lastSubjectType) {
      s = this.lastSubject = this.place(subject);
      this.lastSubjectId = subject.id;
      this.lastSubjectType = subject.termType;
    }
    const predicate = q.predicate;
    let p = predicate.termType === 'NamedNode' ? this.predicates.get(predicate.id) : undefined;
    if (p === undefined) {
      p = this.place(predicate);
      if (predicate.termType === 'NamedNode') this.predicates.set(predicate.id, p);
    }
    b.addPlaces(s, p, this.place(q.object), g);
  }

  private place(t: Quad['subject'] | Quad['object'] | Quad['graph']): number {
    if (t instanceof LoadLiteral) {
      const groups = t.language === '' ? this.byDatatype : this.byLanguage;
      const group = t.language === '' ? t.datatype.value : t.language;
      let values = groups.get(group);
      if (values === undefined) groups.set(group, (values = new Map()));
      let n = values.get(t.value);
      if (n === undefined) values.set(t.value, (n = this.builder.add(toValue(t as unknown as Quad['object']))));
      return n;
    }
    const ids = this.byId[t.termType];
    if (ids === undefined) return this.builder.place(toValue(t));
    let n = ids.get(t.id);
    if (n === undefined) ids.set(t.id, (n = this.builder.add(toValue(t))));
    return n;
  }

  take(): TermBatch {
    for (const ids of Object.values(this.byId)) ids.clear();
    this.predicates.clear();
    this.lastSubject = 0;
    this.byLanguage.clear();
    this.byDatatype.clear();
    this.defaultGraph = 0;
    return this.builder.take();
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
  const batch = new QuadBatch(target);
  let failure: unknown = null;
  newParser(options, LOAD_TERMS).parse(source as never, (error: Error | null, q: Quad | null) => {
    if (error) failure ??= error;
    else if (q && failure === null) batch.add(q);
  });
  const flush = function* (): Generator<LoadSyntax> {
    if (failure !== null) throw parseError(failure);
    if (batch.size === 0) return;
    yield { kind: 'insert', batch: batch.take(), read: batch.added };
  };
  for await (const chunk of chunksOf(input)) {
    source.push(chunk);
    if (batch.size >= BATCH || failure !== null) yield* flush();
  }
  source.end();
  yield* flush();
}

/** rdfLoader lowers the statements of one load call (rdfLoadSteps makes them). */
export function rdfLoader(options: LoadOptions = {}): FrontEnd<LoadSyntax> {
  return {
    language: 'rdf-load',
    parse(text: string): LoadSyntax[] {
      const quads = parseWith(text, options, LOAD_TERMS);
      const batch = new QuadBatch(options.graph ? `<${options.graph}` : null);
      const out: LoadSyntax[] = [{ kind: 'ensure' }];
      for (let i = 0; i < quads.length; i++) {
        batch.add(quads[i]);
        if (batch.size > 0 && (batch.size >= BATCH || i === quads.length - 1)) out.push({ kind: 'insert', batch: batch.take(), read: i + 1 });
      }
      return out;
    },
    lower(syntax: LoadSyntax, ctx: LoweringContext): Statement {
      const rel = rdfRelations(ctx.catalog);
      const alloc = new ColumnAllocator();
      if (syntax.kind === 'ensure') return rel ? { kind: 'query', plan: b.empty([]), alloc, columns: [], returnsRows: false, explain: null } : ensureQuads();
      if (!rel) throw new Error('rdf load: the quads relation was not created');
      const plan = insertBatch(rel, syntax.batch, alloc);
      return { kind: 'query', plan, alloc, columns: [], returnsRows: false, explain: null };
    },
  };
}
