/**
 * JSON functions against SQLite's JSON1 (sql.js) over generated documents, paths and values,
 * and the errors SQLite raises for malformed JSON, bad paths and wrong argument counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, PolyglotError } from '../../src/index.js';
import { closeEngines, mismatches, openEngines, Random, valuesTable, type Engines } from './functions-harness.js';

function jsonValue(r: Random, depth: number): string {
  const k = depth > 2 ? r.int(0, 4) : r.int(0, 7);
  switch (k) {
    case 0:
      // No integral reals such as 1e3: this engine keeps one number type, so SQLite's real 1000.0 reads back as 1000.
      return r.pick(['1', '-2', '0', '2.50', '1.25e1', '-0', '12345678901234567890', '3.25E-2']);
    case 1:
      return r.pick(['"x"', '"a b"', '"esc\\"aped\\n"', '"\\u00e9t\\u00E9"', '""', '"[1]"']);
    case 2:
      return r.pick(['true', 'false']);
    case 3:
      return 'null';
    case 4:
      return r.pick(['[]', '{}']);
    case 5:
    case 6: {
      const keys = ['a', 'b', 'c', 'a b', 'a'];
      const n = r.int(1, 4);
      const members = Array.from({ length: n }, () => `${JSON.stringify(r.pick(keys))}${r.pick([':', ' : '])}${jsonValue(r, depth + 1)}`);
      return `{${members.join(r.pick([',', ', ']))}}`;
    }
    default: {
      const n = r.int(1, 4);
      return `[${Array.from({ length: n }, () => jsonValue(r, depth + 1)).join(',')}]`;
    }
  }
}

const PATHS = ['$', '$.a', '$.b', '$.a.b', '$.a[0]', '$[0]', '$[1]', '$[#-1]', '$[#]', '$.c[#-1]', '$."a b"', '$.x', '$[0].a', '$.a.c', '$[2][0]'];
const VALUES: unknown[] = [null, 1, 2.5, 'text', '[1,2]', -7, 12345678901234];
const ARROWS: unknown[] = ['a', 'b', 'a b', '$.a', '$[0]', 0, 1, -1, 5, 'x'];

describe.each([1, 2, 3])('JSON functions agree with SQLite, seed %i', (seed) => {
  let e: Engines;
  beforeAll(async () => {
    const r = new Random(seed);
    const docs = Array.from({ length: 70 }, () => [jsonValue(r, 0), r.pick(PATHS), r.pick(VALUES), jsonValue(r, 0), r.pick(ARROWS)]);
    e = await openEngines(valuesTable('t', ['a', 'b', 'c', 'd', 'k'], docs));
  });
  afterAll(async () => closeEngines(e));

  it('read documents', async () => {
    const exprs = ['json(a)', 'json_valid(a)', 'json_valid(c)', 'json_type(a)', 'json_type(a, b)', 'json_extract(a, b)', 'typeof(json_extract(a, b))',
      "json_extract(a, b, '$[0]')", 'json_array_length(a)', 'json_array_length(a, b)', 'a -> b', 'a ->> b', 'a -> k', 'a ->> k', 'typeof(a ->> k)', "a -> 'a' -> 0", 'json(d) = json(a)'];
    expect(await mismatches(e, 't', exprs)).toEqual([]);
  });
  it('build and edit documents', async () => {
    const exprs = ['json_quote(c)', 'json_quote(json(a))', 'json_array(c, a, json(a))', "json_object('k', c, 'j', json(a), 'n', NULL)", 'json_array(json_extract(a, b))',
      'json_array(a -> b)', 'json_array(a ->> b)', 'json_set(a, b, c)', 'json_insert(a, b, c)', 'json_replace(a, b, c)', 'json_set(a, b, json(d))', "json_set(a, b, c, '$.z', 1)",
      'json_insert(a, b, json_array(c))', 'json_remove(a, b)', "json_remove(a, b, '$[0]')", 'json_patch(a, d)', 'json_patch(d, a)', "json_set('{}', '$.n.m', c)",
      "json_object('a', json_object('b', json_extract(a, b)))"];
    expect(await mismatches(e, 't', exprs)).toEqual([]);
  });
  it('aggregate into documents', async () => {
    const queries = [
      'SELECT json_group_array(c) FROM (SELECT c FROM t ORDER BY id)',
      'SELECT json_group_array(json(a)) FROM (SELECT a FROM t ORDER BY id)',
      "SELECT json_group_object(CAST(id AS TEXT), a -> '$[0]') FROM (SELECT id, a FROM t ORDER BY id)",
      "SELECT json_object('all', json_group_array(c)) FROM (SELECT c FROM t ORDER BY id)",
    ];
    for (const q of queries) {
      const expected = e.sqlite.exec(q)[0].values;
      expect((await e.ours.sql(q)).rows, q).toEqual(expected);
    }
  });
});

describe('JSON errors', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open();
  });
  afterAll(async () => db.close());

  async function failure(q: string): Promise<PolyglotError> {
    try {
      await db.sql(q);
    } catch (err) {
      return err as PolyglotError;
    }
    throw new Error(`${q} did not fail`);
  }

  it('name the function and the value', async () => {
    const bad = await failure("SELECT json('[1,')");
    expect(bad.message).toMatch(/json: malformed JSON: text "\[1,"/);
    const path = await failure("SELECT 1,\n  json_extract('[1]', '$.')");
    expect(path.message).toContain("json_extract: bad JSON path: '$.'");
    expect([path.line, path.column]).toEqual([2, 3]);
    const args = await failure("SELECT json_object('a')");
    expect(args.message).toContain('json_object() requires an even number of arguments');
    const label = await failure('SELECT json_object(1, 2)');
    expect(label.message).toContain('json_object() labels must be TEXT');
    const arity = await failure("SELECT json_type('[1]', '$', 3)");
    expect(arity.message).toContain('wrong number of arguments to function json_type()');
    expect(arity.line).toBe(1);
    const blob = await failure("SELECT json_array(x'00')");
    expect(blob.message).toContain('JSON cannot hold BLOB values');
  });
});
