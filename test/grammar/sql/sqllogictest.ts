/**
 * sqllogictest.ts — reads the SQL of sqllogictest scripts (format: conformance/README.md §4,
 * upstream about.wiki) as the SQL front end's corpus: every `statement ok` and `query`
 * record an engine acting as SQLite would run.
 *
 * Records are separated by blank lines; `#` lines are comments; `skipif <db>` / `onlyif <db>`
 * before a record skip it unless it is meant for sqlite; `halt` ends a script (never reached
 * by sqlite in the staged files, but honoured). A record's SQL is the lines after its header
 * up to `----` or a blank line. One trailing `\r` per line is stripped (CRLF scripts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SqlRecord {
  /** Script path relative to the suite root. */
  file: string;
  /** 1-based line of the record's header. */
  line: number;
  kind: 'statement' | 'query';
  sql: string;
}

/** Every `.test` file under `dir`, sorted. */
export function scriptFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...scriptFiles(path, `${prefix}${name}/`));
    else if (name.endsWith('.test')) out.push(`${prefix}${name}`);
  }
  return out;
}

/** The SQL records of one script that sqlite runs and must accept. */
export function sqlRecords(root: string, file: string): SqlRecord[] {
  const lines = readFileSync(join(root, file), 'utf8')
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const out: SqlRecord[] = [];
  let skip = false;
  let i = 0;
  while (i < lines.length) {
    const l = lines[i];
    if (l.trim() === '') {
      skip = false;
      i++;
      continue;
    }
    if (l.startsWith('#')) {
      i++;
      continue;
    }
    const words = l.trim().split(/\s+/);
    const [head, arg] = words;
    if (head === 'skipif' || head === 'onlyif') {
      if ((head === 'skipif' && arg === 'sqlite') || (head === 'onlyif' && arg !== 'sqlite')) skip = true;
      i++;
      continue;
    }
    if (head === 'halt') {
      if (!skip) break;
      i++;
      continue;
    }
    if ((head === 'statement' && arg === 'ok') || head === 'query') {
      const start = i + 1;
      i++;
      const sql: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && lines[i] !== '----') sql.push(lines[i++]);
      if (!skip) out.push({ file, line: start, kind: head === 'query' ? 'query' : 'statement', sql: sql.join('\n') });
    }
    // Skip the rest of the record (expected results, or a statement that must fail).
    while (i < lines.length && lines[i].trim() !== '') i++;
    skip = false;
  }
  return out;
}
