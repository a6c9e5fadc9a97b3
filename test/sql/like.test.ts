/**
 * LIKE and GLOB over code points and ASCII case (sql.ts likeToRegExp/globToRegExp), and LIKE
 * prefixes with letters read through an index as one key range per case variant
 * (access-path.ts caseVariantRanges), on a NOCASE column as on a BINARY one. Generated
 * patterns and texts — characters outside the BMP, non-ASCII letters, wildcards — answer as
 * SQLite does (sql.js) and as with index selection off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/index.js';
import { Random } from './generator.js';
import { generatedMismatches, openPeers, type Peers } from './ddl-peer.js';

const PIECES = ['a', 'B', 'b', 'é', 'É', '𝒳', '😀', 'x', 'Xy', '-', '.', '1', 'ß', 'ǅ', 'k', 'K', '\u212a', 'ſ'];

function text(r: Random, n: number): string {
  return Array.from({ length: r.int(0, n) }, () => r.pick(PIECES)).join('');
}

const SETUP = (r: Random): string[] => {
  const rows: string[] = [];
  for (let i = 1; i <= 300; i++) rows.push(`(${i}, ${r.chance(0.08) ? 'NULL' : `'${text(r, 4)}'`}, '${text(r, 3)}')`);
  return [
    'CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT COLLATE NOCASE, b TEXT)',
    'CREATE INDEX t_s ON t (s)',
    'CREATE INDEX t_b ON t (b)',
    `INSERT INTO t VALUES ${rows.join(', ')}`,
  ];
};

function pattern(r: Random, wild: string[]): string {
  return Array.from({ length: r.int(1, 4) }, () => (r.chance(0.3) ? r.pick(wild) : r.pick(PIECES))).join('');
}

function query(r: Random): string {
  const col = r.pick(['s', 'b']);
  switch (r.int(0, 4)) {
    case 0:
      return `SELECT id FROM t WHERE ${col} LIKE '${pattern(r, ['%', '_'])}'`;
    case 1:
      // A prefix, the index's case: letters, then anything.
      return `SELECT id, ${col} FROM t WHERE ${col} LIKE '${pattern(r, [])}%'`;
    case 2:
      return `SELECT id FROM t WHERE ${col} GLOB '${pattern(r, ['*', '?', '[a-z]', '[^𝒳]'])}'`;
    case 3:
      return `SELECT id FROM t WHERE ${col} LIKE '${pattern(r, ['%', '_', '😀'])}' ESCAPE '😀'`;
    default:
      return `SELECT count(*) FROM t WHERE ${col} NOT LIKE '${pattern(r, ['%', '_'])}'`;
  }
}

describe('LIKE and GLOB', () => {
  let db: Database;
  let sqlite: import('sql.js').Database;
  let peers: Peers;
  const r = new Random(5);
  const setup = SETUP(r);

  beforeAll(async () => {
    peers = await openPeers(setup.join(';\n'));
    ({ db, sqlite } = peers);
  });
  afterAll(() => peers.close());

  it('agree with SQLite and with index selection off on generated patterns', async () => {
    const mismatches = await generatedMismatches(peers, 400, () => query(r), ['select-indexes']);
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('match one character outside the BMP with _ and ?, and fold ASCII case only', async () => {
    const one = async (q: string) => Number((await db.sql(q)).rows[0][0]);
    expect(await one("SELECT '𝒳' LIKE '_'")).toBe(1);
    expect(await one("SELECT 'a𝒳b' LIKE 'a_b'")).toBe(1);
    expect(await one("SELECT '𝒳' GLOB '?'")).toBe(1);
    expect(await one("SELECT 'é' LIKE 'É'")).toBe(0);
    expect(await one("SELECT 'k' LIKE 'K'")).toBe(1);
    // The Kelvin sign and the long s fold to k and s only under Unicode case folding, not SQLite's.
    expect(await one("SELECT '\u212a' LIKE 'k'")).toBe(0);
    expect(await one("SELECT '\u017f' LIKE 's'")).toBe(0);
    expect(await one("SELECT 'a%' LIKE 'a😀%' ESCAPE '😀'")).toBe(1);
    expect(await one("SELECT 'ab' LIKE 'a😀%' ESCAPE '😀'")).toBe(0);
    // An escape ending the pattern matches nothing.
    expect(await one("SELECT 'a😀' LIKE 'a😀' ESCAPE '😀'")).toBe(0);
  });

  it("read PostgreSQL's ILIKE as LIKE (which ignores ASCII case), not as GLOB", async () => {
    const r2 = new Random(11);
    for (let i = 0; i < 60; i++) {
      const where = `${r2.pick(['s', 'b'])} ${r2.pick(['', 'NOT '])}LIKE '${pattern(r2, ['%', '_'])}'`;
      const ids = async (q: string) => JSON.stringify((await db.sql(q)).rows);
      const expected = JSON.stringify(sqlite.exec(`SELECT id FROM t WHERE ${where} ORDER BY id`)[0]?.values ?? []);
      expect(await ids(`SELECT id FROM t WHERE ${where.replace('LIKE', 'ILIKE')} ORDER BY id`), where).toBe(expected);
    }
    expect((await db.sql("SELECT 'abc' ILIKE 'A%', 'ABC' ILIKE 'a_c', 'abc' ILIKE 'a*', 'a%' ILIKE 'A!%' ESCAPE '!'")).rows).toEqual([[true, true, false, true]]);
  });

  it('read a LIKE prefix with letters as one index range per case variant', async () => {
    const plan = String(await db.explain('sql', "SELECT id FROM t WHERE s LIKE 'ab%'"));
    expect(plan).toMatch(/Union 4 inputs/);
    for (const [lo, hi] of [['AB', 'AC'], ['Ab', 'Ac'], ['aB', 'aC'], ['ab', 'ac']]) {
      expect(plan).toContain(`IndexScan t using t_s range ["${lo}" .. "${hi}")`);
    }
    // Letters past the fourth share one range from their upper-case to their lower-case form.
    const long = String(await db.explain('sql', "SELECT id FROM t WHERE b LIKE 'a-bcdE%'"));
    expect(long).toMatch(/Union 16 inputs/);
    expect(long).toContain('IndexScan t using t_b range ["A-BCDE" .. "A-BCDf")');
    expect(long).toContain('IndexScan t using t_b range ["a-bcdE" .. "a-bcdf")');
    // Without letters the prefix is one range, as before.
    expect(String(await db.explain('sql', "SELECT id FROM t WHERE b LIKE '1-%'"))).toMatch(/IndexScan t using t_b range \["1-" \.\. "1\."\)/);
  });
});
