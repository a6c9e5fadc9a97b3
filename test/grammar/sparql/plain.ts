/**
 * plain.ts — a SPARQL AST as plain JSON for golden files and assertions: spans dropped, RDF/JS
 * terms written N-Triples style (<iri>, ?v, _:b, "x", "x"@en, "1"^^<…#integer>, DEFAULT).
 */
import type { Term } from 'n3';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** termString writes one RDF/JS term. */
export function termString(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'Variable':
      return `?${t.value}`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'DefaultGraph':
      return 'DEFAULT';
    case 'Literal':
      if (t.language) return `${JSON.stringify(t.value)}@${t.language}`;
      if (t.datatype.value === XSD_STRING) return JSON.stringify(t.value);
      return `${JSON.stringify(t.value)}^^<${t.datatype.value}>`;
    default:
      return String(t);
  }
}

/** toPlain deep-copies an AST without spans and with terms as strings. */
export function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') {
    if ('termType' in value) return termString(value as Term);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'span') out[k] = toPlain(v);
    return out;
  }
  return value;
}
