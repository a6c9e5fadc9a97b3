/**
 * order-joins.ts — cost-based join ordering of each MultiJoin.
 *
 * Dynamic programming over connected subsets of the join graph (every split of a subset into
 * two connected halves joined by at least one predicate, as in DPsub/DPhyp), minimizing the
 * sum of estimated intermediate result sizes (C_out). Beyond `dpLimit` relations it is greedy:
 * repeatedly join the connected pair with the smallest result. Cross products are considered
 * only where the join graph is disconnected. The output is a tree of binary inner joins,
 * each carrying exactly the predicates that first become evaluable at it.
 */
import * as b from '../../algebra/build.js';
import { call, columnsUsed, type ColumnRef, type Expr } from '../../algebra/expr.js';
import type { MultiJoin, Plan } from '../../algebra/logical.js';
import { transformUp } from '../../algebra/visit.js';
import { enabled, type OptimizerContext } from '../context.js';
import { equivalenceClasses, type EquivalenceClass } from '../equivalence.js';
import { Estimator } from '../estimate.js';
import { multiwayShape } from '../multiway.js';

/** A candidate (sub)plan; its join tree is built only for the winner, not for every split weighed. */
interface Entry {
  build: () => Plan;
  rows: number;
  cost: number;
}


export function orderJoins(plan: Plan, ctx: OptimizerContext): Plan {
  const est = new Estimator(ctx);
  // Estimating the whole plan first estimates every Fixpoint's relations, top-down, before the
  // joins of its steps and body (ordered bottom-up below) read them.
  est.estimate(plan);
  return transformUp(plan, (p) => (p.kind === 'multijoin' ? chooseJoin(p, ctx, est).build() : p));
}

/** JoinChoice is a MultiJoin's cheapest plan: its estimated cost (C_out) and rows, the plan built on demand. */
export interface JoinChoice {
  readonly cost: number;
  readonly rows: number;
  build(): Plan;
}

/** chooseJoin weighs the join orders (and a multiway join) of one MultiJoin by estimated cost. */
export function chooseJoin(p: MultiJoin, ctx: OptimizerContext, est: Estimator): JoinChoice {
  const n = p.inputs.length;
  const owner = new Map<number, number>();
  p.inputs.forEach((input, i) => input.schema.forEach((c) => owner.set(c.id, i)));
  const constant: Expr[] = [];
  const conds: { expr: Expr; mask: bigint }[] = [];
  for (const e of p.conditions) {
    let mask = 0n;
    for (const id of columnsUsed(e)) {
      const o = owner.get(id);
      if (o !== undefined) mask |= bit(o);
    }
    if (mask === 0n) constant.push(e);
    else conds.push({ expr: e, mask });
  }
  // A condition on one input plus correlated (outer) columns is that input's filter: joinOf only
  // places conditions spanning both sides of a join, so it would otherwise be lost.
  const own = p.inputs.map(() => [] as Expr[]);
  for (let k = conds.length - 1; k >= 0; k--) {
    const m = conds[k].mask;
    if ((m & (m - 1n)) === 0n) {
      own[m.toString(2).length - 1].push(conds[k].expr);
      conds.splice(k, 1);
    }
  }
  // Equalities of columns join through their classes (equivalence.ts): any two inputs holding
  // members of one class are linked, by one equality of their first members.
  const maskOf = new Map(conds.map((c) => [c.expr, c.mask]));
  const split = equivalenceClasses(
    conds.map((c) => c.expr),
    owner,
  );
  const plain = split.rest.map((expr) => ({ expr, mask: maskOf.get(expr) as bigint }));
  const classes = split.classes.map((c) => linkedClass(c, owner, own));
  const inputs = p.inputs.map((input, i) => (own[i].length ? b.filter(input, b.and(own[i])) : input));

  const ndv = new Map<number, number>();
  const base: Entry[] = inputs.map((input) => {
    const e = est.estimate(input);
    for (const [k, v] of e.ndv) ndv.set(k, v);
    return { build: () => input, rows: e.rows, cost: 0 };
  });
  const selectivity = plain.map((c) => est.selectivity(c.expr, ndv));
  const sizes = new Map<bigint, number>();
  const rowsOf = (mask: bigint): number => {
    const known = sizes.get(mask);
    if (known !== undefined) return known;
    let rows = 1;
    for (let i = 0; i < n; i++) if (mask & bit(i)) rows *= base[i].rows;
    plain.forEach((c, k) => {
      if ((c.mask & mask) === c.mask) rows *= selectivity[k];
    });
    for (const c of classes) rows *= classSelectivity(c, mask, ndv, est);
    rows = Math.max(rows, 1);
    sizes.set(mask, rows);
    return rows;
  };
  const connected = (a: bigint, bm: bigint): boolean =>
    plain.some((c) => (c.mask & a) !== 0n && (c.mask & bm) !== 0n && (c.mask & ~(a | bm)) === 0n) || classes.some((c) => (c.mask & a) !== 0n && (c.mask & bm) !== 0n);
  const joinOf = (a: Entry, am: bigint, bEntry: Entry, bm: bigint): Entry => {
    const mask = am | bm;
    const rows = rowsOf(mask);
    const build = () => {
      const here = plain.filter((c) => (c.mask & mask) === c.mask && (c.mask & am) !== c.mask && (c.mask & bm) !== c.mask).map((c) => c.expr);
      for (const c of classes) if ((c.mask & am) !== 0n && (c.mask & bm) !== 0n) here.push(linkOf(c, am, bm));
      return b.join('inner', a.build(), bEntry.build(), here.length ? b.and(here) : null);
    };
    return { build, rows, cost: a.cost + bEntry.cost + rows };
  };

  const binary = n <= ctx.dpLimit ? dynamic(n, base, connected, joinOf) : greedy(base, connected, joinOf);
  const rows = rowsOf(bit(n) - 1n);
  const multiway = enabled(ctx, 'multiway-join') ? multiwayCost(inputs, conds, base, rows) : Infinity;
  const build = (): Plan => {
    const result = multiway < binary.cost ? b.multiJoin(inputs, conds.map((c) => c.expr)) : binary.build();
    // The join tree's columns come in the order it joins its inputs: a projection gives back the
    // MultiJoin's order, which positional readers (the result, a union's branch) depend on.
    return b.project(constant.length ? b.filter(result, b.and(constant)) : result, p.schema);
  };
  return { cost: Math.min(multiway, binary.cost), rows, build };
}

