/**
 * window-generator.ts — seeded random queries with window functions over the differential
 * tables (generator.ts: small integer ranges, so ties; 15% NULLs), for the SQLite comparison.
 *
 * Answers must be deterministic, so functions that depend on the order among peers
 * (ROW_NUMBER, NTILE, LAG/LEAD, the value functions, GROUP_CONCAT, ROWS frames) get a total
 * window order (`id` as the last key); functions that only see peer groups (RANK, CUME_DIST,
 * order-insensitive aggregates over RANGE/GROUPS frames) keep the ties, which tests peers.
 */
import { predicate, TABLES, type Random, type Table } from './generator.js';

interface WindowShape {
  partition: string[];
  order: string[];
  /** The ORDER BY makes rows unique (ends with id). */
  total: boolean;
}

const PEER_FUNCTIONS = ['rank()', 'dense_rank()', 'percent_rank()', 'cume_dist()'];
const INSENSITIVE_AGGREGATES = ['sum', 'count', 'min', 'max', 'avg', 'total'];

function column(r: Random, t: Table): string {
  return r.pick(['id', ...t.ints]);
}

function shape(r: Random, t: Table, total: boolean): WindowShape {
  const partition: string[] = [];
  const p = r.int(0, 4);
  if (p >= 2) partition.push(r.pick(t.ints));
  if (p === 3) partition.push(r.pick(t.ints));
  if (p === 4) partition.push(`${r.pick(t.ints)} % 3`);
  const order: string[] = [];
  for (let i = r.int(total ? 0 : 1, 2); i > 0; i--) {
    const dir = r.pick(['', ' DESC', ' ASC']);
    const nulls = r.pick(['', '', ' NULLS FIRST', ' NULLS LAST']);
    order.push(`${r.pick(t.ints)}${dir}${nulls}`);
  }
  if (total) order.push(`id${r.pick(['', ' DESC'])}`);
  return { partition, order, total };
}

function over(s: WindowShape, frame = ''): string {
  const parts: string[] = [];
  if (s.partition.length) parts.push(`PARTITION BY ${s.partition.join(', ')}`);
  if (s.order.length) parts.push(`ORDER BY ${s.order.join(', ')}`);
  if (frame) parts.push(frame);
  return `(${parts.join(' ')})`;
}

function offset(r: Random): string {
  return String(r.int(0, 3));
}

/** frame returns a valid frame clause for `units`, sometimes with EXCLUDE. */
function frame(r: Random, units: 'ROWS' | 'RANGE' | 'GROUPS', offsets: boolean): string {
  const bounds = offsets
    ? [`UNBOUNDED PRECEDING`, `${offset(r)} PRECEDING`, 'CURRENT ROW', `${offset(r)} FOLLOWING`, 'UNBOUNDED FOLLOWING']
    : ['UNBOUNDED PRECEDING', 'CURRENT ROW', 'UNBOUNDED FOLLOWING'];
  const start = r.int(0, bounds.length - 2);
  const end = r.int(Math.max(start, 1), bounds.length - 1);
  const exclude = r.chance(0.2) ? ` EXCLUDE ${r.pick(['CURRENT ROW', 'GROUP', 'TIES', 'NO OTHERS'])}` : '';
  return `${units} BETWEEN ${bounds[start]} AND ${bounds[end]}${exclude}`;
}

