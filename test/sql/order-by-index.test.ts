/**
 * ORDER BY served by a key order: a scan in primary-key or index order (forwards or
 * backwards, over ascending and descending index columns) replaces the sort, and LIMIT stops
 * it early. A filter's own access path (a range, an equality prefix, an IN list, a LIKE or GLOB
 * prefix) keeps serving when its key order fits; keys the filter fixes order nothing, nor keys
 * after the primary key. Generated fully-ordered queries answer as SQLite does, and as with
 * index use off.
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
    'CREATE INDEX p_v ON p (v)',
    'INSERT INTO p SELECT id % 7, id, a FROM t',
    // Every case of a LIKE prefix's letters: each of its case variants' ranges holds rows.
    'UPDATE t SET s = upper(s) WHERE id % 3 = 1',
    "UPDATE t SET s = substr('aA', 1 + id % 2, 1) || substr('bB', 1 + id / 2 % 2, 1) || (id % 5) WHERE id % 3 = 0",
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

/** filteredQuery orders the rows a filter with an access path of its own selects, fully (ties broken by the key after the index's columns). */
function filteredQuery(r: Random): string {
  const d = r.chance(0.5) ? ' DESC' : '';
  const limit = r.chance(0.4) ? ` LIMIT ${r.int(0, 12)}${r.chance(0.3) ? ` OFFSET ${r.int(0, 5)}` : ''}` : '';
  const v = () => r.int(-6, 32);
  const word = () => r.pick(['ab', 'Ab', 'aB', 'a', 'ab1', 'w1', 'W1', 'w', 'x', '1']);
  switch (r.int(0, 9)) {
    case 0:
      return `SELECT id, a FROM t WHERE a ${r.pick(['>', '>=', '<', '<='])} ${v()} ORDER BY a${d}, id${d}${limit}`;
    case 1:
      return `SELECT id, a, s FROM t WHERE a BETWEEN ${v()} AND ${v()} ORDER BY a${d}, id${d}${limit}`;
    case 2:
      return `SELECT id, a FROM t WHERE a IN (${v()}, ${v()}, ${v()}, NULL) ORDER BY a${d}, id${d}${limit}`;
    case 3:
      // t_cd is (c DESC, a): with c fixed it reads in a's order, then id's; a key on c orders nothing.
      return `SELECT id, c, a, s FROM t WHERE c = ${r.int(-5, 8)} ORDER BY ${r.chance(0.5) ? `c${r.chance(0.5) ? ' DESC' : ''}, ` : ''}a${d}, id${d}${limit}`;
    case 4:
      return `SELECT id, s FROM t WHERE s ${r.chance(0.6) ? `LIKE '${word()}%'` : `GLOB '${word()}*'`} ORDER BY s${d}, id${d}${limit}`;
    case 5:
      return `SELECT id, a FROM t WHERE id ${r.pick(['>', '<=', '<>'])} ${r.int(0, 150)} ORDER BY id${d}${limit}`;
    case 6:
      // p_v's entries are (v, x, y): with v fixed, in the primary key's order.
      return `SELECT x, y, v FROM p WHERE v = ${v()} ORDER BY x${d}, y${d}${limit}`;
    case 7:
      // y fixed by a filter no key leads with: the primary key (x, y) reads in x's order.
      return `SELECT x, y, v FROM p WHERE y = ${r.int(1, 150)} ORDER BY ${r.chance(0.5) ? 'y, ' : ''}x${d}${limit}`;
    case 8:
      // Covering reads in index order, no LIMIT needed; keys after the primary key order nothing.
      return r.chance(0.5) ? `SELECT a FROM t ORDER BY a${d}${limit}` : `SELECT a, id FROM t ORDER BY a${d}, id${d}, s${limit}`;
    default:
      // MIN and MAX read one row from an end of the path's key order (MIN falls back when NULLs may lead).
      return `SELECT ${r.chance(0.5) ? 'min' : 'max'}(a) FROM t WHERE ${r.chance(0.5) ? `c = ${r.int(-5, 8)}` : `a > ${v()}`}`;
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

  it('answers generated filtered ordered queries as SQLite does, with index use on and off', async () => {
    const mismatches: string[] = [];
    for (let i = 0; i < 300; i++) {
      const q = filteredQuery(r);
      const expected = JSON.stringify(sqlite.exec(q)[0]?.values ?? []);
      const on = JSON.stringify((await db.sql(q)).rows as Value[][]);
      const off = JSON.stringify((await db.sql(q, [], { optimizer: { disabled: ['select-indexes'] } })).rows as Value[][]);
      if (on !== expected || off !== expected) mismatches.push(`${q}\n  ours: ${on}\n  off: ${off}\n  sqlite: ${expected}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it("keeps a filter's access path when its key order fits, and drops the sort", async () => {
    const plan = async (q: string) => String(await db.explain('sql', q));
    const unsorted = async (q: string, scan: RegExp) => {
      const text = await plan(q);
      expect(text, q).not.toMatch(/Sort|TopK/);
      expect(text, q).toMatch(scan);
    };
    await unsorted('SELECT * FROM t WHERE a > 20 ORDER BY a', /IndexScan t using t_a range \(20 \.\. \+inf\)\s/);
    await unsorted('SELECT * FROM t WHERE a > 20 ORDER BY a DESC LIMIT 3', /Limit 3[^]*IndexScan t using t_a range \(20 \.\. \+inf\) reverse/);
    await unsorted('SELECT * FROM t WHERE a BETWEEN 3 AND 9 ORDER BY a DESC, id DESC', /IndexScan t using t_a range \[3 \.\. 9\] reverse/);
    await unsorted('SELECT * FROM t WHERE a IN (7, 2, 5) ORDER BY a', /IndexScan t using t_a in \(7, 2, 5\)\s/);
    await unsorted('SELECT * FROM t WHERE a IN (7, 2, 5) ORDER BY a DESC', /IndexScan t using t_a in \(7, 2, 5\) reverse/);
    await unsorted('SELECT * FROM t WHERE id > 10 ORDER BY id DESC', /TableScan t range \(10 \.\. \+inf\) reverse/);
    // An equality prefix: t_cd is (c DESC, a), so c = 3 reads in a's order; a key on c orders nothing.
    await unsorted('SELECT * FROM t WHERE c = 3 ORDER BY a', /IndexScan t using t_cd range \[3 \.\. 3\]\s/);
    await unsorted('SELECT * FROM t WHERE c = 3 ORDER BY c, a DESC', /IndexScan t using t_cd range \[3 \.\. 3\] reverse/);
    // Index entries end with the primary key: p_v reads p's rows with one v in (x, y) order.
    await unsorted('SELECT * FROM p WHERE v = 3 ORDER BY x DESC, y DESC', /IndexScan p using p_v range \[3 \.\. 3\] reverse/);
    // A prefix match's ranges are read one after another in key order (backwards: the last first).
    await unsorted("SELECT id FROM t WHERE s GLOB 'w1*' ORDER BY s DESC", /IndexScan t using t_s range \["w1" \.\. "w2"\) reverse/);
    expect(await plan("SELECT id FROM t WHERE s LIKE 'w1%' ORDER BY s")).toMatch(/Union 2 inputs.*\n\s+IndexScan t using t_s range \["W1" \.\. "W2"\)  .*\n\s+IndexScan t using t_s range \["w1" \.\. "w2"\)  /);
    expect(await plan("SELECT id FROM t WHERE s LIKE 'w1%' ORDER BY s DESC")).toMatch(/Union 2 inputs.*\n\s+IndexScan t using t_s range \["w1" \.\. "w2"\) reverse .*\n\s+IndexScan t using t_s range \["W1" \.\. "W2"\) reverse/);
    expect(await plan("SELECT id FROM t WHERE s LIKE 'w1%' ORDER BY s")).not.toMatch(/Sort/);
    // A column the filter fixes, on no key's lead: the primary key (x, y) serves ORDER BY x.
    await unsorted('SELECT * FROM p WHERE y = 5 ORDER BY y DESC, x', /Filter \(sql\.eq y#\d+ 5\) .*\n\s+TableScan p  /);
    // A path whose order does not fit still sorts.
    expect(await plan('SELECT * FROM t WHERE a > 20 ORDER BY id')).toMatch(/Sort id#\d+ asc .*\n\s+IndexScan t using t_a/);
    expect(await plan('SELECT * FROM t WHERE a IN (1, 2) ORDER BY id LIMIT 3')).toMatch(/TopK/);
  });

  it('reads a covering or a worthwhile index in order without a LIMIT', async () => {
    const plan = async (q: string) => String(await db.explain('sql', q));
    expect(await plan('SELECT a FROM t ORDER BY a')).toMatch(/^Project a#\d+ .*\n\s+IndexScan t using t_a covering/);
    expect(await plan('SELECT a, id FROM t ORDER BY a DESC, id DESC')).toMatch(/IndexScan t using t_a reverse covering/);
    // Ordered by the primary key after the index's columns: every row is ordered, `s` orders nothing.
    expect(await plan('SELECT a, id FROM t ORDER BY a, id, s')).toMatch(/IndexScan t using t_a covering/);
    expect(await plan('SELECT * FROM t ORDER BY a, id, s LIMIT 3')).toMatch(/Limit 3 .*\n\s+IndexScan t using t_a  /);
    // Looking up every row costs less than sorting them all (SQLite reads the index too)…
    expect(await plan('SELECT * FROM t ORDER BY c DESC, a, id')).toMatch(/^IndexScan t using t_cd\s/);
    // …but not than sorting the few a filter lets through.
    expect(await plan('SELECT * FROM t WHERE id + 1 = 5 ORDER BY c DESC, a, id')).toMatch(/Sort[^]*TableScan t\s/);
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
    // Without a LIMIT, an index needing row lookups is read in order only when that beats sorting.
    expect(await plan('SELECT * FROM t WHERE id + 1 = 5 ORDER BY s')).toMatch(/Sort/);
  });
});
