/**
 * format.ts — rendering results for the terminal: a table, JSON or CSV.
 */
import Table from 'cli-table3';
import type { Value } from '../common/values.js';
import type { ResultSet } from '../engine/result.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/** displayValue renders one value for people (tables and CSV). */
export function displayValue(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
  if (Array.isArray(v) || v instanceof Map) return JSON.stringify(jsonValue(v));
  return String(v);
}

/** jsonValue converts a value to plain JSON data (bigints beyond 2^53 become strings so no digit is lost). */
export function jsonValue(v: Value): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) Object.defineProperty(o, k, { value: jsonValue(x), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** formatResult renders a result in the requested format. */
export function formatResult(result: ResultSet, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ columns: result.columns, rows: result.rows.map((r) => r.map(jsonValue)) });
    case 'csv':
      return [result.columns.map(csvField).join(','), ...result.rows.map((r) => r.map((v) => (v === null ? '' : csvField(displayValue(v)))).join(','))].join('\r\n');
    case 'table': {
      if (result.columns.length === 0) return result.rowsAffected !== null ? `${result.rowsAffected} row${result.rowsAffected === 1 ? '' : 's'} affected` : 'ok';
      const table = new Table({ head: result.columns, style: { head: [], border: [] } });
      for (const r of result.rows) table.push(r.map(displayValue));
      return `${table.toString()}\n(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
    }
  }
}
