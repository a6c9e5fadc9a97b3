/**
 * golden.test.ts — each golden/<name>.dl parses to the AST in golden/<name>.json (spans
 * stripped), and printing that AST parses back to the same AST.
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1, then review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseDatalog, printDatalog } from '../../../grammar/datalog/index.js';
import { compactJson, withoutSpans } from './helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const cases = readdirSync(dir).filter((f) => f.endsWith('.dl')).sort();

describe('golden ASTs', () => {
  test('the corpus is there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of cases) {
    const name = file.slice(0, -3);
    test(name, () => {
      const ast = parseDatalog(readFileSync(join(dir, file), 'utf8'));
      const actual = `${compactJson(withoutSpans(ast))}\n`;
      const goldenPath = join(dir, `${name}.json`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, actual);
      expect(existsSync(goldenPath), `missing ${goldenPath}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    });

    test(`${name} prints back to the same AST`, () => {
      const ast = parseDatalog(readFileSync(join(dir, file), 'utf8'));
      const printed = printDatalog(ast);
      expect(withoutSpans(parseDatalog(printed))).toEqual(withoutSpans(ast));
    });
  }
});
