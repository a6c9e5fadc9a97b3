/**
 * ddl-peer.ts — runs the same SQL on polyglotdb and on SQLite (sql.js) for the DDL/DML tests:
 * each statement must succeed on both or fail on both, and queries must return the same rows.
 */
import initSqlJs from 'sql.js';
import { Database, type Value } from '../../src/index.js';
import { canonical } from './canonical.js';

export interface Peers {
  db: Database;
  sqlite: import('sql.js').Database;
  close(): Promise<void>;
}

let SQL: Awaited<ReturnType<typeof initSqlJs>> | null = null;

/** openPeers opens both engines, and runs `setup` (a script) on both when given. */
export async function openPeers(setup?: string): Promise<Peers> {
  SQL ??= await initSqlJs();
  const db = await Database.open();
  const sqlite = new SQL.Database();
  sqlite.exec('PRAGMA foreign_keys = ON');
  if (setup !== undefined) {
    await db.sql(setup);
    sqlite.exec(setup);
  }
  return {
    db,
    sqlite,
    async close() {
      await db.close();
      sqlite.close();
    },
  };
}

/** Outcome of one statement on one engine: its rows, or that it failed. */
export type Outcome = { ok: true; rows: string[] } | { ok: false; error: string };

export async function runOurs(p: Peers, sql: string): Promise<Outcome> {
  try {
    const r = await p.db.sql(sql);
    return { ok: true, rows: canonical(r.rows as Value[][], /ORDER BY/i.test(sql)) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export function runSqlite(p: Peers, sql: string): Outcome {
  try {
    const r = p.sqlite.exec(sql);
    return { ok: true, rows: canonical(r.length ? r[r.length - 1].values : [], /ORDER BY/i.test(sql)) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/**
 * compare runs each statement on both engines and returns the disagreements (statement,
 * ours, SQLite's). Success must match success; rows must match for statements returning rows.
 */
export async function compare(p: Peers, statements: readonly string[]): Promise<string[]> {
  const diffs: string[] = [];
  for (const s of statements) {
    const ours = await runOurs(p, s);
    const theirs = runSqlite(p, s);
    const same = ours.ok === theirs.ok && (!ours.ok || JSON.stringify(ours.rows) === JSON.stringify((theirs as { rows: string[] }).rows));
    if (!same) diffs.push(`${s}\n  ours:   ${JSON.stringify(ours)}\n  sqlite: ${JSON.stringify(theirs)}`);
  }
  return diffs;
}

/** Rows as one string, in a canonical order (for queries whose order is unspecified). */
export const sortedRows = (rows: readonly (readonly unknown[])[]) => JSON.stringify(rows.map((x) => JSON.stringify(x)).sort());

/**
 * agreeWithOptimizerOff runs `q` on SQLite, on polyglotdb, and on polyglotdb with the optimizer
 * passes `disabled`, and returns a description of the disagreement, or null when all three agree.
 */
export async function agreeWithOptimizerOff(p: Peers, q: string, disabled: string[]): Promise<string | null> {
  const expected = sortedRows(p.sqlite.exec(q)[0]?.values ?? []);
  const got = sortedRows((await p.db.sql(q)).rows as Value[][]);
  const off = sortedRows((await p.db.sql(q, [], { optimizer: { disabled } })).rows as Value[][]);
  return got === expected && off === expected ? null : `${q}\n  ours: ${got}\n  off: ${off}\n  sqlite: ${expected}`;
}

/**
 * generatedMismatches runs `count` queries made by `next` through agreeWithOptimizerOff and
 * returns the disagreements; `each` sees every query (a test counting plan shapes).
 */
export async function generatedMismatches(
  p: Peers,
  count: number,
  next: () => string,
  disabled: string[],
  each?: (q: string) => Promise<void>,
): Promise<string[]> {
  const mismatches: string[] = [];
  for (let i = 0; i < count; i++) {
    const q = next();
    const mismatch = await agreeWithOptimizerOff(p, q, disabled);
    if (mismatch !== null) mismatches.push(mismatch);
    if (each !== undefined) await each(q);
  }
  return mismatches;
}

/** sortedJson is rows as sorted JSON lines: answers compared as bags. */
export const sortedJson = (rows: readonly (readonly unknown[])[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

/** sqliteSorted runs a query on the SQLite peer: its rows as sortedJson. */
export function sqliteSorted(p: Peers, sql: string): string[] {
  const out: unknown[][] = [];
  const st = p.sqlite.prepare(sql);
  while (st.step()) out.push(st.get());
  st.free();
  return sortedJson(out);
}

/** loadBoth inserts the same rows into a table of both engines. */
export async function loadBoth(p: Peers, table: string, rows: readonly (readonly Value[])[]): Promise<void> {
  if (rows.length === 0) return;
  const marks = rows[0].map(() => '?').join(', ');
  await (await p.db.prepare(`INSERT INTO ${table} VALUES (${marks})`)).runMany(rows as Value[][]);
  const st = p.sqlite.prepare(`INSERT INTO ${table} VALUES (${marks})`);
  for (const r of rows) st.run(r as (number | string | null)[]);
  st.free();
}

/** sortedAnswers runs a query on polyglotdb with some optimizer passes switched off: its rows as sortedJson. */
export async function sortedAnswers(p: Peers, sql: string, disabled: string[] = []): Promise<string[]> {
  return sortedJson((await p.db.sql(sql, [], { optimizer: { disabled } })).rows);
}

/** physicalPlan is EXPLAIN's physical plan of a query. */
export async function physicalPlan(p: Peers, sql: string): Promise<string> {
  return (await p.db.explain('sql', sql)).physical;
}
