/**
 * A multiway join reads inputs that read the same rows once (multiway-join.ts readShape): the
 * same scan under the same deterministic filters, whatever their column ids. A triangle over
 * the quads is three such scans of one predicate; its count must not change, and only one of
 * them may run.
 */
import { describe, expect, it } from 'vitest';
import { call, lit, type Expr } from '../../src/algebra/expr.js';
import type { PhysicalPlan } from '../../src/algebra/index.js';
import { Database } from '../../src/engine/database.js';
import { SparqlBindings } from '../../src/engine/sparql.js';
import { readShape } from '../../src/executor/operators/multiway-join.js';

const relation = { id: 7 } as never;
const index = { id: 9 } as never;
let nextId = 100;
/** A covering index scan of relation 7 under filters made from its four fresh columns. */
function scan(filters: ((cols: Expr[]) => Expr)[], range: unknown = null): PhysicalPlan {
  const schema = ['s', 'p', 'o', 'g'].map((name) => ({ id: nextId++, name, type: 'any' }));
  const cols = schema.map((c) => ({ kind: 'column', id: c.id, name: c.name, type: 'any' }) as Expr);
  let plan = { kind: 'index-scan', relation, index, range, reverse: false, covering: true, schema, estimatedRows: 10 } as unknown as PhysicalPlan;
  for (const f of filters) plan = { kind: 'filter', input: plan, predicate: f(cols), schema, estimatedRows: 10 } as unknown as PhysicalPlan;
  return plan;
}
const eq = (a: Expr, b: Expr) => call('eq', [a, b]);

describe('inputs of a multiway join that read the same rows', () => {
  it('have one read shape whatever their column ids, and another for any other rows', () => {
    const g0 = (c: Expr[]) => eq(c[3], lit(0));
    expect(readShape(scan([g0]))).toBe(readShape(scan([g0])));
    expect(readShape(scan([]))).toBe(readShape(scan([])));
    const others = [
      scan([]),
      scan([(c) => eq(c[2], lit(0))]),
      scan([(c) => eq(c[3], lit('0'))]),
      scan([(c) => eq(c[3], lit('{"at":3}'))]),
      scan([(c) => eq(c[3], lit(-0))]),
      scan([(c) => eq(c[3], lit(Number.NaN))]),
      scan([(c) => eq(c[3], lit(null))]),
      scan([(c) => eq(c[3], lit(0n))]),
      scan([g0, g0]),
      scan([g0], { lower: { values: [lit(1)], inclusive: true }, upper: null }),
    ];
    const shapes = [readShape(scan([g0])), ...others.map(readShape)];
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(readShape(scan([(c) => eq(c[3], call('sql.random', []))]))).toBeNull();
  });

  it('are read once in a SPARQL triangle count, which counts as a search does', async () => {
    const db = await Database.open();
    let s = 11;
    const rnd = (n: number) => ((s = (s * 1103515245 + 12345) % 2147483648), Math.floor((s / 2147483648) * n));
    const edges = new Set<string>();
    while (edges.size < 1500) {
      const a = rnd(120);
      const b = rnd(120);
      if (a < b) edges.add(`${a} ${b}`);
    }
    await db.loadRdf([...edges].map((e) => e.split(' ')).map(([a, b]) => `<http://e/${a}> <http://e/k> <http://e/${b}> .`).join('\n'), { format: 'application/n-triples' });
    await db.loadRdf('<http://e/1> <http://e/other> <http://e/2> .', { format: 'application/n-triples' });
    const q = 'SELECT (COUNT(*) AS ?n) WHERE { ?x <http://e/k> ?y . ?y <http://e/k> ?z . ?x <http://e/k> ?z }';
    let expected = 0;
    for (const e of edges) {
      const [x, y] = e.split(' ').map(Number);
      for (let z = y + 1; z < 120; z++) if (edges.has(`${y} ${z}`) && edges.has(`${x} ${z}`)) expected++;
    }
    expect(expected).toBeGreaterThan(10);
    expect(((await db.sparql(q)) as SparqlBindings).rows[0][0]?.value).toBe(String(expected));
    const analyzed = String(await db.explain('sparql', q, { analyze: true }));
    expect(analyzed).toMatch(/MultiwayJoin/);
    const scans = analyzed.split('\n').filter((l) => /IndexScan|TableScan/.test(l));
    expect(scans).toHaveLength(3);
    expect(scans.filter((l) => /actual 0 rows, 0 loops/.test(l))).toHaveLength(2);
    await db.close();
  });
});
