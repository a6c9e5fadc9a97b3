/**
 * load.ts — Turtle, N-Triples, N-Quads and TriG into the quads relation, as statements.
 *
 * `rdfLoader(options)` is a FrontEnd whose "text" is an RDF document: parse reads the whole
 * document with n3's Parser (a syntax error is a ParseError naming line and column, raised
 * before anything is written), and the statements it yields are (1) a schema statement that
 * creates the quads relation on first use and (2) inserts — plans ending in a Write with
 * `onConflict: 'ignore'` (a graph is a set: a repeated quad is no change). The engine runs all
 * of them in one transaction, so a load is atomic.
 */
import { Parser, type Quad } from 'n3';
import * as b from '../algebra/build.js';
import { ColumnAllocator } from '../algebra/columns.js';
import { lit } from '../algebra/expr.js';
import type { FrontEnd, LoweringContext, Statement } from '../algebra/statement.js';
import { ParseError } from '../common/errors.js';
import { ensureQuads, quadsRelation } from './layout.js';
import { toValue } from './terms.js';

export interface LoadOptions {
  /** A media type or n3 format name: text/turtle (default), application/n-triples, application/n-quads, application/trig. */
  format?: string;
  /** The base IRI relative IRIs resolve against. */
  baseIRI?: string;
  /** Load the triples into this named graph (IRI) instead of the default graph. */
  graph?: string;
}

export type LoadSyntax = { kind: 'ensure' } | { kind: 'insert'; rows: string[][] };

/** Rows per Write statement (all statements of a load share one transaction). */
const CHUNK = 10_000;
let loads = 0;

/** parseRdf reads an RDF document into quads; throws ParseError with line and column. */
export function parseRdf(text: string, options: LoadOptions = {}): Quad[] {
  const parser = new Parser({
    format: options.format ?? 'text/turtle',
    baseIRI: options.baseIRI,
    // Blank nodes of different loads are different nodes.
    blankNodePrefix: `l${(++loads).toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}_`,
  });
  try {
    return parser.parse(text);
  } catch (e) {
    const err = e as Error & { context?: { line?: number; token?: { start?: number } } };
    const line = err.context?.line ?? 1;
    const column = (err.context?.token?.start ?? 0) + 1;
    throw new ParseError(`${err.message.replace(/ on line \d+\.?$/, '')} at line ${line}, column ${column}`, { line, column });
  }
}

/** rdfLoader is the statements of one load call. */
export function rdfLoader(options: LoadOptions = {}): FrontEnd<LoadSyntax> {
  return {
    language: 'rdf-load',
    parse(text: string): LoadSyntax[] {
      const quads = parseRdf(text, options);
      const graph = options.graph ? `<${options.graph}` : null;
      const rows = quads.map((q) => {
        const g = q.graph.termType === 'DefaultGraph' && graph !== null ? graph : toValue(q.graph);
        return [toValue(q.subject), toValue(q.predicate), toValue(q.object), g];
      });
      const out: LoadSyntax[] = [{ kind: 'ensure' }];
      for (let i = 0; i < rows.length; i += CHUNK) out.push({ kind: 'insert', rows: rows.slice(i, i + CHUNK) });
      return out;
    },
    lower(syntax: LoadSyntax, ctx: LoweringContext): Statement {
      if (syntax.kind === 'ensure') return ensureQuads();
      const rel = quadsRelation(ctx.catalog);
      if (!rel) throw new Error('rdf load: the quads relation was not created');
      const alloc = new ColumnAllocator();
      const columns = ['s', 'p', 'o', 'g'].map((n) => alloc.column(n, 'text'));
      const rows = syntax.rows.map((r) => r.map((v) => lit(v, 'text')));
      const plan = b.write('insert', rel, b.values(columns, rows), [], 'ignore');
      return { kind: 'query', plan, alloc, columns: columns.map((c) => c.name), returnsRows: false, explain: null };
    },
  };
}
