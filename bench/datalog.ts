/**
 * datalog.ts — the Datalog benchmark of issue 5: transitive closure of a random graph of
 * 2,000 nodes and 5,000 edges (about 3.2 million reachable pairs) and a bound query
 * `?- tc(S, Y).` with and without magic sets, on polyglotdb, on SQLite (better-sqlite3, WITH
 * RECURSIVE), on DataScript (recursive rules) and in hand-written JavaScript (breadth-first
 * search over arrays). Every engine's answer is checked equal to the JS answer, pair for pair,
 * before it is timed. The timed JS search counts the pairs without collecting them, and the
 * timed polyglotdb answer is its ResultSet, which holds a closure as value codes and builds a
 * row only when it is read (engine/result.ts); a second row of the large graph times both
 * with every pair read as an array (JS collecting them, polyglotdb iterating its result).
 * DataScript's rule engine does not finish the large graph (a 200-node graph with 300 edges
 * already takes minutes), so every engine also answers the same questions on the largest
 * graph it finishes in seconds — 300 nodes, 300 edges, about 4,000 pairs — where the
 * comparison with DataScript is made (sparser than the large graph: the closure of a denser
 * one grows faster than DataScript's evaluation can follow).
 * The bound query must be answered through magic sets (checked in EXPLAIN) and at least 10×
 * faster than the whole closure; the run fails otherwise.
 */
import BetterSqlite from 'better-sqlite3';
import datascript from 'datascript';
import { Database } from '../src/index.js';
import { datalogFrontEnd } from '../src/datalog/index.js';
import { EngineState, Session } from '../src/engine/session.js';
import { MemoryEngine } from '../src/storage/memory.js';
import { openStore } from '../src/storage/store.js';
import { measure, measureTogether, type Row, type Sampling, type Timing } from './harness.js';

type Edge = [number, number];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function graph(nodes: number, count: number): Edge[] {
  const r = rng(1);
  const seen = new Set<string>();
  const edges: Edge[] = [];
  while (edges.length < count) {
    const a = Math.floor(r() * nodes);
    const b = Math.floor(r() * nodes);
    if (seen.has(`${a},${b}`)) continue;
    seen.add(`${a},${b}`);
    edges.push([a, b]);
  }
  return edges;
}

const RULES = 'tc(X, Y) :- edge(X, Y).  tc(X, Y) :- tc(X, Z), edge(Z, Y).';
const SQL_TC = 'WITH RECURSIVE tc(a, b) AS (SELECT a, b FROM edge UNION SELECT tc.a, edge.b FROM tc JOIN edge ON tc.b = edge.a)';
const DS_RULES = '[[(tc ?x ?y) [?x "edge" ?y]] [(tc ?x ?y) [?x "edge" ?z] (tc ?z ?y)]]';

/** Breadth-first search per node over adjacency arrays: the hand-written baseline. */
class Bfs {
  private readonly adjacency: number[][];
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(
    readonly nodes: number,
    edges: readonly Edge[],
  ) {
    this.adjacency = Array.from({ length: nodes }, () => []);
    for (const [a, b] of edges) this.adjacency[a].push(b);
    this.seen = new Int32Array(nodes).fill(-1);
  }

  /** from visits what `s` reaches; `emit` sees each reached node once. */
  from(s: number, emit?: (y: number) => void): number {
    const { adjacency, seen } = this;
    const mark = this.stamp++;
    const queue: number[] = [];
    for (const x of adjacency[s]) if (seen[x] !== mark) (seen[x] = mark), queue.push(x);
    for (let i = 0; i < queue.length; i++) for (const w of adjacency[queue[i]]) if (seen[w] !== mark) (seen[w] = mark), queue.push(w);
    if (emit) for (const y of queue) emit(y);
    return queue.length;
  }

  all(emit?: (x: number, y: number) => void): number {
    let n = 0;
    for (let s = 0; s < this.nodes; s++) n += this.from(s, emit && ((y) => emit(s, y)));
    return n;
  }
}

/** pairs packs an answer's (x, y) rows into sorted numbers, for exact comparison. */
function pairs(rows: Iterable<readonly unknown[]>, nodes: number): Float64Array {
  const out: number[] = [];
  for (const r of rows) out.push(Number(r[0]) * nodes + Number(r[1]));
  return Float64Array.from(out).sort();
}

function singles(rows: Iterable<readonly unknown[]>): Float64Array {
  const out: number[] = [];
  for (const r of rows) out.push(Number(r[0]));
  return Float64Array.from(out).sort();
}

