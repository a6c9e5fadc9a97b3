/**
 * Regression: join ordering (optimizer/rules/order-joins.ts) builds its join tree in the order
 * it joins the inputs, and a MultiJoin read positionally — the result of `SELECT *`, whose
 * projection of every column is no projection at all, or a UNION branch — returned its values
 * in that order under the columns' names in the written order (`u,v,p,q,x,y` holding u, v, x,
 * y, p, q). The ordered join now keeps the MultiJoin's column order. Compared with SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { loadBoth, openPeers, type Peers } from './ddl-peer.js';

let peers: Peers;
beforeAll(async () => {
  peers = await openPeers(`CREATE TABLE big (u INTEGER PRIMARY KEY, v INTEGER);
    CREATE TABLE big2 (p INTEGER PRIMARY KEY, q INTEGER);
    CREATE TABLE small (x INTEGER PRIMARY KEY, y INTEGER)`);
  const rows = {
    big: Array.from({ length: 2000 }, (_, i) => [i, i % 7]),
    big2: Array.from({ length: 2000 }, (_, i) => [i, i % 5]),
    small: [[1, 5], [2, 6], [3, 7]],
  };
  for (const [table, list] of Object.entries(rows)) await loadBoth(peers, table, list);
});
afterAll(async () => {
  await peers.close();
});

function sqlite(sql: string): Value[][] {
  const out: Value[][] = [];
  const st = peers.sqlite.prepare(sql);
  while (st.step()) out.push(st.get() as Value[]);
  st.free();
  return out;
}

const queries = [
  'SELECT * FROM big JOIN big2 ON big2.q = big.v JOIN small ON small.x = big.u ORDER BY 1, 3',
  'SELECT * FROM big, big2, small WHERE small.x = big.u AND big2.p = small.y ORDER BY 1',
  'SELECT DISTINCT * FROM big, big2, small WHERE small.x = big.u AND big2.p = small.y ORDER BY 1',
  'SELECT * FROM (SELECT * FROM big, big2, small WHERE small.x = big.u AND big2.p = small.y UNION ALL SELECT 9, 9, 9, 9, 9, 9) ORDER BY 1',
];

describe('a reordered join keeps its columns in the written order', () => {
  for (const sql of queries) {
    it(sql, async () => {
      const ours = await peers.db.sql(sql);
      expect(ours.columns).toEqual(['u', 'v', 'p', 'q', 'x', 'y']);
      expect(ours.rows).toEqual(sqlite(sql));
      expect(ours.rows.length).toBeGreaterThan(2);
    });
  }
});
