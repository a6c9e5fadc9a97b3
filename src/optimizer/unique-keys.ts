/**
 * unique-keys.ts — the unique keys of a logical plan: sets of output columns no two of its rows
 * agree on (NULL agreeing with NULL, the Distinct operator's equality).
 *
 * Derived bottom-up: a scanned relation's primary key (and unique indexes on NOT NULL
 * columns), every column of a Distinct, a set-semantics Minus or Intersect, an Aggregate's
 * grouping columns (the empty key — at most one row — when it has none). Filters, sorts and
 * semi/anti joins keep their input's keys; a filter equating a key column with a constant
 * drops it from the key (`a = 4` over key (a, b) leaves b a key). An inner join keeps a side's
 * keys when each of its rows meets at most one row of the other side — that side's key is
 * equated with its columns —, and otherwise the union of one key of each side; since equated
 * columns hold equal values, a key may name any member of a column's class. Unions, unnests,
 * recursion and correlated applies have none here. Conservative: a plan may have keys this
 * does not find. Read by rules/distinct-keys.ts (a DISTINCT over rows that are already
 * distinct is dropped).
 */
import { columnsUsed, conjuncts, type Expr } from '../algebra/expr.js';
import { lookupFunction } from '../algebra/functions/registry.js';
import type { Plan } from '../algebra/logical.js';
import { notNullColumns } from './not-null.js';

/** A key: column ids; no two rows have equal values in all of them. */
export type Key = readonly number[];

/** How many keys a node keeps (variants through equated columns multiply them). */
const MAX_KEYS = 16;

/** uniqueKeys lists keys of `p` found from its structure (possibly none). */
export function uniqueKeys(p: Plan): Key[] {
  switch (p.kind) {
    case 'scan': {
      const rel = p.relation;
      const keys: Key[] = [];
      if (rel.primaryKey !== null) keys.push(rel.primaryKey.map((i) => p.schema[i].id));
      const notNull = rel.indexes.some((ix) => ix.unique) ? notNullColumns(p) : null;
      for (const ix of rel.indexes) {
        const cols = ix.columns.map((i) => p.schema[i]?.id);
        if (ix.unique && notNull !== null && cols.every((id) => id !== undefined && notNull.has(id))) keys.push(cols);
      }
      return keys;
    }
    case 'values':
      return p.rows.length <= 1 ? [[]] : [];
    case 'filter':
      return withoutConstants(uniqueKeys(p.input), conjuncts(p.predicate));
    case 'extend':
    case 'sort':
    case 'window':
      return uniqueKeys(p.input);
    case 'limit': {
      const one = p.count?.kind === 'literal' && (p.count.value === 1 || p.count.value === 0);
      return one ? [[]] : uniqueKeys(p.input);
    }
    case 'project':
      return within(uniqueKeys(p.input), p.schema);
    case 'distinct':
      return minimal([...uniqueKeys(p.input), p.schema.map((c) => c.id)]);
    case 'aggregate':
      return [p.groupBy.map((c) => c.id)];
    case 'minus':
    case 'intersect':
      return p.semantics === 'set' ? minimal([...uniqueKeys(p.left), p.schema.map((c) => c.id)]) : uniqueKeys(p.left);
    case 'join': {
      if (p.joinKind === 'semi' || p.joinKind === 'anti' || p.joinKind === 'mark') return uniqueKeys(p.left);
      const conds = p.condition ? conjuncts(p.condition) : [];
      if (p.joinKind === 'left') {
        // Each left row appears once when it meets at most one right row (or none: padded once).
        const right = uniqueKeys(p.right);
        const classes = equated(conds);
        const leftCols = new Set(p.left.schema.map((c) => c.id));
        const determined = right.some((k) => k.every((id) => [...(classes.get(id) ?? [])].some((x) => leftCols.has(x))));
        return determined ? uniqueKeys(p.left) : [];
      }
      return joinKeys([p.left, p.right], conds);
    }
    case 'multijoin':
      return joinKeys(p.inputs, p.conditions);
    case 'apply':
      return p.mode === 'semi' || p.mode === 'anti' || p.mode === 'mark' || p.mode === 'scalar' ? uniqueKeys(p.input) : [];
    case 'union':
    case 'unnest':
    case 'fixpoint':
    case 'recursive-scan':
    case 'write':
      return [];
  }
}

/** hasKeyWithin says whether some key of `p` lies within `columns` (so rows of `p` are distinct on them). */
export function hasKeyWithin(p: Plan, columns: readonly { id: number }[]): boolean {
  const ids = new Set(columns.map((c) => c.id));
  return uniqueKeys(p).some((k) => k.every((id) => ids.has(id)));
}

