/**
 * params.ts — parameter values as SQLite binds them, so every path of the one pipeline (a
 * generic comparison, a specialised kernel, an index range, a point get) sees the same value.
 *
 * SQLite binds NaN as NULL and a boolean as the integer 1 or 0; an integer given as a bigint
 * is an INTEGER. The store's values keep small integers as numbers (bigint only beyond ±2^53),
 * so an index never finds `7n` where it holds `7` while a scan's comparison says they are
 * equal. Binding once, before a run, is cheaper and surer than teaching every operator.
 */
import type { Params, Value } from '../common/values.js';

/** bindSqlParams returns `params` itself when every value is already as SQLite binds it. */
export function bindSqlParams(params: Params): Params {
  if (Array.isArray(params)) {
    const list = params as readonly Value[];
    for (let i = 0; i < list.length; i++) {
      if (sqlValue(list[i]) !== list[i]) return list.map(sqlValue);
    }
    return params;
  }
  const named = params as Readonly<Record<string, Value>>;
  for (const key of Object.keys(named)) {
    if (sqlValue(named[key]) !== named[key]) {
      const out: Record<string, Value> = {};
      for (const k of Object.keys(named)) out[k] = sqlValue(named[k]);
      return out;
    }
  }
  return params;
}

function sqlValue(v: Value): Value {
  switch (typeof v) {
    case 'number':
      return Number.isNaN(v) ? null : v;
    case 'boolean':
      return v ? 1 : 0;
    case 'bigint':
      return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
    default:
      return v;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
