/**
 * naive.ts — an independent Datalog evaluator for the tests: naive bottom-up evaluation
 * (apply every rule to everything derived so far until nothing changes), stratum by stratum,
 * over plain JS values. It shares no code with src/datalog: programs are given as JS data,
 * and `printProgram` writes the same program as Datalog text for the engine.
 */
export type Value = string | number;
export interface Var {
  v: string;
}
export type Term = Var | Value;
export interface Atom {
  pred: string;
  args: Term[];
  negated?: boolean;
}
export interface Cmp {
  op: '<' | '<=' | '>' | '>=' | '!=' | '=';
  left: Term;
  right: Term;
}
export interface Rule {
  head: Atom;
  body: (Atom | Cmp)[];
}

export type Facts = Map<string, Value[][]>;

export const V = (v: string): Var => ({ v });
export const atom = (pred: string, ...args: Term[]): Atom => ({ pred, args });
export const not = (a: Atom): Atom => ({ ...a, negated: true });

const isVar = (t: Term): t is Var => typeof t === 'object';
const key = (row: readonly Value[]) => JSON.stringify(row);

/** naive evaluates `strata` (lists of rules, lower strata first) over `facts`; returns every relation. */
export function naive(facts: Facts, strata: Rule[][]): Map<string, Set<string>> {
  const rels = new Map<string, Set<string>>();
  const rows = new Map<string, Value[][]>();
  const add = (pred: string, row: Value[]): boolean => {
    let set = rels.get(pred);
    if (!set) {
      set = new Set();
      rels.set(pred, set);
      rows.set(pred, []);
    }
    const k = key(row);
    if (set.has(k)) return false;
    set.add(k);
    (rows.get(pred) as Value[][]).push(row);
    return true;
  };
  for (const [pred, rs] of facts) for (const r of rs) add(pred, r);
  for (const stratum of strata) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const rule of stratum) {
        const derived: Value[][] = [];
        solve(rule.body, 0, new Map(), rows, rels, (b) => derived.push(rule.head.args.map((t) => (isVar(t) ? (b.get(t.v) as Value) : t))));
        for (const d of derived) if (add(rule.head.pred, d)) changed = true;
      }
    }
  }
  return rels;
}

function solve(
  body: (Atom | Cmp)[],
  i: number,
  binding: Map<string, Value>,
  rows: Map<string, Value[][]>,
  rels: Map<string, Set<string>>,
  emit: (b: Map<string, Value>) => void,
): void {
  if (i === body.length) {
    emit(binding);
    return;
  }
  const lit = body[i];
  if ('op' in lit) {
    const val = (t: Term) => (isVar(t) ? binding.get(t.v) : t);
    const l = val(lit.left);
    const r = val(lit.right);
    if (lit.op === '=' && isVar(lit.left) && l === undefined) {
      const b = new Map(binding);
      b.set(lit.left.v, r as Value);
      solve(body, i + 1, b, rows, rels, emit);
      return;
    }
    const ok =
      lit.op === '='
        ? l === r
        : lit.op === '!='
          ? l !== r
          : lit.op === '<'
            ? (l as Value) < (r as Value)
            : lit.op === '<='
              ? (l as Value) <= (r as Value)
              : lit.op === '>'
                ? (l as Value) > (r as Value)
                : (l as Value) >= (r as Value);
    if (ok) solve(body, i + 1, binding, rows, rels, emit);
    return;
  }
  if (lit.negated) {
    const row = lit.args.map((t) => (isVar(t) ? binding.get(t.v) : t));
    if (row.some((x) => x === undefined)) {
      // `_` (a variable bound nowhere else) in a negated atom: any value.
      const any = (rows.get(lit.pred) ?? []).some((r) => r.every((x, k) => row[k] === undefined || row[k] === x));
      if (!any) solve(body, i + 1, binding, rows, rels, emit);
      return;
    }
    if (!rels.get(lit.pred)?.has(key(row as Value[]))) solve(body, i + 1, binding, rows, rels, emit);
    return;
  }
  const candidates = (rows.get(lit.pred) ?? []).slice();
  outer: for (const r of candidates) {
    const b = new Map(binding);
    for (let k = 0; k < lit.args.length; k++) {
      const t = lit.args[k];
      if (isVar(t)) {
        const known = b.get(t.v);
        if (known === undefined) b.set(t.v, r[k]);
        else if (known !== r[k]) continue outer;
      } else if (t !== r[k]) continue outer;
    }
    solve(body, i + 1, b, rows, rels, emit);
  }
}

function printTerm(t: Term): string {
  if (isVar(t)) return t.v;
  return typeof t === 'number' ? String(t) : JSON.stringify(t);
}

export function printAtom(a: Atom): string {
  return `${a.negated ? '!' : ''}${a.pred}(${a.args.map(printTerm).join(', ')})`;
}

/** printProgram writes facts and rules as Datalog text. */
export function printProgram(facts: Facts, rules: Rule[]): string {
  const lines: string[] = [];
  for (const [pred, rs] of facts) for (const r of rs) lines.push(`${pred}(${r.map(printTerm).join(', ')}).`);
  for (const rule of rules) {
    const body = rule.body.map((l) => ('op' in l ? `${printTerm(l.left)} ${l.op} ${printTerm(l.right)}` : printAtom(l)));
    lines.push(`${printAtom(rule.head)} :- ${body.join(', ')}.`);
  }
  return lines.join('\n');
}

/** sorted returns rows as sorted JSON keys (for order-insensitive comparison). */
export function sortedKeys(rows: readonly (readonly unknown[])[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** project picks the answers of `pred` matching a pattern (null = free) as sorted keys of the free columns. */
export function answers(rels: Map<string, Set<string>>, pred: string, pattern: (Value | null)[]): string[] {
  const out: string[] = [];
  for (const k of rels.get(pred) ?? []) {
    const row = JSON.parse(k) as Value[];
    if (pattern.every((p, i) => p === null || p === row[i])) out.push(JSON.stringify(row.filter((_, i) => pattern[i] === null)));
  }
  return out.sort();
}

/** A small seeded random generator (mulberry32) for reproducible data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomGraph(n: number, m: number, seed: number): Value[][] {
  const r = rng(seed);
  const seen = new Set<string>();
  const edges: Value[][] = [];
  while (edges.length < m) {
    const a = Math.floor(r() * n);
    const b = Math.floor(r() * n);
    const k = `${a},${b}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edges.push([a, b]);
  }
  return edges;
}
