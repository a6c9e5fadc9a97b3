/**
 * shared-plans.ts — a subplan a physical plan holds more than once is computed once per run.
 *
 * Rewrites copy inputs: distribute-joins.ts joins a small input with each branch of a UNION ALL,
 * each branch reading its own copy of it (fresh column ids), and a CTE is inlined at each
 * reference. SQL Q3 reads "friends of person 6" three times: for each branch of the friends of
 * friends, and for the NOT IN list. Copies are found here by their shape — the subplan's text up
 * to a renaming of its column ids (columns are names only: rows are positional) — and compiled
 * once; the first reader of a run drains it into an array, every reader reads that array.
 *
 * What is shared is one run's rows, never kept across runs (CompiledPlan empties them when a run
 * starts and ends). Only subplans of the plan's top scope qualify (none under an Apply's
 * subquery, which reads outer columns, or inside a Fixpoint), and none that writes, calls a
 * function that is not deterministic, or whose rows reach the result as they are (two reads
 * would put the same row array in a result twice).
 */
import type { PhysicalPlan } from '../algebra/index.js';
import { physicalChildren } from '../algebra/index.js';
import { lookupFunction } from '../algebra/functions/registry.js';
import type { Row, Value } from '../common/values.js';
import { BATCH_SIZE, drainAll, type Open, type Operator, type RowRunVisitor } from './operator.js';
import { passedThrough } from './row-ownership.js';

/** The rows of one shared subplan in the current run (null until its first reader asks). */
export class SharedRows {
  rows: Row[] | null = null;
  /** The subplan, compiled once (from its first copy). */
  source: Open | null = null;

  constructor(
    /** The rows the plan expects (the drained array is made at that size). */
    readonly expected: number,
  ) {}

  /** read returns the run's rows, running the subplan on the first read. */
  read(): Row[] {
    return (this.rows ??= drainAll((this.source as Open)(), this.expected));
  }

  /** empty forgets the run's rows (a run starts or ended). */
  empty(): void {
    this.rows = null;
  }
}

/** A reader of a shared subplan: batches of the run's rows (slices), or runs of them lent. */
export class SharedReader implements Operator {
  private pos = 0;

  constructor(private readonly shared: SharedRows) {}

  next(): Row[] | null {
    const rows = this.shared.read();
    if (this.pos >= rows.length) return null;
    const from = this.pos;
    this.pos = Math.min(rows.length, from + BATCH_SIZE);
    return rows.slice(from, this.pos);
  }

  visit(visitor: RowRunVisitor): number {
    const rows = this.shared.read();
    if (this.pos >= rows.length) return 0;
    const from = this.pos;
    this.pos = Math.min(rows.length, from + BATCH_SIZE);
    visitor(rows, from, this.pos);
    return this.pos - from;
  }

  close(): void {
    this.pos = Infinity;
  }
}

function holdsWrite(p: PhysicalPlan): boolean {
  return p.kind === 'write' || physicalChildren(p).some(holdsWrite);
}

/** Kinds never shared, nor anything holding them: writes, and plans that depend on an enclosing run's state. */
const UNSHARED = new Set<PhysicalPlan['kind']>(['write', 'apply', 'fixpoint', 'recursive-scan', 'values']);

/**
 * findShared groups the subplans of `root`'s top scope that occur more than once (by shape):
 * each node of a group maps to the group's one SharedRows. Only the outermost copies are
 * grouped (a copy's own subplans run once, inside it).
 */
