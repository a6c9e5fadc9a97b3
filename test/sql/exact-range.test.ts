/**
 * Predicates an index range holds exactly are not tested again (optimizer/physical/
 * access-path.ts, exactlyInRange): equalities with a constant, and a lower bound on a number
 * (with an upper bound beside it). Generated data mixes integers, reals, text, blobs and NULLs
 * in an untyped indexed column, numbers and NULLs in an INTEGER one; every query must answer as
 * SQLite does and as with index selection off. EXPLAIN shows which filters remain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { Random } from './generator.js';
import { generatedMismatches, openPeers, type Peers } from './ddl-peer.js';

const WORDS = ['ant', 'bee', 'cat', 'Bee', ''];

const SETUP = (r: Random): string[] => {
  const number = (): string => (r.chance(0.1) ? 'NULL' : r.chance(0.3) ? String(r.int(-10, 10) / 4) : String(r.int(-10, 10)));
  // An untyped column holds every storage class; an INTEGER one numbers and NULLs.
  const any = (): string => {
    switch (r.int(0, 5)) {
      case 0:
        return `'${r.pick(WORDS)}'`;
      case 1:
        return `x'0${r.int(0, 9)}'`;
      default:
        return number();
    }
  };
  const rows: string[] = [];
  for (let i = 1; i <= 400; i++) rows.push(`(${i}, ${number()}, ${r.chance(0.1) ? 'NULL' : `'${r.pick(WORDS)}'`}, ${any()})`);
  return [
    'CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, s TEXT, v)',
    'CREATE INDEX t_a ON t (a)',
    'CREATE INDEX t_sa ON t (s, a)',
    'CREATE INDEX t_v ON t (v)',
    `INSERT INTO t VALUES ${rows.join(', ')}`,
  ];
};

function query(r: Random): string {
  const n = () => (r.chance(0.3) ? String(r.int(-10, 10) / 4) : String(r.int(-10, 10)));
  const col = r.pick(['a', 'v']);
  switch (r.int(0, 6)) {
    case 0:
      return `SELECT id FROM t WHERE ${col} > ${n()}`;
    case 1:
      return `SELECT id FROM t WHERE ${col} >= ${n()} AND ${col} < ${n()}`;
    case 2:
      return `SELECT id FROM t WHERE ${col} <= ${n()}`;
    case 3:
      return `SELECT id, a FROM t WHERE s = '${r.pick(WORDS)}' AND a > ${n()}`;
    case 4:
      return `SELECT id FROM t WHERE ${col} = ${r.chance(0.5) ? n() : `'${r.pick(WORDS)}'`}`;
    case 5:
      return `SELECT id FROM t WHERE s = '${r.pick(WORDS)}' AND a = ${n()}`;
    default:
      return `SELECT count(*) FROM t o JOIN t c ON c.a = o.id WHERE o.s = '${r.pick(WORDS)}' AND o.a > ${n()}`;
  }
}

describe('predicates held exactly by an index range', () => {
  let db: Database;
  let peers: Peers;
  const r = new Random(29);
  const setup = SETUP(r);

  beforeAll(async () => {
    peers = await openPeers(setup.join(';\n'));
    ({ db } = peers);
  });
  afterAll(() => peers.close());

  it('answer as SQLite does and as without index selection, over columns of mixed storage classes', async () => {
    const mismatches = await generatedMismatches(peers, 300, () => query(r), ['select-indexes']);
    expect(mismatches).toEqual([]);
  });

  it('leave no filter for an equality prefix and a lower bound on a number, and keep one otherwise', async () => {
    const plan = async (q: string) => String((await db.explain('sql', q)).physical);
    expect(await plan("SELECT id FROM t WHERE s = 'ant' AND a > 2")).not.toMatch(/Filter/);
    expect(await plan('SELECT id FROM t WHERE a >= 1 AND a < 4')).not.toMatch(/Filter/);
    // Below a number lie NULLs; a text bound leaves the order of text to the filter; parameters may be NULL.
    expect(await plan('SELECT id FROM t WHERE a < 4')).toMatch(/Filter \(sql\.lt a#\d+ 4\)/);
    expect(await plan("SELECT id FROM t WHERE s > 'b'")).toMatch(/Filter/);
    expect(await plan('SELECT id FROM t WHERE a = ?')).toMatch(/Filter .* \(skipped for number or text keys\)/);
    // Only the conjunct the range does not hold remains.
    const rest = await plan("SELECT id FROM t WHERE s = 'ant' AND a > 2 AND id % 2 = 0");
    expect(rest).toMatch(/IndexScan t using t_sa/);
    expect(rest.split('\n').filter((l) => l.includes('Filter'))).toEqual([expect.stringMatching(/^\s*Filter \([^()]*\([^()]*id#\d+ 2\) 0\)/)]);
  });

  // A parameter's filter is skipped per run when its value is a number or a text (the range
  // then holds the equality exactly); NULL and blobs keep it.
  it('answer equalities on parameters of every storage class as SQLite does and as without index selection', async () => {
    const texts = [...WORDS, '1', '2.5'];
    const param = (): unknown => {
      switch (r.int(0, 6)) {
        case 0:
          return null;
        case 1:
          return r.int(-10, 10) / 4;
        case 2:
          return r.pick(texts);
        case 3:
          return new Uint8Array([r.int(0, 9)]);
        default:
          return r.int(-10, 10);
      }
    };
    const shapes = ['SELECT id FROM t WHERE a = ?', 'SELECT id FROM t WHERE v = ?', 'SELECT id FROM t WHERE s = ? AND a = ?', 'SELECT a, v FROM t WHERE id = ?', 'SELECT id FROM t WHERE ? = v AND id > 3'];
    const ours = await Promise.all(shapes.map((q) => db.prepare(q)));
    const off = await Promise.all(shapes.map((q) => db.prepare(q)));
    const sortRows = (rows: readonly (readonly unknown[])[]) => JSON.stringify(rows.map((x) => JSON.stringify(x, (_k, v) => (v instanceof Uint8Array ? [...v] : v))).sort());
    const mismatches: string[] = [];
    for (let i = 0; i < 400; i++) {
      const k = r.int(0, shapes.length - 1);
      const params = shapes[k].includes('s = ?') ? [r.pick(texts), param()] : [param()];
      const peer = peers.sqlite.prepare(shapes[k]);
      peer.bind(params as never);
      const expected: unknown[][] = [];
      while (peer.step()) expected.push(peer.get());
      peer.free();
      const got = sortRows((await ours[k].run(params as never)).rows);
      const plain = sortRows((await off[k].run(params as never, { optimizer: { disabled: ['select-indexes'] } })).rows);
      if (got !== sortRows(expected) || plain !== got) mismatches.push(`${shapes[k]} ${JSON.stringify(params)}: ours ${got}, off ${plain}, sqlite ${sortRows(expected)}`);
    }
    expect(mismatches).toEqual([]);
    // A real with an integer's value, and a text the INTEGER column's affinity makes a number.
    for (const [q, params, want] of [
      ['SELECT count(*) FROM t WHERE id = ?', [7.0], 1],
      ['SELECT count(*) FROM t WHERE id = ?', ['7'], 1],
    ] as const) {
      const st = await db.prepare(q);
      const on = (await st.run(params as never)).rows[0][0];
      const plainCount = (await db.sql(q, params as never, { optimizer: { disabled: ['select-indexes'] } })).rows[0][0];
      expect([q, params, on]).toEqual([q, params, plainCount]);
      expect([q, params, Number(on)]).toEqual([q, params, want]);
    }
  });
});
