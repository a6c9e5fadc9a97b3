/**
 * helpers.ts — shared by the grammar/datalog tests: span stripping and a compact, stable JSON
 * form of ASTs for golden files.
 */
import { ParseError } from '../../../src/common/errors.js';
import { parseDatalog } from '../../../grammar/datalog/index.js';

/** withoutSpans returns a deep copy of an AST with every `span` removed. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'span') out[k] = withoutSpans(v);
    return out;
  }
  return value;
}

/** compactJson prints JSON with short objects and arrays on one line; bigints as "123n". */
export function compactJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  if (flat === undefined) return 'null';
  if (flat.length + indent.length <= 100 || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** parseFailure parses text that must fail and returns the ParseError. */
export function parseFailure(text: string): ParseError {
  try {
    parseDatalog(text);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error(`expected a ParseError for ${JSON.stringify(text)}`);
}
