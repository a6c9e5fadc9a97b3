/**
 * SQLite's sqllogictest scripts (../shared/conformance/sqllogictest) run through polyglotdb's
 * SQL front end. sqllogictest-passing.json lists the records (file:line) known to pass: a
 * listed record that fails fails this test; newly passing ones are printed. Rewrite the list
 * with UPDATE_SLT_PASSING=1 npx vitest run test/conformance/sqllogictest.test.ts
 * Skipped, with a message, when the conformance folder is absent.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSlt } from './slt.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../shared/conformance/sqllogictest');
const passingFile = path.join(here, 'sqllogictest-passing.json');
const known = new Set<string>(existsSync(passingFile) ? (JSON.parse(readFileSync(passingFile, 'utf8')) as string[]) : []);

/** The scripts run on every CI run: select1–5 and the evidence scripts. */
const FILES = existsSync(root)
  ? ['select1.test', 'select2.test', 'select3.test', 'select4.test', 'select5.test', ...readdirSync(path.join(root, 'evidence')).sort().map((f) => `evidence/${f}`)]
  : [];

const passing: string[] = [];
const ran = new Set<string>();
const totals = { passed: 0, total: 0 };

describe('sqllogictest', () => {
  if (!existsSync(root)) {
    it.skip(`conformance folder not found at ${root}`, () => {});
    return;
  }
  for (const file of FILES) {
    it(file, async () => {
      const outcomes = await runSlt(readFileSync(path.join(root, file), 'utf8'));
      ran.add(file);
      const regressions: string[] = [];
      let passed = 0;
      for (const o of outcomes) {
        const id = `${file}:${o.record.line}`;
        if (o.passed) {
          passed++;
          passing.push(id);
        } else if (known.has(id)) regressions.push(`${id}: ${o.record.sql.slice(0, 120)} → ${o.detail}`);
      }
      totals.passed += passed;
      totals.total += outcomes.length;
      console.log(`[sqllogictest] ${file}: ${passed}/${outcomes.length} records passed`);
      expect(regressions, 'records listed in sqllogictest-passing.json now fail').toEqual([]);
    }, 600_000);
  }
  afterAll(() => {
    console.log(`[sqllogictest] total: ${totals.passed}/${totals.total} records passed`);
    const fresh = passing.filter((id) => !known.has(id));
    if (fresh.length) console.log(`[sqllogictest] ${fresh.length} newly passing records (UPDATE_SLT_PASSING=1 to record them)`);
    if (process.env.UPDATE_SLT_PASSING) {
      const keep = [...known].filter((id) => !ran.has(id.slice(0, id.lastIndexOf(':'))));
      writeFileSync(passingFile, `${JSON.stringify([...new Set([...keep, ...passing])].sort(), null, 0).replace(/","/g, '",\n"')}\n`);
    }
  });
});
