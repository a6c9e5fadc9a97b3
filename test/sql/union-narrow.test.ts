/**
 * A UNION ALL read for some of its columns carries only those in every branch
 * (optimizer/physical/narrow.ts): a branch joining two tables then emits one column, not both
 * tables' rows. Answers are compared with SQLite (sql.js) and with narrowing switched off,
 * including branches that repeat a column, compute one, or are read for no column (count(*)).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { loadBoth, openPeers, sortedJson, sqliteSorted, type Peers } from './ddl-peer.js';

const NODES = 400;
const EDGES = 2400;

let peers: Peers;
beforeAll(async () => {
  peers = await openPeers(`CREATE TABLE e (a INTEGER NOT NULL, b INTEGER NOT NULL, w TEXT, PRIMARY KEY (a, b));
    CREATE INDEX e_b ON e (b)`);
  let s = 3;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  // As large as distribute-joins.test.ts's graph: smaller, reading the union whole is cheaper than distributing the join.
  const rows = new Map<string, Value[]>();
  while (rows.size < EDGES) {
    const a = rnd(NODES);
    const b = rnd(NODES);
    rows.set(`${a},${b}`, [a, b, rnd(5) === 0 ? null : `w${rnd(9)}`]);
  }
  await loadBoth(peers, 'e', [...rows.values()]);
});
afterAll(async () => {
  await peers.close();
});

const U = 'WITH u(x, y, w) AS (SELECT a, b, w FROM e UNION ALL SELECT b, a, w FROM e)';
const queries = {
  oneColumn: (k: number) => `${U} SELECT u2.y FROM u u1 JOIN u u2 ON u2.x = u1.y WHERE u1.x = ${k}`,
  repeated: (k: number) => `SELECT v FROM (SELECT a AS v, a AS v2, w FROM e WHERE b = ${k} UNION ALL SELECT b, b, w FROM e WHERE a = ${k}) WHERE v2 >= 0`,
  computed: (k: number) => `SELECT t FROM (SELECT a + 1 AS t, w FROM e WHERE b = ${k} UNION ALL SELECT b * 2, w FROM e WHERE a = ${k})`,
  noColumn: (k: number) => `${U} SELECT count(*) FROM u WHERE u.x = ${k}`,
  lastColumn: (k: number) => `${U} SELECT w FROM u WHERE x = ${k}`,
};

describe('a union carries only the columns read above it', () => {
  for (const [name, query] of Object.entries(queries)) {
    it(`${name}: the same answers as SQLite and as without narrowing`, async () => {
      let nonEmpty = 0;
      for (let k = 0; k < NODES; k += 37) {
        const sql = query(k);
        const ours = sortedJson((await peers.db.sql(sql)).rows);
        expect(ours).toEqual(sqliteSorted(peers, sql));
        expect(ours).toEqual(sortedJson((await peers.db.sql(sql, [], { optimizer: { disabled: ['narrow-columns'] } })).rows));
        if (ours.length > 1) nonEmpty++;
      }
      if (name !== 'noColumn') expect(nonEmpty).toBeGreaterThan(3);
    });
  }

  it('projects each branch of the distributed join onto the one column read', async () => {
    const plan = (await peers.db.explain('sql', queries.oneColumn(5))).physical;
    const lines = plan.split('\n');
    // Each branch's join emits one column (a projection fused into it); no wider row reaches the union.
    const joins = lines.flatMap((l, i) => (/IndexJoin inner e/.test(l) ? [lines[i - 1]] : []));
    expect(joins.length).toBe(2);
    for (const above of joins) expect(above).toMatch(/^\s*Project \w+#\d+ {2}/);
  });
});
