/**
 * printer.test.ts — printSql is the inverse of parseSql up to spans: printing an AST and
 * parsing the text gives the same AST. Checked on every golden statement, on a sample of the
 * sqllogictest corpus, and on every fuzz-mutated statement that still parses.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseSql, printSql, type Statement } from '../../../grammar/sql/index.js';
import { scriptFiles, sqlRecords } from './sqllogictest.js';
import { withoutSpans } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = join(here, 'golden');
const suite = join(here, '..', '..', '..', '..', 'shared', 'conformance', 'sqllogictest');

/** The AST without spans; `?` parameters compared by number (printed as `?N`). */
function normalized(statements: Statement[]): unknown {
  return JSON.parse(
    JSON.stringify(withoutSpans(statements), (k, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Uint8Array) return Array.from(v);
      if (v !== null && typeof v === 'object' && (v as { kind?: string }).kind === 'Parameter') {
        const p = v as { index: number; name: string | null; raw: string };
        return { ...p, raw: p.name === null && p.raw.startsWith('?') ? `?${p.index}` : p.raw };
      }
      return v;
    }),
  );
}

function roundTrips(sql: string): void {
  const ast = parseSql(sql);
  const printed = printSql(ast);
  let again: Statement[];
  try {
    again = parseSql(printed);
  } catch (e) {
    throw new Error(`printed text does not parse: ${(e as Error).message}\n  original: ${sql}\n  printed:  ${printed}`);
  }
  expect(normalized(again), `original: ${sql}\nprinted:  ${printed}`).toEqual(normalized(ast));
}

const goldenStatements = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.sql'))
  .flatMap((f) => {
    const src = readFileSync(join(goldenDir, f), 'utf8');
    return parseSql(src).map((s) => src.slice(s.span.start.offset, s.span.end.offset));
  });

describe('printSql', () => {
  test('prints canonical SQL', () => {
    expect(printSql(parseSql('select a+b*c as x from t where not a = 1 limit 2, 3'))).toBe(
      'SELECT (a + (b * c)) AS x FROM t WHERE (NOT (a = 1)) LIMIT 3 OFFSET 2',
    );
    expect(printSql(parseSql('SELECT ?, ?, :a; INSERT INTO "T" VALUES (x\'ab\', \'it\'\'s\')'))).toBe(
      `SELECT ?1, ?2, :a;\nINSERT INTO "T" VALUES (X'AB', 'it''s')`,
    );
  });

  test('round-trips every golden statement', () => {
    for (const s of goldenStatements) roundTrips(s);
  });

  test.skipIf(!existsSync(suite))('round-trips a sample of the sqllogictest corpus', () => {
    let n = 0;
    for (const file of scriptFiles(suite)) {
      const records = sqlRecords(suite, file);
      for (let i = 0; i < records.length; i += 80) {
        roundTrips(records[i].sql);
        n++;
      }
    }
    expect(n).toBeGreaterThan(1500);
  });

  test('keeps quoted words of a type name quoted', () => {
    // Found by the mutation property: `INT[NT[]` is the word INT and the bracketed word `NT[`.
    roundTrips('CREATE TABLE t1(i INT[NT[], j "my type"(3), k [a b] [])');
    expect(printSql(parseSql('CREATE TABLE t(i INT[NT[])'))).toBe('CREATE TABLE t (i INT "NT[")');
  });

  test('round-trips mutated statements that still parse', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...goldenStatements), fc.nat(), fc.nat(), fc.boolean())
      .map(([s, a, b, dup]) => {
        const i = a % (s.length + 1);
        const j = Math.min(s.length, i + (b % 10));
        return dup ? s.slice(0, j) + s.slice(i, j) + s.slice(j) : s.slice(0, i) + s.slice(j);
      });
    fc.assert(
      fc.property(mutated, (sql) => {
        try {
          parseSql(sql);
        } catch (e) {
          if (e instanceof ParseError) return;
          throw e;
        }
        roundTrips(sql);
      }),
      { numRuns: Number(process.env.PRINTER_RUNS ?? 2000) },
    );
  });
});
