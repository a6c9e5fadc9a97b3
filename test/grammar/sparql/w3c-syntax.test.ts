/**
 * w3c-syntax.test.ts — the W3C SPARQL syntax tests against grammar/sparql.
 *
 * Positive syntax tests (and the query of every evaluation test) must parse; negative ones must
 * throw ParseError. The tests are read from the shared conformance folder
 * (../shared/conformance/sparql, beside the project root; skipped with a message when absent —
 * peer test data is never copied into the project). SPARQL Update's syntax tests are not staged
 * there, so Update parsing is covered by golden and fuzz tests only. passing-syntax.json lists the test IRIs known to pass: a listed case that fails
 * fails this file; newly passing cases are printed. Rewrite the list with
 * UPDATE_SPARQL_PASSING=1 npx vitest run test/grammar/sparql/w3c-syntax.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseSparql } from '../../../grammar/sparql/index.js';
import { readManifest, type TestCase } from './manifest.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../../..');
const conformance = path.resolve(projectRoot, '../shared/conformance/sparql');
const passingFile = path.join(here, 'passing-syntax.json');
const known = new Set<string>(fs.existsSync(passingFile) ? (JSON.parse(fs.readFileSync(passingFile, 'utf8')) as string[]) : []);

interface Suite {
  name: string;
  cases: () => TestCase[];
}

const isSyntax = (c: TestCase) => /SyntaxTest/.test(c.type);
const isEvaluation = (c: TestCase) => /EvaluationTest|ResultFormatTest/.test(c.type);

const querySuites: Suite[] = [
  {
    name: 'sparql11/syntax-query',
    cases: () => readManifest(path.join(conformance, 'sparql11/syntax-query/manifest.ttl')),
  },
  {
    name: 'sparql11 query folders: syntax tests',
    cases: () =>
      readManifest(path.join(conformance, 'sparql11/manifest-sparql11-query.ttl')).filter(
        (c) => isSyntax(c) && !c.file.includes(`${path.sep}syntax-query${path.sep}`),
      ),
  },
  ...[1, 2, 3, 4, 5].map((n) => ({
    name: `sparql10/syntax-sparql${n}`,
    cases: () => readManifest(path.join(conformance, `sparql10/syntax-sparql${n}/manifest.ttl`)),
  })),
  {
    name: 'sparql10 evaluation queries (must parse)',
    cases: () =>
      [
        ...readManifest(path.join(conformance, 'sparql10/manifest.ttl')),
        ...readManifest(path.join(conformance, 'sparql10/extended-manifest-evaluation.ttl')),
      ].filter(isEvaluation),
  },
  {
    name: 'sparql11 evaluation queries (must parse)',
    cases: () =>
      [
        ...readManifest(path.join(conformance, 'sparql11/manifest-sparql11-query.ttl')),
        ...readManifest(path.join(conformance, 'sparql11/manifest-sparql11-results.ttl')),
      ].filter(isEvaluation),
  },
];

interface Outcome {
  passed: boolean;
  detail: string;
}

function run(c: TestCase): Outcome {
  const text = fs.readFileSync(c.file, 'utf8');
  try {
    parseSparql(text, { baseIRI: `file://${c.file}` });
    return c.expectation === 'positive'
      ? { passed: true, detail: 'parsed' }
      : { passed: false, detail: 'parsed, but this negative test must be rejected' };
  } catch (e) {
    if (!(e instanceof ParseError)) return { passed: false, detail: `crashed: ${(e as Error).stack ?? e}` };
    return c.expectation === 'negative'
      ? { passed: true, detail: e.message }
      : { passed: false, detail: `rejected: ${e.message}` };
  }
}

const results = new Map<string, Outcome>();
const failures: string[] = [];

function defineSuite(suite: Suite): void {
  it(suite.name, () => {
    const cases = suite.cases();
    expect(cases.length, 'no test cases found').toBeGreaterThan(0);
    let passed = 0;
    const regressions: string[] = [];
    for (const c of cases) {
      const outcome = run(c);
      results.set(c.id, outcome);
      if (outcome.passed) passed++;
      else {
        failures.push(`${c.id} (${path.relative(projectRoot, c.file)}): ${outcome.detail}`);
        if (known.has(c.id)) regressions.push(`${c.id}: ${outcome.detail}`);
      }
    }
    console.log(`[sparql syntax] ${suite.name}: ${passed}/${cases.length} passed`);
    expect(regressions, 'cases listed in passing-syntax.json now fail').toEqual([]);
  });
}

describe('W3C SPARQL 1.1 syntax tests', () => {
  if (fs.existsSync(conformance)) querySuites.forEach(defineSuite);
  else {
    it.skip(`query syntax suites: conformance folder not found at ${conformance}`, () => {});
    console.warn(`[sparql syntax] skipping the query suites: ${conformance} does not exist`);
  }

  afterAll(() => {
    const all = [...results.entries()];
    const passing = all.filter(([, o]) => o.passed).map(([id]) => id).sort();
    const fresh = passing.filter((id) => !known.has(id));
    console.log(`[sparql syntax] total: ${passing.length}/${all.length} passed (${((100 * passing.length) / Math.max(1, all.length)).toFixed(1)}%)`);
    if (failures.length) console.log(`[sparql syntax] failing:\n  ${failures.join('\n  ')}`);
    if (fresh.length) console.log(`[sparql syntax] newly passing (add to passing-syntax.json):\n  ${fresh.join('\n  ')}`);
    if (process.env.UPDATE_SPARQL_PASSING) {
      const keep = [...known].filter((id) => !results.has(id)); // cases from suites not run here
      fs.writeFileSync(passingFile, `${JSON.stringify([...new Set([...keep, ...passing])].sort(), null, 2)}\n`);
    }
  });
});
