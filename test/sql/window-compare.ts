/**
 * window-compare.ts — runs SQL on polyglotdb and on SQLite (sql.js) over the same seeded tables
 * and compares answers, for the window function tests. Rows compare as bags unless the query
 * orders them; reals are rounded, booleans are SQLite's 0/1.
 */
import initSqlJs from 'sql.js';
import { Database } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import { canonical } from './canonical.js';

/** The outcome of one query on one engine: canonical rows, or the error message. */
export type Outcome = { rows: string[] } | { error: string };

export class Engines {
  private constructor(
    readonly db: Database,
    readonly sqlite: import('sql.js').Database,
  ) {}

  static async open(setup: readonly string[]): Promise<Engines> {
    const db = await Database.open();
    await db.sql(setup.join(';\n'));
    const SQL = await initSqlJs();
    const sqlite = new SQL.Database();
    sqlite.exec(setup.join(';\n'));
    return new Engines(db, sqlite);
  }

  async close(): Promise<void> {
    await this.db.close();
    this.sqlite.close();
  }

  sqliteOutcome(q: string): Outcome {
    try {
      return { rows: canonical(this.sqlite.exec(q)[0]?.values ?? [], /ORDER BY[^)]*$/.test(q)) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  async ours(q: string, optimizer = true): Promise<Outcome> {
    try {
      const options = optimizer ? {} : { optimizer: { disabled: ['all', 'select-indexes'] } };
      return { rows: canonical((await this.db.sql(q, [], options)).rows as Value[][], /ORDER BY[^)]*$/.test(q)) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** mismatch describes how our answer differs from SQLite's and from our own with the optimizer off, or returns null. */
  async mismatch(q: string): Promise<string | null> {
    const expected = this.sqliteOutcome(q);
    const actual = await this.ours(q);
    const plain = await this.ours(q, false);
    const show = (o: Outcome) => ('error' in o ? `error: ${o.error}` : o.rows.slice(0, 6).join(' '));
    if (JSON.stringify(expected) !== JSON.stringify(actual) && !('error' in expected && 'error' in actual)) {
      return `${q}\n  ours:   ${show(actual)}\n  sqlite: ${show(expected)}`;
    }
    if (JSON.stringify(plain) !== JSON.stringify(actual)) return `${q}\n  optimizer on:  ${show(actual)}\n  optimizer off: ${show(plain)}`;
    return null;
  }
}
