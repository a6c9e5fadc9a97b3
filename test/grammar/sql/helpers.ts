/**
 * helpers.ts — shared by the grammar/sql tests: span stripping, a compact stable JSON form of
 * ASTs for golden files, and catching the ParseError of text that must fail.
 */
import { ParseError } from '../../../src/common/errors.js';
import { parseSql } from '../../../grammar/sql/index.js';

/** A deep copy of an AST with every `span` removed. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value instanceof Uint8Array) return value;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'span') out[k] = withoutSpans(v);
    return out;
  }
  return value;
}

function jsonValue(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return { blob: Buffer.from(v).toString('hex').toUpperCase() };
  return v;
}

/** JSON with short objects and arrays on one line; bigints as "123n", blobs as {"blob": "AB"}. */
export function compactJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value, jsonValue);
  if (flat === undefined) return 'null';
  if (flat.length + indent.length <= 100 || value === null || typeof value !== 'object' || value instanceof Uint8Array) {
    return flat;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** Parses text that must fail and returns its ParseError. */
export function parseFailure(text: string): ParseError {
  try {
    parseSql(text);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error(`expected a ParseError for ${JSON.stringify(text)}`);
}

/** The one statement of `text`, spans stripped. */
export function ast(text: string): unknown {
  const statements = parseSql(text);
  if (statements.length !== 1) throw new Error(`expected one statement, got ${statements.length}`);
  return withoutSpans(statements[0]);
}