/** windowCall returns one window function call over table `t`. */
function windowCall(r: Random, t: Table): string {
  const kind = r.int(0, 9);
  const filter = (): string => (r.chance(0.2) ? ` FILTER (WHERE ${predicate(r, [{ alias: t.name, table: t }], 2)})` : '');
  switch (kind) {
    case 0:
      return `${r.pick(PEER_FUNCTIONS)} OVER ${over(shape(r, t, false))}`;
    case 1:
      return `${r.pick(['row_number()', `ntile(${r.int(1, 9)})`])} OVER ${over(shape(r, t, true))}`;
    case 2: {
      const fn = r.pick(['lag', 'lead']);
      // Offsets stay non-negative: SQLite's LAG(x, -n) is LEAD(x, n) only for n = 1.
      const args = [column(r, t)];
      if (r.chance(0.6)) {
        args.push(String(r.int(0, 4)));
        if (r.chance(0.5)) args.push(r.chance(0.3) ? 'NULL' : String(r.int(-9, 9)));
      }
      return `${fn}(${args.join(', ')}) OVER ${over(shape(r, t, true))}`;
    }
    case 3: {
      const fn = r.pick([`first_value(${column(r, t)})`, `last_value(${column(r, t)})`, `nth_value(${column(r, t)}, ${r.int(1, 4)})`]);
      const s = shape(r, t, true);
      return `${fn} OVER ${over(s, r.chance(0.6) ? frame(r, r.pick(['ROWS', 'GROUPS']), true) : '')}`;
    }
    case 4:
    case 5: {
      // Order-insensitive aggregates over any frame: ties allowed.
      const s = shape(r, t, r.chance(0.4));
      const fn = r.pick(INSENSITIVE_AGGREGATES);
      const arg = fn === 'count' && r.chance(0.3) ? '*' : column(r, t);
      const units = r.pick(['ROWS', 'RANGE', 'GROUPS'] as const);
      const rowsNeedTotal = units === 'ROWS' && !s.total;
      const f = r.chance(0.7) && s.order.length && !rowsNeedTotal ? frame(r, units, units !== 'RANGE' || s.order.length === 1) : '';
      return `${fn}(${arg})${filter()} OVER ${over(s, f)}`;
    }
    case 6: {
      // RANGE with offsets over one numeric key.
      const key = `${r.pick(t.ints)}${r.pick(['', ' DESC'])}${r.pick(['', ' NULLS FIRST', ' NULLS LAST'])}`;
      const s: WindowShape = { partition: r.chance(0.5) ? [r.pick(t.ints)] : [], order: [key], total: false };
      return `${r.pick(INSENSITIVE_AGGREGATES)}(${column(r, t)})${filter()} OVER ${over(s, frame(r, 'RANGE', true))}`;
    }
    case 7: {
      const s = shape(r, t, true);
      const sep = r.chance(0.5) ? `, '${r.pick(['-', '/', ''])}'` : '';
      const text = t.texts.length ? r.pick(t.texts) : column(r, t);
      return `group_concat(${text}${sep})${filter()} OVER ${over(s, r.chance(0.5) ? frame(r, 'ROWS', true) : '')}`;
    }
    case 8:
      return `(${r.pick(PEER_FUNCTIONS.slice(0, 2))} OVER ${over(shape(r, t, false))} ${r.pick(['*', '+', '-'])} ${r.int(1, 10)})`;
    default:
      return `coalesce(${r.pick(['lag', 'lead'])}(${column(r, t)}) OVER ${over(shape(r, t, true))}, ${r.int(-3, 3)})`;
  }
}

/** windowQuery generates one SELECT with window functions (answers compare as bags keyed by id). */
export function windowQuery(r: Random): string {
  const t = r.pick(TABLES);
  const where = r.chance(0.3) ? ` WHERE ${predicate(r, [{ alias: t.name, table: t }], 1)}` : '';
  const calls = Array.from({ length: r.int(1, 3) }, () => windowCall(r, t));
  if (r.chance(0.15)) {
    // Over grouped rows: the window keys are the group column and aggregates.
    const g = r.pick(t.ints);
    const agg = r.pick([`sum(${r.pick(t.ints)})`, 'count(*)', `max(${r.pick(t.ints)})`]);
    const w = r.pick([
      `rank() OVER (ORDER BY ${agg})`,
      `sum(${agg}) OVER (ORDER BY ${g})`,
      `row_number() OVER (ORDER BY ${g})`,
      `lag(${agg}) OVER (ORDER BY ${g})`,
      `count(*) OVER ()`,
    ]);
    return `SELECT ${g}, ${agg}, ${w} FROM ${t.name}${where} GROUP BY ${g}`;
  }
  if (r.chance(0.15)) {
    // A filter over a windowed derived table: on the partition key (pushed down) or on a window column.
    const key = r.pick(t.ints);
    const test = r.chance(0.5) ? `${key} ${r.pick(['=', '>', '<>'])} ${r.int(-2, 8)}` : `w ${r.pick(['=', '<=', '>'])} ${r.int(1, 3)}`;
    return `SELECT * FROM (SELECT id, ${key}, rank() OVER (PARTITION BY ${key} ORDER BY ${r.pick(t.ints)}) AS w FROM ${t.name}${where}) WHERE ${test}`;
  }
  return `SELECT id, ${calls.join(', ')} FROM ${t.name}${where}`;
}
