/**
 * estimate.ts — cardinality estimation from storage statistics.
 *
 * For each plan node: an estimated row count and, per output column, an estimated number of
 * distinct values. Base numbers come from the relation statistics storage keeps current
 * (row counts, distinct estimates); the rest follows the textbook independence assumptions
 * (Selinger): equality with a constant keeps 1/ndv of the rows, an equi-join keeps
 * 1/max(ndv) of the cross product, other predicates use their function's declared selectivity.
 */
import { isEmpty } from '../algebra/build.js';
import { columnsUsed, conjuncts, type Expr } from '../algebra/expr.js';
import { lookupFunction } from '../algebra/functions/registry.js';
import type { Plan } from '../algebra/logical.js';
import type { OptimizerContext } from './context.js';
import type { Value } from '../common/values.js';

export interface Estimate {
  readonly rows: number;
  /** Estimated distinct values per output column id. */
  readonly ndv: ReadonlyMap<number, number>;
}

const DEFAULT_SELECTIVITY = 0.5;
/** The least share of its left rows an anti join is estimated to keep (distinct-value counts are rough). */
const MIN_ANTI_SHARE = 0.1;
/** How many times its init's rows a recursive relation is estimated to hold (see fixpoint below). */
export const RECURSION_GROWTH = 10;

export class Estimator {
  private readonly memo = new WeakMap<Plan, Estimate>();
  /** A Fixpoint's relations: estimated rows, rows new per iteration (its delta), and distinct values per column position. */
  private readonly recursive = new Map<number, { rows: number; delta: number; distinct: number[] }>();

  constructor(private readonly ctx: OptimizerContext) {}

  /** estimate returns (and memoizes) a node's estimate. */
  estimate(p: Plan): Estimate {
    let e = this.memo.get(p);
    if (!e) {
      e = this.compute(p);
      this.memo.set(p, e);
    }
    return e;
  }

  rows(p: Plan): number {
    return this.estimate(p).rows;
  }

  /**
   * fixpoint estimates a Fixpoint's relations before its body reads them. A relation without a
   * step is its init. Otherwise it grows RECURSION_GROWTH-fold, and a column keeps as many
   * distinct values as the init and one step can give it: the step is estimated with every
   * relation of the Fixpoint at that size and its init's distinct values, so a column the step
   * copies from a recursive relation (a closure's ancestor, a magic-set binding) keeps the
   * init's few values, while a column the step reads from a stored relation takes that
   * column's. An equi-join on a carried column then keeps its rows instead of 1/ndv of them.
   * A read of a delta (the rows new in the last iteration) is estimated at the init's rows, what
   * the relation gains per iteration in that growth, not at the whole relation: a step joining
   * its delta with a full relation of an enclosing Fixpoint (a magic set) is then driven by the
   * delta, as semi-naive evaluation intends, instead of probing for the whole magic set again
   * every iteration (the workload's Q1: 633 lookups of `within` per run, now 14).
   */
  private fixpoint(p: Extract<Plan, { kind: 'fixpoint' }>): void {
    const inits = p.bindings.map((b) => this.estimate(b.init));
    p.bindings.forEach((b, i) => {
      const rows = isEmpty(b.step) ? inits[i].rows : inits[i].rows * RECURSION_GROWTH;
      this.recursive.set(b.relation.id, { rows, delta: inits[i].rows, distinct: b.init.schema.map((c) => inits[i].ndv.get(c.id) ?? inits[i].rows) });
    });
    // Steps are estimated by a scratch estimator: its memo holds provisional figures.
    const scratch = new Estimator(this.ctx);
    for (const [id, r] of this.recursive) scratch.recursive.set(id, r);
    const steps = p.bindings.map((b) => (isEmpty(b.step) ? null : scratch.estimate(b.step)));
    p.bindings.forEach((b, i) => {
      const step = steps[i];
      if (step === null) return;
      const r = this.recursive.get(b.relation.id) as { rows: number; delta: number; distinct: number[] };
      const distinct = r.distinct.map((d, k) => Math.min(r.rows, Math.max(d, step.ndv.get(b.step.schema[k].id) ?? r.rows)));
      this.recursive.set(b.relation.id, { rows: r.rows, delta: r.delta, distinct });
    });
  }

