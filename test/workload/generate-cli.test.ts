/**
 * `polyglotdb generate` as a user runs it (the built binary): the files for every model, their
 * sizes matching the generator's records, the same bytes for the same seed and different data
 * for another seed, and N-Triples and Datalog files that polyglotdb loads back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { generate, toTables } from '../../src/workload/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/src/cli/main.js');

function run(sf: string, seed: string) {
  const out = mkdtempSync(path.join(tmpdir(), 'pgdb-gen-'));
  const r = spawnSync(process.execPath, [bin, 'generate', '--sf', sf, '--seed', seed, '--out', out], { encoding: 'utf8' });
  return { out, ...r };
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');

describe('polyglotdb generate', () => {
  const first = run('0.01', '3');

  it('writes a file per table and per model, sized as the generator says', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const w = generate(0.01, 3);
    for (const t of toTables(w)) {
      const csv = lines(path.join(first.out, `${t.name}.csv`));
      expect(csv[0]).toBe(t.columns.join(','));
      expect(csv.length - 1, t.name).toBe(t.rows.length);
    }
    expect(lines(path.join(first.out, 'persons.jsonl')).map((l) => JSON.parse(l)._id)).toEqual(w.persons.map((p) => p.id));
    expect(lines(path.join(first.out, 'locations.jsonl'))).toHaveLength(w.locations.length);
    expect(readdirSync(first.out).sort()).toEqual(
      ['education.csv', 'knows.csv', 'locations.csv', 'locations.jsonl', 'persons.csv', 'persons.jsonl', 'positions.csv', 'questions.json', 'schema.sql', 'workload.dl', 'workload.nt'].sort(),
    );
  });

  it('is deterministic in its seed', () => {
    const again = run('0.01', '3');
    const other = run('0.01', '4');
    for (const f of ['persons.csv', 'knows.csv', 'workload.nt', 'workload.dl', 'persons.jsonl']) {
      expect(readFileSync(path.join(again.out, f), 'utf8'), f).toBe(readFileSync(path.join(first.out, f), 'utf8'));
    }
    expect(readFileSync(path.join(other.out, 'knows.csv'), 'utf8')).not.toBe(readFileSync(path.join(first.out, 'knows.csv'), 'utf8'));
  });

  it('writes N-Triples and Datalog facts that load back', async () => {
    const db = await Database.open();
    try {
      const nt = readFileSync(path.join(first.out, 'workload.nt'), 'utf8');
      expect(await db.loadRdf(nt, { format: 'application/n-triples' })).toBe(lines(path.join(first.out, 'workload.nt')).length);
      await db.datalog(readFileSync(path.join(first.out, 'workload.dl'), 'utf8'));
      const persons = lines(path.join(first.out, 'persons.csv')).length - 1;
      expect((await db.datalog('?- person(Id, Name, Year).')).rows).toHaveLength(persons);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('rejects a scale factor that is not a positive number', () => {
    const r = run('-2', '1');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/scale factor must be a positive number/);
  });
});
