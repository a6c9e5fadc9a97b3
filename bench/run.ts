/**
 * run.ts — `npm run bench`: every benchmark suite, polyglotdb beside its peers in one run,
 * printed as medians and ratios and saved to .bench-out/latest.json.
 *
 * Each suite runs in a child process of its own (JMH's fork rule): no suite is timed on the
 * heap, the JIT feedback or the native memory an earlier suite left behind. Measured, not
 * assumed: Datalog Q1 took 0.45–0.67× SQLite in a fresh process and 1.13–1.28× after the
 * SPARQL suite, whose peers (a WebAssembly store, an N3 store) kept ~110 MB reachable, which
 * every major collection of a JavaScript engine then marks and native SQLite never pays for.
 * The rule is the same for every engine: the engines of one suite share its process, and are
 * timed together there.
 *
 * BENCH_SUITES=table100k,datalog,workload selects suites (default: all; workload-sql,
 * workload-sparql and workload-datalog pick one part of the workload); BENCH_ENGINES and
 * BENCH_QUESTIONS select peers and questions within them; BENCH_SF and BENCH_SPARQL_SF
 * set the workload's scale factors; BENCH_FORK=0 runs every suite in this one process.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatalog } from './datalog.js';
import { printTable } from './harness.js';
import { benchTable100k } from './table100k.js';
import { benchWorkload, type SuiteResult } from './workload.js';

const SUITES = ['table100k', 'datalog', 'workload-sql', 'workload-sparql', 'workload-datalog'] as const;
type SuiteName = (typeof SUITES)[number];

/** Results by suite family, as saved in latest.json (the workload's parts in one list). */
interface Results {
  table100k?: Awaited<ReturnType<typeof benchTable100k>>;
  datalog?: Awaited<ReturnType<typeof benchDatalog>>;
  workload?: SuiteResult[];
}

const log = (s: string) => process.stdout.write(`${s}\n`);

/** chosen expands BENCH_SUITES ('workload' means its three parts) into suite names, in run order. */
function chosen(): SuiteName[] {
  const asked = process.env.BENCH_SUITES?.split(',').map((s) => s.trim());
  if (asked === undefined) return [...SUITES];
  const unknown = asked.filter((s) => s !== 'workload' && !(SUITES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`BENCH_SUITES: unknown suite ${unknown.join(', ')} (known: workload, ${SUITES.join(', ')})`);
  return SUITES.filter((s) => asked.includes(s) || (s.startsWith('workload-') && asked.includes('workload')));
}

/** runHere runs the suites in this process and prints each one's table as it finishes. */
async function runHere(names: SuiteName[]): Promise<Results> {
  const results: Results = {};
  if (names.includes('table100k')) {
    const t100k = await benchTable100k(log);
    results.table100k = t100k;
    log('');
    log(printTable('table100k — median ms per question (ratio < 1: polyglotdb faster)', t100k.engines, t100k.rows));
    for (const n of t100k.notes) log(`  note: ${n}`);
  }
  if (names.includes('datalog')) {
    const dl = await benchDatalog(log);
    results.datalog = dl;
    log('');
    log(printTable('datalog — ms (ratio < 1: polyglotdb faster)', dl.engines, dl.rows));
  }
  const parts = names.filter((s) => s.startsWith('workload-'));
  if (parts.length > 0) {
    const workload = await benchWorkload(log, (s) => parts.includes(s as SuiteName));
    results.workload = workload;
    for (const s of workload) {
      log('');
      log(printTable(`${s.title} — median ms (load: once; ratio < 1: polyglotdb faster)`, s.engines, s.rows));
      for (const n of s.notes) log(`  note: ${n}`);
    }
  }
  return results;
}

/** runForked runs each suite in a fresh node process with this one's flags, one after another. */
async function runForked(names: SuiteName[]): Promise<Results> {
  const dir = mkdtempSync(join(tmpdir(), 'polyglotdb-bench-'));
  const results: Results = {};
  try {
    for (const name of names) {
      const file = join(dir, `${name}.json`);
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [...process.execArgv, process.argv[1]], {
          stdio: 'inherit',
          env: { ...process.env, BENCH_SUITES: name, BENCH_RESULT_FILE: file },
        });
        child.on('error', reject);
        child.on('exit', (c, signal) => resolve(signal === null ? c : 1));
      });
      if (code !== 0) throw new Error(`bench suite ${name} failed (its process exited with ${code})`);
      const part = JSON.parse(readFileSync(file, 'utf8')) as Results;
      if (part.table100k) results.table100k = part.table100k;
      if (part.datalog) results.datalog = part.datalog;
      if (part.workload) results.workload = [...(results.workload ?? []), ...part.workload];
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const names = chosen();
const resultFile = process.env.BENCH_RESULT_FILE;
if (resultFile !== undefined) {
  // A forked suite: the parent collects what it measured.
  writeFileSync(resultFile, JSON.stringify(await runHere(names)));
} else {
  const results = process.env.BENCH_FORK === '0' ? await runHere(names) : await runForked(names);
  mkdirSync('.bench-out', { recursive: true });
  writeFileSync('.bench-out/latest.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2));
}