/**
 * equated maps each column of an equality between two columns (registry `equality`: true means
 * equal non-null values) to its class: every column the conditions make equal to it, itself included.
 */
function equated(conds: readonly Expr[]): Map<number, Set<number>> {
  const classes = new Map<number, Set<number>>();
  const classOf = (id: number) => classes.get(id) ?? classes.set(id, new Set([id])).get(id)!;
  for (const e of conds) {
    if (e.kind !== 'call' || e.args.length !== 2 || !lookupFunction(e.fn).equality) continue;
    const [x, y] = e.args;
    if (x.kind !== 'column' || y.kind !== 'column') continue;
    const a = classOf(x.id);
    const b = classOf(y.id);
    if (a === b) continue;
    for (const id of b) {
      a.add(id);
      classes.set(id, a);
    }
  }
  return classes;
}

/** constants lists the columns `conds` equate with a constant (an equality with a literal or parameter). */
function constants(conds: readonly Expr[]): Set<number> {
  const out = new Set<number>();
  for (const e of conds) {
    if (e.kind !== 'call' || e.args.length !== 2 || !lookupFunction(e.fn).equality) continue;
    const [x, y] = e.args;
    if (x.kind === 'column' && columnsUsed(y).size === 0 && y.kind !== 'call') out.add(x.id);
    else if (y.kind === 'column' && columnsUsed(x).size === 0 && x.kind !== 'call') out.add(y.id);
  }
  return out;
}

/** withoutConstants drops from each key the columns a filter fixes to one value. */
function withoutConstants(keys: Key[], conds: readonly Expr[]): Key[] {
  const fixed = constants(conds);
  if (fixed.size === 0) return keys;
  return minimal(keys.map((k) => k.filter((id) => !fixed.has(id))));
}

/**
 * joinKeys: the keys of an inner join of `inputs` under `conds`. A key of one input is a key of
 * the join when, starting from its columns, every input becomes determined: an input is once
 * some key of it lies within the columns known so far, widened through equated columns and
 * columns fixed to constants; then all its columns are known. The union of a key of each input
 * is a key in any case.
 */
function joinKeys(inputs: readonly Plan[], conds: readonly Expr[]): Key[] {
  const keysOf = inputs.map(uniqueKeys);
  if (keysOf.some((k) => k.length === 0)) return [];
  const classes = equated(conds);
  const fixed = constants(conds);
  const out: Key[] = [];
  const widen = (known: Set<number>, id: number) => {
    known.add(id);
    for (const x of classes.get(id) ?? []) known.add(x);
  };
  const determines = (start: Key): boolean => {
    const known = new Set<number>();
    for (const id of [...start, ...fixed]) widen(known, id);
    const done = inputs.map(() => false);
    for (let changed = true; changed; ) {
      changed = false;
      inputs.forEach((input, i) => {
        if (done[i] || !keysOf[i].some((k) => k.every((id) => known.has(id)))) return;
        done[i] = true;
        changed = true;
        for (const c of input.schema) widen(known, c.id);
      });
    }
    return done.every(Boolean);
  };
  for (const keys of keysOf) for (const k of keys) if (determines(k)) out.push(k);
  out.push(keysOf.flatMap((k) => k[0]));
  return minimal(withVariants(out, classes));
}

/** withVariants adds, for each key, the keys naming another member of a column's class instead. */
function withVariants(keys: Key[], classes: ReadonlyMap<number, ReadonlySet<number>>): Key[] {
  const out: Key[] = [...keys];
  for (const k of keys) {
    for (let i = 0; i < k.length && out.length < MAX_KEYS; i++) {
      for (const alt of classes.get(k[i]) ?? []) {
        if (alt === k[i] || out.length >= MAX_KEYS) continue;
        out.push(k.map((id, j) => (j === i ? alt : id)));
      }
    }
  }
  return out;
}

/** within keeps the keys whose columns are all in `schema`. */
function within(keys: Key[], schema: readonly { id: number }[]): Key[] {
  const ids = new Set(schema.map((c) => c.id));
  return keys.filter((k) => k.every((id) => ids.has(id)));
}

/** minimal drops duplicate keys and keys that contain another key, keeping at most MAX_KEYS. */
function minimal(keys: Key[]): Key[] {
  const sorted = [...keys].sort((a, b) => a.length - b.length);
  const out: Key[] = [];
  for (const k of sorted) {
    if (out.some((o) => o.every((id) => k.includes(id)))) continue;
    out.push(k);
    if (out.length >= MAX_KEYS) break;
  }
  return out;
}
