/**
 * ORDER BY served by a key order: a scan in primary-key or index order (forwards or
 * backwards, over ascending and descending index columns) replaces the sort, and LIMIT stops
 * it early. Generated fully-ordered queries answer as SQLite does, and as with index use off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import { Random } from './generator.js';
import { openPeers, type Peers } from './ddl-peer.js';

function setup(r: Random): string[] {
  const rows: string[] = [];
  for (let i = 1; i <= 150; i++) {
    const n = (hi: number) => (r.chance(0.12) ? 'NULL' : String(r.int(-5, hi)));
    rows.push(`(${i}, ${n(30)}, ${n(8)}, ${r.chance(0.1) ? 'NULL' : `'w${r.int(0, 20)}'`})`);
  }
  return [
    'CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, c INTEGER, s TEXT)',
    'CREATE INDEX t_a ON t (a)',
    'CREATE INDEX t_cd ON t (c DESC, a)',
    'CREATE INDEX t_s ON t (s)',
    'CREATE TABLE p (x INTEGER, y INTEGER, v INTEGER, PRIMARY KEY (x, y))',
    `INSERT INTO t VALUES ${rows.join(', ')}`,
    'INSERT INTO p SELECT id % 7, id, a FROM t',
  ];
}

function orderedQuery(r: Random): string {
  const dir = () => (r.chance(0.5) ? ' DESC' : '');
  const limit = r.chance(0.8) ? ` LIMIT ${r.int(0, 12)}${r.chance(0.3) ? ` OFFSET ${r.int(0, 20)}` : ''}` : '';
  const where = r.chance(0.3) ? ` WHERE s <> 'w${r.int(0, 20)}'` : r.chance(0.2) ? ` WHERE c > ${r.int(-3, 6)}` : '';
  switch (r.int(0, 4)) {
    case 0:
      return `SELECT id, a FROM t${where} ORDER BY id${dir()}${limit}`;
    case 1: {
      const d = dir();
      return `SELECT id, a FROM t${where} ORDER BY a${d}, id${d}${limit}`;
    }
    case 2: {
      const flip = r.chance(0.5);
      return `SELECT id, c, a FROM t${where} ORDER BY c${flip ? '' : ' DESC'}, a${flip ? ' DESC' : ''}, id${flip ? ' DESC' : ''}${limit}`;
    }
    case 3: {
      const d = dir();
      return `SELECT id, s FROM t${where} ORDER BY s${d}, id${d}${limit}`;
    }
    default: {
      const d = dir();
      return `SELECT x, y, v FROM p ORDER BY x${d}, y${d}${limit}`;
    }
  }
}

describe('ORDER BY from key order', () => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  let peers: Peers;
  const r = new Random(5);
  const ddl = setup(r);

  beforeAll(async () => {
    peers = await openPeers(ddl.join(';\n'));
    ({ db, sqlite } = peers);
  });
  afterAll(() => peers.close());

  it('answers generated ordered queries as SQLite does, with index use on and off', async () => {
    const mismatches: string[] = [];
    for (let i = 0; i < 300; i++) {
      const q = orderedQuery(r);
      const expected = JSON.stringify(sqlite.exec(q)[0]?.values ?? []);
      const on = JSON.stringify((await db.sql(q)).rows as Value[][]);
      const off = JSON.stringify((await db.sql(q, [], { optimizer: { disabled: ['select-indexes'] } })).rows as Value[][]);
      if (on !== expected || off !== expected) mismatches.push(`${q}\n  ours: ${on}\n  off: ${off}\n  sqlite: ${expected}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('replaces the sort by a scan in key order', async () => {
    const plan = async (q: string) => String(await db.explain('sql', q));
    expect(await plan('SELECT id FROM t ORDER BY id DESC LIMIT 3')).toMatch(/Limit 3[^]*TableScan t reverse/);
    expect(await plan('SELECT id FROM t ORDER BY a LIMIT 3')).toMatch(/IndexScan t using t_a\s/);
    expect(await plan('SELECT id FROM t ORDER BY a DESC, id DESC LIMIT 3')).toMatch(/IndexScan t using t_a reverse/);
    expect(await plan('SELECT id FROM t ORDER BY c DESC, a LIMIT 3')).toMatch(/IndexScan t using t_cd\s/);
    expect(await plan('SELECT id FROM t ORDER BY c, a DESC LIMIT 3')).toMatch(/IndexScan t using t_cd reverse/);
    expect(await plan('SELECT x, y FROM p ORDER BY x, y')).not.toMatch(/Sort/);
    // A mixed direction no key stores, or NULLs where the key order cannot put them, still sort.
    expect(await plan('SELECT id FROM t ORDER BY c DESC, a DESC LIMIT 3')).toMatch(/TopK/);
    expect(await plan('SELECT id FROM t ORDER BY a NULLS LAST LIMIT 3')).toMatch(/TopK/);
    // Without a LIMIT a secondary index is not worth its row lookups.
    expect(await plan('SELECT id FROM t ORDER BY a')).toMatch(/Sort/);
  });
});
