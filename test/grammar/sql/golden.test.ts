/**
 * golden.test.ts — each golden/<name>.sql (a script) parses to the ASTs in golden/<name>.json
 * (spans stripped, one entry per statement, with the statement's text for review).
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1, then review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseSql } from '../../../grammar/sql/index.js';
import { compactJson, withoutSpans } from './helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort();

/** The golden form of a script: each statement's source text and AST. */
function golden(text: string): string {
  const entries = parseSql(text).map((s) => ({
    sql: text.slice(s.span.start.offset, s.span.end.offset),
    ast: withoutSpans(s),
  }));
  return `${compactJson(entries)}\n`;
}

describe('golden ASTs', () => {
  test('the corpus is there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of cases) {
    const name = file.slice(0, -4);
    test(name, () => {
      const actual = golden(readFileSync(join(dir, file), 'utf8'));
      const goldenPath = join(dir, `${name}.json`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, actual);
      expect(existsSync(goldenPath), `missing ${goldenPath}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    });
  }
});
