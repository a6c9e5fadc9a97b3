/**
 * run.ts — `npm run bench`: every benchmark suite, polyglotdb beside its peers in one run,
 * printed as medians and ratios and saved to .bench-out/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchDatalog } from './datalog.js';
import { printTable } from './harness.js';
import { benchTable100k } from './table100k.js';

const log = (s: string) => process.stdout.write(`${s}\n`);

const results: Record<string, unknown> = {};
const t100k = await benchTable100k(log);
results.table100k = t100k;
log('');
log(printTable('table100k — median ms per question (ratio < 1: polyglotdb faster)', t100k.engines, t100k.rows));

const dl = await benchDatalog(log);
results.datalog = dl;
log('');
log(printTable('datalog — ms (ratio < 1: polyglotdb faster)', dl.engines, dl.rows));

mkdirSync('.bench-out', { recursive: true });
writeFileSync('.bench-out/latest.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2));
