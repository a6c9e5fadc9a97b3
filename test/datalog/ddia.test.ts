/**
 * The example of Designing Data-Intensive Applications, chapter 2: people born in one region
 * and living in another. The data lives in SQL tables; the Datalog program reads them as
 * built-in relations, and its answers are checked against the same question asked in SQL
 * with WITH RECURSIVE on the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { rng, sortedKeys } from './naive.js';

let db: Database;

const REGIONS: [string, string, string | null][] = [
  ['North America', 'continent', null],
  ['Europe', 'continent', null],
  ['Asia', 'continent', null],
  ['United States', 'country', 'North America'],
  ['Canada', 'country', 'North America'],
  ['United Kingdom', 'country', 'Europe'],
  ['France', 'country', 'Europe'],
  ['Japan', 'country', 'Asia'],
];

beforeAll(async () => {
  db = await Database.open();
  await db.sql(`
    CREATE TABLE location(id INTEGER PRIMARY KEY, name TEXT, type TEXT);
    CREATE TABLE within(child INTEGER, parent INTEGER, PRIMARY KEY (child, parent));
    CREATE TABLE person(id INTEGER PRIMARY KEY, name TEXT);
    CREATE TABLE born_in(person INTEGER, loc INTEGER);
    CREATE TABLE lives_in(person INTEGER, loc INTEGER);`);
  const r = rng(42);
  const ids = new Map<string, number>();
  const locations: [number, string, string][] = [];
  const within: [number, number][] = [];
  const add = (name: string, type: string, parent: string | null) => {
    const id = locations.length + 1;
    ids.set(name, id);
    locations.push([id, name, type]);
    if (parent !== null) within.push([id, ids.get(parent) as number]);
    return id;
  };
  for (const [name, type, parent] of REGIONS) add(name, type, parent);
  const leaves: number[] = [];
  for (const [country] of REGIONS.filter(([, t]) => t === 'country')) {
    for (let s = 0; s < 3; s++) {
      const state = `${country} region ${s}`;
      add(state, 'state', country);
      for (let c = 0; c < 3; c++) leaves.push(add(`${state} city ${c}`, 'city', state));
    }
  }
  const people: [number, string][] = [];
  const born: [number, number][] = [];
  const lives: [number, number][] = [];
  for (let p = 1; p <= 120; p++) {
    people.push([p, `person ${p}`]);
    born.push([p, leaves[Math.floor(r() * leaves.length)]]);
    lives.push([p, leaves[Math.floor(r() * leaves.length)]]);
    if (r() < 0.1) lives.push([p, leaves[Math.floor(r() * leaves.length)]]);
  }
  const rows = (xs: unknown[][]) => xs.map((x) => `(${x.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')})`).join(', ');
  await db.sql(`INSERT INTO location VALUES ${rows(locations)}`);
  await db.sql(`INSERT INTO within VALUES ${rows(within)}`);
  await db.sql(`INSERT INTO person VALUES ${rows(people)}`);
  await db.sql(`INSERT INTO born_in VALUES ${rows(born)}`);
  await db.sql(`INSERT INTO lives_in VALUES ${rows(lives)}`);
});

afterAll(async () => {
  await db.close();
});

const PROGRAM = `
  within_recursive(L, N) :- location(L, N, _).
  within_recursive(L, N) :- within(L, V), within_recursive(V, N).
  migrated(Name, BornIn, LivingIn) :-
    person(P, Name),
    born_in(P, BornLoc), within_recursive(BornLoc, BornIn),
    lives_in(P, LivingLoc), within_recursive(LivingLoc, LivingIn).`;

function sqlQuestion(from: string, to: string): string {
  return `
    WITH RECURSIVE
      in_from(id) AS (SELECT id FROM location WHERE name = '${from}'
                      UNION SELECT w.child FROM within w JOIN in_from f ON w.parent = f.id),
      in_to(id) AS (SELECT id FROM location WHERE name = '${to}'
                    UNION SELECT w.child FROM within w JOIN in_to t ON w.parent = t.id)
    SELECT DISTINCT p.name FROM person p
      JOIN born_in b ON b.person = p.id
      JOIN lives_in l ON l.person = p.id
    WHERE b.loc IN (SELECT id FROM in_from) AND l.loc IN (SELECT id FROM in_to)`;
}

describe('DDIA: born in one region, living in another', () => {
  const questions: [string, string][] = [
    ['United States', 'Europe'],
    ['Europe', 'North America'],
    ['Japan', 'France'],
    ['Asia', 'Asia'],
  ];
  for (const [from, to] of questions) {
    it(`born in ${from}, living in ${to}: Datalog over SQL tables equals SQL WITH RECURSIVE`, async () => {
      const datalog = await db.datalog(`${PROGRAM}\n?- migrated(Who, "${from}", "${to}").`);
      const sql = await db.sql(sqlQuestion(from, to));
      expect(datalog.columns).toEqual(['Who']);
      expect(sql.rows.length).toBeGreaterThan(0);
      expect(sortedKeys(datalog.rows)).toEqual(sortedKeys(sql.rows));
    });
  }

  it('the bound query uses magic sets', async () => {
    const plan = (await db.explain('datalog', `${PROGRAM}\n?- migrated(Who, "United States", "Europe").`)).toString();
    expect(plan).toContain('magic_');
  });
});
