/**
 * A join of a few rows with a large UNION ALL is distributed over the union's branches
 * (optimizer/rules/distribute-joins.ts) so each branch probes an index: friends of friends
 * over an undirected KNOWS read as "edges ∪ reversed edges". Answers are compared with SQLite
 * (sql.js) and with the rule switched off, on generated graphs; the plans show where it fires.
 *
 * The copies of the small side that distribution makes — and any subplan a plan holds more
 * than once up to its column ids, such as a CTE read twice — are computed once per run
 * (executor/shared-plans.ts): answers are also compared with that switched off
 * (`share-subplans`), for ad hoc and prepared runs, and a prepared run after a write sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { openPeers, type Peers } from './ddl-peer.js';

const NODES = 400;
const EDGES = 2400;

let peers: Peers;
beforeAll(async () => {
  peers = await openPeers(`CREATE TABLE knows (a INTEGER NOT NULL, b INTEGER NOT NULL, w INTEGER, PRIMARY KEY (a, b));
    CREATE INDEX knows_b ON knows (b);
    CREATE TABLE notes (k INTEGER, v TEXT)`);
  let s = 7;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  const edges = new Map<string, Value[]>();
  while (edges.size < EDGES) {
    const a = rnd(NODES);
    const b = rnd(NODES);
    if (a !== b) edges.set(`${a},${b}`, [a, b, rnd(5) === 0 ? null : rnd(100)]);
  }
  const notes = Array.from({ length: 300 }, (_, i) => [rnd(NODES), `n${i}`]);
  const rows = [...edges.values()];
  await (await peers.db.prepare('INSERT INTO knows VALUES (?, ?, ?)')).runMany(rows);
  await (await peers.db.prepare('INSERT INTO notes VALUES (?, ?)')).runMany(notes);
  const k = peers.sqlite.prepare('INSERT INTO knows VALUES (?, ?, ?)');
  for (const r of rows) k.run(r as number[]);
  k.free();
  const n = peers.sqlite.prepare('INSERT INTO notes VALUES (?, ?)');
  for (const r of notes) n.run(r as (number | string)[]);
  n.free();
});
afterAll(async () => {
  await peers.close();
});

const FRIEND = 'WITH friend(a, b) AS (SELECT a, b FROM knows UNION ALL SELECT b, a FROM knows)';
const queries = {
  friendsOfFriends: (id: number) => `${FRIEND}
    SELECT DISTINCT f2.b FROM friend f1 JOIN friend f2 ON f2.a = f1.b
    WHERE f1.a = ${id} AND f2.b <> ${id} AND f2.b NOT IN (SELECT b FROM friend WHERE a = ${id})`,
  // The small side computes its join key: the copy in each branch computes its own.
  computedKey: (id: number) => `${FRIEND}
    SELECT s.id, s.nxt, f.b FROM (SELECT a AS id, b + 1 AS nxt FROM knows WHERE a = ${id}) s JOIN friend f ON f.a = s.nxt`,
  // Three branches, one filtered on a nullable column; the union's column order differs per branch.
  threeBranches: (id: number) => `WITH e(x, y, w) AS (SELECT a, b, w FROM knows UNION ALL SELECT b, a, w FROM knows UNION ALL SELECT a, a, w FROM knows WHERE w IS NULL)
    SELECT k.b, e.y, e.w FROM knows k JOIN e ON e.x = k.b WHERE k.a = ${id}`,
  // The NOT IN list differs from the first hop (another person): that subplan is not the first hop's.
  otherList: (id: number) => `${FRIEND}
    SELECT DISTINCT f2.b FROM friend f1 JOIN friend f2 ON f2.a = f1.b
    WHERE f1.a = ${id} AND f2.b NOT IN (SELECT b FROM friend WHERE a = ${id + 1})`,
  // One CTE read twice and joined with itself, with a computed column and a NULL-able one.
  selfJoin: (id: number) => `WITH s(x, y, w) AS (SELECT a, b + 0, w FROM knows WHERE a = ${id})
    SELECT p.y, q.y, q.w FROM s p JOIN s q ON q.w = p.w`,
  // Both reads pass their rows to the result: they are left unshared.
  unionAll: (id: number) => `SELECT a, b FROM knows WHERE a = ${id} UNION ALL SELECT a, b FROM knows WHERE a = ${id}`,
};

const sorted = (rows: readonly (readonly Value[])[]) => rows.map((r) => JSON.stringify(r)).sort();

async function answers(sql: string, disabled: string[] = []) {
  return sorted((await peers.db.sql(sql, [], { optimizer: { disabled } })).rows as Value[][]);
}

function sqlite(sql: string) {
  const out: Value[][] = [];
  const st = peers.sqlite.prepare(sql);
  while (st.step()) out.push(st.get() as Value[]);
  st.free();
  return sorted(out);
}

describe('joins distributed over UNION ALL', () => {
  for (const [name, query] of Object.entries(queries)) {
    it(`${name}: the same answers as SQLite, as without the rule and as unshared, for many start nodes`, async () => {
      let nonEmpty = 0;
      for (let id = 0; id < NODES; id += 13) {
        const sql = query(id);
        const ours = await answers(sql);
        expect(ours).toEqual(sqlite(sql));
        expect(ours).toEqual(await answers(sql, ['distribute-joins']));
        expect(ours).toEqual(await answers(sql, ['share-subplans']));
        if (ours.length > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(10);
    });
  }

  it('probes each branch by index instead of hashing the whole union', async () => {
    const plan = (await peers.db.explain('sql', queries.friendsOfFriends(5))).physical;
    expect(plan).toMatch(/IndexJoin inner knows using primary key/);
    expect(plan).toMatch(/IndexJoin inner knows using knows_b/);
    const off = (await peers.db.explain('sql', queries.friendsOfFriends(5), { optimizer: { disabled: ['distribute-joins'] } })).physical;
    expect(off).not.toMatch(/IndexJoin/);
    const three = (await peers.db.explain('sql', queries.threeBranches(5))).physical;
    expect(three.match(/IndexJoin/g)?.length).toBe(3);
  });

  it('leaves the join alone when a branch has no index to probe', async () => {
    const sql = `WITH u(k, v) AS (SELECT a, 'knows' FROM knows UNION ALL SELECT k, v FROM notes)
      SELECT x.b, u.v FROM knows x JOIN u ON u.k = x.b WHERE x.a = 3`;
    const plan = (await peers.db.explain('sql', sql)).physical;
    expect(plan).toMatch(/HashJoin inner/);
    expect(plan.match(/Union/g)?.length).toBe(1);
    expect(await answers(sql)).toEqual(sqlite(sql));
  });
});

/** notRun counts EXPLAIN ANALYZE lines of operators that never ran (copies that read a shared subplan's rows instead). */
async function notRun(sql: string, disabled: string[] = []): Promise<number> {
  const text = String(await peers.db.explain('sql', sql, { analyze: true, optimizer: { disabled } }));
  return text.split('\n').filter((l) => l.includes('not run')).length;
}