  private compute(p: Plan): Estimate {
    switch (p.kind) {
      case 'scan': {
        const s = this.ctx.stats(p.relation.id);
        const rows = Math.max(s.rowCount, 1);
        const ndv = new Map<number, number>();
        p.schema.forEach((c, i) => ndv.set(c.id, clamp(s.columns[i]?.distinct ?? rows, rows)));
        return { rows, ndv };
      }
      case 'values': {
        const rows = Math.max(p.rows.length, 1);
        return { rows, ndv: new Map(p.schema.map((c) => [c.id, rows])) };
      }
      case 'filter': {
        const input = this.estimate(p.input);
        const freq = p.input.kind === 'scan' ? this.frequencies(p.input) : null;
        // Distinct counts among the rows an equality keeps estimate the filter's other
        // equalities too (an object given the predicate: one of its 140 organisations, not of all objects).
        const among = freq === null ? input : narrowed(input, p.predicate, freq);
        return pinned(capped(among, input.rows * this.selectivity(p.predicate, among.ndv, freq), keysOf(input, columnsUsed(p.predicate))), p.predicate);
      }
      case 'extend': {
        const input = this.estimate(p.input);
        const ndv = new Map(input.ndv);
        for (const d of p.definitions) ndv.set(d.column.id, d.expr.kind === 'column' ? (input.ndv.get(d.expr.id) ?? input.rows) : input.rows);
        return { rows: input.rows, ndv };
      }
      case 'project':
      case 'write':
      case 'sort':
        return this.estimate(p.input);
      case 'window': {
        // One output row per input row; a call's values are as varied as the rows, at most.
        const input = this.estimate(p.input);
        const ndv = new Map(input.ndv);
        for (const c of p.calls) ndv.set(c.column.id, input.rows);
        return { rows: input.rows, ndv };
      }
      case 'limit': {
        const input = this.estimate(p.input);
        const count = p.count?.kind === 'literal' && typeof p.count.value === 'number' ? p.count.value : input.rows;
        return capped(input, Math.min(input.rows, Math.max(count, 1)));
      }
      case 'distinct': {
        const input = this.estimate(p.input);
        return capped(input, Math.min(input.rows, product(p.schema.map((c) => input.ndv.get(c.id) ?? input.rows))));
      }
      case 'aggregate': {
        const input = this.estimate(p.input);
        const rows = p.groupBy.length === 0 ? 1 : Math.min(input.rows, product(p.groupBy.map((c) => input.ndv.get(c.id) ?? input.rows)));
        const ndv = new Map<number, number>();
        for (const c of p.groupBy) ndv.set(c.id, Math.min(rows, input.ndv.get(c.id) ?? rows));
        for (const a of p.aggregates) ndv.set(a.column.id, rows);
        return { rows, ndv };
      }
      case 'join': {
        const l = this.estimate(p.left);
        const r = this.estimate(p.right);
        const ndv = merge(l.ndv, r.ndv);
        const sel = p.condition ? this.selectivity(p.condition, ndv) : 1;
        const inner = l.rows * r.rows * sel;
        switch (p.joinKind) {
          case 'inner':
            return capped({ rows: inner, ndv }, inner);
          case 'left':
            return capped({ rows: inner, ndv }, Math.max(inner, l.rows));
          case 'semi':
          case 'anti': {
            const share = this.matchedShare(p.condition, l, r);
            const rows = p.joinKind === 'semi' ? l.rows * share : l.rows * Math.max(1 - share, MIN_ANTI_SHARE);
            return capped(l, Math.max(rows, Math.min(l.rows, 1)));
          }
          case 'mark': {
            const m = new Map(l.ndv);
            if (p.mark) m.set(p.mark.id, 3);
            return { rows: l.rows, ndv: m };
          }
        }
        break;
      }
      case 'multijoin': {
        const parts = p.inputs.map((i) => this.estimate(i));
        let ndv = new Map<number, number>();
        for (const e of parts) ndv = merge(ndv, e.ndv);
        let rows = product(parts.map((e) => e.rows));
        for (const c of p.conditions) rows *= this.selectivity(c, ndv);
        return capped({ rows, ndv }, rows);
      }
      case 'union': {
        const parts = p.inputs.map((i) => this.estimate(i));
        const rows = parts.reduce((s, e) => s + e.rows, 0);
        // A column has at most the distinct values its inputs' columns at that position have.
        const distinct = (k: number) => parts.reduce((s, e, i) => s + (e.ndv.get(p.inputs[i].schema[k].id) ?? e.rows), 0);
        return { rows, ndv: new Map(p.schema.map((c, k) => [c.id, Math.min(rows, distinct(k))])) };
      }
      case 'minus':
      case 'intersect':
        return this.estimate(p.left);
      case 'unnest': {
        const input = this.estimate(p.input);
        const literal = literalElements(p);
        // A literal's rows once per row of what the Values is joined with (cross joins).
        const rows = literal === undefined ? input.rows * 4 : literal.rows * (literal.valuesRows > 0 ? input.rows / literal.valuesRows : 1);
        const ndv = new Map(input.ndv);
        ndv.set(p.element.id, rows);
        if (p.ordinality) ndv.set(p.ordinality.id, literal?.longest ?? 4);
        return { rows, ndv };
      }
      case 'apply': {
        const input = this.estimate(p.input);
        const sub = this.estimate(p.subquery);
        const ndv = new Map(input.ndv);
        if (p.mode === 'cross' || p.mode === 'left') {
          for (const [k, v] of sub.ndv) ndv.set(k, v);
          return { rows: input.rows * Math.max(sub.rows, p.mode === 'left' ? 1 : 0), ndv };
        }
        if (p.column) ndv.set(p.column.id, input.rows);
        return { rows: p.mode === 'semi' || p.mode === 'anti' ? input.rows * 0.5 : input.rows, ndv };
      }
      case 'recursive-scan': {
        const base = this.recursive.get(p.relation.id);
        const rows = (p.delta ? base?.delta : base?.rows) ?? 100;
        return { rows, ndv: new Map(p.schema.map((c, i) => [c.id, Math.min(rows, base?.distinct[i] ?? rows)])) };
      }
      case 'fixpoint':
        this.fixpoint(p);
        return this.estimate(p.body);
    }
    throw new Error(`estimate: unhandled plan kind ${(p as Plan).kind}`);
  }

