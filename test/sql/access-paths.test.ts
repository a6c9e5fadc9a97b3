/**
 * Access paths: predicates that index selection turns into key ranges (IN lists on primary
 * keys, secondary and descending indexes) answer as SQLite does, and EXPLAIN shows the ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import { Random } from './generator.js';
import { openPeers, type Peers } from './ddl-peer.js';

const SETUP = (r: Random): string[] => {
  const rows: string[] = [];
  for (let i = 1; i <= 200; i++) {
    const a = r.chance(0.1) ? 'NULL' : String(r.int(-3, 20));
    const b = r.chance(0.1) ? 'NULL' : String(r.int(0, 6));
    rows.push(`(${i}, ${a}, ${b}, ${r.int(0, 50)})`);
  }
  return [
    'CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER)',
    'CREATE INDEX t_a ON t (a)',
    'CREATE INDEX t_bd ON t (b DESC, c)',
    'CREATE TABLE p (x INTEGER, y INTEGER, z INTEGER, PRIMARY KEY (x, y))',
    `INSERT INTO t VALUES ${rows.join(', ')}`,
    `INSERT INTO p SELECT a % 5, id, c FROM t WHERE a IS NOT NULL`,
  ];
};

function list(r: Random): string {
  return Array.from({ length: r.int(1, 6) }, () => (r.chance(0.1) ? 'NULL' : String(r.int(-4, 22)))).join(', ');
}

function inListQuery(r: Random): string {
  switch (r.int(0, 4)) {
    case 0:
      return `SELECT id, a FROM t WHERE a IN (${list(r)})`;
    case 1:
      return `SELECT id FROM t WHERE id IN (${list(r)}) AND c > ${r.int(0, 40)}`;
    case 2:
      return `SELECT id, b, c FROM t WHERE b IN (${list(r)})${r.chance(0.5) ? ` AND c < ${r.int(0, 50)}` : ''}`;
    case 3:
      return `SELECT x, y, z FROM p WHERE x = ${r.int(-1, 5)} AND y IN (${list(r)})`;
    default:
      return `SELECT count(*), sum(c) FROM t WHERE a IN (${list(r)}) OR b IN (${list(r)})`;
  }
}

describe('IN lists as key ranges', () => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  let peers: Peers;
  const r = new Random(7);
  const setup = SETUP(r);

  beforeAll(async () => {
    peers = await openPeers(setup.join(';\n'));
    ({ db, sqlite } = peers);
  });
  afterAll(() => peers.close());

  it('agree with SQLite and with index selection off', async () => {
    const mismatches: string[] = [];
    for (let i = 0; i < 300; i++) {
      const q = inListQuery(r);
      const expected = JSON.stringify((sqlite.exec(q)[0]?.values ?? []).map((x) => JSON.stringify(x)).sort());
      const got = JSON.stringify(((await db.sql(q)).rows as Value[][]).map((x) => JSON.stringify(x)).sort());
      const off = JSON.stringify(((await db.sql(q, [], { optimizer: { disabled: ['select-indexes'] } })).rows as Value[][]).map((x) => JSON.stringify(x)).sort());
      if (got !== expected || off !== expected) mismatches.push(`${q}\n  ours: ${got}\n  off: ${off}\n  sqlite: ${expected}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('reads one key range per distinct value, on the primary key, an index, and after an equality prefix', async () => {
    expect(String(await db.explain('sql', 'SELECT id FROM t WHERE id IN (3, 1, 2)'))).toMatch(/TableScan t in \(3, 1, 2\)/);
    expect(String(await db.explain('sql', 'SELECT id FROM t WHERE a IN (?, ?)'))).toMatch(/IndexScan t using t_a in \(\(sql\.numeric_affinity \$1\), \(sql\.numeric_affinity \$2\)\)/);
    expect(String(await db.explain('sql', 'SELECT z FROM p WHERE x = 1 AND y IN (4, 5)'))).toMatch(/TableScan p range \[1 \.\. 1\] in \(4, 5\)/);
    // Duplicates and NULLs in the list read nothing twice.
    expect((await db.sql('SELECT count(*) FROM t WHERE id IN (5, 5, NULL, 6)')).rows).toEqual([[2]]);
    expect((await db.sql('SELECT id FROM t WHERE id IN (?, ?) ORDER BY id', [9, 8])).rows).toEqual([[8], [9]]);
  });
});
