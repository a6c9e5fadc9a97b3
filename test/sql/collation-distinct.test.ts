/**
 * DISTINCT, UNION, count(DISTINCT …) and ORDER BY position under a column's collation
 * (src/relational/distinct.ts, query.ts) against SQLite (sql.js), on generated mixed-case and
 * trailing-space text; and the "did you mean" of unknown names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Random } from '../../src/workload/prng.js';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

describe('collations in DISTINCT and set operations against SQLite', () => {
  it('treats NOCASE and RTRIM duplicates as duplicates, keeping the first row', async () => {
    const rnd = new Random(3);
    const word = () => `${rnd.pick(['x', 'X', 'y', 'Y', 'ab', 'AB', 'aB', 'é', 'É'])}${rnd.pick(['', '', ' ', '  '])}`;
    const rows = Array.from({ length: 80 }, (_, i) => `(${i}, '${word()}', '${word()}', '${word()}', ${rnd.chance(0.2) ? 'NULL' : `'${word()}'`})`);
    const diffs = await compare(p, [
      'CREATE TABLE c (id INTEGER PRIMARY KEY, a TEXT COLLATE NOCASE, b TEXT, r TEXT COLLATE RTRIM, n TEXT COLLATE NOCASE)',
      `INSERT INTO c VALUES ${rows.join(', ')}`,
      'SELECT DISTINCT a FROM c ORDER BY 1',
      'SELECT DISTINCT a FROM c ORDER BY a DESC',
      'SELECT DISTINCT r FROM c ORDER BY 1',
      'SELECT DISTINCT n FROM c ORDER BY 1',
      'SELECT DISTINCT a, r FROM c ORDER BY 1, 2',
      'SELECT DISTINCT b COLLATE NOCASE FROM c ORDER BY 1',
      'SELECT DISTINCT b FROM c ORDER BY 1',
      'SELECT count(DISTINCT a), count(DISTINCT b), count(DISTINCT r), count(DISTINCT n) FROM c',
      'SELECT b, count(DISTINCT a) FROM c GROUP BY b ORDER BY 1',
      'SELECT count(*) FROM (SELECT a FROM c UNION SELECT b FROM c)',
      'SELECT count(*) FROM (SELECT b FROM c UNION SELECT a FROM c)',
      'SELECT lower(x) FROM (SELECT a AS x FROM c UNION SELECT b FROM c) ORDER BY 1',
      'SELECT count(*) FROM (SELECT r FROM c UNION SELECT b FROM c)',
      'SELECT a FROM c UNION ALL SELECT b FROM c ORDER BY 1',
      'SELECT a, id FROM c ORDER BY 1, 2',
    ]);
    expect(diffs).toEqual([]);
  });

  it('suggests the nearest name for an unknown table or column', async () => {
    await p.db.sql('CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)');
    await expect(p.db.sql('SELECT name FROM persn')).rejects.toMatchObject({ code: 'UNKNOWN_NAME', message: expect.stringContaining('did you mean "person"') });
    await expect(p.db.sql('SELECT nmae FROM person')).rejects.toMatchObject({ code: 'UNKNOWN_NAME', message: expect.stringContaining('did you mean "name"') });
    await expect(p.db.sql('INSERT INTO person (id, nam) VALUES (1, 2)')).rejects.toMatchObject({ message: expect.stringContaining('did you mean "name"') });
  });
});
