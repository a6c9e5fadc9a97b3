/**
 * corpus.test.ts — every SQL statement of the sqllogictest corpus parses: all `statement ok`
 * and `query` records that SQLite runs (about 150,000), read from ../shared/conformance
 * relative to the project root. A failure must either be fixed or listed, with its reason,
 * in corpus-known-failures.json (kept small; stale entries fail the test too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseSql } from '../../../grammar/sql/index.js';
import { scriptFiles, sqlRecords } from './sqllogictest.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(here, '..', '..', '..');
const suite = join(projectRoot, '..', 'shared', 'conformance', 'sqllogictest');
const present = existsSync(suite);

interface KnownFailure {
  file: string;
  line: number;
  reason: string;
}
const known: KnownFailure[] = JSON.parse(readFileSync(join(here, 'corpus-known-failures.json'), 'utf8')) as KnownFailure[];
const isKnown = (file: string, line: number) => known.some((k) => k.file === file && k.line === line);

describe.skipIf(!present)('sqllogictest corpus parses', () => {
  const files = present ? scriptFiles(suite) : [];
  let total = 0;
  let seconds = 0;

  test('the corpus is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of files) {
    test(file, () => {
      const records = sqlRecords(suite, file);
      const failures: string[] = [];
      const knownHere = new Set<number>();
      const t0 = performance.now();
      for (const r of records) {
        try {
          parseSql(r.sql);
          if (isKnown(file, r.line)) failures.push(`${file}:${r.line}: listed as a known failure but parses now`);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          if (isKnown(file, r.line)) knownHere.add(r.line);
          else failures.push(`${file}:${r.line}: ${e.message}\n    ${r.sql.replace(/\n/g, '\n    ')}`);
        }
      }
      seconds += (performance.now() - t0) / 1000;
      total += records.length;
      expect(failures.slice(0, 20)).toEqual([]);
    });
  }

  test('rate', () => {
    // Informational: printed, not asserted (machines differ).
    console.log(`sqllogictest corpus: ${total} statements parsed in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s)`);
    expect(total).toBeGreaterThan(100_000);
  });
});

if (!present) {
  // Reported by vitest as a skipped test whose name says why.
  test.skip(`sqllogictest corpus parses — SKIPPED: no corpus at ${suite} (../shared/conformance from the project root)`, () => {});
}
