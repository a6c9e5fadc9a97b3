/**
 * fuzz.test.ts — no input makes parseSparql fail with anything but a ParseError (with a line
 * and column inside the text), and parsing is deterministic (the shared parser carries no state
 * from one call to the next). Inputs: random text, random token soup, and random edits of the
 * W3C test queries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseSparql } from '../../../grammar/sparql/index.js';
import { toPlain } from './plain.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** parses `text`; returns the plain AST, or the error if it is a well-formed ParseError. */
function attempt(text: string): unknown {
  try {
    return toPlain(parseSparql(text));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const lines = text.split(/\r\n|\r|\n/).length;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lines);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message.length).toBeGreaterThan(0);
    return { error: e.message };
  }
}

const VOCABULARY = [
  'SELECT', 'DISTINCT', '*', 'WHERE', '{', '}', '(', ')', '[', ']', '.', ';', ',', 'a', '?x', '$y', '?z',
  '<http://e/p>', '<rel>', 'ex:p', 'ex:', ':q', '_:b', '[]', '()', '"s"', "'t'@en", '"""l"""', '1', '-2.5', '+1e3',
  'true', 'OPTIONAL', 'UNION', 'MINUS', 'GRAPH', 'SERVICE', 'SILENT', 'FILTER', 'BIND', 'AS', 'VALUES', 'UNDEF',
  'EXISTS', 'NOT', 'IN', 'GROUP', 'BY', 'HAVING', 'ORDER', 'ASC', 'DESC', 'LIMIT', 'OFFSET', 'COUNT', 'SUM',
  'GROUP_CONCAT', 'SEPARATOR', '=', '!=', '<', '>', '&&', '||', '!', '+', '-', '/', '|', '^', '?', '^^',
  'STR', 'REGEX', 'IF', 'BNODE', 'NOW', 'CONSTRUCT', 'ASK', 'DESCRIBE', 'FROM', 'NAMED', 'PREFIX', 'BASE',
  'INSERT', 'DELETE', 'DATA', 'WITH', 'USING', 'LOAD', 'INTO', 'CLEAR', 'DROP', 'CREATE', 'ADD', 'MOVE',
  'COPY', 'TO', 'DEFAULT', 'ALL', 'PREFIX ex: <http://e/>', '#c\n', '\\u0041', '%', '@en',
];

function corpus(): string[] {
  const roots = [path.resolve(here, '../../../../shared/conformance/sparql'), path.join(here, 'golden')];
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(rq|ru)$/.test(entry.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  roots.forEach(walk);
  return out;
}

describe('parseSparql never crashes', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void attempt(s)), { numRuns: 600 });
  });

  it('on token soup', () => {
    const soup = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 40 }).map((ts) => ts.join(' '));
    fc.assert(fc.property(soup, (s) => void attempt(s)), { numRuns: 1000 });
  });

  const w3c = path.resolve(here, '../../../../shared/conformance/sparql');
  const editedIt = fs.existsSync(w3c) ? it : it.skip;
  if (!fs.existsSync(w3c)) console.warn(`[sparql fuzz] skipping edited W3C queries: ${w3c} does not exist`);
  editedIt('on edited W3C queries, and gives the same answer twice', () => {
    const queries = corpus();
    expect(queries.length).toBeGreaterThan(50);
    const edit = fc.record({
      query: fc.integer({ min: 0, max: queries.length - 1 }),
      at: fc.nat(),
      cut: fc.nat({ max: 12 }),
      insert: fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 3 })),
    });
    fc.assert(
      fc.property(edit, ({ query, at, cut, insert }) => {
        const q = queries[query]!;
        const i = at % (q.length + 1);
        const text = q.slice(0, i) + insert + q.slice(i + cut);
        expect(attempt(text)).toEqual(attempt(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('deep nesting is a ParseError, not a stack overflow', () => {
  const n = 5000;
  for (const text of [
    `SELECT * { FILTER(${'('.repeat(n)}1${')'.repeat(n)}) }`,
    `SELECT * ${'{'.repeat(n)}${'}'.repeat(n)}`,
    `SELECT * { ?s ?p ${'[ <p> '.repeat(n)}1${' ]'.repeat(n)} }`,
    `SELECT * { ?s ${'('.repeat(n)}<p>${')'.repeat(n)} ?o }`,
  ]) {
    it(text.slice(0, 24), () => {
      expect(() => parseSparql(text)).toThrow(/nest more than/);
    });
  }
  it('rejects an expression tree deeper than the AST limit', () => {
    expect(() => parseSparql(`SELECT * { FILTER(1${' + 1'.repeat(20000)}) }`)).toThrow(/more than 1000 levels/);
    expect(() => parseSparql(`SELECT * { FILTER(1${' + 1'.repeat(500)}) }`)).not.toThrow();
  });
  it('accepts nesting up to the limit', () => {
    const n = 120;
    expect(() => parseSparql(`SELECT * { FILTER(${'('.repeat(n)}1${')'.repeat(n)}) }`)).not.toThrow();
  });
});
