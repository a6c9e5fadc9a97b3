/**
 * estimates.test.ts — what the optimizer knows of a SPARQL pattern before it runs: a constant the
 * dictionary holds is its id in the plan, so a pattern's rows come from that predicate's count
 * and a join on its subject or object from the distinct values among that predicate's rows
 * (storage's per-value statistics), not from the averages over every quad.
 */
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { chooseParams, generate, loadTriples, questions } from '../../src/workload/index.js';

/** figures lists (estimated, actual) rows of each line of an EXPLAIN ANALYZE naming `operator`, innermost last. */
function figures(plan: string, operator: RegExp): [number, number][] {
  return plan
    .split('\n')
    .filter((line) => operator.test(line))
    .map((line) => {
      const m = /est\. ([\d.]+) rows; actual (\d+) rows/.exec(line);
      if (!m) throw new Error(`no figures in: ${line}`);
      return [Number(m[1]), Number(m[2])];
    });
}

const within = (factor: number) => ([est, actual]: [number, number]) => est <= actual * factor && actual <= est * factor;

describe('SPARQL estimates', () => {
  it('estimates a predicate scan exactly and a two-hop join of it within 3x (the triangle query)', async () => {
    const db = await Database.open();
    await loadTriples(db, generate(0.05, 1));
    const q = 'PREFIX ex: <http://example.org/> SELECT (COUNT(*) AS ?n) WHERE { ?x ex:knows ?y . ?y ex:knows ?z . ?x ex:knows ?z }';
    const plan = (await db.explain('sparql', q, { analyze: true })).physical;
    const scans = figures(plan, /IndexScan rdf_quads/);
    expect(scans.length).toBeGreaterThan(0);
    for (const [est, actual] of scans) expect(est).toBe(actual);
    // The first join (innermost) pairs knows rows on a person: estimated from the ~500 subjects
    // and objects among the knows rows (the friendships are skewed: sums of squared degrees
    // exceed rows²/persons), where the whole dataset's subjects made it some 50x too small.
    const joins = figures(plan, /Join inner/);
    const first = joins[joins.length - 1];
    expect(first[1]).toBeGreaterThan(1000);
    expect(within(3)(first)).toBe(true);
    await db.close();
  });

  it('counts a filter on a dictionary join: Q6 tests ?start before it looks up the persons', async () => {
    const db = await Database.open();
    const w = generate(0.05, 1);
    await loadTriples(db, w);
    const q6 = questions(chooseParams(w)).find((q) => q.id === 'Q6')!;
    const lines = (await db.explain('sparql', q6.sparql, { analyze: true })).physical.split('\n');
    // The dictionary rows passing `?start > year` are a share of the dictionary, so the join
    // with them keeps that share of its input: capping the term ids' distinct count at those
    // rows made the join keep every row, and the filter was applied last.
    const at = lines.findIndex((l) => l.includes('sparql.gt'));
    expect(at).toBeGreaterThan(0);
    const [filtered] = figures(lines[at], /./);
    const [input] = figures(lines[at + 1], /./);
    expect(filtered[0]).toBeLessThan(input[0] * 0.75);
    // Below it only the organisation's positions and their start years: ?p, its id and its name
    // are looked up for the positions that pass.
    expect(lines.slice(at + 1).filter((l) => l.includes('rdf_quads')).length).toBe(2);
    await db.close();
  });

  it('estimates an object constant among its predicate\'s rows (one of the organisations, not one of every object)', async () => {
    const db = await Database.open();
    await loadTriples(db, generate(0.05, 1));
    const q = 'PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x ex:org "Acme Labs" }';
    const plan = (await db.explain('sparql', q, { analyze: true })).physical;
    // Organisations are skewed (Acme Labs employs many): an average organisation's share of the
    // org rows is a few rows where one over every object's count was a fraction of one.
    const [scan] = figures(plan, /IndexScan rdf_quads/);
    expect(scan[1]).toBeGreaterThan(10);
    expect(within(20)(scan)).toBe(true);
    await db.close();
  });
});
