/**
 * Parameters are bound as SQLite binds them (src/relational/params.ts): NaN is NULL, a boolean
 * the integer 1 or 0, a bigint an INTEGER. Before, the same parameter meant different things on
 * different paths: NaN equalled every number in `sql.eq`'s generic comparison but nothing in an
 * index, and `true` or `7n` missed an index range a scan's comparison matched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { Random } from './generator.js';
import { openPeers, sortedRows, type Peers } from './ddl-peer.js';

const SETUP = [
  'CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, v)',
  'CREATE INDEX t_a ON t (a)',
  'CREATE INDEX t_v ON t (v)',
  "INSERT INTO t VALUES (1, 1, 1), (2, 7, 7), (3, 0, 'x'), (4, NULL, 2.5), (5, 2, NULL), (6, 0, 0), (7, -3, 1), (8, 7, 'y'), (9, 1, 0.0)",
];

// Equalities and ranges on the primary key, an INTEGER index, an untyped index, and an
// expression no index serves (the generic comparison path).
const SHAPES = [
  'SELECT id FROM t WHERE a = ?',
  'SELECT id FROM t WHERE a >= ?',
  'SELECT id FROM t WHERE a < ?',
  'SELECT id FROM t WHERE v = ?',
  'SELECT id FROM t WHERE v > ?',
  'SELECT id FROM t WHERE id = ?',
  'SELECT id FROM t WHERE id >= ?',
  'SELECT id FROM t WHERE a + 0 = ?',
  'SELECT id FROM t WHERE ? = a AND id > 1',
];

/** What SQLite receives for a parameter of ours: sql.js binds a bigint as text, so an integer's number. */
function forSqlite(v: Value): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

describe('SQL parameters bound as SQLite binds them', () => {
  let peers: Peers;
  beforeAll(async () => {
    peers = await openPeers(SETUP.join(';\n'));
  });
  afterAll(() => peers.close());

  const sqlite = (q: string, params: unknown[]): unknown[][] => {
    const st = peers.sqlite.prepare(q);
    st.bind(params as never);
    const rows: unknown[][] = [];
    while (st.step()) rows.push(st.get());
    st.free();
    return rows;
  };

  it('NaN, booleans and bigints select the same rows through an index, a scan and SQLite', async () => {
    const r = new Random(41);
    const values: Value[] = [NaN, true, false, 7n, 0n, -3n, 1n, 2n ** 60n, 1, 7, 0.5, 'x'];
    const mismatches: string[] = [];
    for (const q of SHAPES) {
      const st = await peers.db.prepare(q);
      for (let i = 0; i < 12; i++) {
        const p = values[(i + r.int(0, values.length - 1)) % values.length];
        const on = sortedRows((await st.run([p])).rows);
        const off = sortedRows((await peers.db.sql(q, [p], { optimizer: { disabled: ['select-indexes'] } })).rows);
        const want = sortedRows(sqlite(q, [forSqlite(p)]));
        if (on !== want || off !== want) mismatches.push(`${q} [${String(p)}]: index ${on}, scan ${off}, sqlite ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('read back as SQLite returns them, positional and named, in one run and in runMany', async () => {
    const q = 'SELECT ?, ?, ?, ?, ?';
    const params: Value[] = [NaN, true, false, 7n, 2n ** 60n];
    const want = [null, 1, 0, 7, 2n ** 60n];
    expect((await peers.db.sql(q, params)).rows).toEqual([want]);
    expect(sqlite('SELECT typeof(?), typeof(?), typeof(?)', [NaN, true, false])).toEqual([['null', 'integer', 'integer']]);
    expect((await peers.db.sql('SELECT :x, :y', { x: NaN, y: true })).rows).toEqual([[null, 1]]);
    const st = await peers.db.prepare('SELECT count(*) FROM t WHERE a = ?');
    const many = await st.runMany([[true], [7n], [NaN]]);
    expect(many.map((rs) => rs.rows[0][0])).toEqual([2, 2, 0]);
    // Values already as SQLite binds them pass through unchanged.
    expect((await peers.db.sql('SELECT ?, ?, ?', [1.5, 'a', null])).rows).toEqual([[1.5, 'a', null]]);
  });

  it('are bound before a write too', async () => {
    await peers.db.sql('CREATE TABLE w (k INTEGER PRIMARY KEY, x)');
    await peers.db.sql('INSERT INTO w VALUES (?, ?), (?, ?)', [1n, true, 2, NaN]);
    expect((await peers.db.sql('SELECT k, x, typeof(x) FROM w ORDER BY k')).rows).toEqual([
      [1, 1, 'integer'],
      [2, null, 'null'],
    ]);
  });
});