  /**
   * frequencies gives, for a scanned column and a constant, the fraction of the relation's rows
   * holding it when storage counts that column's values (ColumnStats.frequent), and the
   * fraction of rows above a number between the column's least and greatest value (assumed
   * evenly spread between them); else undefined.
   */
  private frequencies(scan: Extract<Plan, { kind: 'scan' }>): Frequencies {
    const s = this.ctx.stats(scan.relation.id);
    const position = new Map(scan.schema.map((c, i) => [c.id, i]));
    return {
      among: (column, value) => {
        const i = position.get(column);
        const figures = i === undefined ? undefined : s.distinctAmong?.(i, value as Value);
        return figures === undefined ? undefined : scan.schema.map((c, k) => [c.id, figures[k]] as const).filter(([id]) => id !== column);
      },
      share: (column, value) => {
        const i = position.get(column);
        const n = i === undefined ? undefined : s.columns[i]?.frequent?.get(value as Value);
        return n === undefined || s.rowCount === 0 ? undefined : n / s.rowCount;
      },
      above: (column, value) => {
        const i = position.get(column);
        const c = i === undefined ? undefined : s.columns[i];
        if (c === undefined || s.rowCount === 0 || typeof c.min !== 'number' || typeof c.max !== 'number' || !(c.max > c.min)) return undefined;
        const nonNull = (s.rowCount - c.nulls) / s.rowCount;
        return nonNull * Math.min(1, Math.max(0, (c.max - value) / (c.max - c.min)));
      },
    };
  }

  /** selectivity estimates the fraction of rows for which a predicate is true. */
  /**
   * matchedShare is the share of a semi or anti join's left rows that find a match, under
   * containment (the side with fewer distinct join keys has all its keys among the other's):
   * the right's distinct keys over the left's, on the columns the condition equates; half
   * when it equates none.
   */
  private matchedShare(condition: Expr | null, l: Estimate, r: Estimate): number {
    let left = 1;
    let right = 1;
    let pairs = 0;
    for (const c of condition === null ? [] : conjuncts(condition)) {
      if (c.kind !== 'call' || c.args.length !== 2 || !lookupFunction(c.fn).equality) continue;
      const [a, b] = c.args;
      if (a.kind !== 'column' || b.kind !== 'column') continue;
      const [lc, rc] = l.ndv.has(a.id) && r.ndv.has(b.id) ? [a.id, b.id] : l.ndv.has(b.id) && r.ndv.has(a.id) ? [b.id, a.id] : [-1, -1];
      if (lc < 0) continue;
      left *= Math.max(1, l.ndv.get(lc) as number);
      right *= Math.max(1, r.ndv.get(rc) as number);
      pairs++;
    }
    if (pairs === 0) return DEFAULT_SELECTIVITY;
    return Math.min(1, Math.min(r.rows, right) / Math.max(1, Math.min(l.rows, left)));
  }

