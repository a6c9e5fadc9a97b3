/**
 * equivalence.ts — the classes of columns an inner join's equalities make equal.
 *
 * A conjunction `a = b AND a = c` of an equality function (registry `equality`: true means
 * both sides are equal non-null values, the hash join's equality) also means `b = c`: the
 * columns form one class, and any set of equalities connecting its members says the same. A
 * join orderer that only sees the equalities as written cannot join b's input with c's first
 * (no predicate links them), and one that joins them last puts both `a = b` and `a = c` on
 * that join — two hash keys, or a probe keyed by neither (SPARQL equates every occurrence of
 * a variable with its first). Classes let it link any two members' inputs by one equality.
 * Equalities of different functions never share a class (SQL's `=` and the core `eq` are not
 * known to agree on values of different kinds).
 */
import type { ColumnRef, Expr } from '../algebra/expr.js';
import { lookupFunction } from '../algebra/functions/registry.js';

export interface EquivalenceClass {
  /** The equality function of every member equality. */
  readonly fn: string;
  /** The members, in order of first appearance. */
  readonly columns: readonly ColumnRef[];
  /** The written equalities that made the class. */
  readonly equalities: readonly Expr[];
}

/**
 * equivalenceClasses splits `conditions` into classes — from equalities of two columns of
 * different inputs (`owner`: column id → input) — and the rest, in their order.
 */
export function equivalenceClasses(conditions: readonly Expr[], owner: ReadonlyMap<number, number>): { classes: EquivalenceClass[]; rest: Expr[] } {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    parent.set(x, r);
    return r;
  };
  const refs = new Map<string, ColumnRef>();
  const joined: { expr: Expr; node: string }[] = [];
  const rest: Expr[] = [];
  for (const e of conditions) {
    if (e.kind === 'call' && e.args.length === 2 && lookupFunction(e.fn).equality) {
      const [x, y] = e.args;
      if (x.kind === 'column' && y.kind === 'column' && owner.has(x.id) && owner.has(y.id) && owner.get(x.id) !== owner.get(y.id)) {
        // Nodes are (function, column): a column equated by two functions is in two classes.
        const nx = `${e.fn} ${x.id}`;
        const ny = `${e.fn} ${y.id}`;
        refs.set(nx, x);
        refs.set(ny, y);
        if (!parent.has(nx)) parent.set(nx, nx);
        if (!parent.has(ny)) parent.set(ny, ny);
        parent.set(find(nx), find(ny));
        joined.push({ expr: e, node: nx });
        continue;
      }
    }
    rest.push(e);
  }
  const byRoot = new Map<string, { fn: string; columns: ColumnRef[]; equalities: Expr[] }>();
  for (const [node, ref] of refs) {
    const root = find(node);
    let c = byRoot.get(root);
    if (c === undefined) byRoot.set(root, (c = { fn: node.slice(0, node.indexOf(' ')), columns: [], equalities: [] }));
    c.columns.push(ref);
  }
  for (const { expr, node } of joined) (byRoot.get(find(node)) as { equalities: Expr[] }).equalities.push(expr);
  return { classes: [...byRoot.values()], rest };
}
