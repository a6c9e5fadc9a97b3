/**
 * LIMIT and OFFSET values as SQLite takes them: an integer, or text (or a real) that NUMERIC
 * affinity makes an exact integer — a parameter bound as the string '10' is 10 — while NULL,
 * 2.5 and 'ten' are a "datatype mismatch" error; a negative LIMIT means none. Checked against sql.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeAll(async () => {
  p = await openPeers(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
    INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f');`);
});
afterAll(async () => {
  await p.close();
});

describe('LIMIT and OFFSET values', () => {
  it('agree with SQLite', async () => {
    const queries = [
      "SELECT id FROM t ORDER BY id LIMIT '2'",
      "SELECT id FROM t ORDER BY id LIMIT ' 3 '",
      "SELECT id FROM t ORDER BY id LIMIT '2.0'",
      "SELECT id FROM t ORDER BY id LIMIT '-1'",
      "SELECT id FROM t ORDER BY id LIMIT 2 OFFSET '3'",
      "SELECT id FROM t ORDER BY id LIMIT '1', '2'",
      'SELECT id FROM t ORDER BY id LIMIT 1 + 1 OFFSET 2 * 2',
      'SELECT id FROM t ORDER BY v DESC LIMIT -1 OFFSET 4',
      'SELECT id FROM t ORDER BY id LIMIT NULL',
      'SELECT id FROM t ORDER BY id LIMIT 2 OFFSET NULL',
      'SELECT id FROM t ORDER BY id LIMIT 2.5',
      "SELECT id FROM t ORDER BY id LIMIT 'ten'",
      "SELECT id FROM t ORDER BY id LIMIT x'32'",
    ];
    expect(await compare(p, queries)).toEqual([]);
  });

  it('take a parameter bound as a string, and name the value they refuse', async () => {
    const q = 'SELECT id FROM t ORDER BY id LIMIT ? OFFSET ?';
    expect((await p.db.sql(q, ['2', '1'])).rows).toEqual([[2], [3]]);
    await expect(p.db.sql(q, ['two', 0])).rejects.toThrow(/datatype mismatch: LIMIT and OFFSET take an integer, got text "two"/);
  });
});
