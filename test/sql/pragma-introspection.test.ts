/**
 * PRAGMA table_info / index_list / index_info / foreign_key_list: the schema in SQLite's
 * columns, following ALTER TABLE; an unknown name answers no rows, as in SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE t (id INTEGER PRIMARY KEY, a INT NOT NULL DEFAULT 5, b TEXT, c);
    CREATE TABLE p (id INTEGER PRIMARY KEY);
    CREATE TABLE ch (x INT, pid INT REFERENCES p(id) ON DELETE CASCADE);
    CREATE TABLE u (a INT UNIQUE, b INT);
    CREATE INDEX u_ba ON u (b, a);`);
});
afterAll(async () => {
  await p.close();
});

describe('introspection PRAGMAs', () => {
  it('describes a table, its indexes and foreign keys', async () => {
    expect((await p.db.sql('PRAGMA table_info(t)')).toObjects()[1]).toEqual({ cid: 1, name: 'a', type: 'INT', notnull: 1, dflt_value: '5', pk: 0 });
    expect((await p.db.sql('PRAGMA index_list(u)')).rows.map((r) => [r[1], r[2], r[3]])).toContainEqual(['u_ba', 0, 'c']);
    expect((await p.db.sql('PRAGMA index_info(u_ba)')).rows).toEqual([
      [0, 1, 'b'],
      [1, 0, 'a'],
    ]);
    expect((await p.db.sql('PRAGMA table_info(nope)')).rows).toEqual([]);
  });

  it('agrees with SQLite, also after ALTER TABLE', async () => {
    expect(
      await compare(p, [
        'PRAGMA table_info(t)',
        "PRAGMA table_info('ch')",
        'PRAGMA foreign_key_list(ch)',
        'PRAGMA index_info(u_ba)',
        "ALTER TABLE t ADD COLUMN d TEXT DEFAULT 'q'",
        'ALTER TABLE t RENAME COLUMN b TO bb',
        'ALTER TABLE t DROP COLUMN c',
        'PRAGMA table_info(t)',
      ]),
    ).toEqual([]);
  });
});
