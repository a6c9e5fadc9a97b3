/**
 * result-formats.ts — SPARQL results written in the standard formats: SPARQL 1.1 Query Results
 * JSON (application/sparql-results+json), XML (application/sparql-results+xml), CSV and TSV
 * (text/csv, text/tab-separated-values), for SELECT and ASK; CONSTRUCT/DESCRIBE quads go
 * through export.ts's n3 Writer.
 */
import type { Term } from 'n3';
import { XSD, XSD_STRING } from '../algebra/functions/sparql-terms.js';
import type { SparqlResult } from './results.js';
import { SparqlBindings } from './results.js';

export type ResultFormat = 'json' | 'xml' | 'csv' | 'tsv';

function jsonTerm(t: Term): Record<string, string> {
  switch (t.termType) {
    case 'NamedNode':
      return { type: 'uri', value: t.value };
    case 'BlankNode':
      return { type: 'bnode', value: t.value };
    case 'Literal':
      if (t.language) return { type: 'literal', value: t.value, 'xml:lang': t.language };
      return t.datatype.value === XSD_STRING ? { type: 'literal', value: t.value } : { type: 'literal', value: t.value, datatype: t.datatype.value };
    default:
      return { type: 'literal', value: t.value };
  }
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmlTerm(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<uri>${xmlEscape(t.value)}</uri>`;
    case 'BlankNode':
      return `<bnode>${xmlEscape(t.value)}</bnode>`;
    default: {
      const l = t as Term & { language: string; datatype: { value: string } };
      const attr = l.language ? ` xml:lang="${xmlEscape(l.language)}"` : l.datatype.value !== XSD_STRING ? ` datatype="${xmlEscape(l.datatype.value)}"` : '';
      return `<literal${attr}>${xmlEscape(t.value)}</literal>`;
    }
  }
}

function csvCell(t: Term | null): string {
  if (!t) return '';
  const v = t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const tsvEscape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');

function tsvCell(t: Term | null): string {
  if (!t) return '';
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    default: {
      const l = t as Term & { language: string; datatype: { value: string } };
      const dt = l.datatype.value;
      if (!l.language && (dt === `${XSD}integer` ? /^[+-]?\d+$/.test(t.value) : dt === `${XSD}decimal` ? /^[+-]?\d*\.\d+$/.test(t.value) : dt === `${XSD}double` ? /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(t.value) : false)) return t.value;
      const q = `"${tsvEscape(t.value)}"`;
      return l.language ? `${q}@${l.language}` : dt === XSD_STRING ? q : `${q}^^<${dt}>`;
    }
  }
}

/** formatResult writes a SELECT or ASK result in a standard results format. */
export function formatResult(result: SparqlResult, format: ResultFormat): string {
  if (Array.isArray(result)) throw new TypeError('CONSTRUCT and DESCRIBE results are graphs: serialize them as RDF');
  if (typeof result === 'boolean') {
    switch (format) {
      case 'json':
        return JSON.stringify({ head: {}, boolean: result });
      case 'xml':
        return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head/>\n  <boolean>${result}</boolean>\n</sparql>\n`;
      default:
        return `${result}\n`;
    }
  }
  if (!(result instanceof SparqlBindings)) throw new TypeError('an update request has no result set to format');
  const r = result;
  switch (format) {
    case 'json':
      return JSON.stringify({
        head: { vars: r.columns },
        results: { bindings: r.rows.map((row) => Object.fromEntries(row.flatMap((t, i) => (t ? [[r.columns[i], jsonTerm(t)]] : [])))) },
      });
    case 'xml': {
      const head = r.columns.map((c) => `    <variable name="${xmlEscape(c)}"/>`).join('\n');
      const rows = r.rows
        .map((row) => `    <result>\n${row.flatMap((t, i) => (t ? [`      <binding name="${xmlEscape(r.columns[i])}">${xmlTerm(t)}</binding>`] : [])).join('\n')}\n    </result>`)
        .join('\n');
      return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head>\n${head}\n  </head>\n  <results>\n${rows}\n  </results>\n</sparql>\n`;
    }
    case 'csv':
      return [r.columns.join(','), ...r.rows.map((row) => row.map(csvCell).join(','))].map((l) => `${l}\r\n`).join('');
    case 'tsv':
      return [r.columns.map((c) => `?${c}`).join('\t'), ...r.rows.map((row) => row.map(tsvCell).join('\t'))].map((l) => `${l}\n`).join('');
  }
}
