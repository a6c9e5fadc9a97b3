/**
 * sql-ordered.ts — aggregates over ordered input: `group_concat(x, ',' ORDER BY y DESC)`,
 * `string_agg`, `json_group_array(x ORDER BY y)` (SQLite 3.44+, PostgreSQL). The ordered form
 * of an aggregate takes a constant describing the sort (how many arguments are the inner's,
 * and each key's direction and NULL placement), then the inner aggregate's arguments, then the
 * sort keys. With DISTINCT, equal argument rows are dropped after sorting. It keeps each row's arguments and keys, and at the end sorts them (stably, so
 * equal keys keep the input order) and folds them through the inner aggregate.
 */
import type { Value } from '../../common/values.js';
import { aggregateDefined, defineAggregate, lookupAggregate } from './registry.js';
import { sqlCompare } from './sql-values.js';

/** orderedSpec writes the constant argument describing an ordered aggregate's sort. */
export function orderedSpec(innerArgs: number, distinct: boolean, keys: readonly { descending: boolean; nullsFirst: boolean }[]): string {
  return `${innerArgs}${distinct ? 'D' : ''}|${keys.map((k) => (k.descending ? 'd' : 'a') + (k.nullsFirst ? 'f' : 'l')).join('')}`;
}

/** distinctKey is a text standing for a row of argument values: equal rows (SQL's IS NOT DISTINCT) give equal keys. */
function distinctKey(values: readonly Value[]): string {
  let out = '';
  for (const v of values) {
    if (v === null) out += 'n\u0000';
    else if (v instanceof Uint8Array) out += `b${Array.from(v, (x) => x.toString(16).padStart(2, '0')).join('')}\u0000`;
    else if (typeof v === 'string') out += `s${v}\u0000`;
    else out += `#${typeof v === 'boolean' ? Number(v) : String(v)}\u0000`;
  }
  return out;
}

/** orderedAggregate is the id of the ordered form of aggregate `inner`, defined on first use. */
export function orderedAggregate(inner: string): string {
  const id = `${inner}.ordered`;
  if (aggregateDefined(id)) return id;
  const def = lookupAggregate(inner);
  defineAggregate({
    id,
    minArgs: def.minArgs + 1,
    maxArgs: Infinity,
    returnType: (types) => def.returnType(types.slice(1)),
    // The first argument is the sort description; the inner aggregate's NULL skipping is done here.
    skipNulls: false,
    init: (): Value[][] => [],
    step: (state, args) => {
      const rows = state as Value[][];
      if (!def.skipNulls || args[1] !== null) rows.push(args.slice());
      return rows;
    },
    final: (state) => {
      const rows = state as Value[][];
      let acc = def.init();
      if (rows.length === 0) return def.final(acc);
      const spec = String(rows[0][0]);
      const bar = spec.indexOf('|');
      const distinct = spec[bar - 1] === 'D';
      const n = Number.parseInt(spec, 10);
      const dirs = spec.slice(bar + 1);
      const order = rows.map((_, i) => i);
      order.sort((x, y) => {
        for (let k = 0; k < dirs.length / 2; k++) {
          const a = rows[x][1 + n + k];
          const b = rows[y][1 + n + k];
          let c: number;
          if (a === null || b === null) c = a === b ? 0 : (a === null) === (dirs[2 * k + 1] === 'f') ? -1 : 1;
          else c = dirs[2 * k] === 'd' ? sqlCompare(b, a) : sqlCompare(a, b);
          if (c !== 0) return c;
        }
        return x - y;
      });
      // DISTINCT keeps the first of equal argument rows in the sorted order (SQLite).
      const seen = distinct ? new Set<string>() : null;
      for (const i of order) {
        const args = rows[i].slice(1, 1 + n);
        if (seen !== null) {
          const k = distinctKey(args);
          if (seen.has(k)) continue;
          seen.add(k);
        }
        acc = def.step(acc, args);
      }
      return def.final(acc);
    },
  });
  return id;
}
