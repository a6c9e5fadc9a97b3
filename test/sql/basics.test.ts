/**
 * SQL through the whole pipeline: DDL, DML, queries, parameters, errors with positions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConstraintError, Database, NameError, ParseError, TypeMismatchError } from '../../src/index.js';

let db: Database;
beforeEach(async () => {
  db = await Database.open();
  await db.sql(`
    CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, city TEXT);
    INSERT INTO person VALUES (1, 'ann', 30, 'Paris'), (2, 'bob', 40, 'Oslo'), (3, 'cy', NULL, 'Paris'), (4, 'dee', 25, NULL);
    CREATE TABLE pet (id INTEGER PRIMARY KEY, owner INTEGER, kind TEXT);
    INSERT INTO pet VALUES (10, 1, 'cat'), (11, 1, 'dog'), (12, 2, 'cat'), (13, 9, 'fish');
  `);
});
afterEach(async () => {
  await db.close();
});

describe('queries', () => {
  it('filters, projects and orders', async () => {
    const r = await db.sql('SELECT name, age FROM person WHERE age > 26 ORDER BY age DESC');
    expect(r.columns).toEqual(['name', 'age']);
    expect(r.rows).toEqual([
      ['bob', 40],
      ['ann', 30],
    ]);
    expect(r.toObjects()).toEqual([
      { name: 'bob', age: 40 },
      { name: 'ann', age: 30 },
    ]);
  });

  it('uses three-valued logic for NULL', async () => {
    expect((await db.sql('SELECT name FROM person WHERE age <> 30 ORDER BY name')).rows).toEqual([['bob'], ['dee']]);
    expect((await db.sql('SELECT name FROM person WHERE age IS NULL')).rows).toEqual([['cy']]);
    expect((await db.sql('SELECT name FROM person WHERE age NOT IN (30, NULL)')).rows).toEqual([]);
    expect((await db.sql('SELECT 1 = NULL, NULL IS NULL, NULL AND 0, NULL OR 1')).rows).toEqual([[null, true, false, true]]);
  });

  it('joins: inner, left, with USING and aliases', async () => {
    const inner = await db.sql('SELECT p.name, t.kind FROM person p JOIN pet t ON t.owner = p.id ORDER BY t.id');
    expect(inner.rows).toEqual([
      ['ann', 'cat'],
      ['ann', 'dog'],
      ['bob', 'cat'],
    ]);
    const left = await db.sql('SELECT p.name, t.kind FROM person p LEFT JOIN pet t ON t.owner = p.id ORDER BY p.id, t.id');
    expect(left.rows).toEqual([
      ['ann', 'cat'],
      ['ann', 'dog'],
      ['bob', 'cat'],
      ['cy', null],
      ['dee', null],
    ]);
    const right = await db.sql('SELECT p.name, t.kind FROM person p RIGHT JOIN pet t ON t.owner = p.id ORDER BY t.id');
    expect(right.rows.at(-1)).toEqual([null, 'fish']);
  });

  it('groups and aggregates, with HAVING', async () => {
    const r = await db.sql('SELECT city, count(*) AS n, sum(age), avg(age), min(name), max(age) FROM person GROUP BY city HAVING count(*) >= 1 ORDER BY n DESC, city');
    expect(r.rows).toEqual([
      ['Paris', 2, 30, 30, 'ann', 30],
      [null, 1, 25, 25, 'dee', 25],
      ['Oslo', 1, 40, 40, 'bob', 40],
    ]);
    expect((await db.sql('SELECT count(*), sum(age), count(age) FROM person WHERE id > 100')).rows).toEqual([[0, null, 0]]);
    expect((await db.sql('SELECT count(DISTINCT city) FROM person')).rows).toEqual([[2]]);
  });

  it('LIMIT/OFFSET and DISTINCT', async () => {
    expect((await db.sql('SELECT name FROM person ORDER BY id LIMIT 2 OFFSET 1')).rows).toEqual([['bob'], ['cy']]);
    expect((await db.sql('SELECT DISTINCT city FROM person WHERE city IS NOT NULL ORDER BY city')).rows).toEqual([['Oslo'], ['Paris']]);
    expect((await db.sql('SELECT name FROM person ORDER BY id LIMIT 1, 2')).rows).toEqual([['bob'], ['cy']]);
  });

  it('integer arithmetic follows SQLite', async () => {
    expect((await db.sql('SELECT 7 / 2, 7.0 / 2, 7 % 3, 1 / 0, -(3), 2 * 3 + 1')).rows).toEqual([[3, 3.5, 1, null, -3, 7]]);
  });

  it('subqueries: scalar, IN, EXISTS, correlated', async () => {
    expect((await db.sql('SELECT name FROM person WHERE id IN (SELECT owner FROM pet) ORDER BY name')).rows).toEqual([['ann'], ['bob']]);
    expect((await db.sql('SELECT name FROM person p WHERE NOT EXISTS (SELECT 1 FROM pet WHERE owner = p.id) ORDER BY name')).rows).toEqual([['cy'], ['dee']]);
    expect((await db.sql('SELECT name, (SELECT count(*) FROM pet WHERE owner = p.id) FROM person p ORDER BY id')).rows).toEqual([
      ['ann', 2],
      ['bob', 1],
      ['cy', 0],
      ['dee', 0],
    ]);
  });

  it('set operations and CTEs, including WITH RECURSIVE', async () => {
    expect((await db.sql('SELECT city FROM person WHERE city IS NOT NULL UNION SELECT kind FROM pet ORDER BY 1')).rows).toEqual([['Oslo'], ['Paris'], ['cat'], ['dog'], ['fish']]);
    expect((await db.sql('SELECT owner FROM pet EXCEPT SELECT id FROM person')).rows).toEqual([[9]]);
    expect((await db.sql('WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT sum(x) FROM n')).rows).toEqual([[15]]);
  });
});

describe('parameters', () => {
  it('binds positional, numbered and named parameters', async () => {
    expect((await db.sql('SELECT name FROM person WHERE id = ?', [2])).rows).toEqual([['bob']]);
    expect((await db.sql('SELECT name FROM person WHERE id = $1 OR id = $2 ORDER BY id', [1, 3])).rows).toEqual([['ann'], ['cy']]);
    expect((await db.sql('SELECT name FROM person WHERE city = :city ORDER BY id', { city: 'Paris' })).rows).toEqual([['ann'], ['cy']]);
  });

  it('tagged templates bind values and never splice them', async () => {
    const evil = "x' OR '1'='1";
    expect((await db.sql`SELECT name FROM person WHERE name = ${evil}`).rows).toEqual([]);
    const id = 4;
    expect((await db.sql`SELECT name FROM person WHERE id = ${id}`).rows).toEqual([['dee']]);
  });

  it('a missing parameter is an error naming it', async () => {
    await expect(db.sql('SELECT name FROM person WHERE id = ?', [])).rejects.toThrow(/parameter/i);
  });
});

describe('writes', () => {
  it('UPDATE and DELETE report affected rows; RETURNING returns rows', async () => {
    const u = await db.sql("UPDATE person SET age = age + 1 WHERE city = 'Paris'");
    expect(u.rowsAffected).toBe(2);
    expect((await db.sql('SELECT age FROM person WHERE id = 1')).rows).toEqual([[31]]);
    const d = await db.sql('DELETE FROM pet WHERE owner = 1 RETURNING kind');
    expect(d.rows.map((r) => r[0]).sort()).toEqual(['cat', 'dog']);
    expect((await db.sql('SELECT count(*) FROM pet')).rows).toEqual([[2]]);
  });

  it('tables without a primary key get a hidden rowid', async () => {
    await db.sql("CREATE TABLE log (msg TEXT); INSERT INTO log VALUES ('a'), ('b'); INSERT INTO log VALUES ('a')");
    expect((await db.sql('SELECT * FROM log ORDER BY msg')).rows).toEqual([['a'], ['a'], ['b']]);
    expect((await db.sql('SELECT rowid, msg FROM log ORDER BY rowid')).rows).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'a'],
    ]);
    await db.sql("DELETE FROM log WHERE msg = 'a'");
    expect((await db.sql('SELECT count(*) FROM log')).rows).toEqual([[1]]);
  });

  it('coerces numeric text into INTEGER columns and refuses other text, naming the column', async () => {
    await db.sql("INSERT INTO person VALUES (5, 'eve', '33', NULL)");
    expect((await db.sql('SELECT age FROM person WHERE id = 5')).rows).toEqual([[33]]);
    const err = await db.sql("INSERT INTO person VALUES (6, 'fay', 'old', NULL)").catch((e) => e);
    expect(err).toBeInstanceOf(TypeMismatchError);
    expect(err.message).toMatch(/person\.age/);
    expect(err.message).toMatch(/"old"/);
  });

  it('constraint violations name the constraint and leave nothing behind', async () => {
    const dup = await db.sql("INSERT INTO person VALUES (7, 'gus', 1, NULL), (1, 'dup', 2, NULL)").catch((e) => e);
    expect(dup).toBeInstanceOf(ConstraintError);
    expect((await db.sql('SELECT count(*) FROM person WHERE id = 7')).rows).toEqual([[0]]);
    const nn = await db.sql('INSERT INTO person (id, name) VALUES (8, NULL)').catch((e) => e);
    expect(nn).toBeInstanceOf(ConstraintError);
    expect(nn.message).toMatch(/name/);
  });

  it('CHECK and UNIQUE constraints', async () => {
    await db.sql('CREATE TABLE acct (id INTEGER PRIMARY KEY, email TEXT UNIQUE, balance INTEGER CHECK (balance >= 0))');
    await db.sql("INSERT INTO acct VALUES (1, 'a@x', 10)");
    await expect(db.sql("INSERT INTO acct VALUES (2, 'a@x', 5)")).rejects.toBeInstanceOf(ConstraintError);
    await expect(db.sql("INSERT INTO acct VALUES (3, 'b@x', -5)")).rejects.toThrow(/CHECK constraint failed/);
    await expect(db.sql('UPDATE acct SET balance = -1')).rejects.toBeInstanceOf(ConstraintError);
    expect((await db.sql('SELECT id, balance FROM acct')).rows).toEqual([[1, 10]]);
  });

  it('INSERT OR IGNORE / ON CONFLICT DO NOTHING skip duplicates', async () => {
    await db.sql("INSERT OR IGNORE INTO person VALUES (1, 'again', 1, NULL), (9, 'ivy', 1, NULL)");
    await db.sql("INSERT INTO person VALUES (1, 'again', 1, NULL) ON CONFLICT DO NOTHING");
    expect((await db.sql('SELECT name FROM person WHERE id IN (1, 9) ORDER BY id')).rows).toEqual([['ann'], ['ivy']]);
  });

  it('DEFAULT values and column lists', async () => {
    await db.sql("CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT DEFAULT 'none', n INTEGER DEFAULT (2 + 3))");
    await db.sql('INSERT INTO t (id) VALUES (1)');
    await db.sql('INSERT INTO t DEFAULT VALUES');
    expect((await db.sql('SELECT id, label, n FROM t ORDER BY id')).rows).toEqual([
      [1, 'none', 5],
      [2, 'none', 5],
    ]);
  });
});

describe('errors', () => {
  it('syntax errors carry line, column and what was expected', async () => {
    const err = await db.sql('SELECT name\nFORM person').catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.code).toBe('SYNTAX_ERROR');
    expect(err.line).toBe(2);
    expect(err.column).toBeGreaterThanOrEqual(1);
  });

  it('unknown names suggest the closest one, with a position', async () => {
    const t = await db.sql('SELECT name FROM persn').catch((e) => e);
    expect(t).toBeInstanceOf(NameError);
    expect(t.message).toMatch(/no such table: persn; did you mean "person"/);
    expect(t.line).toBe(1);
    expect(t.column).toBe(18);
    const c = await db.sql('SELECT nmae FROM person').catch((e) => e);
    expect(c.message).toMatch(/no such column: nmae; did you mean "name"/);
    const a = await db.sql('SELECT id FROM person JOIN pet ON pet.owner = person.id').catch((e) => e);
    expect(a.code).toBe('AMBIGUOUS_NAME');
  });

  it('a failing statement in a script keeps the statements before it (autocommit)', async () => {
    await expect(db.sql("INSERT INTO pet VALUES (20, 1, 'owl'); INSERT INTO pet VALUES (20, 1, 'owl')")).rejects.toBeInstanceOf(ConstraintError);
    expect((await db.sql('SELECT count(*) FROM pet WHERE id = 20')).rows).toEqual([[1]]);
  });

  it('the database refuses work after close', async () => {
    const other = await Database.open();
    await other.close();
    await expect(other.sql('SELECT 1')).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('prepared statements', () => {
  it('reuse the plan with new parameters and re-plan after a schema change', async () => {
    const stmt = await db.prepare('SELECT name FROM person WHERE city = ? ORDER BY name');
    expect((await stmt.run(['Paris'])).rows).toEqual([['ann'], ['cy']]);
    expect((await stmt.run(['Oslo'])).rows).toEqual([['bob']]);
    await db.sql('CREATE INDEX person_city ON person (city)');
    expect((await stmt.run(['Paris'])).rows).toEqual([['ann'], ['cy']]);
    await db.sql("INSERT INTO person VALUES (5, 'eve', 50, 'Paris')");
    expect((await stmt.run(['Paris'])).rows).toEqual([['ann'], ['cy'], ['eve']]);
    await db.sql('DROP TABLE pet');
    const pets = await db.prepare('SELECT count(*) FROM person');
    expect((await pets.run()).rows).toEqual([[5]]);
  });
});
