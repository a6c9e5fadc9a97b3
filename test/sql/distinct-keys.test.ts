/**
 * DISTINCT decided by unique keys (optimizer/unique-keys.ts, rules/distinct-keys.ts): dropped
 * over rows a key already makes distinct, moved onto a join input when that makes the join's
 * rows distinct (SQL Q6: the distinct person ids of some positions, each joined with its person
 * by primary key), left alone otherwise. Answers are compared with SQLite (sql.js) and with the
 * rule switched off, on generated tables with NULLs and repeated names; the plans show where it fires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { loadBoth, openPeers, physicalPlan, sortedAnswers, sqliteSorted, type Peers } from './ddl-peer.js';

let peers: Peers;
beforeAll(async () => {
  peers = await openPeers(`CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT, born INTEGER NOT NULL);
    CREATE TABLE positions (person_id INTEGER NOT NULL, idx INTEGER NOT NULL, org TEXT, start INTEGER NOT NULL, PRIMARY KEY (person_id, idx));
    CREATE INDEX positions_org ON positions (org, start);
    CREATE TABLE tags (k INTEGER, tag TEXT);
    CREATE UNIQUE INDEX tags_k ON tags (k)`);
  let s = 5;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  const persons = Array.from({ length: 400 }, (_, i) => [i, rnd(8) === 0 ? null : `n${rnd(150)}`, 1950 + rnd(50)]);
  const positions: Value[][] = [];
  for (let i = 0; i < 400; i++) for (let j = rnd(5); j > 0; j--) positions.push([i, j, rnd(9) === 0 ? null : `o${rnd(6)}`, 1990 + rnd(30)]);
  // A unique index allows many NULLs: two rows with k NULL are not duplicates of each other.
  const tags = [[null, 'a'], [null, 'a'], [1, 'b'], [2, 'b'], [3, null]];
  await loadBoth(peers, 'persons', persons);
  await loadBoth(peers, 'positions', positions);
  await loadBoth(peers, 'tags', tags);
});
afterAll(async () => {
  await peers.close();
});

const answers = (sql: string, disabled: string[] = []) => sortedAnswers(peers, sql, disabled);
const physical = (sql: string) => physicalPlan(peers, sql);

const JOIN = 'FROM persons p JOIN positions x ON x.person_id = p.id';
/** Queries whose Distinct the rule removes or moves, each with a parameter k. */
const dropped = {
  q6: (k: number) => `SELECT DISTINCT p.id, p.name ${JOIN} WHERE x.org = 'o${k % 6}' AND x.start > ${1990 + k}`,
  keyOnly: (k: number) => `SELECT DISTINCT p.id ${JOIN} WHERE x.start > ${1990 + k}`,
  keyAndOtherSide: (k: number) => `SELECT DISTINCT p.id, x.org ${JOIN} WHERE p.born > ${1950 + k}`,
  joinColumnNamed: (k: number) => `SELECT DISTINCT x.person_id, p.name ${JOIN} WHERE x.start < ${2000 + k}`,
  primaryKey: (k: number) => `SELECT DISTINCT id, name FROM persons WHERE born > ${1950 + k}`,
  keyRestFixed: (k: number) => `SELECT DISTINCT idx, org FROM positions WHERE person_id = ${k * 13}`,
  grouped: (k: number) => `SELECT DISTINCT org, count(*) FROM positions WHERE start > ${1990 + k} GROUP BY org`,
};
/** Queries whose Distinct stays: their rows may repeat. */
const kept = {
  nameOnly: (k: number) => `SELECT DISTINCT p.name ${JOIN} WHERE x.start > ${1990 + k}`,
  otherSideOnly: (k: number) => `SELECT DISTINCT x.org, p.born ${JOIN} WHERE x.start > ${1990 + k}`,
  nullableUnique: (k: number) => `SELECT DISTINCT k, tag FROM tags WHERE ${k} >= 0`,
  partOfKey: (k: number) => `SELECT DISTINCT org FROM positions WHERE person_id = ${k * 13}`,
};

describe('DISTINCT by unique keys', () => {
  for (const [name, query] of Object.entries({ ...dropped, ...kept })) {
    it(`${name}: the same answers as SQLite and as without the rule`, async () => {
      let nonEmpty = 0;
      for (let k = 0; k < 30; k += 3) {
        const sql = query(k);
        const ours = await answers(sql);
        expect(ours).toEqual(sqliteSorted(peers, sql));
        expect(ours).toEqual(await answers(sql, ['distinct-keys']));
        if (ours.length > 1) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(3);
    });
  }

  it('drops the Distinct over the output where a key shows it distinct, and only there', async () => {
    for (const query of Object.values(dropped)) {
      const plan = await physical(query(6));
      const top = plan.split('\n')[0];
      expect(top).not.toMatch(/Distinct/);
    }
    for (const query of Object.values(kept)) expect((await physical(query(6))).split('\n')[0]).toMatch(/Distinct/);
  });

  it('hashes only the join keys of the positions for SQL Q6, then gets each person by key', async () => {
    const plan = await physical(dropped.q6(3));
    expect(plan.match(/Distinct/g)?.length).toBe(1);
    const lines = plan.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    // The persons are got by key above the Distinct, which reads the positions' index.
    expect(at(/IndexJoin inner persons using primary key/)).toBeGreaterThanOrEqual(0);
    expect(at(/IndexJoin inner persons/)).toBeLessThan(at(/Distinct/));
    expect(at(/Distinct/)).toBeLessThan(at(/IndexScan positions using positions_org/));
  });
});
