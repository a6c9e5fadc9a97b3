/**
 * oxigraph-differential.test.ts — the same SPARQL queries over the same small generated graphs,
 * answered by polyglotdb (lowered to the shared algebra, optimized, executed) and by Oxigraph
 * (the `oxigraph` npm package, WASM), compared as bags of solutions. Generated: basic graph
 * patterns, OPTIONAL, FILTER (comparisons, BOUND, arithmetic), UNION, MINUS, property paths
 * and DISTINCT. Deterministic (seeded); a failing case prints the graph seed and the query.
 */
import { Store } from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { SparqlBindings } from '../../src/engine/sparql.js';
import { termKey } from '../conformance/isomorphism.js';

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EX = 'http://example.org/';
const PREFIX = `PREFIX : <${EX}>\n`;

function graph(rand: () => number): string {
  const lines: string[] = [];
  const n = 10 + Math.floor(rand() * 30);
  for (let i = 0; i < n; i++) {
    const s = `:n${Math.floor(rand() * 8)}`;
    const p = `:p${Math.floor(rand() * 3)}`;
    const r = rand();
    const o = r < 0.6 ? `:n${Math.floor(rand() * 8)}` : r < 0.85 ? `${Math.floor(rand() * 6)}` : `"s${Math.floor(rand() * 3)}"`;
    lines.push(`${s} ${p} ${o} .`);
  }
  return `@prefix : <${EX}> .\n${lines.join('\n')}\n`;
}

function query(rand: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const vars = ['?a', '?b', '?c', '?d'];
  const term = () => (rand() < 0.75 ? pick(vars) : `:n${Math.floor(rand() * 8)}`);
  const pred = () => (rand() < 0.85 ? `:p${Math.floor(rand() * 3)}` : pick(['?p', '?q']));
  const triple = () => `${term()} ${pred()} ${term()} .`;
  const bgp = (k: number) => Array.from({ length: k }, triple).join(' ');
  const filter = () =>
    pick([
      () => `FILTER(${pick(vars)} < ${Math.floor(rand() * 6)})`,
      () => `FILTER(${pick(vars)} = ${pick(vars)})`,
      () => `FILTER(${pick(vars)} != ${pick(vars)})`,
      () => `FILTER(BOUND(${pick(vars)}))`,
      () => `FILTER(!BOUND(${pick(vars)}))`,
      () => `FILTER(isIRI(${pick(vars)}) || ${pick(vars)} >= 2)`,
      () => `FILTER(${pick(vars)} + 1 > 3)`,
      () => `FILTER(STRSTARTS(STR(${pick(vars)}), "${EX}n1"))`,
    ])();
  const shape = pick(['bgp', 'optional', 'filter', 'union', 'minus', 'path', 'optional-filter', 'distinct']);
  let where: string;
  let modifier = '';
  switch (shape) {
    case 'bgp':
      where = bgp(1 + Math.floor(rand() * 3));
      break;
    case 'optional':
      where = `${bgp(1 + Math.floor(rand() * 2))} OPTIONAL { ${bgp(1)} }`;
      break;
    case 'optional-filter':
      where = `${bgp(1)} OPTIONAL { ${bgp(1)} ${filter()} }`;
      break;
    case 'filter':
      where = `${bgp(1 + Math.floor(rand() * 2))} ${filter()}`;
      break;
    case 'union':
      where = `{ ${bgp(1)} } UNION { ${bgp(1)} }`;
      break;
    case 'minus':
      where = `${bgp(1)} MINUS { ${bgp(1)} }`;
      break;
    case 'path':
      where = `${term()} ${pick([':p0+', ':p1*', ':p0/:p1', ':p0|:p2', '^:p1', ':p2?', '!:p0', '(:p0|:p1)+'])} ${term()}`;
      break;
    default:
      modifier = 'DISTINCT ';
      where = bgp(2);
  }
  return `${PREFIX}SELECT ${modifier}* WHERE { ${where} }`;
}

/**
 * seededPathQuery: a path between two variables beside patterns that constrain one of them
 * (constants at their other end, or a path from a constant), and sequences whose later steps
 * explore (`p/q*`) — the shapes where lowering starts a path from the nodes other patterns allow.
 */
function seededPathQuery(rand: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const node = () => `:n${Math.floor(rand() * 8)}`;
  const p = () => `:p${Math.floor(rand() * 3)}`;
  const path = pick([':p0+', ':p1*', ':p0/:p1*', '^:p0/:p1+', ':p0/(:p1|:p2)+/:p0', ':p2?/:p0*', '(:p0|^:p0)', '(:p1|^:p2)/:p0*', ':p0*/:p1*']);
  const constraint = pick([
    () => `?y ${p()} ${node()} .`,
    () => `?x ${p()} ${pick([node(), String(Math.floor(rand() * 6)), '"s1"'])} .`,
    () => `${node()} ${p()} ?y .`,
    () => `${node()} (${p()}|^${p()}) ?x .`,
    () => `${node()} ${p()}+ ?y . ?y ${p()} ?z .`,
    () => '',
  ])();
  return `${PREFIX}SELECT * WHERE { ${constraint} ?x ${path} ?y . }`;
}

