/**
 * `import { Database } from 'polyglotdb'` from another folder: the package's exports map and
 * its type declarations, as a user of the built package sees them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let app: string;

beforeAll(() => {
  app = mkdtempSync(path.join(tmpdir(), 'pgdb-app-'));
  mkdirSync(path.join(app, 'node_modules'));
  symlinkSync(root, path.join(app, 'node_modules', 'polyglotdb'), 'dir');
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
}, 180_000);

describe('the built package', () => {
  it('runs the README example from another folder', () => {
    writeFileSync(
      path.join(app, 'main.mjs'),
      `import { Database } from 'polyglotdb';
const db = await Database.open();
await db.sql("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO person VALUES (42, 'Ada')");
const r = await db.sql('SELECT name FROM person WHERE id = ?', [42]);
const id = 42;
const t = await db.sql\`SELECT name FROM person WHERE id = \${id}\`;
console.log(JSON.stringify([r.rows, t.toObjects()]));
await db.close();`,
    );
    const out = execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([[['Ada']], [{ name: 'Ada' }]]);
  });

  it('ships type declarations that type-check a consumer', () => {
    writeFileSync(
      path.join(app, 'main.ts'),
      `import { Database, type ResultSet, PolyglotError } from 'polyglotdb';
async function main(): Promise<string[]> {
  const db = await Database.open();
  const r: ResultSet = await db.sql('SELECT 1 AS one');
  if (!(r.columns instanceof Array)) throw new PolyglotError('INVALID_ARGUMENT', 'no');
  await db.close();
  return r.columns;
}
void main();`,
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['main.ts'] }),
    );
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      output = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout);
    }
    expect(output).toBe('');
  });
});
