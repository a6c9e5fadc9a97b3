/**
 * `polyglotdb query --lang datalog` as a user runs it (the built binary; see test/cli.test.ts).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/src/cli/main.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
}

describe('polyglotdb query --lang datalog', () => {
  it('prints the query variables as columns', () => {
    const r = cli('query', '--lang', 'datalog', '--format', 'json', 'e(1, 2). e(2, 3). t(X, Y) :- e(X, Y). t(X, Y) :- t(X, Z), e(Z, Y). ?- t(1, Y).');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { columns: string[]; rows: unknown[][] };
    expect(out.columns).toEqual(['Y']);
    expect(out.rows.map((x) => x[0]).sort()).toEqual([2, 3]);
  });

  it('reports a Datalog error with its position', () => {
    const r = cli('query', '--lang', 'datalog', 'p(X) :- q(X).');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/UNKNOWN_NAME/);
    expect(r.stderr).toMatch(/line 1, column 9/);
  });
});
