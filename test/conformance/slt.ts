/**
 * slt.ts — a sqllogictest runner (format: ../shared/conformance/sqllogictest/about.wiki and the
 * conformance README, section 4) over polyglotdb's public API.
 *
 * The expected answers are SQLite's, so the runner acts as `sqlite` (and `polyglotdb`) for
 * skipif/onlyif. Values are rendered by the record's column types as SQLite's reference runner
 * renders them: I as an integer, R with three decimals, T as text with "(empty)" for ''.
 */
import { createHash } from 'node:crypto';
import { Database } from '../../src/index.js';
import type { Value } from '../../src/index.js';
import type { PolyglotError } from '../../src/common/errors.js';

export interface SltRecord {
  kind: 'statement' | 'query';
  line: number;
  sql: string;
  /** statement: whether it must fail. */
  expectError?: boolean;
  types?: string;
  sort?: 'nosort' | 'rowsort' | 'valuesort';
  expected?: string[];
  /** The expected result as "N values hashing to H". */
  hash?: { count: number; md5: string };
}

const ENGINE_NAMES = new Set(['sqlite', 'polyglotdb']);

/** parseSlt reads a script into the records that apply to this engine. */
export function parseSlt(text: string): SltRecord[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: SltRecord[] = [];
  let i = 0;
  let skip = false;
  let threshold = 0;
  while (i < lines.length) {
    const line = lines[i];
    const words = line.trim().split(/\s+/);
    if (line.trim() === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    if (words[0] === 'skipif') {
      if (ENGINE_NAMES.has(words[1])) skip = true;
      i++;
      continue;
    }
    if (words[0] === 'onlyif') {
      if (!ENGINE_NAMES.has(words[1])) skip = true;
      i++;
      continue;
    }
    if (words[0] === 'halt') {
      if (!skip) break;
      skip = false;
      i++;
      continue;
    }
    if (words[0] === 'hash-threshold') {
      threshold = Number(words[1]);
      i++;
      continue;
    }
    const start = i + 1;
    if (words[0] === 'statement') {
      i++;
      const sql: string[] = [];
      while (i < lines.length && lines[i].trim() !== '') sql.push(lines[i++]);
      if (!skip) out.push({ kind: 'statement', line: start, sql: sql.join('\n'), expectError: words[1] === 'error' });
      skip = false;
      continue;
    }
    if (words[0] === 'query') {
      i++;
      const sql: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && lines[i] !== '----') sql.push(lines[i++]);
      const expected: string[] = [];
      if (lines[i] === '----') {
        i++;
        while (i < lines.length && lines[i].trim() !== '') expected.push(lines[i++]);
      }
      if (!skip) {
        const m = expected.length === 1 ? /^(\d+) values hashing to ([0-9a-f]{32})$/.exec(expected[0]) : null;
        out.push({
          kind: 'query',
          line: start,
          sql: sql.join('\n'),
          types: words[1],
          sort: (words[2] as SltRecord['sort']) ?? 'nosort',
          expected: m ? undefined : expected,
          hash: m ? { count: Number(m[1]), md5: m[2] } : undefined,
        });
      }
      skip = false;
      void threshold;
      continue;
    }
    // Unknown directive: skip the record.
    while (i < lines.length && lines[i].trim() !== '') i++;
    skip = false;
  }
  return out;
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(v);
    return m ? Number(m[0]) : 0;
  }
  return 0;
}

/** render formats one value for a column of type I, R or T. */
export function render(v: Value, type: string): string {
  if (v === null) return 'NULL';
  switch (type) {
    case 'I': {
      if (typeof v === 'bigint') return v.toString();
      const n = toNumber(v);
      return String(Math.trunc(n));
    }
    case 'R':
      return formatR(toNumber(v));
    default: {
      let s: string;
      if (typeof v === 'boolean') s = v ? '1' : '0';
      else if (typeof v === 'number') s = Number.isInteger(v) ? String(v) : formatReal(v);
      else if (v instanceof Uint8Array) s = new TextDecoder().decode(v);
      else s = String(v);
      if (s === '') return '(empty)';
      return s.replace(/[^\x20-\x7e]/g, '@');
    }
  }
}

