/**
 * export.ts — the quads relation out as RDF text: a scan plan decoding the ids through the
 * dictionary (optionally one graph) run by the engine, then n3's Writer.
 */
import { Writer, type Quad } from 'n3';
import * as b from '../algebra/build.js';
import { ColumnAllocator } from '../algebra/columns.js';
import { call, col, lit } from '../algebra/expr.js';
import type { FrontEnd, LoweringContext, Statement } from '../algebra/statement.js';
import type { Plan } from '../algebra/logical.js';
import type { Value } from '../common/values.js';
import type { Column } from '../algebra/columns.js';
import { decode } from './dictionary.js';
import { G, rdfRelations } from './layout.js';
import { quadFromRow } from './terms.js';

export interface ExportOptions {
  /** text/turtle, application/n-triples (default), application/n-quads, application/trig */
  format?: string;
  /** Only this graph: an IRI, or '' / 'default' for the default graph. All graphs when absent. */
  graph?: string;
  prefixes?: Record<string, string>;
}

/** rdfExporter lowers to a scan of the quads (the engine runs it; serialize writes the rows). */
export function rdfExporter(options: ExportOptions = {}): FrontEnd<null> {
  return {
    language: 'rdf-export',
    parse: () => [null],
    lower(_: null, ctx: LoweringContext): Statement {
      const alloc = new ColumnAllocator();
      const ids = ['s', 'p', 'o', 'g'].map((n) => alloc.column(n, 'integer'));
      const rel = rdfRelations(ctx.catalog);
      if (!rel) return { kind: 'query', plan: b.empty(ids), alloc, columns: ids.map((c) => c.name), returnsRows: true, explain: null };
      let plan: Plan = b.scan(rel.quads, ids);
      const terms: Column[] = [];
      for (const id of ids) {
        const d = decode(plan, id, rel.terms, alloc, false);
        plan = d.plan;
        terms.push(d.term);
      }
      if (options.graph !== undefined) {
        const g = options.graph === '' || options.graph === 'default' ? '' : `<${options.graph}`;
        plan = b.filter(plan, call('eq', [col(terms[G]), lit(g)]));
      }
      return { kind: 'query', plan: b.project(plan, terms), alloc, columns: terms.map((c) => c.name), returnsRows: true, explain: null };
    },
  };
}

/** serialize writes quad rows (s, p, o, g) in an RDF format. */
export function serialize(rows: readonly Value[][], options: ExportOptions = {}): string {
  const format = options.format ?? 'application/n-triples';
  const quads: Quad[] = rows.map((r) => quadFromRow(r[0], r[1], r[2], /quad|trig/i.test(format) ? r[3] : ''));
  const writer = new Writer({ format, prefixes: options.prefixes });
  return writer.quadsToString(quads);
}
