/**
 * COLLATE NOCASE / RTRIM / BINARY against SQLite (sql.js): in expressions, declared on columns,
 * and in comparisons, IN, BETWEEN, ORDER BY and GROUP BY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NameError } from '../../src/index.js';
import { closeEngines, openEngines, Random, valuesTable, type Engines } from './functions-harness.js';

const WORDS = ['abc', 'ABC', 'Abc', 'abd', 'ab', 'x', 'X', 'x ', 'x  ', ' x', 'Zeta', 'zeta', 'é', 'É', '', 'M', 'm', null, 1, 2.5];

describe('collations agree with SQLite', () => {
  let e: Engines;
  beforeAll(async () => {
    const r = new Random(7);
    const rows = Array.from({ length: 60 }, () => [r.pick(WORDS), r.pick(WORDS), r.pick(WORDS)]);
    const setup = valuesTable('c', ['a TEXT COLLATE NOCASE', 'b TEXT', 'r TEXT COLLATE RTRIM'], rows).replace(/INSERT INTO c VALUES/g, 'INSERT INTO c (id, a, b, r) VALUES');
    e = await openEngines(setup);
  });
  afterAll(async () => closeEngines(e));

  const queries = [
    "SELECT id FROM c WHERE a = 'abc' ORDER BY id",
    "SELECT id FROM c WHERE 'ABC' = a ORDER BY id",
    "SELECT id FROM c WHERE b = 'abc' COLLATE NOCASE ORDER BY id",
    "SELECT id FROM c WHERE b COLLATE NOCASE = 'X' ORDER BY id",
    'SELECT id FROM c WHERE a = b ORDER BY id',
    'SELECT id FROM c WHERE b = a ORDER BY id',
    'SELECT id FROM c WHERE a = b COLLATE BINARY ORDER BY id',
    "SELECT id FROM c WHERE r = 'x' ORDER BY id",
    "SELECT id FROM c WHERE b = 'x' COLLATE RTRIM ORDER BY id",
    "SELECT id FROM c WHERE a < 'm' ORDER BY id",
    "SELECT id FROM c WHERE a BETWEEN 'ab' AND 'ABD' ORDER BY id",
    "SELECT id FROM c WHERE a IN ('ABC', 'zeta') ORDER BY id",
    "SELECT id FROM c WHERE b IN ('ABC', 'X') ORDER BY id",
    "SELECT id FROM c WHERE +a = 'ZETA' ORDER BY id",
    "SELECT id FROM c WHERE a IS 'abc' ORDER BY id",
    'SELECT id, a FROM c ORDER BY a, id',
    'SELECT id, b FROM c ORDER BY b COLLATE NOCASE DESC, id',
    'SELECT id, r FROM c ORDER BY r, id',
    'SELECT lower(a), count(*) FROM c GROUP BY a ORDER BY 1',
    'SELECT lower(b), count(*) FROM c GROUP BY b COLLATE NOCASE ORDER BY 1',
    "SELECT rtrim(r), count(*) FROM c GROUP BY r ORDER BY 1",
    "SELECT id FROM c WHERE (b COLLATE NOCASE) || 'q' = 'ABCQ' ORDER BY id",
    'SELECT c1.id, c2.id FROM c c1 JOIN c c2 ON c1.a = c2.b WHERE c1.id < 20 ORDER BY 1, 2',
  ];

  it.each(queries)('%s', async (q) => {
    const expected = e.sqlite.exec(q)[0]?.values ?? [];
    expect((await e.ours.sql(q)).rows).toEqual(expected);
  });

  it('rejects an unknown collation with its position', async () => {
    await expect(e.ours.sql("SELECT 'a' = 'A' COLLATE klingon")).rejects.toThrow(NameError);
    await expect(e.ours.sql("SELECT 'a' = 'A' COLLATE klingon")).rejects.toThrow(/no such collation sequence: klingon \(line 1, column 26\)/);
    await expect(e.ours.sql('CREATE TABLE bad (x TEXT COLLATE klingon)')).rejects.toThrow(/no such collation sequence: klingon/);
  });
});
