/**
 * FOREIGN KEY enforcement (column REFERENCES and table FOREIGN KEY) and the ON DELETE /
 * ON UPDATE actions, checked statement by statement against SQLite with foreign_keys = ON.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConstraintError } from '../../src/index.js';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

const ACTIONS = ['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];

describe('foreign keys against SQLite', () => {
  it('checks that a child row has a parent', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)',
      'CREATE TABLE pet (id INTEGER PRIMARY KEY, owner INTEGER REFERENCES person (id), kind TEXT)',
      "INSERT INTO person VALUES (1, 'ann'), (2, 'bob')",
      "INSERT INTO pet VALUES (10, 1, 'cat'), (11, NULL, 'stray')",
      "INSERT INTO pet VALUES (12, 3, 'dog')",
      "INSERT INTO pet VALUES (13, 2, 'dog'), (14, 9, 'eel')",
      'UPDATE pet SET owner = 7 WHERE id = 10',
      'UPDATE pet SET owner = 2 WHERE id = 10',
      'SELECT * FROM pet ORDER BY id',
      'DELETE FROM person WHERE id = 2',
      'DELETE FROM person WHERE id = 1',
      'DELETE FROM pet WHERE id = 10',
      'DELETE FROM person WHERE id = 1',
      'SELECT * FROM person ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('applies every ON DELETE and ON UPDATE action', async () => {
    for (const action of ACTIONS) {
      const peers = await openPeers();
      try {
        const diffs = await compare(peers, [
          'CREATE TABLE parent (a INT, b TEXT, PRIMARY KEY (a, b))',
          `CREATE TABLE child (id INTEGER PRIMARY KEY, x INT DEFAULT 0, y TEXT DEFAULT 'z', FOREIGN KEY (x, y) REFERENCES parent (a, b) ON DELETE ${action} ON UPDATE ${action})`,
          "INSERT INTO parent VALUES (0, 'z'), (1, 'p'), (2, 'q'), (3, 'r')",
          "INSERT INTO child VALUES (1, 1, 'p'), (2, 1, 'p'), (3, 2, 'q'), (4, NULL, 'q'), (5, 0, 'z')",
          'DELETE FROM parent WHERE a = 1',
          'SELECT * FROM child ORDER BY id',
          "UPDATE parent SET a = 20 WHERE b = 'q'",
          'SELECT * FROM parent ORDER BY a',
          'SELECT * FROM child ORDER BY id',
          'DELETE FROM parent WHERE a = 3',
          'DELETE FROM parent WHERE a = 0',
          'SELECT * FROM child ORDER BY id',
        ]);
        expect(diffs, action).toEqual([]);
      } finally {
        await peers.close();
      }
    }
  });

  it('cascades through several levels and self references', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE node (id INTEGER PRIMARY KEY, parent INT REFERENCES node (id) ON DELETE CASCADE, label TEXT)',
      "INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b'), (4, 3, 'c'), (5, 1, 'd')",
      'DELETE FROM node WHERE id = 2',
      'SELECT * FROM node ORDER BY id',
      "INSERT INTO node VALUES (7, 6, 'late'), (6, 1, 'early')",
      'SELECT * FROM node ORDER BY id',
      'CREATE TABLE g (id INTEGER PRIMARY KEY)',
      'CREATE TABLE h (id INTEGER PRIMARY KEY, g INT REFERENCES g ON DELETE CASCADE)',
      'CREATE TABLE i (id INTEGER PRIMARY KEY, h INT REFERENCES h ON DELETE SET NULL)',
      'INSERT INTO g VALUES (1), (2)',
      'INSERT INTO h VALUES (10, 1), (11, 2)',
      'INSERT INTO i VALUES (100, 10), (101, 11)',
      'DELETE FROM g WHERE id = 1',
      'SELECT * FROM h ORDER BY id',
      'SELECT * FROM i ORDER BY id',
    ]);
    expect(diffs).toEqual([]);
  });

  it('references a UNIQUE column and refuses one that is not a key', async () => {
    const diffs = await compare(p, [
      'CREATE TABLE acct (id INTEGER PRIMARY KEY, code TEXT UNIQUE, other TEXT)',
      'CREATE TABLE tx (id INTEGER PRIMARY KEY, code TEXT REFERENCES acct (code) ON UPDATE CASCADE)',
      "INSERT INTO acct VALUES (1, 'A', 'x'), (2, 'B', 'y')",
      "INSERT INTO tx VALUES (1, 'A'), (2, 'B')",
      "INSERT INTO tx VALUES (3, 'C')",
      "UPDATE acct SET code = 'AA' WHERE id = 1",
      'SELECT * FROM tx ORDER BY id',
      'CREATE TABLE bad (id INTEGER PRIMARY KEY, o TEXT REFERENCES acct (other))',
      "INSERT INTO bad VALUES (1, 'x')",
      'SELECT * FROM bad',
    ]);
    expect(diffs).toEqual([]);
  });

  it('refuses a reference to a table that does not exist when a row is written', async () => {
    // SQLite refuses even a NULL reference there; polyglotdb only refuses non-NULL ones.
    const diffs = await compare(p, [
      'CREATE TABLE orphan (id INTEGER PRIMARY KEY, p INT REFERENCES missing (id))',
      'INSERT INTO orphan VALUES (2, 5)',
      'SELECT * FROM orphan',
    ]);
    expect(diffs).toEqual([]);
  });

  it('refuses to drop a referenced table, as PostgreSQL does', async () => {
    await p.db.sql('CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, a INT REFERENCES a)');
    const e = await p.db.sql('DROP TABLE a').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConstraintError);
    expect((e as Error).message).toMatch(/cannot drop table a: the foreign key "fk_b_1" of b references it/);
    await p.db.sql('DROP TABLE b; DROP TABLE a');
    await expect(p.db.sql('SELECT * FROM a')).rejects.toThrow(/no such table: a/);
  });

  it('answers PRAGMA foreign_keys as SQLite does once they are on', async () => {
    const diffs = await compare(p, ['PRAGMA foreign_keys', 'PRAGMA foreign_keys = ON', 'PRAGMA foreign_keys = 1', 'PRAGMA foreign_keys']);
    expect(diffs).toEqual([]);
    await expect(p.db.sql('PRAGMA foreign_keys = OFF')).rejects.toThrow(/always enforced/);
  });

  it('names the constraint and the row, and leaves nothing behind', async () => {
    await p.db.sql(`CREATE TABLE person (id INTEGER PRIMARY KEY);
      CREATE TABLE pet (id INTEGER PRIMARY KEY, owner INTEGER, CONSTRAINT pet_owner FOREIGN KEY (owner) REFERENCES person (id));
      INSERT INTO person VALUES (1)`);
    const e = await p.db.sql('INSERT INTO pet VALUES (1, 1), (2, 5)').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConstraintError);
    expect((e as Error).message).toMatch(/FOREIGN KEY constraint "pet_owner" failed: pet\(owner\) = \(5\)/);
    expect((await p.db.sql('SELECT count(*) FROM pet')).rows).toEqual([[0]]);
    await p.db.sql('INSERT INTO pet VALUES (1, 1)');
    const d = await p.db.sql('DELETE FROM person').catch((x: unknown) => x);
    expect((d as Error).message).toMatch(/person\(id\) = \(1\) is still referenced by pet\(owner\)/);
  });
});
