/**
 * values.ts — the runtime values every layer passes around.
 *
 * One representation for all five models, so that a row produced by a SQL scan can be joined
 * with one produced by a triple pattern without conversion:
 *   null            SQL NULL, Cypher null, SPARQL unbound, MongoDB null
 *   boolean
 *   number          integers within ±2^53 and IEEE doubles (the IR's static type says which)
 *   bigint          integers beyond ±2^53 (never for small integers: hot paths stay on numbers)
 *   string
 *   Uint8Array      BLOB / bytes
 *   Value[]         a tuple or list (composite keys, arrays inside documents, Cypher lists)
 *   ValueMap        a map (documents, Cypher maps); a Map so that "__proto__" is only data
 * Model-specific richer values (RDF terms, graph nodes) are encoded into these by their front
 * ends: an RDF term inside the engine is a dictionary id (number), a node is its id.
 */
export type Value = null | boolean | number | bigint | string | Uint8Array | Value[] | ValueMap;
export type ValueMap = Map<string, Value>;

/** A statement's parameters: positional ($1 is params[0]) or named (own properties only). */
export type Params = readonly Value[] | Readonly<Record<string, Value>>;

/** A row is a positional array of values; column meaning comes from the plan's schema. */
export type Row = Value[];

/** Static value types known to the IR. `any` is for dynamically typed sources (documents, SQLite affinity). */
export type ValueType =
  | 'null'
  | 'boolean'
  | 'integer'
  | 'real'
  | 'text'
  | 'blob'
  | 'list'
  | 'map'
  | 'any';

/** isNumeric says whether a static type holds numbers. */
export function isNumericType(t: ValueType): boolean {
  return t === 'integer' || t === 'real';
}

/** typeOfValue classifies a runtime value into the static type vocabulary. */
export function typeOfValue(v: Value): ValueType {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'real';
    case 'bigint':
      return 'integer';
    case 'string':
      return 'text';
    default:
      if (v instanceof Uint8Array) return 'blob';
      if (Array.isArray(v)) return 'list';
      return 'map';
  }
}
