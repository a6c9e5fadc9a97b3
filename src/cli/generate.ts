/**
 * generate.ts — `polyglotdb generate --sf N --seed S --out DIR`: the shared workload written
 * as files for every model — one CSV per table (with schema.sql), persons.jsonl and
 * locations.jsonl, workload.nt (N-Triples) and workload.dl (Datalog facts) — plus
 * questions.json, the seven questions with this data's parameters in every language.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { chooseParams, facts, generate, INDEX_DDL, locationDocuments, personDocuments, questions, TABLE_DDL, toCsv, toTables, triples } from '../workload/index.js';

/** writeLines streams lines to a file in large writes, so big scale factors never build one huge string. */
function writeLines(file: string, lines: Iterable<string>): number {
  const fd = openSync(file, 'w');
  let buffer: string[] = [];
  let size = 0;
  let count = 0;
  try {
    for (const line of lines) {
      buffer.push(line);
      size += line.length + 1;
      count++;
      if (size > 1 << 20) {
        writeSync(fd, `${buffer.join('\n')}\n`);
        buffer = [];
        size = 0;
      }
    }
    if (buffer.length) writeSync(fd, `${buffer.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  return count;
}

export interface GenerateOptions {
  sf: number;
  seed: number;
  out: string;
}

/** writeWorkload generates the workload and writes its files; returns the lines it printed. */
export function writeWorkload({ sf, seed, out }: GenerateOptions): string[] {
  const w = generate(sf, seed);
  mkdirSync(out, { recursive: true });
  const report: string[] = [];
  const file = (name: string) => path.join(out, name);
  writeLines(file('schema.sql'), [...TABLE_DDL, ...INDEX_DDL].map((s) => `${s};`));
  for (const t of toTables(w)) {
    writeLines(file(`${t.name}.csv`), [toCsv(t).replace(/\n$/, '')]);
    report.push(`${t.name}.csv: ${t.rows.length} rows`);
  }
  const json = (docs: object[]) => docs.map((d) => JSON.stringify(d));
  report.push(`persons.jsonl: ${writeLines(file('persons.jsonl'), json(personDocuments(w)))} documents`);
  report.push(`locations.jsonl: ${writeLines(file('locations.jsonl'), json(locationDocuments(w)))} documents`);
  report.push(`workload.nt: ${writeLines(file('workload.nt'), triples(w))} triples`);
  report.push(`workload.dl: ${writeLines(file('workload.dl'), facts(w))} facts`);
  const params = chooseParams(w);
  writeLines(file('questions.json'), [JSON.stringify({ sf, seed, params, questions: questions(params) }, null, 2)]);
  report.push('questions.json: the seven questions with their parameters');
  return [`workload SF ${sf}, seed ${seed} → ${out}`, ...report.map((r) => `  ${r}`)];
}

/** parseScaleFactor and parseSeed validate the command's numeric options. */
export function parseScaleFactor(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('the scale factor must be a positive number (SF 1 ≈ 10,000 persons).');
  return n;
}

export function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('the seed must be an integer from 0 to 4294967295.');
  return n;
}
