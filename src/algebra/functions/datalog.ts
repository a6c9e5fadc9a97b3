/**
 * datalog.ts — functions the Datalog front end needs beyond SQL's and the core ones.
 *
 * `datalog.rdf_value(term)` reads an encoded RDF term (sparql-terms.ts) as a plain Datalog
 * value, so that `triple(S, P, O)` joins with SQL tables and Datalog facts on ordinary
 * equality: an IRI is its IRI string, a blank node `_:label`, a numeric literal its number, any
 * other literal its lexical form (datatype and language tag dropped). The default graph ('')
 * stays ''.
 */
import { defineFunction } from './registry.js';
import { decode, numeric } from './sparql-terms.js';
import type { Value } from '../../common/values.js';

export function rdfValue(v: Value): Value {
  if (v === '') return '';
  const t = decode(v);
  if (t === null) return v;
  switch (t.kind) {
    case 'iri':
      return t.value;
    case 'bnode':
      return `_:${t.value}`;
    case 'literal':
      return numeric(t)?.value ?? t.value;
  }
}

defineFunction({ id: 'datalog.rdf_value', arity: 1, returnType: () => 'any', deterministic: true, nullRejecting: true, eval: (v) => (v === null ? null : rdfValue(v)) });
