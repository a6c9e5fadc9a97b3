/**
 * datalog.ts — the Datalog benchmark of issue 5: transitive closure of a random graph of
 * 2,000 nodes and 5,000 edges (about 3.2 million reachable pairs) and a bound query
 * `?- tc(S, Y).` with and without magic sets, on polyglotdb, on sql.js (SQLite's WITH RECURSIVE
 * as WASM) and in hand-written JavaScript (breadth-first search over arrays). Every answer is
 * counted against the JS answer before it is timed. The full closure is slow enough to be timed
 * once; the bound query takes the usual median.
 */
import initSqlJs from 'sql.js';
import { Database } from '../src/index.js';
import { datalogFrontEnd } from '../src/datalog/index.js';
import { EngineState, Session } from '../src/engine/session.js';
import { MemoryEngine } from '../src/storage/memory.js';
import { openStore } from '../src/storage/store.js';
import { measure, type Row } from './harness.js';

const NODES = 2_000;
const EDGES = 5_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function graph(): [number, number][] {
  const r = rng(1);
  const seen = new Set<string>();
  const edges: [number, number][] = [];
  while (edges.length < EDGES) {
    const a = Math.floor(r() * NODES);
    const b = Math.floor(r() * NODES);
    if (seen.has(`${a},${b}`)) continue;
    seen.add(`${a},${b}`);
    edges.push([a, b]);
  }
  return edges;
}

const RULES = 'tc(X, Y) :- edge(X, Y).  tc(X, Y) :- tc(X, Z), edge(Z, Y).';
const SQL_TC = 'WITH RECURSIVE tc(a, b) AS (SELECT a, b FROM edge UNION SELECT tc.a, edge.b FROM tc JOIN edge ON tc.b = edge.a)';

export async function benchDatalog(log: (s: string) => void): Promise<{ engines: string[]; rows: Row[] }> {
  const edges = graph();
  const adjacency: number[][] = Array.from({ length: NODES }, () => []);
  for (const [a, b] of edges) adjacency[a].push(b);
  const source = adjacency[17].length > 0 ? 17 : edges[0][0];
  const seen = new Int32Array(NODES).fill(-1);
  let stamp = 0;
  const bfs = (s: number): number => {
    const mark = stamp++;
    const queue: number[] = [];
    for (const x of adjacency[s]) if (seen[x] !== mark) (seen[x] = mark), queue.push(x);
    for (let i = 0; i < queue.length; i++) for (const w of adjacency[queue[i]]) if (seen[w] !== mark) (seen[w] = mark), queue.push(w);
    return queue.length;
  };
  log(`datalog: transitive closure of ${NODES} nodes, ${EDGES} edges; bound query from node ${source}; loading…`);

  const db = await Database.open();
  await db.datalog(edges.map(([a, b]) => `edge(${a}, ${b}).`).join('\n'));
  const store = await openStore(new MemoryEngine());
  const plain = new Session(store, new EngineState());
  const noMagic = datalogFrontEnd({ magicSets: false });
  await plain.run(noMagic, edges.map(([a, b]) => `edge(${a}, ${b}).`).join('\n'));
  const SQLite = await initSqlJs();
  const lite = new SQLite.Database();
  lite.exec(`CREATE TABLE edge(a INTEGER, b INTEGER, PRIMARY KEY (a, b)); INSERT INTO edge VALUES ${edges.map(([a, b]) => `(${a}, ${b})`).join(',')}`);
  const sqlCount = (sql: string) => Number(lite.exec(sql)[0].values[0][0]);

  const expectedAll = (() => {
    let n = 0;
    for (let s = 0; s < NODES; s++) n += bfs(s);
    return n;
  })();
  const expectedOne = bfs(source);
  const check = (engine: string, question: string, got: number, want: number) => {
    if (got !== want) throw new Error(`${engine} answered ${question} with ${got} rows, expected ${want}`);
  };

  const rows: Row[] = [];
  const once = async (fn: () => Promise<number> | number) => (await measure(fn, 1, 0)).medianMs;

  // Full closure: one timed run each (tens of seconds on small machines).
  check('polyglotdb', 'closure', (await db.datalog(`${RULES} ?- tc(X, Y).`)).rows.length, expectedAll);
  check('sql.js', 'closure', sqlCount(`${SQL_TC} SELECT count(*) FROM tc`), expectedAll);
  rows.push({
    question: `tc(X, Y): ${expectedAll} pairs`,
    times: {
      polyglotdb: await once(async () => (await db.datalog(`${RULES} ?- tc(X, Y).`)).rows.length),
      'sql.js': await once(() => sqlCount(`${SQL_TC} SELECT count(*) FROM tc`)),
      js: await once(() => {
        let n = 0;
        for (let s = 0; s < NODES; s++) n += bfs(s);
        return n;
      }),
    },
  });

  // Bound query: magic sets against the whole closure computed and filtered.
  const bound = `${RULES} ?- tc(${source}, Y).`;
  check('polyglotdb', 'bound', (await db.datalog(bound)).rows.length, expectedOne);
  const sqlBound = `WITH RECURSIVE r(b) AS (SELECT b FROM edge WHERE a = ${source} UNION SELECT edge.b FROM r JOIN edge ON r.b = edge.a) SELECT count(*) FROM r`;
  check('sql.js', 'bound', sqlCount(sqlBound), expectedOne);
  rows.push({
    question: `tc(${source}, Y) with magic sets: ${expectedOne} rows`,
    times: {
      polyglotdb: (await measure(async () => (await db.datalog(bound)).rows.length, 9, 2)).medianMs,
      'sql.js': (await measure(() => sqlCount(sqlBound), 9, 2)).medianMs,
      js: (await measure(() => bfs(source), 9, 2)).medianMs,
    },
  });
  rows.push({
    question: `tc(${source}, Y) without magic sets`,
    times: { polyglotdb: await once(async () => (await plain.run(noMagic, bound)).rows.length) },
  });
  await db.close();
  await store.close();
  lite.close();
  return { engines: ['polyglotdb', 'sql.js', 'js'], rows };
}
