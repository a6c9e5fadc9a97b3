/**
 * `x NOT IN (subquery)` in WHERE runs as an anti join when neither x nor the subquery's column
 * can be NULL (optimizer/not-null.ts, rules/push-filters.ts markAsAnti); with a NULL possible on
 * either side it stays a mark join, since NOT IN is then unknown where an anti join would keep
 * the row. Answers are compared with SQLite (sql.js) and with the optimizer off, on generated
 * tables with NULLs in the nullable columns; the plans show where the rule fires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { loadBoth, openPeers, physicalPlan, sortedAnswers, sqliteSorted, type Peers } from './ddl-peer.js';

let peers: Peers;
beforeAll(async () => {
  peers = await openPeers(`CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER, c INTEGER NOT NULL);
    CREATE TABLE u (x INTEGER NOT NULL, y INTEGER, z INTEGER NOT NULL, PRIMARY KEY (x, z));
    CREATE INDEX u_z ON u (z)`);
  let s = 11;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  const t = Array.from({ length: 300 }, (_, i) => [i, rnd(4) === 0 ? null : rnd(40), rnd(40)]);
  const u = new Map<string, Value[]>();
  while (u.size < 200) {
    const x = rnd(30);
    const z = rnd(40);
    u.set(`${x},${z}`, [x, rnd(6) === 0 ? null : rnd(40), z]);
  }
  await loadBoth(peers, 't', t);
  await loadBoth(peers, 'u', [...u.values()]);
});
afterAll(async () => {
  await peers.close();
});

const answers = (sql: string, disabled: string[] = []) => sortedAnswers(peers, sql, disabled);
const physical = (sql: string) => physicalPlan(peers, sql);

/** Queries by what the rule should do with them, each with a parameter k to vary the data they see. */
const anti = {
  notNullBoth: (k: number) => `SELECT a FROM t WHERE c NOT IN (SELECT z FROM u WHERE x < ${k})`,
  filteredNullable: (k: number) => `SELECT a, b FROM t WHERE b NOT IN (SELECT y FROM u WHERE x = ${k} AND y IS NOT NULL) AND b > ${k % 7}`,
  unionAll: (k: number) => `WITH f(p, q) AS (SELECT x, z FROM u UNION ALL SELECT z, x FROM u)
    SELECT DISTINCT f.q FROM f WHERE f.p = ${k} AND f.q NOT IN (SELECT q FROM f WHERE p = ${(k * 7) % 30})`,
  emptySubquery: (k: number) => `SELECT a FROM t WHERE c NOT IN (SELECT z FROM u WHERE x > ${k + 1000})`,
  allQuantifier: (k: number) => `SELECT a FROM t WHERE c > ALL (SELECT z FROM u WHERE x = ${k})`,
};
/** SQLite has no ALL: what it answers instead (equal here, where c and z are never NULL). */
const reference: Record<string, (k: number) => string> = {
  allQuantifier: (k) => `SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE x = ${k} AND c <= z)`,
};
const mark = {
  nullableLeft: (k: number) => `SELECT a FROM t WHERE b NOT IN (SELECT z FROM u WHERE x < ${k})`,
  nullableRight: (k: number) => `SELECT a FROM t WHERE c NOT IN (SELECT y FROM u WHERE x = ${k})`,
  markNotNegated: (k: number) => `SELECT a FROM t WHERE (c NOT IN (SELECT z FROM u WHERE x = ${k})) IS NOT TRUE`,
  orWithOther: (k: number) => `SELECT a FROM t WHERE c NOT IN (SELECT z FROM u WHERE x = ${k}) OR b IS NULL`,
};

describe('NOT IN as an anti join', () => {
  for (const [name, query] of Object.entries({ ...anti, ...mark })) {
    it(`${name}: the same answers as SQLite and as with the optimizer off`, async () => {
      let nonEmpty = 0;
      for (let k = 0; k < 30; k += 2) {
        const sql = query(k);
        const ours = await answers(sql);
        expect(ours).toEqual(sqliteSorted(peers, reference[name]?.(k) ?? sql));
        expect(ours).toEqual(await answers(sql, ['all']));
        if (ours.length > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(3);
    });
  }

  it('runs NOT IN as an anti join only where neither side can be NULL', async () => {
    for (const query of Object.values(anti)) {
      const plan = await physical(query(5));
      expect(plan).toMatch(/Join anti/);
      expect(plan).not.toMatch(/Join mark/);
    }
    for (const query of Object.values(mark)) expect(await physical(query(5))).toMatch(/Join mark/);
  });

  it('keeps the NULL answer of NOT IN: a NULL in the subquery leaves no row', async () => {
    await peers.db.sql('CREATE TABLE v (k INTEGER NOT NULL, w INTEGER)');
    await peers.db.sql('INSERT INTO v VALUES (1, 1), (2, NULL)');
    expect((await peers.db.sql('SELECT a FROM t WHERE c NOT IN (SELECT w FROM v)')).rows).toEqual([]);
    expect(await physical('SELECT a FROM t WHERE c NOT IN (SELECT w FROM v)')).toMatch(/Join mark/);
    expect((await peers.db.sql('SELECT a FROM t WHERE c NOT IN (SELECT w FROM v WHERE k = 1) AND a < 3')).rows.length).toBeGreaterThan(0);
  });
});