function sameAnswer(engine: string, question: string, got: Float64Array, want: Float64Array): void {
  const equal = got.length === want.length && got.every((v, i) => v === want[i]);
  if (!equal) throw new Error(`${engine} answered ${question} with ${got.length} rows, differing from the ${want.length} expected`);
}

/** The engines, loaded with one graph. */
async function engines(nodes: number, edges: readonly Edge[]) {
  const facts = edges.map(([a, b]) => `edge(${a}, ${b}).`).join('\n');
  const db = await Database.open();
  await db.datalog(facts);
  // The same data in a second database whose front end never rewrites with magic sets.
  const store = await openStore(new MemoryEngine());
  const plain = new Session(store, new EngineState());
  const noMagic = datalogFrontEnd({ magicSets: false });
  await plain.run(noMagic, facts);
  const lite = new BetterSqlite(':memory:');
  lite.exec('CREATE TABLE edge(a INTEGER, b INTEGER, PRIMARY KEY (a, b))');
  const insert = lite.prepare('INSERT INTO edge VALUES (?, ?)');
  lite.transaction(() => {
    for (const [a, b] of edges) insert.run(a, b);
  })();
  const schema = { edge: { ':db/cardinality': ':db.cardinality/many', ':db/valueType': ':db.type/ref' } };
  // DataScript entity ids start at 1.
  const ds = datascript.db_with(
    datascript.empty_db(schema),
    edges.map(([a, b]) => [':db/add', a + 1, 'edge', b + 1]),
  );
  const bfs = new Bfs(nodes, edges);
  const close = async () => {
    await db.close();
    await store.close();
    lite.close();
  };
  return { db, plain, noMagic, lite, ds, bfs, close };
}

type Engines = Awaited<ReturnType<typeof engines>>;

const closure = {
  polyglotdb: (e: Engines) => e.db.datalog(`${RULES} ?- tc(X, Y).`),
  sqlite: (e: Engines) => e.lite.prepare(`${SQL_TC} SELECT a, b FROM tc`).raw().all() as unknown[][],
  datascript: (e: Engines) => datascript.q('[:find ?x ?y :in $ % :where (tc ?x ?y)]', e.ds, DS_RULES).map(([x, y]) => [Number(x) - 1, Number(y) - 1]),
  js: (e: Engines) => {
    const rows: number[][] = [];
    e.bfs.all((x, y) => rows.push([x, y]));
    return rows;
  },
};

const bound = {
  polyglotdb: (e: Engines, s: number) => e.db.datalog(`${RULES} ?- tc(${s}, Y).`).then((r) => r.rows),
  noMagic: (e: Engines, s: number) => e.plain.run(e.noMagic, `${RULES} ?- tc(${s}, Y).`).then((r) => r.rows),
  sqlite: (e: Engines, s: number) =>
    e.lite.prepare(`WITH RECURSIVE r(b) AS (SELECT b FROM edge WHERE a = ? UNION SELECT edge.b FROM r JOIN edge ON r.b = edge.a) SELECT b FROM r`).raw().all(s) as unknown[][],
  datascript: (e: Engines, s: number) => datascript.q('[:find ?y :in $ % ?s :where (tc ?s ?y)]', e.ds, DS_RULES, s + 1).map(([y]) => [Number(y) - 1]),
  js: (e: Engines, s: number) => {
    const rows: number[][] = [];
    e.bfs.from(s, (y) => rows.push([y]));
    return rows;
  },
};

const FIVE: Sampling = { runs: 5, warmup: 1 };
const medians = (timings: Record<string, Timing>) => Object.fromEntries(Object.entries(timings).map(([name, t]) => [name, t.medianMs]));