/** An equivalence class as join ordering uses it: one member per input holding any. */
interface LinkedClass {
  readonly fn: string;
  readonly mask: bigint;
  /** Per input (in `mask`) its first member. */
  readonly first: ReadonlyMap<number, ColumnRef>;
  /** The written equalities, each with the inputs of its two columns. */
  readonly written: readonly { expr: Expr; left: bigint; right: bigint }[];
}

/**
 * linkedClass indexes a class by input. An input holding two members (`a.x = b.y AND a.z =
 * b.y`) gets their equality as its own filter (`own`), so that its first member stands for
 * all of them in the one equality that links it to another input.
 */
function linkedClass(c: EquivalenceClass, owner: ReadonlyMap<number, number>, own: Expr[][]): LinkedClass {
  const first = new Map<number, ColumnRef>();
  let mask = 0n;
  for (const ref of c.columns) {
    const i = owner.get(ref.id) as number;
    const head = first.get(i);
    if (head === undefined) {
      first.set(i, ref);
      mask |= bit(i);
    } else own[i].push(call(c.fn, [head, ref]));
  }
  const written = c.equalities.map((expr) => {
    const [x, y] = (expr as { args: readonly ColumnRef[] }).args;
    return { expr, left: bit(owner.get(x.id) as number), right: bit(owner.get(y.id) as number) };
  });
  return { fn: c.fn, mask, first, written };
}

/** linkOf is the equality a join of inputs `am` with inputs `bm` holds for class `c`: a written one when one links them. */
function linkOf(c: LinkedClass, am: bigint, bm: bigint): Expr {
  for (const w of c.written) {
    if (((w.left & am) !== 0n && (w.right & bm) !== 0n) || ((w.left & bm) !== 0n && (w.right & am) !== 0n)) return w.expr;
  }
  const firstIn = (m: bigint): ColumnRef => {
    for (const [i, ref] of c.first) if ((bit(i) & m) !== 0n) return ref;
    throw new Error(`optimizer: order-joins found no member of an equivalence class on a side of a join`);
  };
  return call(c.fn, [firstIn(am), firstIn(bm)]);
}

/**
 * classSelectivity is the share of the cross product of the inputs in `mask` where the members
 * of `c` among them are equal: with distinct counts d1 ≥ d2 ≥ … ≥ dk, 1/(d1·…·dk−1) — each
 * member but the one with the fewest values must match it. For two members that is the
 * 1/max(d1, d2) of one equality (estimate.ts). A member without a distinct estimate falls back
 * to the written equalities' selectivities.
 */