/**
 * iriTestQuery: `=` and `!=` between a variable and an IRI (one the graph may not hold), which
 * compare the variable's dictionary id without decoding it — over IRIs, literals and unbound
 * values, in EXISTS bodies, and beside a test that reads the variable's term.
 */
function iriTestQuery(rand: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const v = () => pick(['?a', '?b']);
  const iri = () => `:n${Math.floor(rand() * 10)}`;
  const p = () => `:p${Math.floor(rand() * 3)}`;
  const test = () => pick([() => `${v()} != ${iri()}`, () => `${v()} = ${iri()}`, () => `${iri()} != ${v()}`])();
  const where = pick([
    () => `?a ${p()} ?b . FILTER(${test()})`,
    () => `?a ${p()} ?b . ?b ${p()} ?c . FILTER(${test()} && ${test()})`,
    () => `?c ${p()} ?a . OPTIONAL { ?a ${p()} ?b } FILTER(${test()})`,
    () => `?a ${p()} ?b . FILTER NOT EXISTS { ?b ${p()} ?c FILTER(${test()}) }`,
    () => `?a ${p()} ?b . FILTER(${test()} || STRSTARTS(STR(${v()}), "${EX}n1"))`,
  ])();
  return `${PREFIX}SELECT * WHERE { ${where} }`;
}

function bag(rows: string[][], set: boolean): string[] {
  const keys = rows.map((r) => r.join(' | ')).sort();
  return set ? [...new Set(keys)] : keys;
}

/**
 * compareWithOxigraph asks both engines `queries` generated queries over each of `graphs`
 * generated graphs (PRNG seeds from `seed`); returns how many were compared and the failures.
 * `set` says which queries compare as sets: `p|q` is a bag union in the spec (§18.4 eval of
 * alt), which Oxigraph answers as a set.
 */
async function compareWithOxigraph(seed: number, graphs: number, queries: number, make: (rand: () => number) => string, set: RegExp) {
  const failures: string[] = [];
  let compared = 0;
  for (let g = 0; g < graphs; g++) {
    const rand = prng(seed + g);
    const data = graph(rand);
    const db = await Database.open();
    await db.loadRdf(data);
    const ox = new Store();
    ox.load(data, { format: 'text/turtle' });
    for (let q = 0; q < queries; q++) {
      const text = make(rand);
      const ours = (await db.sparql(text)) as SparqlBindings;
      const theirs = ox.query(text) as Map<string, { termType: string; value: string }>[];
      const columns = ours.columns;
      const asSet = set.test(text);
      const mine = bag(ours.rows.map((r) => r.map((t) => termKey(t))), asSet);
      const other = bag(theirs.map((m) => columns.map((c) => termKey((m.get(c) as never) ?? null))), asSet);
      compared++;
      if (JSON.stringify(mine) !== JSON.stringify(other)) {
        failures.push(`graph seed ${seed + g}:\n${text}\n  ours ${mine.length} rows, oxigraph ${other.length}\n  ${mine.slice(0, 5).join('\n  ')}\n  vs\n  ${other.slice(0, 5).join('\n  ')}`);
      }
    }
    await db.close();
  }
  return { compared, failures };
}

describe('differential: polyglotdb vs Oxigraph', () => {
  it('answers generated queries over generated graphs the same way', async () => {
    const { compared, failures } = await compareWithOxigraph(1000, 12, 40, query, /\|:p/);
    expect(compared).toBe(480);
    expect(failures.slice(0, 5)).toEqual([]);
  }, 60_000);

  it('answers path patterns that other patterns seed the same way', async () => {
    const { compared, failures } = await compareWithOxigraph(3000, 8, 30, seededPathQuery, /\|/);
    expect(compared).toBe(240);
    expect(failures.slice(0, 5)).toEqual([]);
  }, 60_000);

  it('answers = and != between a variable and an IRI the same way', async () => {
    const { compared, failures } = await compareWithOxigraph(4000, 8, 30, iriTestQuery, /$^/);
    expect(compared).toBe(240);
    expect(failures.slice(0, 5)).toEqual([]);
  }, 60_000);

  it('answers the same with the optimizer on and off', async () => {
    const failures: string[] = [];
    for (let g = 0; g < 6; g++) {
      const rand = prng(2000 + g);
      const db = await Database.open();
      await db.loadRdf(graph(rand));
      for (let q = 0; q < 40; q++) {
        const text = query(rand);
        const on = (await db.sparql(text)) as SparqlBindings;
        const off = (await db.sparql(text, { optimizer: { disabled: ['all', 'select-indexes'] } })) as SparqlBindings;
        const a = bag(on.rows.map((r) => r.map((t) => termKey(t))), false);
        const c = bag(off.rows.map((r) => r.map((t) => termKey(t))), false);
        if (JSON.stringify(a) !== JSON.stringify(c)) failures.push(`graph seed ${2000 + g}: ${text}\n  on ${a.length} rows, off ${c.length}`);
      }
      await db.close();
    }
    expect(failures.slice(0, 5)).toEqual([]);
  }, 60_000);
});
