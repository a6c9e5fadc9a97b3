/**
 * load.ts — putting the workload into a polyglotdb Database through its public API: SQL tables
 * with prepared INSERTs (runMany: every row of a table in one call) in one transaction, N-Triples through db.loadRdf, Datalog facts through
 * db.datalog. Each model goes into the database it is given; use one database per model when
 * relation names would collide (the SQL table `knows` and the Datalog relation `knows`).
 */
import { DECLARATIONS, factLines } from './datalog.js';
import { toNTriples } from './rdf.js';
import type { Workload } from './records.js';
import { INDEX_DDL, TABLE_DDL, insertSql, toTables, type Cell } from './relational.js';

/**
 * Database is the part of polyglotdb's public Database the loaders use, named structurally so
 * that the workload (below the engine in the import layers) never imports the engine.
 */
export interface Database {
  sql(text: string): Promise<unknown>;
  prepare(text: string): Promise<{ runMany(paramSets: Cell[][]): Promise<unknown> }>;
  loadRdf(text: string, options?: { format?: string }): Promise<number>;
  datalog(text: string): Promise<unknown>;
}

/** loadSql creates the five tables, fills them in one transaction, then builds the indexes. */
export async function loadSql(db: Database, w: Workload): Promise<void> {
  await db.sql(TABLE_DDL.join(';\n'));
  await db.sql('BEGIN');
  try {
    for (const t of toTables(w)) {
      const insert = await db.prepare(insertSql(t));
      await insert.runMany(t.rows);
    }
    await db.sql('COMMIT');
  } catch (e) {
    await db.sql('ROLLBACK');
    throw e;
  }
  await db.sql(INDEX_DDL.join(';\n'));
}

/** loadTriples loads the N-Triples of the workload (one transaction); returns the triples added. */
export async function loadTriples(db: Database, w: Workload): Promise<number> {
  return db.loadRdf(toNTriples(w), { format: 'application/n-triples' });
}

/**
 * loadDatalog stores the workload's facts: the declarations, then every fact in one program
 * (one transaction, one bulk commit; a text of plain facts is read without the general parser).
 */
export async function loadDatalog(db: Database, w: Workload): Promise<void> {
  await db.datalog(DECLARATIONS.join('\n'));
  await db.datalog(factLines(w));
}
