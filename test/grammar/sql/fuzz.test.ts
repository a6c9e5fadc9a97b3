/**
 * fuzz.test.ts — property tests with fast-check: whatever the input (random strings, full
 * Unicode, token soup, mutated valid statements, deep nesting), parseSql either returns
 * statements whose spans lie inside the text, or throws a ParseError whose line and column
 * lie inside the text — never any other exception. Parsing is also deterministic: the same
 * text gives the same AST, whatever was parsed before it.
 * FUZZ_SCALE=20 multiplies the run counts for a long soak.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseSql } from '../../../grammar/sql/index.js';

const scale = Number(process.env.FUZZ_SCALE ?? '1');
const runs = (n: number) => Math.max(1, Math.round(n * scale));

/** Checks the one contract of parseSql on `text`; returns the AST as JSON (or the error). */
function check(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  try {
    const statements = parseSql(text);
    for (const s of statements) {
      expect(s.span.start.offset).toBeGreaterThanOrEqual(0);
      expect(s.span.end.offset).toBeLessThanOrEqual(text.length);
      expect(s.span.start.offset).toBeLessThanOrEqual(s.span.end.offset);
    }
    return JSON.stringify(statements, (_k, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v,
    );
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    expect(e.code).toBe('SYNTAX_ERROR');
    expect(e.message.length).toBeGreaterThan(0);
    expect(Array.isArray(e.expected)).toBe(true);
    const line = e.line as number;
    const column = e.column as number;
    expect(Number.isInteger(line) && line >= 1 && line <= lines.length, `line ${line} of ${lines.length}`).toBe(true);
    const width = lines[line - 1].length;
    expect(Number.isInteger(column) && column >= 1 && column <= width + 1, `column ${column} of ${width}`).toBe(true);
    return `error ${line}:${column} ${e.message}`;
  }
}

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
/** Valid statements to mutate: every statement of the golden scripts. */
const seeds: string[] = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.sql'))
  .flatMap((f) => {
    const src = readFileSync(join(goldenDir, f), 'utf8');
    return parseSql(src).map((s) => src.slice(s.span.start.offset, s.span.end.offset));
  });

const vocabulary = [
  'SELECT', 'DISTINCT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'ALL',
  'INTERSECT', 'EXCEPT', 'WITH', 'RECURSIVE', 'AS', 'JOIN', 'LEFT', 'NATURAL', 'ON', 'USING', 'INSERT', 'INTO',
  'VALUES', 'DEFAULT', 'UPDATE', 'SET', 'DELETE', 'RETURNING', 'CREATE', 'TABLE', 'INDEX', 'VIEW', 'TRIGGER',
  'BEGIN', 'END', 'COMMIT', 'ROLLBACK', 'DROP', 'ALTER', 'ADD', 'PRIMARY', 'KEY', 'NOT', 'NULL', 'UNIQUE',
  'CHECK', 'REFERENCES', 'AND', 'OR', 'IS', 'IN', 'LIKE', 'ESCAPE', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE',
  'CAST', 'EXISTS', 'OVER', 'PARTITION', 'ROWS', 'PRECEDING', 'FILTER', 'COLLATE', 'EXPLAIN', 'ANY', 'ARRAY[',
  '(', ')', ',', ';', '.', '*', '+', '-', '/', '%', '||', '->', '::', '=', '<>', '<', '>=', '~', '&', ']',
  'a', 't', 'x1', '"q"', '[b]', '`c`', "'s'", "'it''s'", "x'AB'", '1', '2.5', '.5', '1e3', '0x1F',
  '9223372036854775808', '?', '?2', ':p', '@p', '$1', '--c\n', '/*c*/',
];
const soup = fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 });

/** A valid statement with one random edit: delete, duplicate or insert a piece, or truncate. */
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(), fc.constantFrom(...vocabulary), fc.integer({ min: 0, max: 3 }))
  .map(([s, a, b, tok, op]) => {
    const i = a % (s.length + 1);
    const j = Math.min(s.length, i + (b % 12));
    switch (op) {
      case 0:
        return s.slice(0, i) + s.slice(j);
      case 1:
        return s.slice(0, j) + s.slice(i, j) + s.slice(j);
      case 2:
        return `${s.slice(0, i)} ${tok} ${s.slice(i)}`;
      default:
        return s.slice(0, i);
    }
  });

describe('fuzz: only ParseError escapes', () => {
  test('the mutation seeds are there', () => {
    expect(seeds.length).toBeGreaterThan(100);
  });

  test('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (s) => void check(s)), { numRuns: runs(2000) });
  });

  test('random full-Unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => void check(s)), { numRuns: runs(1000) });
  });

  test('random strings over SQL characters', () => {
    const chars = fc.constantFrom(...'SELECT FROM WHERE abc01 ()[]"\'`,.;:*+-/%|&<>=!~?@$#\n\t\r x'.split(''));
    fc.assert(fc.property(fc.string({ unit: chars, maxLength: 80 }), (s) => void check(s)), { numRuns: runs(3000) });
  });

  test('token soup, spaced and glued', () => {
    fc.assert(fc.property(soup, (toks) => void check(toks.join(' '))), { numRuns: runs(3000) });
    fc.assert(fc.property(soup, (toks) => void check(toks.join(''))), { numRuns: runs(1000) });
  });

  test('mutated valid statements', () => {
    fc.assert(fc.property(mutated, (s) => void check(s)), { numRuns: runs(3000) });
  });

  test('deep and long inputs', () => {
    for (const n of [10, 149, 151, 1000, 20_000]) {
      check(`SELECT ${'('.repeat(n)}1${')'.repeat(n)}`);
      check(`SELECT ${'('.repeat(n)}`);
      check(`SELECT ${'(SELECT '.repeat(n)}1${')'.repeat(n)}`);
      check(`SELECT * FROM ${'('.repeat(n)}t${')'.repeat(n)}`);
      check(`SELECT ${'NOT '.repeat(n)}1`);
      check(`SELECT ${'- '.repeat(n)}1`);
      check(`SELECT 1${' = NOT 1'.repeat(n)}`);
      check(`SELECT ${'f('.repeat(n)}1${')'.repeat(n)}`);
      check(`SELECT ${'CASE WHEN 1 THEN '.repeat(n)}1${' END'.repeat(n)}`);
      check(`SELECT 1${' + 1'.repeat(n)}`);
      check(`SELECT 1${' UNION SELECT 1'.repeat(n)}`);
      check(`SELECT ${'1, '.repeat(n)}1`);
    }
  });

  test('parsing is deterministic, whatever was parsed before', () => {
    fc.assert(
      fc.property(mutated, fc.constantFrom(...seeds), (garbage, s) => {
        const first = check(s);
        check(garbage);
        expect(check(s)).toBe(first);
      }),
      { numRuns: runs(500) },
    );
  });
});
