/**
 * ALTER TABLE: ADD/DROP/RENAME COLUMN and RENAME TO, checked against SQLite (sql.js), plus
 * what SQLite does not show: rows are not rewritten, the change is transactional, and cached
 * plans see the new schema.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, PolyglotError } from '../../src/index.js';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

describe('ALTER TABLE against SQLite', () => {
  it('adds columns with defaults that old rows read', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)',
      "INSERT INTO t VALUES (1, 'x'), (2, 'y')",
      "ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 7",
      'SELECT * FROM t ORDER BY a',
      "INSERT INTO t (a, b) VALUES (3, 'z')",
      "INSERT INTO t VALUES (4, 'w', 9)",
      'SELECT a, b, c FROM t ORDER BY a',
      "ALTER TABLE t ADD COLUMN d TEXT NOT NULL DEFAULT 'dd'",
      "ALTER TABLE t ADD COLUMN e REAL DEFAULT '2.5'",
      "ALTER TABLE t ADD f",
      'SELECT * FROM t ORDER BY a',
      'SELECT typeof(c), typeof(e) FROM t ORDER BY a',
      'SELECT a FROM t WHERE c = 7 ORDER BY a',
      'UPDATE t SET c = c + 1 WHERE a <= 2',
      'SELECT * FROM t ORDER BY a',
      "ALTER TABLE t ADD COLUMN g INTEGER CHECK (g > 0) DEFAULT 1",
      "INSERT INTO t (a, b, g) VALUES (5, 'v', 0)",
      "INSERT INTO t (a, b, g) VALUES (5, 'v', 3)",
      'SELECT * FROM t ORDER BY a',
    ]);
    expect(diffs).toEqual([]);
  });

  it('refuses the columns SQLite refuses to add', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)',
      "INSERT INTO t VALUES (1, 'x')",
      'ALTER TABLE t ADD COLUMN c INTEGER NOT NULL',
      'ALTER TABLE t ADD COLUMN c INTEGER PRIMARY KEY',
      'ALTER TABLE t ADD COLUMN c INTEGER UNIQUE',
      'ALTER TABLE t ADD COLUMN b INTEGER',
      'ALTER TABLE t ADD COLUMN c INTEGER DEFAULT (random())',
      'ALTER TABLE nope ADD COLUMN c INTEGER',
      'SELECT * FROM t',
    ]);
    expect(diffs).toEqual([]);
  });

  it('drops columns without letting their values surface', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c INTEGER, d TEXT)',
      "INSERT INTO t VALUES (1, 'x', 10, 'p'), (2, 'y', 20, 'q')",
      'ALTER TABLE t DROP COLUMN c',
      'SELECT * FROM t ORDER BY a',
      "INSERT INTO t VALUES (3, 'z', 'r')",
      'SELECT * FROM t ORDER BY a',
      'ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 5',
      'SELECT * FROM t ORDER BY a',
      "INSERT INTO t VALUES (4, 'w', 's', 40)",
      'UPDATE t SET b = b || b WHERE a IN (1, 4)',
      'SELECT * FROM t ORDER BY a',
      'ALTER TABLE t DROP COLUMN b',
      'SELECT * FROM t ORDER BY a',
      'SELECT a, c FROM t WHERE c > 6 ORDER BY a',
      'DELETE FROM t WHERE a = 2',
      'SELECT * FROM t ORDER BY a',
    ]);
    expect(diffs).toEqual([]);
  });

  it('refuses to drop key, unique, indexed and only columns, as SQLite does', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT UNIQUE, c INTEGER, d TEXT, e INT CHECK (e > 0), f INT, CHECK (f < 10))',
      'CREATE INDEX t_c ON t (c)',
      'ALTER TABLE t DROP COLUMN a',
      'ALTER TABLE t DROP COLUMN b',
      'ALTER TABLE t DROP COLUMN c',
      'ALTER TABLE t DROP COLUMN f',
      'ALTER TABLE t DROP COLUMN e',
      'ALTER TABLE t DROP COLUMN zz',
      'CREATE TABLE one (x)',
      'ALTER TABLE one DROP COLUMN x',
      'SELECT * FROM t',
    ]);
    expect(diffs).toEqual([]);
  });

  it('renames columns and tables, following into indexes, CHECKs and views', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c INTEGER CHECK (c >= 0))',
      'CREATE INDEX t_b ON t (b)',
      'CREATE VIEW v AS SELECT t.a, b, c FROM t WHERE c > 0',
      "INSERT INTO t VALUES (1, 'x', 1), (2, 'y', 0)",
      'ALTER TABLE t RENAME COLUMN b TO bee',
      'ALTER TABLE t RENAME COLUMN c TO see',
      "INSERT INTO t VALUES (3, 'z', -1)",
      'SELECT * FROM v ORDER BY a',
      "SELECT a FROM t WHERE bee = 'y'",
      'ALTER TABLE t RENAME TO u',
      'SELECT * FROM t',
      'SELECT * FROM u ORDER BY a',
      'SELECT * FROM v ORDER BY a',
      "INSERT INTO u VALUES (4, 'w', -5)",
      'ALTER TABLE u RENAME COLUMN zz TO y',
      'ALTER TABLE u RENAME COLUMN a TO bee',
      'CREATE TABLE w (x)',
      'ALTER TABLE u RENAME TO w',
    ]);
    expect(diffs).toEqual([]);
  });

  it('lets views without a column list follow the table', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c INTEGER)',
      "INSERT INTO t VALUES (1, 'x', 2)",
      'CREATE VIEW star AS SELECT * FROM t',
      'CREATE VIEW named (p, q) AS SELECT a, b FROM t',
      'ALTER TABLE t ADD COLUMN d DEFAULT 4',
      'SELECT * FROM star',
      'ALTER TABLE t RENAME COLUMN b TO bb',
      'SELECT * FROM star',
      'SELECT * FROM named',
      'ALTER TABLE t DROP COLUMN c',
      'SELECT * FROM star',
    ]);
    expect(diffs).toEqual([]);
  });

  it('fails a DROP COLUMN that a view still needs, as SQLite does', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c INTEGER)',
      'CREATE VIEW v AS SELECT a, c FROM t',
      'ALTER TABLE t DROP COLUMN c',
      'ALTER TABLE t DROP COLUMN b',
      'SELECT * FROM t',
      'SELECT * FROM v',
    ]);
    expect(diffs).toEqual([]);
  });
});

describe('ALTER TABLE in the engine', () => {
  it('does not rewrite existing rows (they keep the layout they were written with)', async () => {
    const db = p.db;
    await db.sql("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); INSERT INTO t VALUES (1, 'x')");
    await db.sql('ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 3');
    await db.sql("INSERT INTO t VALUES (2, 'y', 4)");
    // Read the stored arrays beneath the relation layer: the old row still has two values.
    const store = (db as unknown as { store: import('../../src/storage/relations.js').Store }).store;
    const tx = store.begin({ readOnly: true });
    const rel = tx.catalog.relation('t')!;
    expect(rel.layout).toEqual({ width: 3, slots: [0, 1, 2], missing: [null, null, 3] });
    tx.rollback();
    expect((await db.sql('SELECT * FROM t ORDER BY a')).rows).toEqual([
      [1, 'x', 3],
      [2, 'y', 4],
    ]);
  });

  it('rolls an ALTER back with its transaction and re-plans prepared statements', async () => {
    const db = p.db;
    await db.sql("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); INSERT INTO t VALUES (1, 'x')");
    const star = await db.prepare('SELECT * FROM t');
    expect((await star.run()).columns).toEqual(['a', 'b']);
    await db.sql('BEGIN; ALTER TABLE t ADD COLUMN c DEFAULT 1; ALTER TABLE t RENAME COLUMN b TO bb');
    expect((await db.sql('SELECT * FROM t')).toObjects()).toEqual([{ a: 1, bb: 'x', c: 1 }]);
    await db.sql('ROLLBACK');
    expect((await star.run()).columns).toEqual(['a', 'b']);
    await db.sql('ALTER TABLE t ADD COLUMN c DEFAULT 2');
    expect((await star.run()).rows).toEqual([[1, 'x', 2]]);
  });

  it('reports errors with positions', async () => {
    const db = p.db;
    await db.sql('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)');
    const e = await db.sql('ALTER TABLE t\n  DROP COLUMN bb').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PolyglotError);
    expect(e).toMatchObject({ line: 2, column: 15 });
    expect((e as Error).message).toMatch(/no such column: "bb"; did you mean "b"/);
  });
});

describe('ALTER TABLE property', () => {
  type Op = { kind: 'add'; def: number } | { kind: 'drop'; pick: number } | { kind: 'rename'; pick: number } | { kind: 'insert'; v: number } | { kind: 'update'; v: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), def: fc.integer({ min: -1, max: 99 }) }),
    fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('rename' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), v: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('update' as const), v: fc.integer({ min: 0, max: 50 }) }),
  );

  it('random ALTER sequences interleaved with writes read back as in SQLite', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const peers = await openPeers();
        try {
          let cols = ['c0'];
          let fresh = 1;
          let rowid = 0;
          const script = ['CREATE TABLE t (id INTEGER PRIMARY KEY, c0 INTEGER)'];
          for (const o of ops) {
            if (o.kind === 'add') {
              const name = `c${fresh++}`;
              script.push(`ALTER TABLE t ADD COLUMN ${name} INTEGER${o.def >= 0 ? ` DEFAULT ${o.def}` : ''}`);
              cols.push(name);
            } else if (o.kind === 'drop' && cols.length > 1) {
              const name = cols[o.pick % cols.length];
              script.push(`ALTER TABLE t DROP COLUMN ${name}`);
              cols = cols.filter((c) => c !== name);
            } else if (o.kind === 'rename') {
              const i = o.pick % cols.length;
              const name = `c${fresh++}`;
              script.push(`ALTER TABLE t RENAME COLUMN ${cols[i]} TO ${name}`);
              cols[i] = name;
            } else if (o.kind === 'insert') {
              script.push(`INSERT INTO t (id, ${cols[0]}) VALUES (${++rowid}, ${o.v})`);
            } else if (o.kind === 'update') {
              script.push(`UPDATE t SET ${cols[cols.length - 1]} = ${o.v} WHERE id % 2 = ${o.v % 2}`);
            }
            script.push('SELECT * FROM t ORDER BY id');
          }
          const diffs = await compare(peers, script);
          expect(diffs).toEqual([]);
        } finally {
          await peers.close();
        }
      }),
      { numRuns: 60, seed: 4242 },
    );
  });
});
