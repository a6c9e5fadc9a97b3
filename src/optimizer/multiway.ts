/**
 * multiway.ts — which inner joins a multiway (worst-case-optimal) join serves, and its variables.
 *
 * A join whose equalities between inputs form a cycle (a triangle of edges, a square…) makes
 * every binary plan materialize an intermediate result that the cycle's last condition mostly
 * discards: the triangle's two-hop paths. A multiway join binds one join variable at a time by
 * intersecting the inputs that hold it instead (executor/operators/multiway-join.ts). For
 * acyclic joins binary plans are already good (each join can be ordered to shrink), so only
 * cyclic ones are offered; order-joins.ts weighs the offer against the best binary plan.
 */
import type { Column } from '../algebra/columns.js';
import type { Expr } from '../algebra/expr.js';
import { lookupFunction } from '../algebra/functions/registry.js';
import type { Plan } from '../algebra/logical.js';
import { walk } from '../algebra/visit.js';

export interface MultiwayShape {
  /** Join variables in binding order: each the columns (one per input, two inputs or more) an equality chain makes equal. */
  readonly variables: readonly (readonly Column[])[];
  /** Conditions that are not such equalities, for a filter above the join. */
  readonly residual: readonly Expr[];
}

/**
 * multiwayShape returns the variables of an inner join of `inputs` under `conditions` (each
 * spanning two inputs or more) when a multiway join can run it and the join is cyclic; null
 * otherwise: fewer than three inputs, an input joined by no equality, two columns of one input
 * equated (a filter, not a join variable), an input reading a recursive relation (Fixpoint
 * steps have their own adaptive joins), or an acyclic join.
 */
export function multiwayShape(inputs: readonly Plan[], conditions: readonly Expr[]): MultiwayShape | null {
  if (inputs.length < 3 || inputs.some(readsRecursive)) return null;
  const owner = new Map<number, number>();
  const columns = new Map<number, Column>();
  inputs.forEach((input, i) =>
    input.schema.forEach((c) => {
      owner.set(c.id, i);
      columns.set(c.id, c);
    }),
  );
  // Union-find over column ids joined by an equality of two columns of different inputs.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r) as number;
    parent.set(x, r);
    return r;
  };
  const residual: Expr[] = [];
  for (const e of conditions) {
    if (e.kind === 'call' && e.args.length === 2 && lookupFunction(e.fn).equality) {
      const [x, y] = e.args;
      if (x.kind === 'column' && y.kind === 'column' && owner.has(x.id) && owner.has(y.id) && owner.get(x.id) !== owner.get(y.id)) {
        parent.set(find(x.id), find(y.id));
        continue;
      }
    }
    residual.push(e);
  }
  const classes = new Map<number, Column[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const list = classes.get(root) ?? [];
    if (!classes.has(root)) classes.set(root, list);
    list.push(columns.get(id) as Column);
  }
  const variables = [...classes.values()];
  const held = inputs.map(() => new Set<number>());
  for (let v = 0; v < variables.length; v++) {
    for (const c of variables[v]) {
      const i = owner.get(c.id) as number;
      if (held[i].has(v)) return null;
      held[i].add(v);
    }
  }
  if (held.some((s) => s.size === 0) || !cyclic(held)) return null;
  const position = new Map<number, number>();
  for (const input of inputs) input.schema.forEach((c, i) => position.set(c.id, i));
  return { variables: bindingOrder(variables, held, position), residual };
}

/**
 * cyclic tells whether the hypergraph with one edge per input (the variables it holds) is
 * cyclic: GYO reduction — drop variables only one edge holds and edges inside another edge —
 * leaves something exactly when it is.
 */
function cyclic(held: readonly ReadonlySet<number>[]): boolean {
  let edges = held.map((s) => new Set(s));
  for (let changed = true; changed; ) {
    changed = false;
    const count = new Map<number, number>();
    for (const e of edges) for (const v of e) count.set(v, (count.get(v) ?? 0) + 1);
    for (const e of edges) {
      for (const v of [...e]) {
        if (count.get(v) === 1) {
          e.delete(v);
          changed = true;
        }
      }
    }
    const kept = edges.filter((e, i) => e.size > 0 && !edges.some((f, k) => k !== i && contains(f, e) && (f.size > e.size || k < i)));
    if (kept.length !== edges.length) changed = true;
    edges = kept;
  }
  return edges.length > 0;
}

function contains(big: ReadonlySet<number>, small: ReadonlySet<number>): boolean {
  for (const v of small) if (!big.has(v)) return false;
  return true;
}

/**
 * bindingOrder starts with the variable most inputs hold and then takes, each time, the one
 * sharing the most inputs with those already bound: each new variable is then looked up under
 * values bound before it, in as many tries as possible (fewest candidates survive). Ties go to
 * the variable of the earliest columns: an input's trie then keys its columns in their order —
 * a scan's primary-key order needs no sort, and a self-join's scans share one trie.
 */
function bindingOrder(variables: readonly Column[][], held: readonly ReadonlySet<number>[], position: ReadonlyMap<number, number>): Column[][] {
  const holders = variables.map((_, v) => held.flatMap((s, i) => (s.has(v) ? [i] : [])));
  const order: number[] = [];
  const bound = new Set<number>();
  while (order.length < variables.length) {
    let best = -1;
    let score = -1;
    let early = Infinity;
    for (let v = 0; v < variables.length; v++) {
      if (order.includes(v)) continue;
      const s = holders[v].filter((i) => bound.has(i)).length * 100 + holders[v].length;
      const at = variables[v].reduce((sum, c) => sum + (position.get(c.id) as number), 0);
      if (s > score || (s === score && at < early)) (score = s), (best = v), (early = at);
    }
    order.push(best);
    for (const i of holders[best]) bound.add(i);
  }
  return order.map((v) => variables[v]);
}

/** readsRecursive tells whether `p` reads a relation of a Fixpoint (a RecursiveScan). */
export function readsRecursive(p: Plan): boolean {
  let found = false;
  walk(p, (x) => {
    if (x.kind === 'recursive-scan') found = true;
  });
  return found;
}
