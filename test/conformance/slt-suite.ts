/**
 * slt-suite.ts — a vitest suite over a group of SQLite's sqllogictest scripts
 * (../shared/conformance/sqllogictest) with its committed list of passing records: a listed
 * record that fails fails the suite; newly passing ones are printed. Rewrite a list with
 * UPDATE_SLT_PASSING=1 npx vitest run <its test file> (which only adds records). Skipped, with a message, when the
 * conformance folder is absent.
 *
 * A list is either an array of "file:line" ids (sqllogictest-passing.json, the first list)
 * or, for the large index/ and random/ groups, an object of file → record lines, one line
 * number per text line, so that a list stays small and its diffs show one added line per
 * newly passing record. A list is rewritten in the form it was read in.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSlt } from './slt.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SLT_ROOT = path.resolve(here, '../../../shared/conformance/sqllogictest');

/** Every .test script under `dir` (relative to the suite root), sorted; none when absent. */
export function sltScripts(dir: string): string[] {
  const full = path.join(SLT_ROOT, dir);
  if (!existsSync(full)) return [];
  const out: string[] = [];
  for (const name of readdirSync(full).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(SLT_ROOT, rel)).isDirectory()) out.push(...sltScripts(rel));
    else if (name.endsWith('.test')) out.push(rel);
  }
  return out;
}

type ListForm = 'ids' | 'by-file';

function fileOf(id: string): string {
  return id.slice(0, id.lastIndexOf(':'));
}

function readList(file: string, fresh: ListForm): { form: ListForm; ids: Set<string> } {
  if (!existsSync(file)) return { form: fresh, ids: new Set() };
  const json = JSON.parse(readFileSync(file, 'utf8')) as string[] | Record<string, number[]>;
  if (Array.isArray(json)) return { form: 'ids', ids: new Set(json) };
  const ids = new Set<string>();
  for (const [script, lines] of Object.entries(json)) for (const line of lines) ids.add(`${script}:${line}`);
  return { form: 'by-file', ids };
}

function writeList(file: string, form: ListForm, ids: Iterable<string>): void {
  if (form === 'ids') {
    writeFileSync(file, `${JSON.stringify([...ids].sort(), null, 0).replace(/","/g, '",\n"')}\n`);
    return;
  }
  const byFile = new Map<string, number[]>();
  for (const id of ids) {
    const script = fileOf(id);
    let lines = byFile.get(script);
    if (lines === undefined) byFile.set(script, (lines = []));
    lines.push(Number(id.slice(script.length + 1)));
  }
  const entries = [...byFile.keys()].sort().map((script) => {
    const lines = (byFile.get(script) as number[]).sort((a, b) => a - b);
    return `${JSON.stringify(script)}: [\n${lines.join(',\n')}\n]`;
  });
  writeFileSync(file, `{\n${entries.join(',\n')}\n}\n`);
}

/**
 * sltSuite runs each script of `files` (paths under the suite root) on a fresh database and
 * compares its records with `passingFile` (a new list is written in the by-file form).
 */
export function sltSuite(name: string, files: string[], passingFile: string): void {
  const list = readList(passingFile, 'by-file');
  const passing: string[] = [];
  const totals = { passed: 0, total: 0 };

  describe(name, () => {
    if (!existsSync(SLT_ROOT)) {
      it.skip(`conformance folder not found at ${SLT_ROOT}`, () => {});
      return;
    }
    for (const file of files) {
      it(file, async () => {
        const outcomes = await runSlt(readFileSync(path.join(SLT_ROOT, file), 'utf8'));
        const regressions: string[] = [];
        let passed = 0;
        for (const o of outcomes) {
          const id = `${file}:${o.record.line}`;
          if (o.passed) {
            passed++;
            passing.push(id);
          } else if (list.ids.has(id)) regressions.push(`${id}: ${o.record.sql.slice(0, 120)} → ${o.detail}`);
        }
        totals.passed += passed;
        totals.total += outcomes.length;
        console.log(`[${name}] ${file}: ${passed}/${outcomes.length} records passed`);
        expect(regressions, `records listed in ${path.basename(passingFile)} now fail`).toEqual([]);
      }, 600_000);
    }
    afterAll(() => {
      console.log(`[${name}] total: ${totals.passed}/${totals.total} records passed`);
      const fresh = passing.filter((id) => !list.ids.has(id));
      if (fresh.length) console.log(`[${name}] ${fresh.length} newly passing records (UPDATE_SLT_PASSING=1 to record them)`);
      // Only ever adds: a listed record that now fails stays listed (and keeps failing).
      if (process.env.UPDATE_SLT_PASSING) writeList(passingFile, list.form, new Set([...list.ids, ...passing]));
    });
  });
}
