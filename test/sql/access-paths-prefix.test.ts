/**
 * More access paths (src/optimizer/physical/access-path.ts, plan.ts): GLOB 'abc*' and
 * LIKE '12-%' as key ranges on text key columns (LIKE 'ab%' as one per case variant), and ungrouped MIN/MAX read from
 * one end of an index or the primary key (sqllogictest index/random/1000/slt_good_0.test:5980 is
 * MIN over a descending index). Generated queries must answer as SQLite does and as
 * with index selection off; EXPLAIN must show the plan shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/index.js';
import { Random } from './generator.js';
import { generatedMismatches, openPeers, type Peers } from './ddl-peer.js';

const WORDS = ['abc', 'abd', 'ab', 'Abc', 'abcz', 'a', 'b', 'xyz', '12-3', '12-', '123', '1', 'é', 'éa', 'a*', 'a%b', 'a_c', ''];

const SETUP = (r: Random): string[] => {
  const rows: string[] = [];
  for (let i = 1; i <= 300; i++) {
    const s = r.chance(0.1) ? 'NULL' : `'${r.pick(WORDS)}${r.chance(0.5) ? r.pick(WORDS) : ''}'`;
    const n = r.chance(0.15) ? 'NULL' : String(r.int(-50, 50));
    rows.push(`(${i}, ${s}, ${n}, ${r.int(0, 9)})`);
  }
  return [
    'CREATE TABLE w (id INTEGER PRIMARY KEY, s TEXT, n INTEGER, g INTEGER)',
    'CREATE INDEX w_s ON w (s)',
    'CREATE INDEX w_n ON w (n)',
    'CREATE INDEX w_gd ON w (g DESC)',
    'CREATE TABLE k (code TEXT PRIMARY KEY, v INTEGER)',
    `INSERT INTO w VALUES ${rows.join(', ')}`,
    'INSERT OR IGNORE INTO k SELECT s, n FROM w WHERE s IS NOT NULL',
    'CREATE TABLE e (x INTEGER, y TEXT)',
    'CREATE INDEX e_x ON e (x)',
  ];
};

function pattern(r: Random): string {
  const w = r.pick(WORDS).replace(/'/g, "''");
  return r.chance(0.5) ? `${w}${r.pick(['*', '?', '[a-c]*', '*c', ''])}` : `${w}${r.pick(['%', '_', '%c', ''])}`;
}

function query(r: Random): string {
  switch (r.int(0, 6)) {
    case 0:
      return `SELECT id, s FROM w WHERE s GLOB '${pattern(r)}'`;
    case 1:
      return `SELECT id, s FROM w WHERE s LIKE '${pattern(r)}'`;
    case 2:
      return `SELECT code FROM k WHERE code ${r.pick(['GLOB', 'LIKE', 'NOT LIKE'])} '${pattern(r)}' AND v > ${r.int(-50, 50)}`;
    case 3:
      return `SELECT ${r.pick(['min', 'max'])}(${r.pick(['n', 's', 'id', 'g'])}) FROM w${r.chance(0.3) ? ' WHERE + 90 IS NOT NULL' : ''}`;
    case 4:
      return `SELECT ${r.pick(['min', 'max'])}(n) FROM w WHERE g = ${r.int(0, 10)}`;
    case 5:
      return `SELECT ${r.pick(['min', 'max'])}(code) FROM k`;
    default:
      return `SELECT ${r.pick(['min', 'max'])}(${r.pick(['x', 'y'])}) FROM e`;
  }
}

describe('prefix patterns and MIN/MAX through indexes', () => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  let peers: Peers;
  const r = new Random(11);
  const setup = SETUP(r);

  beforeAll(async () => {
    peers = await openPeers(setup.join(';\n'));
    ({ db, sqlite } = peers);
  });
  afterAll(() => peers.close());

  it('agree with SQLite and with index selection off', async () => {
    const mismatches = await generatedMismatches(peers, 400, () => query(r), ['select-indexes']);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('reads a GLOB prefix, or a LIKE prefix without letters, as a key range', async () => {
    const plan = async (q: string) => String(await db.explain('sql', q));
    expect(await plan("SELECT id FROM w WHERE s GLOB 'ab*'")).toMatch(/IndexScan w using w_s range \["ab" \.\. "ac"\)/);
    expect(await plan("SELECT code FROM k WHERE code GLOB 'x?z'")).toMatch(/TableScan k range \["x" \.\. "y"\)/);
    expect(await plan("SELECT id FROM w WHERE s LIKE '12-%'")).toMatch(/IndexScan w using w_s range \["12-" \.\. "12\."\)/);
    // LIKE ignores ASCII case, so a prefix with letters is one range per case variant (like.test.ts).
    expect(await plan("SELECT id FROM w WHERE s LIKE 'ab%'")).toMatch(/Union 4 inputs[^\n]*(\n\s*IndexScan w using w_s range[^\n]*){4}/);
    // Not on a column without text affinity: 12 GLOB '1*' holds for the number 12.
    expect(await plan("SELECT n FROM w WHERE n GLOB '1*'")).not.toMatch(/range/);
    expect(await plan("SELECT id FROM w WHERE s GLOB '*b'")).not.toMatch(/IndexScan/);
  });

  it('reads MIN and MAX of a key column from one end of the key', async () => {
    const plan = async (q: string) => String(await db.explain('sql', q));
    expect(await plan('SELECT max(n) FROM w')).toMatch(/Limit 1[^\n]*\n\s+IndexScan w using w_n reverse/);
    expect(await plan('SELECT min(n) FROM w')).toMatch(/Limit 1[^\n]*\n\s+IndexScan w using w_n range \(null \.\./);
    expect(await plan('SELECT min(code) FROM k')).toMatch(/TableScan k range \(null/);
    // A descending index keeps its NULLs at the far end: MAX reads it, MIN does not.
    expect(await plan('SELECT max(g) FROM w')).toMatch(/IndexScan w using w_gd/);
    expect(await plan('SELECT min(g) FROM w')).not.toMatch(/Limit/);
    expect(await plan('SELECT max(id + 0) FROM w')).not.toMatch(/Limit/);
    // All NULL and empty: NULL, as SQLite.
    await db.sql('INSERT INTO e VALUES (NULL, NULL), (NULL, NULL)');
    expect((await db.sql('SELECT min(x), max(x) FROM e')).rows).toEqual([[null, null]]);
    expect((await db.sql('SELECT min(x) FROM e')).rows).toEqual([[null]]);
    expect((await db.sql('SELECT max(x) FROM e')).rows).toEqual([[null]]);
  });
});