export async function benchDatalog(log: (s: string) => void): Promise<{ engines: string[]; rows: Row[] }> {
  const rows: Row[] = [];
  // One timed run each for the whole closure, after a full collection (under --expose-gc):
  // the answers checked just before leave hundreds of megabytes of garbage.
  const gc = (globalThis as { gc?: () => void }).gc;
  const once = async (fn: () => unknown) => {
    gc?.();
    return (await measure(fn, 1, 0)).medianMs;
  };

  // ── The small graph: every engine, DataScript included. ───────────────────────────────
  {
    const nodes = 300;
    const e = await engines(nodes, graph(nodes, 300));
    const want = pairs(closure.js(e), nodes);
    sameAnswer('polyglotdb', 'small closure', pairs(await closure.polyglotdb(e), nodes), want);
    sameAnswer('sqlite', 'small closure', pairs(closure.sqlite(e), nodes), want);
    sameAnswer('datascript', 'small closure', pairs(closure.datascript(e), nodes), want);
    const source = 0;
    const wantOne = singles(bound.js(e, source));
    sameAnswer('polyglotdb', 'small bound', singles(await bound.polyglotdb(e, source)), wantOne);
    sameAnswer('sqlite', 'small bound', singles(bound.sqlite(e, source)), wantOne);
    sameAnswer('datascript', 'small bound', singles(bound.datascript(e, source)), wantOne);
    rows.push({
      question: `tc(X, Y), ${nodes} nodes: ${want.length} pairs`,
      times: medians(
        await measureTogether(
          { polyglotdb: () => closure.polyglotdb(e), sqlite: () => closure.sqlite(e), datascript: () => closure.datascript(e), js: () => e.bfs.all() },
          { polyglotdb: FIVE, sqlite: FIVE, datascript: { runs: 1, warmup: 0 }, js: FIVE },
        ),
      ),
    });
    rows.push({
      question: `tc(${source}, Y), ${nodes} nodes: ${wantOne.length} rows`,
      times: medians(
        await measureTogether(
          { polyglotdb: () => bound.polyglotdb(e, source), sqlite: () => bound.sqlite(e, source), datascript: () => bound.datascript(e, source), js: () => e.bfs.from(source) },
          { polyglotdb: FIVE, sqlite: FIVE, datascript: { runs: 3, warmup: 1 }, js: FIVE },
        ),
      ),
    });
    await e.close();
  }

  // ── The large graph: DataScript cannot finish it. ─────────────────────────────────────
  const nodes = 2_000;
  const edges = graph(nodes, 5_000);
  log(`datalog: transitive closure of ${nodes} nodes, ${edges.length} edges; loading…`);
  const e = await engines(nodes, edges);
  const want = pairs(closure.js(e), nodes);
  sameAnswer('polyglotdb', 'closure', pairs(await closure.polyglotdb(e), nodes), want);
  sameAnswer('sqlite', 'closure', pairs(closure.sqlite(e), nodes), want);
  const full = {
    polyglotdb: await once(() => closure.polyglotdb(e)),
    sqlite: await once(() => closure.sqlite(e)),
    js: await once(() => e.bfs.all()),
  };
  rows.push({ question: `tc(X, Y), ${nodes} nodes: ${want.length} pairs`, times: full });
  const everyRow = {
    polyglotdb: await once(async () => [...(await closure.polyglotdb(e))].length),
    js: await once(() => closure.js(e).length),
  };
  rows.push({ question: `tc(X, Y), ${nodes} nodes, every pair read as an array`, times: everyRow });

  // Bound query: magic sets against the whole closure computed and filtered.
  const source = edges.some(([a]) => a === 17) ? 17 : edges[0][0];
  const wantOne = singles(bound.js(e, source));
  sameAnswer('polyglotdb', 'bound', singles(await bound.polyglotdb(e, source)), wantOne);
  sameAnswer('polyglotdb without magic sets', 'bound', singles(await bound.noMagic(e, source)), wantOne);
  sameAnswer('sqlite', 'bound', singles(bound.sqlite(e, source)), wantOne);
  const explained = await e.db.explain('datalog', `${RULES} ?- tc(${source}, Y).`);
  if (!/magic/.test(explained.logical)) throw new Error(`the bound query's plan does not use magic sets:\n${explained.logical}`);
  const magic = medians(
    await measureTogether({ polyglotdb: () => bound.polyglotdb(e, source), sqlite: () => bound.sqlite(e, source), js: () => e.bfs.from(source) }, { runs: 9, warmup: 2 }),
  );
  rows.push({ question: `tc(${source}, Y) with magic sets: ${wantOne.length} rows`, times: magic });
  const withoutMagic = await once(() => bound.noMagic(e, source));
  rows.push({ question: `tc(${source}, Y) without magic sets`, times: { polyglotdb: withoutMagic } });
  const speedup = full.polyglotdb / magic.polyglotdb;
  log(`datalog: the bound query (magic sets in EXPLAIN) is ${speedup.toFixed(0)}× faster than the whole closure`);
  if (speedup < 10) throw new Error(`the bound query is only ${speedup.toFixed(1)}× faster than the whole closure (at least 10× required)`);
  await e.close();
  return { engines: ['polyglotdb', 'sqlite', 'datascript', 'js'], rows };
}