export function findShared(root: PhysicalPlan): Map<PhysicalPlan, SharedRows> {
  const found = new Map<PhysicalPlan, SharedRows>();
  const memo = new Map<PhysicalPlan, boolean>();
  if (holdsWrite(root)) return found;
  const nodes: PhysicalPlan[] = [];
  collectTopScope(root, nodes);
  // A cheap signature first: only nodes whose signature repeats get their shape written.
  const bySignature = new Map<string, PhysicalPlan[]>();
  for (const n of nodes) {
    if (!candidate(n, memo)) continue;
    const sig = `${n.kind}:${n.schema.length}:${n.estimatedRows}`;
    const list = bySignature.get(sig);
    if (list === undefined) bySignature.set(sig, [n]);
    else list.push(n);
  }
  const byShape = new Map<string, PhysicalPlan[]>();
  for (const list of bySignature.values()) {
    if (list.length < 2) continue;
    for (const n of list) {
      const key = shapeOf(n);
      if (key === null) continue;
      const same = byShape.get(key);
      if (same === undefined) byShape.set(key, [n]);
      else same.push(n);
    }
  }
  const group = new Map<PhysicalPlan, PhysicalPlan[]>();
  for (const same of byShape.values()) if (same.length > 1) for (const n of same) group.set(n, same);
  if (group.size === 0) return found;
  const passed = new Set<PhysicalPlan>();
  markPassed(root, passed);
  const rows = new Map<PhysicalPlan[], SharedRows>();
  const visit = (p: PhysicalPlan): void => {
    const same = group.get(p);
    if (same !== undefined && !same.some((n) => passed.has(n))) {
      let shared = rows.get(same);
      if (shared === undefined) rows.set(same, (shared = new SharedRows(Math.max(...same.map((n) => n.estimatedRows)))));
      found.set(p, shared);
      return;
    }
    if (p.kind === 'apply') visit(p.input);
    else if (p.kind !== 'fixpoint') for (const c of physicalChildren(p)) visit(c);
  };
  visit(root);
  // A group whose other copies all sit inside a copy of another group runs once anyway.
  for (const [same, shared] of rows) if (same.filter((n) => found.get(n) === shared).length < 2) for (const n of same) found.delete(n);
  return found;
}

/** collectTopScope lists the nodes of the plan's top scope (not under an Apply's subquery, nor inside a Fixpoint). */
function collectTopScope(p: PhysicalPlan, into: PhysicalPlan[]): void {
  into.push(p);
  if (p.kind === 'apply') collectTopScope(p.input, into);
  else if (p.kind !== 'fixpoint') for (const c of physicalChildren(p)) collectTopScope(c, into);
}

/** The most rows a shared subplan is expected to have: its rows are held in one array (a stored relation read whole is not). */
const SHARE_LIMIT = BATCH_SIZE;

/** candidate: a node worth sharing — expected to be small, holding nothing UNSHARED (memo: per node, whether it holds one). */
function candidate(p: PhysicalPlan, memo: Map<PhysicalPlan, boolean>): boolean {
  return p.estimatedRows <= SHARE_LIMIT && !holdsUnshared(p, memo);
}

function holdsUnshared(p: PhysicalPlan, memo: Map<PhysicalPlan, boolean>): boolean {
  let held = memo.get(p);
  if (held === undefined) memo.set(p, (held = UNSHARED.has(p.kind) || physicalChildren(p).some((c) => holdsUnshared(c, memo))));
  return held;
}

/** markPassed adds the nodes whose rows the root outputs as they are (row-ownership.ts). */
function markPassed(p: PhysicalPlan, into: Set<PhysicalPlan>): void {
  into.add(p);
  for (const c of passedThrough(p)) markPassed(c, into);
}

/**
 * shapeOf writes a subplan with its column ids renumbered in order of first appearance and
 * its estimates and column names left out; relations and indexes by name and id. Two subplans
 * of one shape compute the same rows (position by position). Null when it calls a function
 * that is not deterministic.
 */
export function shapeOf(p: PhysicalPlan): string | null {
  const ids = new Map<number, number>();
  let deterministic = true;
  const text = JSON.stringify(p, function (this: Record<string, unknown>, key: string, value: unknown) {
    if (key === 'value' && this.kind === 'literal') return valueText(value as Value);
    switch (typeof value) {
      case 'number':
        if (key === 'estimatedRows') return undefined;
        if (key === 'id') {
          let n = ids.get(value);
          if (n === undefined) ids.set(value, (n = ids.size));
          return n;
        }
        return value;
      case 'string':
        if (key === 'fn' && this.kind === 'call' && !lookupFunction(value).deterministic) deterministic = false;
        // A column's name does not matter; a string elsewhere does.
        return key === 'name' && typeof this.id === 'number' && 'type' in this ? undefined : value;
      case 'object':
        if (value !== null && (key === 'relation' || key === 'index')) {
          const def = value as { id: number; name: string };
          return `${key}:${def.name}#${def.id}`;
        }
        return value;
      default:
        return value;
    }
  });
  return deterministic ? text : null;
}

/** valueText writes a literal's value so that two values have one text only when they are the same value. */
function valueText(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'number:-0' : `number:${v}`;
    case 'bigint':
      return `bigint:${v}`;
    case 'string':
      return `string:${JSON.stringify(v)}`;
    case 'boolean':
      return `boolean:${v}`;
  }
  if (v instanceof Uint8Array) return `bytes:${Array.from(v).join(',')}`;
  if (Array.isArray(v)) return `[${v.map(valueText).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${valueText(x)}`).join(',')}}`;
}
