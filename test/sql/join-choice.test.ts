/**
 * The choice between an index join and a hash join follows the estimated number of probes
 * (physical/plan.ts): a filter keeping a frequent value of a category column — more distinct
 * values than a handful, skewed — is estimated from the exact counts per value the statistics
 * keep (storage/stats.ts), so many matches hash the other table once while few matches probe
 * its primary key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';

const PERSONS = 2000;
/** 100 organisations: 'org0' holds 900 positions, every other one 11 or fewer. */
const positions: [number, number, string, number][] = [];
for (let i = 0; i < PERSONS; i++) positions.push([i, 0, i < 900 ? 'org0' : `org${1 + (i % 99)}`, 1990 + (i % 30)]);

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await db.sql(`CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE positions (person_id INTEGER NOT NULL, idx INTEGER NOT NULL, org TEXT NOT NULL, start_year INTEGER NOT NULL, PRIMARY KEY (person_id, idx));
    CREATE INDEX positions_org ON positions (org, start_year)`);
  await (await db.prepare('INSERT INTO persons VALUES (?, ?)')).runMany(Array.from({ length: PERSONS }, (_, i) => [i, `p${i}`]));
  await (await db.prepare('INSERT INTO positions VALUES (?, ?, ?, ?)')).runMany(positions);
});
afterAll(async () => {
  await db.close();
});

const query = (org: string) => `SELECT DISTINCT p.id FROM persons p JOIN positions x ON x.person_id = p.id WHERE x.org = '${org}' AND x.start_year > 2000`;
const expected = (org: string) => positions.filter(([, , o, y]) => o === org && y > 2000).map(([id]) => [id]);

describe('index join or hash join, by the estimated probes', () => {
  it('hashes persons once for the frequent organisation, estimated from its exact count', async () => {
    const plan = (await db.explain('sql', query('org0'))).physical;
    // 900 rows hold 'org0', 19 of each 30 start after 2000: 570 (1/100 of the rows would be 20).
    const estimate = Number(/IndexScan positions using positions_org range \("org0", 2000 \.\. "org0"\] covering {2}\(est\. (\d+)/.exec(plan)?.[1]);
    expect(estimate).toBeGreaterThan(500);
    expect(estimate).toBeLessThan(650);
    expect(plan).toMatch(/HashJoin inner/);
    expect(plan).not.toMatch(/IndexJoin/);
    expect((await db.sql(query('org0'))).rows.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(expected('org0'));
  });

  it('probes the primary key of persons for a rare organisation', async () => {
    const plan = (await db.explain('sql', query('org5'))).physical;
    expect(plan).toMatch(/IndexJoin inner persons using primary key/);
    expect((await db.sql(query('org5'))).rows.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(expected('org5'));
  });
});