function classSelectivity(c: LinkedClass, mask: bigint, ndv: ReadonlyMap<number, number>, est: Estimator): number {
  const counts: number[] = [];
  for (const [i, ref] of c.first) {
    if ((bit(i) & mask) === 0n) continue;
    const d = ndv.get(ref.id);
    if (d === undefined) {
      let s = 1;
      for (const w of c.written) if (((w.left | w.right) & mask) === (w.left | w.right)) s *= est.selectivity(w.expr, ndv);
      return s;
    }
    counts.push(d);
  }
  counts.sort((x, y) => y - x);
  let s = 1;
  for (let k = 0; k < counts.length - 1; k++) s /= Math.max(counts[k], 1);
  return s;
}

/**
 * What a multiway join costs per input row, in the binary plans' unit (rows of intermediate
 * results): each row is read once into a trie (a hash insert per join variable it holds,
 * about BUILD_COST) and then looked up about once while variables are bound.
 */
const MULTIWAY_ROW_COST = 3;

/**
 * multiwayCost is what a cyclic join (multiway.ts) costs as one multiway join (Infinity for a
 * join that is not cyclic), weighed against the best binary plan: the multiway join reads every
 * input whole, so it wins when the binary plan's intermediate results outweigh that (the
 * triangle's two-hop paths), and loses when a selective input lets index joins touch only a few
 * rows of the others. A MultiJoin kept for it is planned as a multiway join (physical/plan.ts).
 *
 * C_out charges a binary plan nothing for reading (and hashing) its inputs, so the multiway
 * join is charged only what its reading costs beyond one read per row: charging it the whole
 * read made three whole inputs of 85k triples lose to a binary plan whose 1.5 M-row two-hop
 * join (SPARQL's triangles) it beats tenfold.
 */
function multiwayCost(inputs: readonly Plan[], conds: readonly { expr: Expr }[], base: readonly Entry[], rows: number): number {
  if (multiwayShape(inputs, conds.map((c) => c.expr)) === null) return Infinity;
  const read = base.reduce((sum, e) => sum + e.rows, 0);
  return (MULTIWAY_ROW_COST - 1) * read + rows;
}

type JoinOf = (a: Entry, am: bigint, bEntry: Entry, bm: bigint) => Entry;

/** Masks are bigints so that joins of more than 31 relations (SQLite's tests have them) still order. */
function bit(i: number): bigint {
  return 1n << BigInt(i);
}

function dynamic(n: number, base: Entry[], connected: (a: bigint, b: bigint) => boolean, joinOf: JoinOf): Entry {
  const full = bit(n) - 1n;
  const best = new Map<bigint, Entry>();
  base.forEach((e, i) => best.set(bit(i), e));
  for (let mask = 1n; mask <= full; mask++) {
    if ((mask & (mask - 1n)) === 0n) continue; // singletons are seeded
    let winner: Entry | undefined;
    let crossWinner: Entry | undefined;
    // Enumerate proper subsets `left` containing the lowest bit, so each split is seen once.
    const low = mask & -mask;
    for (let left = (mask - 1n) & mask; left > 0n; left = (left - 1n) & mask) {
      if ((left & low) === 0n) continue;
      const right = mask ^ left;
      const l = best.get(left);
      const r = best.get(right);
      if (!l || !r) continue;
      const candidate = joinOf(l, left, r, right);
      if (connected(left, right)) {
        if (!winner || candidate.cost < winner.cost) winner = candidate;
      } else if (!crossWinner || candidate.cost < crossWinner.cost) crossWinner = candidate;
    }
    const chosen = winner ?? crossWinner;
    if (chosen) best.set(mask, chosen);
  }
  return best.get(full) as Entry;
}

function greedy(base: Entry[], connected: (a: bigint, b: bigint) => boolean, joinOf: JoinOf): Entry {
  let parts = base.map((e, i) => ({ entry: e, mask: bit(i) }));
  while (parts.length > 1) {
    let pick: { i: number; j: number; e: Entry; linked: boolean } | undefined;
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        const linked = connected(parts[i].mask, parts[j].mask);
        const e = joinOf(parts[i].entry, parts[i].mask, parts[j].entry, parts[j].mask);
        if (!pick || (linked && !pick.linked) || (linked === pick.linked && e.rows < pick.e.rows)) pick = { i, j, e, linked };
      }
    }
    const { i, j, e } = pick as { i: number; j: number; e: Entry };
    const merged = { entry: e, mask: parts[i].mask | parts[j].mask };
    parts = parts.filter((_, k) => k !== i && k !== j);
    parts.push(merged);
  }
  return parts[0].entry;
}