/** formatR is printf("%.3f") as SQLite's own printf does it: at most 16 significant digits. */
function formatR(v: number): string {
  if (!Number.isFinite(v) || Math.abs(v) < 1e16) return v.toFixed(3);
  const [mantissa, exponent] = v.toExponential(15).split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const e = Number(exponent);
  return `${negative ? '-' : ''}${digits.padEnd(e + 1, '0')}.000`;
}

function formatReal(v: number): string {
  const s = v.toPrecision(15).replace(/\.?0+$/, '').replace(/\.?0+e/, 'e');
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

export interface SltOutcome {
  record: SltRecord;
  passed: boolean;
  detail?: string;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** flatten is rows.flat() without its cost (several times slower on millions of values). */
function flatten(rows: string[][]): string[] {
  const out: string[] = [];
  for (const row of rows) for (const v of row) out.push(v);
  return out;
}

/** runSlt runs a script's records on a fresh database and reports each record's outcome. */
export async function runSlt(text: string): Promise<SltOutcome[]> {
  const records = parseSlt(text);
  const db = await Database.open();
  const outcomes: SltOutcome[] = [];
  try {
    for (const r of records) {
      if (r.kind === 'statement') {
        try {
          await db.sql(r.sql, [], { timeoutMs: 30_000 });
          outcomes.push({ record: r, passed: !r.expectError, detail: r.expectError ? 'succeeded, expected an error' : undefined });
        } catch (e) {
          outcomes.push({ record: r, passed: Boolean(r.expectError), detail: r.expectError ? undefined : (e as Error).message });
        }
        continue;
      }
      let rows: Value[][];
      try {
        rows = (await db.sql(r.sql, [], { timeoutMs: 30_000 })).rows;
      } catch (e) {
        // SQLite's reference runner fails a query only when it does not prepare; an error while
        // stepping (e.g. sum()'s "integer overflow") just ends the result. Runtime errors are
        // our stepping errors; db.sql returns no rows with them, so the result counts as empty
        // (stricter than SQLite's rows-before-the-error: it can only fail more records).
        if ((e as PolyglotError).code !== 'RUNTIME_ERROR') {
          outcomes.push({ record: r, passed: false, detail: `error: ${(e as Error).message}` });
          continue;
        }
        rows = [];
      }
      const types = r.types ?? '';
      let rendered = rows.map((row) => row.map((v, i) => render(v, types[i] ?? 'T')));
      if (rows.length && rows[0].length !== types.length) {
        outcomes.push({ record: r, passed: false, detail: `expected ${types.length} columns, got ${rows[0].length}` });
        continue;
      }
      let values: string[];
      if (r.sort === 'rowsort') {
        rendered = rendered.sort((a, b) => {
          for (let i = 0; i < a.length; i++) {
            const c = compareStrings(a[i], b[i]);
            if (c) return c;
          }
          return 0;
        });
        values = flatten(rendered);
      } else if (r.sort === 'valuesort') values = flatten(rendered).sort(); // strings: code-unit order, as compareStrings
      else values = flatten(rendered);
      if (r.hash) {
        const md5 = createHash('md5').update(values.length ? `${values.join('\n')}\n` : '').digest('hex');
        const ok = values.length === r.hash.count && md5 === r.hash.md5;
        outcomes.push({ record: r, passed: ok, detail: ok ? undefined : `${values.length} values hashing to ${md5}` });
      } else {
        const ok = values.length === (r.expected ?? []).length && values.every((v, i) => v === (r.expected ?? [])[i]);
        outcomes.push({ record: r, passed: ok, detail: ok ? undefined : `got ${values.slice(0, 12).join(' ')}` });
      }
    }
  } finally {
    await db.close();
  }
  return outcomes;
}
