/**
 * The command line as a user runs it: the built `polyglotdb` binary (dist/, built by test/global-setup.ts
 * before the tests run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'dist/src/cli/main.js');


function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
}

/** piped runs the command with `input` on its standard input. */
function piped(input: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, input });
}

describe('polyglotdb CLI', () => {
  it('was built', () => {
    expect(existsSync(bin)).toBe(true);
  });

  it('query --format json prints columns and rows', () => {
    const r = cli('query', '--lang', 'sql', '--format', 'json', 'SELECT 1 + 1 AS two, 7 / 2 AS half');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ columns: ['two', 'half'], rows: [[2, 3]] });
  });

  it('query -f runs a script file and prints a table', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgdb-'));
    const file = path.join(dir, 'q.sql');
    writeFileSync(file, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2); SELECT x, x * 10 AS y FROM t ORDER BY x");
    const r = cli('query', '-f', file);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ x │ y\s+│/);
    expect(r.stdout).toMatch(/\(2 rows\)/);
  });

  it('query reads the script from standard input when given no text, or -', () => {
    const script = 'CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (3), (4); SELECT sum(x) AS s FROM t';
    for (const args of [[], ['-'], ['-f', '-']]) {
      const r = piped(script, 'query', '--format', 'json', ...args);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ columns: ['s'], rows: [[7]] });
    }
    const bad = piped('SELECT 1 +', 'query');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/SYNTAX_ERROR.*line 1/);
  });

  it('query refuses both a text and a file, and names a file it cannot read', () => {
    const both = cli('query', '-f', 'x.sql', 'SELECT 1');
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/not both/);
    const missing = cli('query', '-f', '/nonexistent/q.sql');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/INVALID_ARGUMENT.*cannot read \/nonexistent\/q\.sql/);
  });

  it('query --format csv quotes fields', () => {
    const r = cli('query', '--format', 'csv', `SELECT 'a,b' AS s, NULL AS n`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\r\n')).toEqual(['s,n', '"a,b",']);
  });

  it('reports a syntax error with its position and exits non-zero', () => {
    const r = cli('query', 'SELEC 1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SYNTAX_ERROR/);
    expect(r.stderr).toMatch(/line 1, column 1/);
  });

  it('demo answers the workload questions with plans', () => {
    const r = cli('demo');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Q1: born in the United States, living in Europe/);
    expect(r.stdout).toMatch(/Grace/);
    expect(r.stdout).toMatch(/Fixpoint/);
    expect(r.stdout).toMatch(/HashJoin/);
  });
});
