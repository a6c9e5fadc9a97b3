/**
 * hash-aggregate.ts — groups input rows by the group-by values (group-table.ts, the hashing
 * equality of hash-key.ts; NULLs form one group) and folds aggregates through the registry's
 * init/step/final.
 * Output: groupBy ++ aggregate columns, groups in order of first appearance.
 *
 * Per aggregate call and row: the FILTER predicate must be exactly true; with `skipNulls` a
 * NULL first argument skips the row; with DISTINCT the argument tuple must be new to the
 * group (a per-group Set of tuple keys). No groupBy: exactly one row, even on empty input
 * (each aggregate's final of its init state); with groupBy, empty input gives no rows.
 *
 * The argument array handed to `step` is reused across rows: aggregates must not keep it
 * (they may keep its values).
 */
import type { Evaluator, PHashAggregate } from '../../algebra/index.js';
import { lookupAggregate, type AggregateDef } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { AggregateKernel } from '../codegen.js';
import { layoutOf } from '../compile-expr.js';
import { CountTable } from '../count-table.js';
import { GroupTable, type GroupLookup } from '../group-table.js';
import { hashKey, tupleKey, type HashKey } from '../hash-key.js';
import { ArrayOperator, type Limits, type Open, type Operator, type Scope } from '../operator.js';
import { fusedJoin, projectionSlots } from './project.js';

interface CompiledAggregate {
  readonly def: AggregateDef;
  readonly args: readonly Evaluator[];
  readonly filter: Evaluator | null;
  readonly distinct: boolean;
  /** Reused argument array passed to step. */
  readonly scratch: Value[];
}

/**
 * A group is the row the aggregate will output: its grouping values, then one running state
 * per aggregate call, which the end turns into the call's value in place (one array per
 * group, not a record of arrays and then an output row).
 */
type Group = unknown[];

export function compileHashAggregate(p: PHashAggregate, c: PlanCompiler, scope: Scope): Open {
  // A join's columns projected for the aggregate: built in rows reused batch to batch, since the
  // aggregate folds each batch before the next and keeps no row (it copies grouping values).
  const fused = p.input.kind === 'project' ? fusedJoin(p.input, c, scope, projectionSlots(p.input.outputs, layoutOf(p.input.input.schema)), true) : null;
  const input = fused ?? c.compile(p.input, scope);
  const layout = layoutOf(p.input.schema);
  const groupSlots = p.groupBy.map((g) => {
    const i = layout.get(g.id);
    if (i === undefined) throw new Error(`executor: hash-aggregate groups by ${g.name}#${g.id}, not in its input`);
    return i;
  });
  const aggs = p.aggregates.map((a) => ({
    def: lookupAggregate(a.fn),
    args: a.args.map((e) => c.expr(e, layout, scope)),
    filter: a.filter === null ? null : c.expr(a.filter, layout, scope),
    distinct: a.distinct,
    scratch: new Array<Value>(a.args.length).fill(null),
  }));
  const limits = c.ctx.limits;
  const argSlots = p.aggregates.map((a) => (a.args.length === 1 && a.args[0].kind === 'column' ? (layout.get(a.args[0].id) ?? null) : null));
  const kernel = p.aggregates.every((a) => a.filter === null && !a.distinct)
    ? c.aggregateKernel(
        groupSlots,
        p.aggregates.map((a, n) => ({ def: aggs[n].def, args: a.args })),
        layout,
        scope,
      )
    : null;
  // The closure steppers serve only where no kernel was generated.
  const simple = kernel === null ? SimpleSteps.of(aggs, argSlots) : null;
  return () => new HashAggregateOperator(input(), Int32Array.from(groupSlots), aggs, limits, simple, kernel, p.estimatedRows);
}

/**
 * The aggregates of a hash aggregate without FILTER or DISTINCT whose arguments are plain
 * columns (or none): per row, one step call per aggregate on a reused one-value argument
 * array, with no evaluator calls.
 */
class SimpleSteps {
  private readonly steps: ((state: unknown, args: Value[]) => unknown)[];
  private readonly slots: Int32Array;
  private readonly skipNulls: Uint8Array;
  private readonly arg: Value[] = [null];
  private readonly none: Value[] = [];

  private constructor(aggs: readonly CompiledAggregate[], slots: number[]) {
    this.steps = aggs.map((a) => a.def.step);
    this.slots = Int32Array.from(slots);
    this.skipNulls = Uint8Array.from(aggs.map((a) => (a.def.skipNulls ? 1 : 0)));
  }

