/**
 * relational.ts — the workload as tables: the DDL (plain SQL that SQLite, DuckDB and polyglotdb
 * all accept) and each table's rows, in column order. Positions and education are child tables
 * keyed by (person_id, idx); an ongoing position has a NULL end_year.
 */
import type { Workload } from './records.js';

export type Cell = number | string | null;

export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** TABLE_DDL creates the tables; INDEX_DDL adds the secondary indexes the questions can use. */
export const TABLE_DDL: string[] = [
  'CREATE TABLE locations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, within INTEGER)',
  'CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT NOT NULL, birth_year INTEGER NOT NULL, born_in INTEGER NOT NULL, lives_in INTEGER NOT NULL)',
  'CREATE TABLE knows (a INTEGER NOT NULL, b INTEGER NOT NULL, since INTEGER NOT NULL, PRIMARY KEY (a, b))',
  'CREATE TABLE positions (person_id INTEGER NOT NULL, idx INTEGER NOT NULL, org TEXT NOT NULL, title TEXT NOT NULL, start_year INTEGER NOT NULL, end_year INTEGER, PRIMARY KEY (person_id, idx))',
  'CREATE TABLE education (person_id INTEGER NOT NULL, idx INTEGER NOT NULL, school TEXT NOT NULL, start_year INTEGER NOT NULL, end_year INTEGER NOT NULL, PRIMARY KEY (person_id, idx))',
];

export const INDEX_DDL: string[] = [
  'CREATE INDEX locations_within ON locations (within)',
  'CREATE INDEX locations_name ON locations (name)',
  'CREATE INDEX persons_born_in ON persons (born_in)',
  'CREATE INDEX persons_lives_in ON persons (lives_in)',
  'CREATE INDEX knows_b ON knows (b)',
  'CREATE INDEX positions_org ON positions (org, start_year)',
];

/** toTables maps the records to rows of the five tables. */
export function toTables(w: Workload): Table[] {
  const positions: Cell[][] = [];
  const education: Cell[][] = [];
  for (const p of w.persons) {
    p.positions.forEach((x, i) => positions.push([p.id, i, x.org, x.title, x.start, x.end]));
    p.education.forEach((x, i) => education.push([p.id, i, x.school, x.start, x.end]));
  }
  return [
    { name: 'locations', columns: ['id', 'name', 'type', 'within'], rows: w.locations.map((l) => [l.id, l.name, l.type, l.within]) },
    { name: 'persons', columns: ['id', 'name', 'birth_year', 'born_in', 'lives_in'], rows: w.persons.map((p) => [p.id, p.name, p.birthYear, p.bornIn, p.livesIn]) },
    { name: 'knows', columns: ['a', 'b', 'since'], rows: w.knows.map((k) => [k.a, k.b, k.since]) },
    { name: 'positions', columns: ['person_id', 'idx', 'org', 'title', 'start_year', 'end_year'], rows: positions },
    { name: 'education', columns: ['person_id', 'idx', 'school', 'start_year', 'end_year'], rows: education },
  ];
}

/** insertSql is the parameterized INSERT for one table. */
export function insertSql(t: Table): string {
  return `INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')})`;
}

/** toCsv writes a table as RFC 4180 CSV with a header; NULL is the empty field. */
export function toCsv(t: Table): string {
  const field = (v: Cell) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[t.columns.join(','), ...t.rows.map((r) => r.map(field).join(','))].join('\n')}\n`;
}
