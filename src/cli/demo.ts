/**
 * demo.ts — `npm run demo`: the people-and-places dataset of DDIA chapter 2, small enough to
 * read, loaded into an in-memory database and asked the shared workload's questions in SQL,
 * each with the plan the optimizer chose. It grows into the side-by-side comparison of all
 * five models as their front ends arrive.
 */
import { Database } from '../engine/database.js';
import { formatResult } from './format.js';

/** [id, name, type, within] */
const LOCATIONS: [number, string, string, number | null][] = [
  [1, 'Europe', 'continent', null],
  [2, 'North America', 'continent', null],
  [3, 'Asia', 'continent', null],
  [10, 'United Kingdom', 'country', 1],
  [11, 'France', 'country', 1],
  [12, 'United States', 'country', 2],
  [13, 'Japan', 'country', 3],
  [20, 'England', 'region', 10],
  [21, 'Île-de-France', 'region', 11],
  [22, 'Idaho', 'region', 12],
  [23, 'California', 'region', 12],
  [24, 'Kantō', 'region', 13],
  [30, 'London', 'city', 20],
  [31, 'Paris', 'city', 21],
  [32, 'Boise', 'city', 22],
  [33, 'San Francisco', 'city', 23],
  [34, 'Tokyo', 'city', 24],
];

/** [id, name, birth_year, born_in, lives_in] */
const PERSONS: [number, string, number, number, number][] = [
  [1, 'Lucy', 1988, 32, 30],
  [2, 'Alain', 1975, 31, 31],
  [3, 'Mei', 1992, 34, 34],
  [4, 'Sam', 1969, 33, 33],
  [5, 'Ada', 1990, 30, 30],
  [6, 'Hiro', 1985, 34, 33],
  [7, 'Grace', 1981, 33, 31],
  [8, 'Louis', 1979, 31, 30],
  [9, 'Nora', 1995, 32, 32],
  [10, 'Tom', 1972, 30, 34],
];

/** [a, b, since]: stored once per pair; direction means nothing. */
const KNOWS: [number, number, number][] = [
  [1, 5, 2012],
  [1, 9, 2005],
  [2, 8, 1999],
  [2, 7, 2015],
  [3, 6, 2010],
  [4, 7, 2003],
  [4, 6, 2016],
  [5, 8, 2018],
  [7, 1, 2020],
  [9, 4, 2011],
  [10, 3, 2014],
  [10, 5, 2009],
];

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function demoScript(): string {
  return [
    'CREATE TABLE locations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, within INTEGER)',
    'CREATE INDEX locations_within ON locations (within)',
    'CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT NOT NULL, birth_year INTEGER, born_in INTEGER, lives_in INTEGER)',
    'CREATE TABLE knows (a INTEGER NOT NULL, b INTEGER NOT NULL, since INTEGER, PRIMARY KEY (a, b))',
    'CREATE INDEX knows_b ON knows (b)',
    `INSERT INTO locations VALUES ${LOCATIONS.map(([id, n, t, w]) => `(${id}, ${sqlString(n)}, '${t}', ${w ?? 'NULL'})`).join(', ')}`,
    `INSERT INTO persons VALUES ${PERSONS.map(([id, n, y, b, l]) => `(${id}, ${sqlString(n)}, ${y}, ${b}, ${l})`).join(', ')}`,
    `INSERT INTO knows VALUES ${KNOWS.map(([a, b, s]) => `(${a}, ${b}, ${s})`).join(', ')}`,
  ].join(';\n');
}

interface Question {
  id: string;
  title: string;
  sql: string;
  params?: unknown[];
}

export const QUESTIONS: Question[] = [
  {
    id: 'Q2',
    title: 'one person by id (a primary-key lookup)',
    sql: 'SELECT id, name, birth_year FROM persons WHERE id = ?',
    params: [7],
  },
  {
    id: 'Q4',
    title: 'persons per country of residence, most first (joins up the hierarchy, hash aggregation)',
    sql: `SELECT country.name AS country, count(*) AS persons
            FROM persons p
            JOIN locations city ON city.id = p.lives_in
            JOIN locations region ON region.id = city.within
            JOIN locations country ON country.id = region.within
           GROUP BY country.name
           ORDER BY persons DESC, country`,
  },
  {
    id: 'Q7',
    title: 'every location within Europe (transitive closure: a recursive CTE becomes a Fixpoint)',
    sql: `WITH RECURSIVE inside(id) AS (
            SELECT id FROM locations WHERE name = 'Europe'
            UNION
            SELECT l.id FROM locations l JOIN inside ON l.within = inside.id)
          SELECT l.name, l.type FROM locations l JOIN inside ON l.id = inside.id ORDER BY l.type, l.name`,
  },
  {
    id: 'Q1',
    title: 'born in the United States, living in Europe (DDIA’s emigrants)',
    sql: `WITH RECURSIVE
            in_usa(id) AS (SELECT id FROM locations WHERE name = 'United States'
                           UNION SELECT l.id FROM locations l JOIN in_usa ON l.within = in_usa.id),
            in_europe(id) AS (SELECT id FROM locations WHERE name = 'Europe'
                              UNION SELECT l.id FROM locations l JOIN in_europe ON l.within = in_europe.id)
          SELECT p.name FROM persons p
           WHERE p.born_in IN (SELECT id FROM in_usa) AND p.lives_in IN (SELECT id FROM in_europe)
           ORDER BY p.name`,
  },
  {
    id: 'Q3',
    title: 'friends of friends of Lucy (distance exactly 2, KNOWS undirected)',
    sql: `WITH friend(a, b) AS (SELECT a, b FROM knows UNION ALL SELECT b, a FROM knows)
          SELECT DISTINCT p.name
            FROM friend f1 JOIN friend f2 ON f2.a = f1.b JOIN persons p ON p.id = f2.b
           WHERE f1.a = 1 AND f2.b <> 1
             AND f2.b NOT IN (SELECT b FROM friend WHERE a = 1)
           ORDER BY p.name`,
  },
];

/** runDemo loads the dataset and prints each question, its answer and its plan. */
export async function runDemo(print: (line: string) => void): Promise<void> {
  const db = await Database.open();
  try {
    await db.sql(demoScript());
    print('polyglotdb demo — the people-and-places dataset of DDIA chapter 2, in SQL');
    print(`${PERSONS.length} persons, ${LOCATIONS.length} locations, ${KNOWS.length} KNOWS pairs\n`);
    for (const q of QUESTIONS) {
      const params = (q.params ?? []) as never[];
      const start = performance.now();
      const result = await db.sql(q.sql, params);
      const ms = performance.now() - start;
      const plan = await db.explain('sql', q.sql, { params });
      print(`── ${q.id}: ${q.title}`);
      print(q.sql.replace(/^\s+/gm, '  ').trim());
      print(formatResult(result, 'table'));
      print(`plan (${ms.toFixed(2)} ms):`);
      print(plan.physical.replace(/^/gm, '  '));
      print('');
    }
  } finally {
    await db.close();
  }
}
