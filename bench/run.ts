/**
 * run.ts — `npm run bench`: every benchmark suite, polyglotdb beside its peers in one run,
 * printed as medians and ratios and saved to .bench-out/latest.json.
 *
 * BENCH_SUITES=table100k,datalog,workload selects suites (default: all; workload-sql,
 * workload-sparql and workload-datalog pick one part of the workload); BENCH_ENGINES and
 * BENCH_QUESTIONS select peers and questions within them; BENCH_SF and BENCH_SPARQL_SF
 * set the workload's scale factors.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchDatalog } from './datalog.js';
import { printTable } from './harness.js';
import { benchTable100k } from './table100k.js';
import { benchWorkload } from './workload.js';

const log = (s: string) => process.stdout.write(`${s}\n`);
const suites = process.env.BENCH_SUITES?.split(',');
const want = (name: string) => suites === undefined || suites.includes(name);

const results: Record<string, unknown> = {};
if (want('table100k')) {
  const t100k = await benchTable100k(log);
  results.table100k = t100k;
  log('');
  log(printTable('table100k — median ms per question (ratio < 1: polyglotdb faster)', t100k.engines, t100k.rows));
  for (const n of t100k.notes) log(`  note: ${n}`);
}

if (want('datalog')) {
  const dl = await benchDatalog(log);
  results.datalog = dl;
  log('');
  log(printTable('datalog — ms (ratio < 1: polyglotdb faster)', dl.engines, dl.rows));
}

if (suites === undefined || suites.some((s) => s.startsWith('workload'))) {
  const workload = await benchWorkload(log, want);
  results.workload = workload;
  for (const s of workload) {
    log('');
    log(printTable(`${s.title} — median ms (load: once; ratio < 1: polyglotdb faster)`, s.engines, s.rows));
    for (const n of s.notes) log(`  note: ${n}`);
  }
}

mkdirSync('.bench-out', { recursive: true });
writeFileSync('.bench-out/latest.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2));