  selectivity(e: Expr, ndv: ReadonlyMap<number, number>, freq: Frequencies | null = null): number {
    if (e.kind === 'literal') return e.value === true ? 1 : 0;
    if (e.kind !== 'call') return DEFAULT_SELECTIVITY;
    const def = lookupFunction(e.fn);
    if (def.conjunction) return e.args.reduce((s, a) => s * this.selectivity(a, ndv, freq), 1);
    if (e.fn === 'sql.or') return 1 - e.args.reduce((s, a) => s * (1 - this.selectivity(a, ndv, freq)), 1);
    if (def.equality && e.args.length === 2) {
      const [a, b] = e.args;
      // A counted value's share of the rows (a value storage did not count keeps the ndv estimate).
      const share =
        freq === null
          ? undefined
          : a.kind === 'column' && b.kind === 'literal'
            ? freq.share(a.id, b.value)
            : b.kind === 'column' && a.kind === 'literal'
              ? freq.share(b.id, a.value)
              : undefined;
      if (share !== undefined) return share;
      const na = distinctOf(a, ndv);
      const nb = distinctOf(b, ndv);
      if (na !== undefined && nb !== undefined) return 1 / Math.max(na, nb, 1);
      if (na !== undefined) return 1 / Math.max(na, 1);
      if (nb !== undefined) return 1 / Math.max(nb, 1);
    }
    const range = freq === null ? undefined : rangeShare(e, def.comparison, freq);
    if (range !== undefined) return range;
    return def.selectivity ?? DEFAULT_SELECTIVITY;
  }
}

/** What storage knows about a scanned column's values: a constant's share of the rows, the share above a number. */
interface Frequencies {
  share(column: number, value: unknown): number | undefined;
  /** The distinct values of the other columns (by id) among the rows holding `value` in `column`. */
  among(column: number, value: unknown): readonly (readonly [number, number])[] | undefined;
  above(column: number, value: number): number | undefined;
}

/**
 * narrowed lowers a filtered scan's distinct counts to what storage counted among the rows
 * holding each constant the filter requires (ColumnStats.distinctAmong): the subjects of one RDF
 * predicate rather than of all quads, which is what a join on them then divides by.
 */
function narrowed(e: Estimate, predicate: Expr, freq: Frequencies): Estimate {
  let ndv: Map<number, number> | null = null;
  for (const c of conjuncts(predicate)) {
    if (c.kind !== 'call' || c.args.length !== 2 || !lookupFunction(c.fn).equality) continue;
    const [a, b] = c.args;
    const among = a.kind === 'column' && b.kind === 'literal' ? freq.among(a.id, b.value) : b.kind === 'column' && a.kind === 'literal' ? freq.among(b.id, a.value) : undefined;
    if (among === undefined) continue;
    ndv ??= new Map(e.ndv);
    for (const [id, d] of among) {
      const before = ndv.get(id);
      if (before !== undefined) ndv.set(id, Math.max(1, Math.min(before, d)));
    }
  }
  return ndv === null ? e : { rows: e.rows, ndv };
}

/** pinned is `e` with one distinct value in each column that a conjunct of `predicate` equates with a constant (a literal or a parameter). */
function pinned(e: Estimate, predicate: Expr): Estimate {
  const ndv = e.ndv as Map<number, number>;
  for (const c of conjuncts(predicate)) {
    if (c.kind !== 'call' || c.args.length !== 2 || !lookupFunction(c.fn).equality) continue;
    const [a, b] = c.args;
    const column = a.kind === 'column' && b.kind !== 'column' && b.kind !== 'call' ? a : b.kind === 'column' && a.kind !== 'column' && a.kind !== 'call' ? b : null;
    if (column !== null && ndv.has(column.id)) ndv.set(column.id, 1);
  }
  return e;
}

/** The fewest rows a range predicate is assumed to keep: the spread of values between min and max is a guess. */
const MIN_RANGE_SHARE = 0.01;

/** rangeShare estimates `column < number` (and ≤, >, ≥, either side) from the column's least and greatest values. */
function rangeShare(e: Extract<Expr, { kind: 'call' }>, op: string | undefined, freq: Frequencies): number | undefined {
  if (op === undefined || op === 'eq' || e.args.length !== 2) return undefined;
  const [a, b] = e.args;
  let column: number;
  let value: unknown;
  let upward = op === 'gt' || op === 'ge';
  if (a.kind === 'column' && b.kind === 'literal') [column, value] = [a.id, b.value];
  else if (b.kind === 'column' && a.kind === 'literal') [column, value, upward] = [b.id, a.value, !upward];
  else return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
  const above = freq.above(column, value);
  if (above === undefined) return undefined;
  const below = freq.above(column, -Infinity)! - above;
  return Math.max(MIN_RANGE_SHARE, upward ? above : below);
}