  /** of returns the simple stepper for `aggs`, or null when one has a filter, DISTINCT or a computed argument. */
  static of(aggs: readonly CompiledAggregate[], argSlots: readonly (number | null)[]): SimpleSteps | null {
    const slots: number[] = [];
    for (let a = 0; a < aggs.length; a++) {
      const agg = aggs[a];
      if (agg.filter !== null || agg.distinct || agg.args.length > 1) return null;
      if (agg.args.length === 0) slots.push(-1);
      else {
        const slot = argSlots[a];
        if (slot === null) return null;
        slots.push(slot);
      }
    }
    return new SimpleSteps(aggs, slots);
  }

  /** step folds `row` into the states of `group`, which start at `at`. */
  step(group: unknown[], at: number, row: Row): void {
    const steps = this.steps;
    const slots = this.slots;
    const arg = this.arg;
    for (let a = 0; a < steps.length; a++) {
      const slot = slots[a];
      if (slot < 0) {
        group[at + a] = steps[a](group[at + a], this.none);
        continue;
      }
      const v = row[slot];
      if (v === null && this.skipNulls[a] === 1) continue;
      arg[0] = v;
      group[at + a] = steps[a](group[at + a], arg);
    }
  }
}

/** countsRowsOnly: the aggregate's value depends on the number of rows alone (COUNT(*) without FILTER or DISTINCT). */
const countsRowsOnly = (a: CompiledAggregate): boolean => a.def.ofRowCount !== undefined && a.filter === null && !a.distinct;

export class HashAggregateOperator implements Operator {
  private output: Operator | null = null;
  /** The groups by grouping value, kept for a hash join that reads them (groupTable) until close. */
  private kept: GroupLookup | null = null;
  /** Per group, per DISTINCT aggregate, the argument tuples already folded (null for the others); only when an aggregate is DISTINCT. */
  private readonly seen: Map<Group, (Set<HashKey> | null)[]> | null;
  /**
   * Every group starts as a copy of this array of the group's length (`slice`), not as
   * `new Array(n)` or a literal. V8 pretenures an allocation site whose objects survive a
   * scavenge — a group lives until the aggregate ends — and from then on allocates whatever
   * that site makes in the old generation, for every aggregate of the process: each run's
   * groups then become old garbage (SQL Q4 ran 2–3× slower in such a process, with a full
   * collection every few hundred runs). A copy made by `slice` has no allocation site.
   */
  private readonly blank: Group;

  constructor(
    private input: Operator | null,
    private readonly groupSlots: Int32Array,
    private readonly aggs: readonly CompiledAggregate[],
    private readonly limits: Limits,
    private readonly simple: SimpleSteps | null,
    private readonly kernel: AggregateKernel | null,
    /** The groups the plan expects (the group table makes room for them). */
    private readonly expected: number,
  ) {
    this.seen = aggs.some((a) => a.distinct) ? new Map() : null;
    this.blank = new Array<unknown>(groupSlots.length + aggs.length).fill(null);
  }

  next(): Row[] | null {
    if (this.output === null) this.output = new ArrayOperator(this.aggregate(), undefined, this.limits);
    return this.output.next();
  }

  close(): void {
    this.input?.close();
    this.input = null;
    this.output?.close();
    this.kept?.release();
    this.kept = null;
  }

  /**
   * groupTable folds every input row and returns the finished groups (output rows) by their one
   * grouping value (GroupTable.find), instead of next(): a hash join keyed on that column finds
   * its build rows there rather than hashing each again (hash-join.ts GroupSource). The table is
   * kept until close.
   */
  groupTable(): GroupLookup {
    if (this.groupSlots.length !== 1 || this.output !== null || this.input === null) throw new Error('executor bug: groupTable of an aggregate not grouped by one column, or read already');
    this.aggregate(true);
    return this.kept as GroupLookup;
  }

  private newGroup(row: Row | null): Group {
    const slots = this.groupSlots;
    const g = slots.length;
    const aggs = this.aggs;
    const group = this.blank.slice();
    for (let i = 0; i < g; i++) group[i] = row === null ? null : row[slots[i]];
    for (let a = 0; a < aggs.length; a++) group[g + a] = aggs[a].def.init();
    if (this.seen !== null) this.seen.set(group, aggs.map((a) => (a.distinct ? new Set<HashKey>() : null)));
    return group;
  }

