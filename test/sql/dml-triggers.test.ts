/**
 * Row triggers firing (src/relational/triggers.ts lowers them into the Write, the executor's
 * triggers.ts runs them): the same scripts on polyglotdb and on SQLite (sql.js) must succeed
 * or fail alike and leave the same rows, including a seeded random workload over audited tables.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolyglotError } from '../../src/index.js';
import { Random } from '../../src/workload/prng.js';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

describe('row triggers against SQLite', () => {
  it('fires INSERT triggers newest first, nested triggers too, but never a running trigger again', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (id INTEGER PRIMARY KEY, x)',
      'CREATE TABLE log (m)',
      "CREATE TRIGGER a AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('a' || new.id || ':' || new.x); END",
      "CREATE TRIGGER b AFTER INSERT ON t FOR EACH ROW BEGIN INSERT INTO log VALUES ('b' || new.id); END",
      "CREATE TRIGGER c BEFORE INSERT ON t BEGIN INSERT INTO log VALUES ('c' || new.id || ':' || new.x); END",
      'INSERT INTO t (x) VALUES (10), (20)',
      'SELECT rowid, m FROM log ORDER BY rowid',
      "CREATE TRIGGER r AFTER INSERT ON log BEGIN INSERT INTO log VALUES ('again ' || new.m); END",
      'INSERT INTO t VALUES (7, 70)',
      'SELECT rowid, m FROM log ORDER BY rowid',
      // A trigger writing its own table does not fire itself (recursive_triggers off).
      'CREATE TABLE n (v)',
      'CREATE TRIGGER grow AFTER INSERT ON n WHEN new.v < 5 BEGIN INSERT INTO n VALUES (new.v + 1); END',
      'INSERT INTO n VALUES (1)',
      'SELECT v FROM n ORDER BY v',
    ]);
    expect(diffs).toEqual([]);
  });

  it('sees OLD and NEW, honours WHEN and UPDATE OF, and runs body statements in order', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE acct (id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER)',
      'CREATE TABLE audit (acct INTEGER, what TEXT, before INTEGER, after INTEGER)',
      'CREATE TABLE totals (n INTEGER)',
      'INSERT INTO totals VALUES (0)',
      "CREATE TRIGGER moved AFTER UPDATE OF balance ON acct WHEN new.balance <> old.balance BEGIN INSERT INTO audit VALUES (new.id, 'balance', old.balance, new.balance); UPDATE totals SET n = n + new.balance - old.balance; END",
      "CREATE TRIGGER renamed BEFORE UPDATE OF owner ON acct BEGIN INSERT INTO audit SELECT old.id, 'owner ' || old.owner || '>' || new.owner, NULL, (SELECT count(*) FROM audit); END",
      "CREATE TRIGGER opened AFTER INSERT ON acct BEGIN UPDATE totals SET n = n + new.balance; INSERT INTO audit SELECT new.id, 'open', NULL, n FROM totals; END",
      "CREATE TRIGGER closed BEFORE DELETE ON acct BEGIN INSERT INTO audit VALUES (old.id, 'close', old.balance, NULL); DELETE FROM audit WHERE acct = old.id AND what = 'open'; END",
      "INSERT INTO acct VALUES (1, 'ann', 100), (2, 'bob', 50), (3, 'cy', 0)",
      'UPDATE acct SET balance = balance + 10 WHERE id <> 3',
      'UPDATE acct SET balance = balance WHERE id = 3',
      "UPDATE acct SET owner = upper(owner) WHERE balance > 0",
      'UPDATE acct SET balance = 5, owner = owner',
      'DELETE FROM acct WHERE id = 2',
      'SELECT * FROM audit ORDER BY rowid',
      'SELECT * FROM acct ORDER BY id',
      'SELECT n FROM totals',
    ]);
    expect(diffs).toEqual([]);
  });

  it('RAISE(ABORT) undoes the whole statement, trigger writes included; RAISE(IGNORE) skips the row', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE item (id INTEGER PRIMARY KEY, qty INTEGER)',
      'CREATE TABLE log (m)',
      "CREATE TRIGGER logged AFTER INSERT ON item BEGIN INSERT INTO log VALUES ('in ' || new.id); END",
      "CREATE TRIGGER positive BEFORE INSERT ON item WHEN new.qty < 0 BEGIN SELECT RAISE(ABORT, 'negative quantity ' || new.qty); END",
      'INSERT INTO item VALUES (1, 5), (2, 6), (3, -1), (4, 7)',
      'SELECT count(*) FROM item',
      'SELECT count(*) FROM log',
      "CREATE TRIGGER keep BEFORE DELETE ON item BEGIN SELECT RAISE(IGNORE) WHERE old.qty > 5; INSERT INTO log VALUES ('out ' || old.id); END",
      'INSERT INTO item VALUES (1, 5), (2, 6), (4, 7)',
      'DELETE FROM item',
      'SELECT id FROM item ORDER BY id',
      'SELECT m FROM log ORDER BY rowid',
      "CREATE TRIGGER frozen BEFORE UPDATE ON item BEGIN SELECT CASE WHEN new.qty > 100 THEN RAISE(ABORT, 'too many') END; END",
      'UPDATE item SET qty = qty * 20',
      'UPDATE item SET qty = qty * 2',
      'SELECT * FROM item ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('RAISE(FAIL) keeps the rows written before it; RAISE(ROLLBACK) ends the transaction', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)',
      'INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)',
      "CREATE TRIGGER f BEFORE UPDATE ON t WHEN new.x = 9 BEGIN SELECT RAISE(FAIL, 'nine'); END",
      'UPDATE t SET x = x + 6',
      'SELECT * FROM t ORDER BY id',
      'CREATE TABLE u (v)',
      "CREATE TRIGGER stop BEFORE INSERT ON u WHEN new.v = 'stop' BEGIN SELECT RAISE(ROLLBACK, 'stopped'); END",
      'BEGIN',
      "INSERT INTO u VALUES ('kept?')",
      "INSERT INTO u VALUES ('stop')",
      'COMMIT',
      'SELECT count(*) FROM u',
    ]);
    expect(diffs).toEqual([]);
  });

  it('agrees on a seeded random workload over audited tables', async () => {
    const setup = [
      'CREATE TABLE item (id INTEGER PRIMARY KEY, grp INTEGER, qty INTEGER, name TEXT)',
      'CREATE TABLE grp_total (grp INTEGER PRIMARY KEY, total INTEGER, n INTEGER)',
      'CREATE TABLE history (op TEXT, id INTEGER, a INTEGER, b INTEGER)',
      'CREATE TRIGGER ins AFTER INSERT ON item BEGIN INSERT OR IGNORE INTO grp_total VALUES (new.grp, 0, 0); UPDATE grp_total SET total = total + coalesce(new.qty, 0), n = n + 1 WHERE grp = new.grp; END',
      'CREATE TRIGGER del AFTER DELETE ON item BEGIN UPDATE grp_total SET total = total - coalesce(old.qty, 0), n = n - 1 WHERE grp = old.grp; DELETE FROM grp_total WHERE grp = old.grp AND n = 0; END',
      'CREATE TRIGGER upd AFTER UPDATE OF qty, grp ON item BEGIN UPDATE grp_total SET total = total - coalesce(old.qty, 0), n = n - 1 WHERE grp = old.grp; INSERT OR IGNORE INTO grp_total VALUES (new.grp, 0, 0); UPDATE grp_total SET total = total + coalesce(new.qty, 0), n = n + 1 WHERE grp = new.grp; END',
      "CREATE TRIGGER hist BEFORE UPDATE ON item WHEN old.qty IS NOT new.qty BEGIN INSERT INTO history VALUES ('qty', old.id, old.qty, new.qty); END",
      "CREATE TRIGGER veto BEFORE DELETE ON item WHEN old.name = 'keep' BEGIN SELECT RAISE(IGNORE); END",
      "CREATE TRIGGER cap BEFORE INSERT ON item WHEN new.qty > 95 BEGIN SELECT RAISE(ABORT, 'over the cap'); END",
    ];
    const rnd = new Random(20261126);
    const statements = [...setup];
    const names = ["'keep'", "'a'", "'b'", 'NULL'];
    for (let i = 0; i < 120; i++) {
      const id = rnd.int(1, 30);
      const g = rnd.int(1, 4);
      const q = rnd.chance(0.1) ? 'NULL' : String(rnd.int(0, 100));
      switch (rnd.int(0, 3)) {
        case 0:
          statements.push(`INSERT ${rnd.chance(0.5) ? 'OR IGNORE ' : ''}INTO item VALUES (${id}, ${g}, ${q}, ${rnd.pick(names)}), (${rnd.int(1, 30)}, ${rnd.int(1, 4)}, ${rnd.int(0, 90)}, 'b')`);
          break;
        case 1:
          statements.push(`UPDATE item SET qty = ${rnd.chance(0.5) ? 'qty + 1' : q} WHERE id % ${rnd.int(2, 5)} = ${rnd.int(0, 1)}`);
          break;
        case 2:
          statements.push(`UPDATE item SET grp = ${g} WHERE id BETWEEN ${id} AND ${id + 5}`);
          break;
        default:
          statements.push(`DELETE FROM item WHERE grp = ${g} AND id > ${id}`);
      }
      if (i % 10 === 9) statements.push('SELECT * FROM grp_total ORDER BY grp', 'SELECT count(*), sum(qty) FROM item', 'SELECT * FROM history ORDER BY rowid');
    }
    expect(await compare(p, statements)).toEqual([]);
  });

  it('reports errors in trigger bodies where SQLite does', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE t (x)',
      'CREATE TABLE log (x)',
      'CREATE TRIGGER w AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.nope); END',
      'CREATE TRIGGER w2 AFTER DELETE ON t BEGIN INSERT INTO log VALUES (new.x); END',
      'CREATE TRIGGER w3 AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.x); END',
      "SELECT RAISE(ABORT, 'outside')",
      'INSERT INTO t VALUES (1)',
      'SELECT * FROM log',
      'DROP TRIGGER w',
      'INSERT INTO t VALUES (2)',
      'DELETE FROM t',
      'DROP TRIGGER w2',
      'DELETE FROM t',
      'INSERT INTO t VALUES (3)',
      'SELECT * FROM log',
    ]);
    expect(diffs).toEqual([]);
    await p.db.sql('CREATE TABLE u (x); CREATE TRIGGER w4 AFTER INSERT ON u BEGIN\n  INSERT INTO missing VALUES (new.x); END');
    const e = await p.db.sql('INSERT INTO u VALUES (1)').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PolyglotError);
    expect(e).toMatchObject({ code: 'UNKNOWN_NAME', message: expect.stringMatching(/no such table: missing.*in trigger w4, line 2, column/) });
  });

  it('shows the triggers a write fires in EXPLAIN', async () => {
    await p.db.sql('CREATE TABLE t (x); CREATE TABLE log (x); CREATE TRIGGER w AFTER INSERT ON t WHEN new.x > 1 BEGIN INSERT INTO log VALUES (new.x); END');
    const plan = (await p.db.explain('sql', 'INSERT INTO t VALUES (1)')).physical;
    expect(plan).toMatch(/Write insert t trigger after w when/);
    expect(plan).toMatch(/Write insert log/);
  });
});
