#!/usr/bin/env node
/**
 * main.ts — the `polyglotdb` command: query, demo, generate (and, as they arrive, playground, load, compare).
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { Database } from '../engine/database.js';
import { PolyglotError } from '../common/errors.js';
import { formatResult, type OutputFormat } from './format.js';
import { runDemo } from './demo.js';
import { parseScaleFactor, parseSeed, writeWorkload } from './generate.js';
import { loadRdfFile, printSparql } from './sparql.js';

const program = new Command();
program.name('polyglotdb').description('One embedded database, five data models, one optimizer.').showHelpAfterError();

program
  .command('query')
  .description('run a query script and print the last statement’s result')
  .addOption(new Option('--lang <language>', 'query language').choices(['sql', 'datalog', 'sparql']).default('sql'))
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
  .option('-f, --file <file>', 'read the query text from a file (- for standard input)')
  .option('--db <dir>', 'a database directory (durable storage is not available yet)')
  .option('--load <file>', 'load an RDF file (.ttl, .nt, .nq, .trig) before the query; repeatable', (v: string, prev: string[]) => [...prev, v], [] as string[])
  .argument('[text]', 'the query text (none or -: read it from standard input)')
  .action(async (text: string | undefined, opts: { lang: 'sql' | 'datalog' | 'sparql'; format: OutputFormat; file?: string; db?: string; load?: string[] }) => {
    const source = queryText(text, opts.file);
    const db = await Database.open(opts.db ? { path: opts.db } : {});
    try {
      for (const f of opts.load ?? []) await loadRdfFile(db, f);
      if (opts.lang === 'sparql') {
        process.stdout.write(`${printSparql(await db.sparql(source), opts.format)}\n`);
        return;
      }
      const result = await db.query(opts.lang, source);
      process.stdout.write(`${formatResult(result, opts.format)}\n`);
    } finally {
      await db.close();
    }
  });

/**
 * queryText is the script `query` runs: the text argument, else the file, else standard input
 * (`-` as either names it) — so that `polyglotdb query < script.sql` and pipes work. A terminal
 * on standard input with nothing given is a usage mistake, not a prompt.
 */
function queryText(text: string | undefined, file: string | undefined): string {
  if (text !== undefined && file !== undefined) throw new PolyglotError('INVALID_ARGUMENT', 'give the query text or -f FILE, not both');
  const from = file ?? (text === undefined || text === '-' ? '-' : null);
  if (from === null) return text as string;
  if (from === '-' && process.stdin.isTTY) throw new PolyglotError('INVALID_ARGUMENT', 'give the query text, -f FILE, or a script on standard input');
  try {
    return readFileSync(from === '-' ? 0 : from, 'utf8');
  } catch (e) {
    throw new PolyglotError('INVALID_ARGUMENT', `cannot read ${from === '-' ? 'standard input' : from}: ${(e as Error).message}`);
  }
}

program
  .command('demo')
  .description('load a small bundled dataset and answer a few questions, with their plans')
  .action(async () => {
    await runDemo((line) => process.stdout.write(`${line}\n`));
  });

program
  .command('generate')
  .description('write the shared workload (people and places) as CSV, JSON lines, N-Triples and Datalog facts')
  .option('--sf <n>', 'scale factor (1 ≈ 10,000 persons)', parseScaleFactor, 1)
  .option('--seed <s>', 'random seed: the same seed gives the same data', parseSeed, 1)
  .requiredOption('--out <dir>', 'the directory to write into (created if missing)')
  .action((opts: { sf: number; seed: number; out: string }) => {
    for (const line of writeWorkload(opts)) process.stdout.write(`${line}\n`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof PolyglotError) {
    process.stderr.write(`error [${e.code}]: ${e.message}\n`);
  } else {
    process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exitCode = 1;
});
