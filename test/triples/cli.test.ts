/**
 * `polyglotdb query --lang sparql --load FILE` as a user runs it (the built binary; see test/cli.test.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/src/cli/main.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
}

describe('polyglotdb query --lang sparql', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgdb-')), 'people.ttl');
  fs.writeFileSync(file, '@prefix ex: <http://e/> .\nex:a ex:name "Alice" ; ex:knows ex:b .\nex:b ex:name "Bob"@en .\n');

  it('writes application/sparql-results+json', () => {
    const r = cli('query', '--lang', 'sparql', '--format', 'json', '--load', file, 'SELECT ?n WHERE { ?s <http://e/name> ?n } ORDER BY ?n');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      head: { vars: ['n'] },
      results: { bindings: [{ n: { type: 'literal', value: 'Alice' } }, { n: { type: 'literal', value: 'Bob', 'xml:lang': 'en' } }] },
    });
  });

  it('prints CONSTRUCT results as N-Triples and errors with their position', () => {
    const r = cli('query', '--lang', 'sparql', '--load', file, 'CONSTRUCT { ?b <http://e/knownBy> ?a } WHERE { ?a <http://e/knows> ?b }');
    expect(r.stdout.trim()).toBe('<http://e/b> <http://e/knownBy> <http://e/a> .');
    const bad = cli('query', '--lang', 'sparql', 'SELECT ?s WHERE { ?s ?p');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/line 1, column/);
  });

  it('runs update requests: reports the operations, and a failing one exits 1 with its error', () => {
    const ok = cli('query', '--lang', 'sparql', '--load', file, 'DELETE WHERE { ?s <http://e/name> ?n } ; INSERT DATA { <http://e/c> <http://e/name> "C" }');
    expect(ok.stderr).toBe('');
    expect(ok.stdout.trim()).toBe('OK (2 update operations)');
    const json = cli('query', '--lang', 'sparql', '--format', 'json', 'CLEAR ALL');
    expect(JSON.parse(json.stdout)).toEqual({ updated: true, operations: 1 });
    const bad = cli('query', '--lang', 'sparql', 'LOAD <http://example.org/remote.ttl>');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/only local files/);
  });
});
