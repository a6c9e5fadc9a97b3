/**
 * functions-harness.ts — differential checking of scalar SQL expressions against SQLite
 * (sql.js, whose SQLite has JSON1 and the math functions): each expression is evaluated over
 * every row of a table of generated values on both engines and the answers compared row by row.
 */
import initSqlJs from 'sql.js';
import { Database } from '../../src/index.js';

export type Engines = { ours: Database; sqlite: import('sql.js').Database };

/** openEngines creates the same table of values in polyglotdb and SQLite. */
export async function openEngines(setup: string): Promise<Engines> {
  const ours = await Database.open();
  await ours.sql(setup);
  const SQL = await initSqlJs({ useOldExtensionFunctions: false } as Parameters<typeof initSqlJs>[0]);
  const sqlite = new SQL.Database();
  sqlite.exec(setup);
  return { ours, sqlite };
}

export async function closeEngines(e: Engines): Promise<void> {
  await e.ours.close();
  e.sqlite.close();
}

/** sqlLiteral writes a value as an SQL literal both engines read the same way. */
export function sqlLiteral(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(17);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** valuesTable builds `CREATE TABLE name(id, a, b, …)` with one row per tuple. */
export function valuesTable(name: string, columns: string[], rows: unknown[][]): string {
  const create = `CREATE TABLE ${name} (id INTEGER PRIMARY KEY, ${columns.join(', ')});`;
  const inserts = rows.map((r, i) => `INSERT INTO ${name} VALUES (${[i + 1, ...r].map(sqlLiteral).join(', ')});`);
  return [create, ...inserts].join('\n');
}

function normalize(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
  return v;
}

function same(a: unknown, b: unknown): boolean {
  const x = normalize(a);
  const y = normalize(b);
  if (typeof x === 'number' && typeof y === 'number') {
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
    return x === y || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
  }
  return x === y;
}

/**
 * mismatches evaluates each expression over the table on both engines (`SELECT id, expr FROM
 * table ORDER BY id`) and describes every row where the answers differ, or where one engine
 * fails and the other does not.
 */
export async function mismatches(e: Engines, table: string, exprs: readonly string[], limit = 10): Promise<string[]> {
  const out: string[] = [];
  for (const expr of exprs) {
    const q = `SELECT id, ${expr} FROM ${table} ORDER BY id`;
    let expected: unknown[][] | string;
    try {
      expected = e.sqlite.exec(q)[0]?.values ?? [];
    } catch (err) {
      expected = `error: ${(err as Error).message}`;
    }
    let actual: unknown[][] | string;
    try {
      actual = (await e.ours.sql(q)).rows as unknown[][];
    } catch (err) {
      actual = `error: ${(err as Error).message}`;
    }
    if (typeof expected === 'string' || typeof actual === 'string') {
      if (typeof expected !== typeof actual) out.push(`${expr}\n  ours:   ${show(actual)}\n  sqlite: ${show(expected)}`);
      continue;
    }
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const a = actual[i];
      const b = expected[i];
      if (!a || !b || !same(a[1], b[1])) {
        const id = b?.[0] ?? a?.[0];
        const input = (e.sqlite.exec(`SELECT * FROM ${table} WHERE id = ${id}`)[0]?.values[0] ?? []).slice(1).map(show).join(', ');
        out.push(`${expr} with (${input})\n  ours:   ${show(a?.[1])}\n  sqlite: ${show(b?.[1])}`);
        break;
      }
    }
    if (out.length >= limit) break;
  }
  return out;
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  const n = normalize(v);
  return typeof n === 'string' ? n : String(n);
}

/** The seeded generator of the query differential tests, so failures reproduce. */
export { Random } from './generator.js';