  /** aggregate folds every input row; the group table is kept (`keep`: groupTable) or given back. */
  private aggregate(keep = false): Row[] {
    const input = this.input as Operator;
    const slots = this.groupSlots;
    const g = slots.length;
    if (g === 0 && input.countRows !== undefined && this.aggs.every(countsRowsOnly)) return [this.ofRowCount(input)];
    if (g === 1 && this.aggs.every(countsRowsOnly)) return this.counted(input, keep);
    const groups = new GroupTable<Group>(this.expected, (row) => this.newGroup(row));
    const keyScratch = new Array<Value>(g).fill(null);
    const only: Group | null = g === 0 ? this.newGroup(null) : null;
    const simple = this.simple;
    const s0 = g > 0 ? slots[0] : 0;
    const kernel = this.kernel;
    if (kernel !== null) {
      if (input.visit !== undefined) {
        const fold = (rows: readonly Row[], from: number, to: number): void => kernel(rows, groups, only, from, to);
        while (input.visit(fold) > 0);
      } else for (let b = input.next(); b !== null; b = input.next()) kernel(b, groups, only, 0, b.length);
    } else for (let b = input.next(); b !== null; b = input.next()) {
      for (let i = 0; i < b.length; i++) {
        const row = b[i];
        let group: Group;
        if (only !== null) group = only;
        else if (g === 1) group = groups.one(row[s0], row);
        else {
          for (let j = 0; j < g; j++) keyScratch[j] = row[slots[j]];
          group = groups.tuple(keyScratch, g, row);
        }
        if (simple !== null) simple.step(group, g, row);
        else this.step(group, g, row);
      }
    }
    input.close();
    this.input = null;
    if (keep) this.kept = groups as GroupTable<Row>; // its groups are the output rows (finished below)
    else groups.release();
    const all = only !== null ? [only] : groups.all;
    const aggs = this.aggs;
    for (let i = 0; i < all.length; i++) {
      const group = all[i];
      for (let a = 0; a < aggs.length; a++) group[g + a] = aggs[a].def.final(group[g + a]);
    }
    this.seen?.clear();
    return all as Row[];
  }

  /**
   * counted groups by one value with aggregates of the row count alone (COUNT(*)): the rows are
   * counted per group (count-table.ts), and group rows made only as they are read — all of them,
   * or (`keep`: groupTable) one at a time as a hash join finds them.
   */
  private counted(input: Operator, keep: boolean): Row[] {
    const slot = this.groupSlots[0];
    const aggs = this.aggs;
    const blank = this.blank;
    const table = new CountTable(this.expected, (value, n, into) => {
      const row = into ?? (blank.slice() as Row);
      row[0] = value;
      for (let a = 0; a < aggs.length; a++) row[1 + a] = aggs[a].def.final((aggs[a].def.ofRowCount as (n: number) => unknown)(n)) as Value;
      return row;
    });
    if (input.visit !== undefined) {
      const fold = (rows: readonly Row[], from: number, to: number): void => table.count(rows, slot, from, to);
      while (input.visit(fold) > 0);
    } else for (let b = input.next(); b !== null; b = input.next()) table.count(b, slot, 0, b.length);
    input.close();
    this.input = null;
    if (keep) {
      this.kept = table;
      return [];
    }
    const rows = table.rows();
    table.release();
    return rows;
  }

  /** ofRowCount is the one output row of aggregates that only count rows, from the input's own count. */
  private ofRowCount(input: Operator): Row {
    const n = (input.countRows as () => number).call(input);
    input.close();
    this.input = null;
    return this.aggs.map((a) => a.def.final((a.def.ofRowCount as (n: number) => unknown)(n)));
  }

  /** step folds `row` into the states of `group`, which start at `at`. */
  private step(group: Group, at: number, row: Row): void {
    const aggs = this.aggs;
    const seens = this.seen?.get(group);
    for (let a = 0; a < aggs.length; a++) {
      const agg = aggs[a];
      if (agg.filter !== null && agg.filter(row) !== true) continue;
      const args = agg.scratch;
      const evals = agg.args;
      for (let j = 0; j < evals.length; j++) args[j] = evals[j](row);
      if (agg.def.skipNulls && args.length > 0 && args[0] === null) continue;
      const seen = seens?.[a] ?? null;
      if (seen !== null) {
        const k = args.length === 1 ? hashKey(args[0]) : tupleKey(args);
        if (seen.has(k)) continue;
        seen.add(k);
      }
      group[at + a] = agg.def.step(group[at + a], args);
    }
  }
}