/** distinctOf is the ndv of a column expression, or undefined when the expression reads no single column. */
function distinctOf(e: Expr, ndv: ReadonlyMap<number, number>): number | undefined {
  if (e.kind === 'column') return ndv.get(e.id);
  const used = columnsUsed(e);
  if (used.size === 1) return ndv.get([...used][0]);
  return undefined;
}

/**
 * literalElements counts an Unnest's rows when its lists are literals in the plan — a literal
 * list, or a column of an inline table of literal lists (a load's batch of quads or facts is
 * one such list of thousands of rows): then the count is exact, not four per input row.
 */
function literalElements(p: Extract<Plan, { kind: 'unnest' }>): { rows: number; longest: number; valuesRows: number } | undefined {
  let lists: Expr[];
  let valuesRows: number;
  if (p.expr.kind === 'literal') {
    if (p.input.kind !== 'values') return undefined;
    lists = p.input.rows.map(() => p.expr);
    valuesRows = p.input.rows.length;
  } else if (p.expr.kind === 'column') {
    const id = p.expr.id;
    const values = valuesHolding(p.input, id);
    if (values === undefined) return undefined;
    const at = values.schema.findIndex((c) => c.id === id);
    lists = values.rows.map((r) => r[at]);
    valuesRows = values.rows.length;
  } else return undefined;
  let rows = 0;
  let longest = 0;
  for (const e of lists) {
    if (e.kind !== 'literal' || (e.value !== null && !Array.isArray(e.value))) return undefined;
    const n = e.value === null ? 0 : e.value.length;
    rows += n === 0 && p.outer ? 1 : n;
    longest = Math.max(longest, n);
  }
  return { rows, longest, valuesRows };
}

/** valuesHolding is the Values holding column `id` in `plan`: the plan itself, or an input of its cross joins. */
function valuesHolding(plan: Plan, id: number): Extract<Plan, { kind: 'values' }> | undefined {
  if (plan.kind === 'values') return plan.schema.some((c) => c.id === id) ? plan : undefined;
  if (plan.kind === 'join' && plan.joinKind === 'inner' && plan.condition === null) return valuesHolding(plan.left, id) ?? valuesHolding(plan.right, id);
  if (plan.kind === 'multijoin' && plan.conditions.length === 0) {
    for (const input of plan.inputs) {
      const found = valuesHolding(input, id);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function clamp(n: number, max: number): number {
  return Math.max(1, Math.min(n, max));
}

function product(xs: number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

function merge(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Map<number, number> {
  const m = new Map(a);
  for (const [k, v] of b) m.set(k, v);
  return m;
}

/** A column with at least this share of distinct values is a key (HyperLogLog counts are a few percent off). */
const KEY_SHARE = 0.9;

/**
 * keysOf lists the key columns of a filter's input that its predicate does not read (`read`):
 * they keep their distinct count under the filter instead of being capped at the rows kept.
 * A join of a foreign key with them then keeps the filter's share of the foreign keys, as
 * PostgreSQL estimates a join on a foreign key (the referenced relation's rows before its
 * restriction): the dictionary rows passing `?start > 1999` match that share of the positions'
 * start years, where the capped count made every start year match and cancelled the filter.
 * Other columns stay capped: the values of a few rows picked by a constant (`?c ex:name
 * "Oceania"`) are assumed to be the ones the other side holds (a path seeded from them).
 */
function keysOf(input: Estimate, read: ReadonlySet<number>): Set<number> {
  const keys = new Set<number>();
  for (const [id, d] of input.ndv) if (!read.has(id) && d >= input.rows * KEY_SHARE) keys.add(id);
  return keys;
}

/** capped is `e` with `rows` rows: each distinct count but those of the `kept` columns at most that. */
function capped(e: Estimate, rows: number, kept?: ReadonlySet<number>): Estimate {
  const r = Math.max(rows, 1);
  const ndv = new Map<number, number>();
  for (const [k, v] of e.ndv) ndv.set(k, kept?.has(k) ? v : Math.min(v, r));
  return { rows: r, ndv };
}
