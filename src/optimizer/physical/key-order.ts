/**
 * key-order.ts — whether reading a key (the primary key, or an index's columns then the primary
 * key) in stored order, forwards or backwards, yields a scan's rows in an ORDER BY's order.
 *
 * Keys on columns the filter fixes to one value order nothing, nor do keys after the primary key's
 * columns are all ordered by (no two rows tie on them). A key column fixed by the filter is
 * skipped in the stored order too: `WHERE b = 3 ORDER BY a` is served by an index on (b, a).
 */
import { columnsUsed, conjuncts, isDeterministic, type Expr } from '../../algebra/expr.js';
import { followsKeyOrder, lookupFunction } from '../../algebra/functions/registry.js';
import type { Scan, SortKey } from '../../algebra/logical.js';
import { EXACT_COMPARISONS } from './access-path.js';

/** A key read in stored order: its columns' positions and their stored directions. */
export interface StoredOrder {
  readonly columns: readonly number[];
  readonly descending: readonly boolean[];
}

/** primaryKeyOrder is the order of a scan's primary key (ascending), null when rows have a hidden row id. */
export function primaryKeyOrder(scan: Scan): StoredOrder | null {
  const pk = scan.relation.primaryKey;
  return pk === null ? null : { columns: pk, descending: pk.map(() => false) };
}

/** indexOrder is the order of an index's entries: its columns, then the primary key's (ascending), which break its ties. */
export function indexOrder(scan: Scan, index: { columns: readonly number[]; descending: readonly boolean[] }): StoredOrder {
  const pk = scan.relation.primaryKey ?? [];
  return { columns: [...index.columns, ...pk], descending: [...index.descending, ...pk.map(() => false)] };
}

/**
 * readDirection tells how to read `order` so rows come out ordered by `keys`: false forwards,
 * true backwards, null when neither does. `fixed`: positions every row read holds one value of.
 * A key must name a column whose ordering follows the key order for its type; an ordered one
 * must put NULLs at the low end of its direction, where the key order keeps them.
 */
export function readDirection(scan: Scan, keys: readonly SortKey[], order: StoredOrder, fixed: ReadonlySet<number>): boolean | null {
  const position = new Map(scan.schema.map((c, i) => [c.id, i]));
  const pk = scan.relation.primaryKey ?? [];
  const ordered = new Set(fixed);
  let backwards: boolean | null = null;
  let next = 0;
  for (const k of keys) {
    if (pk.length > 0 && pk.every((p) => ordered.has(p))) break;
    const pos = k.expr.kind === 'column' ? position.get(k.expr.id) : undefined;
    if (pos === undefined || !followsKeyOrder(k.ordering, scan.schema[pos].type)) return null;
    // Rows tied on the keys before this one hold one value of this column.
    if (ordered.has(pos)) continue;
    if (k.nullsFirst === k.descending) return null;
    while (next < order.columns.length && ordered.has(order.columns[next])) next++;
    if (next === order.columns.length || order.columns[next] !== pos) return null;
    const flipped = k.descending !== order.descending[next];
    backwards ??= flipped;
    if (flipped !== backwards) return null;
    ordered.add(pos);
    next++;
  }
  return backwards ?? false;
}

/**
 * fixedColumns lists the positions of the scan's columns a conjunct of `predicate` equates with a
 * constant by a comparison that the key order decides exactly (EXACT_COMPARISONS): the rows
 * passing it hold values that tie in every ordering following the key order.
 */
export function fixedColumns(scan: Scan, predicate: Expr | null): Set<number> {
  const position = new Map(scan.schema.map((c, i) => [c.id, i]));
  const out = new Set<number>();
  const constant = (x: Expr) => columnsUsed(x).size === 0 && isDeterministic(x);
  for (const e of predicate === null ? [] : conjuncts(predicate)) {
    if (e.kind !== 'call' || e.args.length !== 2 || !EXACT_COMPARISONS.has(e.fn) || lookupFunction(e.fn).comparison !== 'eq') continue;
    const [x, y] = e.args;
    const pos = x.kind === 'column' && constant(y) ? position.get(x.id) : y.kind === 'column' && constant(x) ? position.get(y.id) : undefined;
    if (pos !== undefined) out.add(pos);
  }
  return out;
}