describe('subplans held more than once run once per run', () => {
  it('a prepared statement computes each run from its own parameters', async () => {
    const sql = `${FRIEND}
      SELECT DISTINCT f2.b FROM friend f1 JOIN friend f2 ON f2.a = f1.b
      WHERE f1.a = ? AND f2.b <> ? AND f2.b NOT IN (SELECT b FROM friend WHERE a = ?)`;
    const shared = await peers.db.prepare(sql);
    const plain = await peers.db.prepare(sql);
    for (let id = 3; id < NODES; id += 11) {
      const ours = sorted((await shared.run([id, id, id])).rows);
      expect(ours).toEqual(sorted((await plain.run([id, id, id], { optimizer: { disabled: ['share-subplans'] } })).rows));
      expect(ours).toEqual(sqlite(queries.friendsOfFriends(id)));
    }
  });

  it('keeps nothing from one run to the next: a run after a write sees it', async () => {
    const id = 5;
    const st = await peers.db.prepare(queries.friendsOfFriends(id));
    const before = sorted((await st.run()).rows);
    expect(before.length).toBeGreaterThan(0);
    // Person 5 befriends one of its friends of friends: the first hop and the NOT IN list both change.
    const newFriend = JSON.parse(before[0])[0] as number;
    const both = async (sql: string) => {
      await peers.db.sql(sql);
      peers.sqlite.exec(sql);
    };
    await both(`INSERT INTO knows VALUES (${id}, ${newFriend}, 1)`);
    const after = sorted((await st.run()).rows);
    expect(after).not.toContain(before[0]);
    expect(after).toEqual(sqlite(queries.friendsOfFriends(id)));
    await both(`DELETE FROM knows WHERE a = ${id} AND b = ${newFriend}`);
    expect(sorted((await st.run()).rows)).toEqual(before);
  });

  it('EXPLAIN ANALYZE shows the copies that read the shared rows instead of running', async () => {
    expect(await notRun(queries.friendsOfFriends(9))).toBeGreaterThan(0);
    expect(await notRun(queries.friendsOfFriends(9), ['share-subplans'])).toBe(0);
    expect(await notRun(queries.selfJoin(9))).toBeGreaterThan(0);
    expect(await notRun(queries.unionAll(9))).toBe(0);
  });

  it('never shares a subplan that calls a function that is not deterministic', async () => {
    // The scans under the two projections are shared, each reader reporting its rows: no copy is left not run.
    const sql = `WITH s(x, r) AS (SELECT a, random() FROM knows WHERE a = 9) SELECT p.x, p.r, q.r FROM s p JOIN s q ON q.x = p.x`;
    expect(await notRun(sql)).toBe(0);
    const det = `WITH s(x, r) AS (SELECT a, abs(b) FROM knows WHERE a = 9) SELECT p.x, p.r, q.r FROM s p JOIN s q ON q.x = p.x`;
    expect(await notRun(det)).toBeGreaterThan(0);
  });
});
