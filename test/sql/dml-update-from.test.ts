/**
 * UPDATE … FROM (PostgreSQL, SQLite 3.33) and CREATE TABLE … AS SELECT, against SQLite.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compare, openPeers, type Peers } from './ddl-peer.js';

let p: Peers;
beforeEach(async () => {
  p = await openPeers();
});
afterEach(async () => {
  await p.close();
});

const SETUP = [
  'CREATE TABLE stock (item TEXT PRIMARY KEY, qty INTEGER, price REAL)',
  'CREATE TABLE delivery (id INTEGER PRIMARY KEY, item TEXT, qty INTEGER)',
  'CREATE TABLE prices (item TEXT, price REAL)',
  "INSERT INTO stock VALUES ('apple', 10, 1.0), ('pear', 5, 2.0), ('fig', 0, 3.5), ('kiwi', NULL, NULL)",
  "INSERT INTO delivery VALUES (1, 'apple', 3), (2, 'fig', 7), (3, 'plum', 4)",
  "INSERT INTO prices VALUES ('apple', 1.25), ('pear', 2.5), ('kiwi', NULL)",
];

describe('UPDATE … FROM against SQLite', () => {
  it('updates target rows from the rows they join', async () => {
    const diffs = await compare(p, [
      ...SETUP,
      'UPDATE stock SET qty = stock.qty + d.qty FROM delivery AS d WHERE d.item = stock.item',
      'SELECT * FROM stock ORDER BY item',
      'UPDATE stock SET price = prices.price FROM prices WHERE prices.item = stock.item AND prices.price IS NOT NULL',
      'SELECT * FROM stock ORDER BY item',
      'UPDATE stock AS s SET qty = 0 FROM (SELECT item FROM delivery WHERE qty > 5) AS big WHERE big.item = s.item RETURNING item, qty',
      'SELECT * FROM stock ORDER BY item',
      'UPDATE stock SET price = price * 2 FROM delivery JOIN prices ON prices.item = delivery.item WHERE delivery.item = stock.item',
      'SELECT * FROM stock ORDER BY item',
      'UPDATE stock SET qty = -1 FROM delivery WHERE delivery.item = stock.item AND delivery.qty > 100',
      'SELECT * FROM stock ORDER BY item',
      'UPDATE stock SET qty = nope.qty FROM delivery WHERE delivery.item = stock.item',
    ]);
    expect(diffs).toEqual([]);
  });
});

describe('CREATE TABLE … AS SELECT against SQLite', () => {
  it('creates and fills a table from a query', async () => {
    const diffs = await compare(p, [
      ...SETUP,
      'CREATE TABLE cheap AS SELECT item, price FROM stock WHERE price < 3',
      'SELECT * FROM cheap ORDER BY item',
      'CREATE TABLE agg AS SELECT item, sum(qty) AS total, count(*) AS n FROM delivery GROUP BY item',
      'SELECT * FROM agg ORDER BY item',
      'INSERT INTO agg VALUES (\'x\', 1, 1)',
      'SELECT item, total FROM agg WHERE total > 3 ORDER BY item',
      'CREATE TABLE cheap AS SELECT 1',
      'CREATE TABLE IF NOT EXISTS cheap AS SELECT 1',
      'CREATE TEMP TABLE scratch AS SELECT item, item FROM stock',
      'SELECT * FROM scratch ORDER BY 1',
      'CREATE TABLE empty AS SELECT * FROM stock WHERE 0',
      'SELECT count(*) FROM empty',
      'INSERT INTO empty VALUES (\'a\', 1, 2)',
      'SELECT * FROM empty',
    ]);
    expect(diffs).toEqual([]);
  });

  it('leaves no table behind when its query fails', async () => {
    const e = await p.db.sql('CREATE TABLE bad AS SELECT nope FROM nowhere').catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/no such table: nowhere/);
    await p.db.sql('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL)');
    await p.db.sql("INSERT INTO t VALUES (1, 'x')");
    await p.db.sql("BEGIN; CREATE TABLE c AS SELECT a, b FROM t; INSERT INTO c VALUES (2, 'y')");
    await p.db.sql('ROLLBACK');
    const gone = await p.db.sql('SELECT * FROM c').catch((x: unknown) => x);
    expect((gone as Error).message).toMatch(/no such table: c/);
  });
});
