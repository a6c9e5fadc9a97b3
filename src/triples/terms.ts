/**
 * terms.ts — RDF/JS terms (n3's DataFactory) ↔ the encoded terms plans carry
 * (src/algebra/functions/sparql-terms.ts explains the encoding).
 */
import { DataFactory, type Quad, type Term } from 'n3';
import { decode, DEFAULT_GRAPH, encodeBlank, encodeIri, encodeLiteral } from '../algebra/functions/sparql-terms.js';
import type { Value } from '../common/values.js';

const { namedNode, blankNode, literal, defaultGraph, quad } = DataFactory;

/** toValue encodes an RDF/JS term (variables are not terms: a bug to pass one). */
export function toValue(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return encodeIri(t.value);
    case 'BlankNode':
      return encodeBlank(t.value);
    case 'Literal':
      return encodeLiteral(t.value, t.datatype.value, t.language);
    case 'DefaultGraph':
      return DEFAULT_GRAPH;
    default:
      throw new Error(`cannot store a ${t.termType} as a term`);
  }
}

/** fromValue decodes an encoded term into an RDF/JS term; null/undefined for unbound. */
export function fromValue(v: Value): Term | null {
  if (v === DEFAULT_GRAPH) return defaultGraph();
  const t = decode(v);
  if (!t) return null;
  switch (t.kind) {
    case 'iri':
      return namedNode(t.value);
    case 'bnode':
      return blankNode(t.value);
    case 'literal':
      return t.language ? literal(t.value, t.language) : literal(t.value, namedNode(t.datatype));
  }
}

/** quadFromRow turns an (s, p, o, g) row of encoded terms into an RDF/JS quad. */
export function quadFromRow(s: Value, p: Value, o: Value, g: Value = DEFAULT_GRAPH): Quad {
  return quad(fromValue(s) as Quad['subject'], fromValue(p) as Quad['predicate'], fromValue(o) as Quad['object'], (fromValue(g) ?? defaultGraph()) as Quad['graph']);
}
