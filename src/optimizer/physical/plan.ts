/**
 * plan.ts — physical planning: choose an algorithm for every logical operator.
 *
 * Scans become table scans or index range scans (access-path.ts); equi-joins become hash joins
 * (building the smaller input) or index nested-loop joins (when the outer side is small and
 * the inner side is a stored relation keyed on the join columns); other joins nested loops;
 * Sort under Limit becomes top-k. Every physical node carries the estimate that justified it.
 */
import * as b from '../../algebra/build.js';
import { col, columnsUsed, conjuncts, exprEquals, isDeterministic, lit, type Expr } from '../../algebra/expr.js';
import { followsKeyOrder, lookupAggregate, lookupFunction } from '../../algebra/functions/registry.js';
import { triggerPlans, withTriggerPlans, type Join, type Limit, type Plan, type Scan, type Sort, type SortKey } from '../../algebra/logical.js';
import type { IndexDef } from '../../storage/relations.js';
import type { PhysicalPlan, PhysicalKeyRange } from '../../algebra/physical.js';
import type { OptimizerContext } from '../context.js';
import { enabled } from '../context.js';
import { Estimator, RECURSION_GROWTH } from '../estimate.js';
import { multiwayShape, readsRecursive, type MultiwayShape } from '../multiway.js';
import { chooseAccessPath, EXACT_COMPARISONS, lookupKeys } from './access-path.js';
import { fixedColumns, indexOrder, primaryKeyOrder, readDirection } from './key-order.js';
import { covers, narrowPlan } from './narrow.js';
import { walk } from '../../algebra/visit.js';

/**
 * Relative cost of one index probe versus probing a hash table with one row. Measured by
 * joining n rows with a relation of 10k and of 100k rows on its primary key, both ways: one
 * probe (a key encoded, a B+tree descent, the row decoded) cost 15–30 hashed rows, and the
 * index join stopped winning between n = 300 and 1000 (10k rows), 3000 and 10000 (100k rows).
 */
const PROBE_COST = 20;
/**
 * A probe by the whole primary key: the store answers it from its point map (a hash lookup
 * of the key, no descent: point-map.ts), not from the tree. Measured by joining n rows of an
 * index range with a table of P rows on its key, index join against hash join, paired CPU in
 * one process: they broke even near n = 700 for P = 2,000 and n = 2,000 for P = 10,000 —
 * 5 and 7 hashed rows per get.
 */
const POINT_GET_COST = 6;
/** Inserting a row into a hash table versus probing it with one. */
const BUILD_COST = 2;
/**
 * What a hash join costs before its first row, in the same unit: its table made and its build
 * input opened and drained. Measured on tiny relations (one outer row against 3 or 30 rows) as
 * 1.5–2 µs more than an index join making one to three probes.
 */
const HASH_SETUP = 40;

/**
 * Reading a secondary index in order, one row lookup per entry, versus reading a row by a table
 * scan; and sorting a row, in the same unit. Measured on 100k and 10k rows (`SELECT * … ORDER BY
 * a`, an index on a, a filter on an unindexed column passing 0.5–100% of the rows): the index
 * read cost 0.14 µs an entry, the scan 0.08 µs a row, the sort 2–3.5 µs a row sorted; the scan
 * and sort won below about 3% of the rows passing, the index read above (3.7 times faster at 100%).
 */
const ORDERED_LOOKUP_COST = 2;
const SORT_ROW_COST = 30;

export function toPhysical(plan: Plan, ctx: OptimizerContext): PhysicalPlan {
  const physical = new PhysicalPlanner(ctx).exact(plan);
  return enabled(ctx, 'narrow-columns') ? narrowPlan(physical) : physical;
}

class PhysicalPlanner {
  private readonly est: Estimator;
  private readonly useIndexes: boolean;
  /** How many Fixpoint bindings (inits and steps) enclose the node being planned. */
  private bindingDepth = 0;
  /** In a Fixpoint's step: the relations that Fixpoint iterates (they change between iterations); else null. */
  private iterating: ReadonlySet<number> | null = null;

  constructor(private readonly ctx: OptimizerContext) {
    this.est = new Estimator(ctx);
    this.useIndexes = enabled(ctx, 'select-indexes');
  }

  /**
   * exact plans `p` with its columns in the logical order. Joins may put their inputs in
   * either order, so a node's physical column order can differ from its logical one; positional
   * consumers (the result, union, except, intersect, fixpoint parts, writes) need the logical order.
   */
  exact(p: Plan): PhysicalPlan {
    const physical = this.plan(p);
    if (physical.schema.length === p.schema.length && physical.schema.every((c, i) => c.id === p.schema[i].id)) return physical;
    return { kind: 'project', input: physical, outputs: p.schema.map((c) => ({ column: c, expr: col(c) })), schema: p.schema, estimatedRows: physical.estimatedRows };
  }

  /** plan plans `p`; pass-through operators take their column order from their physical input. */
  plan(p: Plan): PhysicalPlan {
    const rows = this.est.rows(p);
    switch (p.kind) {
      case 'write':
        return {
          kind: 'write',
          action: p.action,
          relation: p.relation,
          input: this.exact(p.input),
          keyColumns: p.keyColumns,
          onConflict: p.onConflict,
          upsert: p.upsert,
          ...(p.triggers.length ? { triggers: withTriggerPlans(p.triggers, triggerPlans(p.triggers).map((x) => this.plan(x))) } : {}),
          schema: p.schema,
          estimatedRows: rows,
        };
      case 'scan':
        return { kind: 'table-scan', relation: p.relation, range: null, reverse: false, schema: p.schema, estimatedRows: rows };
      case 'values':
        return { kind: 'values', rows: p.rows, schema: p.schema, estimatedRows: rows };
      case 'filter':
        if (p.input.kind === 'scan' && this.useIndexes) return this.filteredScan(p.input, p.predicate, rows);
      {
        const input = this.plan(p.input);
        return { kind: 'filter', input, predicate: p.predicate, schema: input.schema, estimatedRows: rows };
      }
      case 'extend':
        return {
          kind: 'project',
          input: this.plan(p.input),
          outputs: [...p.input.schema.map((c) => ({ column: c, expr: col(c) as Expr })), ...p.definitions],
          schema: p.schema,
          estimatedRows: rows,
        };
      case 'project': {
        // Fuse a projection over an extension into one operator computing only what is kept.
        if (p.input.kind === 'extend') {
          const defs = new Map(p.input.definitions.map((d) => [d.column.id, d.expr]));
          const outputs = p.schema.map((c) => ({ column: c, expr: defs.get(c.id) ?? (col(c) as Expr) }));
          const reads = new Set<number>();
          for (const o of outputs) columnsUsed(o.expr, reads);
          return { kind: 'project', input: this.planRead(p.input.input, reads), outputs, schema: p.schema, estimatedRows: rows };
        }
        const outputs = p.schema.map((c) => ({ column: c, expr: col(c) as Expr }));
        return { kind: 'project', input: this.planRead(p.input, new Set(p.schema.map((c) => c.id))), outputs, schema: p.schema, estimatedRows: rows };
      }
      case 'join':
        return this.join(p, rows);
      case 'multijoin': {
        // A MultiJoin the join orderer kept is one it found cheaper to run as a multiway join.
        const shape = enabled(this.ctx, 'order-joins') ? multiwayShape(p.inputs, p.conditions) : null;
        if (shape !== null) return this.multiway(p.inputs, shape, rows);
        // Otherwise join ordering is switched off: join in written order.
        let acc: Plan = p.inputs[0];
        for (let i = 1; i < p.inputs.length; i++) acc = b.join('inner', acc, p.inputs[i], null);
        return this.plan(b.filter(acc, b.and([...p.conditions])));
      }
      case 'union':
        return { kind: 'union', inputs: p.inputs.map((i) => this.exact(i)), schema: p.schema, estimatedRows: rows };
      case 'minus':
      case 'intersect':
        return { kind: p.kind, left: this.exact(p.left), right: this.exact(p.right), semantics: p.semantics, schema: p.schema, estimatedRows: rows };
      case 'distinct': {
        const input = this.plan(p.input);
        return { kind: 'distinct', input, schema: input.schema, estimatedRows: rows };
      }
      case 'aggregate':
        return { kind: 'hash-aggregate', input: this.extremumInput(p) ?? this.plan(p.input), groupBy: p.groupBy, aggregates: p.aggregates, schema: p.schema, estimatedRows: rows };
      case 'sort':
        return this.sort(p, null);
      case 'limit':
        return this.limit(p, null);
      case 'unnest': {
        const input = this.plan(p.input);
        const schema = [...input.schema, p.element, ...(p.ordinality ? [p.ordinality] : [])];
        return { kind: 'unnest', input, expr: p.expr, element: p.element, ordinality: p.ordinality, outer: p.outer, schema, estimatedRows: rows };
      }
      case 'apply': {
        const input = this.plan(p.input);
        const subquery = this.exact(p.subquery);
        const schema =
          p.mode === 'cross' || p.mode === 'left' ? [...input.schema, ...subquery.schema] : p.mode === 'scalar' || p.mode === 'mark' ? [...input.schema, p.column!] : input.schema;
        return { kind: 'apply', mode: p.mode, input, subquery, column: p.column, schema, estimatedRows: rows };
      }
      case 'recursive-scan':
        return { kind: 'recursive-scan', relation: p.relation, delta: p.delta, schema: p.schema, estimatedRows: rows };
      case 'fixpoint': {
        this.bindingDepth++;
        const enclosing = this.iterating;
        const own = new Set(p.bindings.map((x) => x.relation.id));
        const bindings = p.bindings.map((x) => {
          this.iterating = enclosing;
          const init = this.exact(x.init);
          this.iterating = own;
          return { relation: x.relation, init, step: this.exact(x.step) };
        });
        this.iterating = enclosing;
        this.bindingDepth--;
        return {
          kind: 'fixpoint',
          bindings,
          body: this.exact(p.body),
          semantics: p.semantics,
          maxDepth: p.maxDepth,
          schema: p.schema,
          estimatedRows: rows,
        };
      }
      case 'window': {
        const input = this.plan(p.input);
        const schema = [...input.schema, ...p.calls.map((c) => c.column)];
        return { kind: 'window', input, partitionBy: p.partitionBy, orderBy: p.orderBy, calls: p.calls, schema, estimatedRows: rows };
      }
    }
  }

  /**
   * planRead plans `p` for a consumer that reads only the columns `reads`: a sort below may then
   * be served by an index holding just those columns (orderedScan).
   */
  private planRead(p: Plan, reads: ReadonlySet<number>): PhysicalPlan {
    if (p.kind === 'sort') return this.sort(p, reads);
    if (p.kind === 'limit') return this.limit(p, reads);
    return this.plan(p);
  }

  private sort(p: Sort, reads: ReadonlySet<number> | null): PhysicalPlan {
    const ordered = this.orderedScan(p.input, p.keys, false, reads);
    if (ordered !== null) return ordered;
    const input = this.plan(p.input);
    return { kind: 'sort', input, keys: p.keys, schema: input.schema, estimatedRows: this.est.rows(p) };
  }

  private limit(p: Limit, reads: ReadonlySet<number> | null): PhysicalPlan {
    const rows = this.est.rows(p);
    if (p.input.kind === 'sort' && p.count) {
      const ordered = this.orderedScan(p.input.input, p.input.keys, true, reads);
      if (ordered !== null) return { kind: 'limit', input: ordered, offset: p.offset, count: p.count, schema: ordered.schema, estimatedRows: rows };
      const input = this.plan(p.input.input);
      return { kind: 'top-k', input, keys: p.input.keys, offset: p.offset, count: p.count, schema: input.schema, estimatedRows: rows };
    }
    const input = reads === null ? this.plan(p.input) : this.planRead(p.input, reads);
    return { kind: 'limit', input, offset: p.offset, count: p.count, schema: input.schema, estimatedRows: rows };
  }

  /**
   * orderedScan reads a (filtered) scan in the order of `keys`, so no sort is needed and a LIMIT
   * stops the scan early. When the filter has an access path (access-path.ts) that path is kept,
   * read forwards or backwards, if its key order after the equality prefix fits the keys (an
   * IN list and the case variants of a LIKE prefix are read in key order too). Otherwise the
   * primary key's order serves, or a secondary index's — covering the columns read (`reads`:
   * those of the sort's consumer, null for all), or else under a LIMIT (it looks up the rows the
   * LIMIT lets through) or when looking up every row costs less than sorting the rows that pass.
   */
  private orderedScan(input: Plan, keys: readonly SortKey[], limited: boolean, reads: ReadonlySet<number> | null): PhysicalPlan | null {
    if (!this.useIndexes || keys.length === 0) return null;
    if (input.kind === 'project') {
      // Column pruning may sit between the sort and the scan: order below it, project above.
      const below = this.orderedScan(input.input, keys, limited, reads ?? new Set(input.schema.map((c) => c.id)));
      if (below === null) return null;
      const outputs = input.schema.map((c) => ({ column: c, expr: col(c) as Expr }));
      return { kind: 'project', input: below, outputs, schema: input.schema, estimatedRows: below.estimatedRows };
    }
    if (input.kind === 'extend') {
      // ORDER BY keys outside the select list arrive as computed columns that copy a column.
      const copies = new Map(input.definitions.filter((d) => d.expr.kind === 'column').map((d) => [d.column.id, d.expr]));
      const through = keys.map((k) => (k.expr.kind === 'column' && copies.has(k.expr.id) ? { ...k, expr: copies.get(k.expr.id) as Expr } : k));
      const defined = new Set(input.definitions.map((d) => d.column.id));
      const readBelow = new Set([...(reads ?? input.schema.map((c) => c.id))].filter((id) => !defined.has(id)));
      for (const d of input.definitions) columnsUsed(d.expr, readBelow);
      const below = this.orderedScan(input.input, through, limited, readBelow);
      if (below === null) return null;
      const outputs = [...below.schema.map((c) => ({ column: c, expr: col(c) as Expr })), ...input.definitions];
      return { kind: 'project', input: below, outputs, schema: [...below.schema, ...input.definitions.map((d) => d.column)], estimatedRows: below.estimatedRows };
    }
    const scan = input.kind === 'scan' ? input : input.kind === 'filter' && input.input.kind === 'scan' ? input.input : null;
    if (scan === null) return null;
    const predicate = input.kind === 'filter' ? input.predicate : null;
    const fixed = fixedColumns(scan, predicate);
    const path = predicate === null ? null : chooseAccessPath(scan, conjuncts(predicate));
    if (predicate !== null && path !== null) {
      const order = path.index === null ? primaryKeyOrder(scan) : indexOrder(scan, path.index);
      if (order === null) return null;
      // A range holds one value of each key column its equality prefix covers.
      const held = new Set([...fixed, ...order.columns.slice(0, path.equalities)]);
      const backwards = path.unique ? false : readDirection(scan, keys, order, held);
      return backwards === null ? null : this.filteredScan(scan, predicate, this.est.rows(input), backwards);
    }
    const rel = scan.relation;
    const scanRows = this.est.rows(scan);
    let physical: PhysicalPlan | null = null;
    const pkOrder = primaryKeyOrder(scan);
    const pkBackwards = pkOrder === null ? null : readDirection(scan, keys, pkOrder, fixed);
    if (pkBackwards !== null) {
      physical = { kind: 'table-scan', relation: rel, range: null, reverse: pkBackwards, schema: scan.schema, estimatedRows: scanRows };
    } else {
      const filterReads = predicate === null ? new Set<number>() : columnsUsed(predicate);
      const positions = new Set<number>();
      scan.schema.forEach((c, i) => (reads === null || reads.has(c.id) || filterReads.has(c.id)) && positions.add(i));
      const covering = (ix: IndexDef) => enabled(this.ctx, 'narrow-columns') && covers(rel, ix, positions);
      const fitting = rel.indexes.flatMap((index) => {
        const backwards = readDirection(scan, keys, indexOrder(scan, index), fixed);
        return backwards === null ? [] : [{ index, backwards, covering: covering(index) }];
      });
      // Without a LIMIT, every entry's row is looked up: worth it when there are many rows to sort.
      const lookupsPay = limited || ORDERED_LOOKUP_COST * scanRows <= scanRows + SORT_ROW_COST * this.est.rows(input);
      const chosen = fitting.find((x) => x.covering) ?? (lookupsPay ? fitting[0] : undefined);
      if (chosen !== undefined) {
        physical = { kind: 'index-scan', relation: rel, index: chosen.index, range: null, reverse: chosen.backwards, schema: scan.schema, estimatedRows: scanRows };
      }
    }
    if (physical === null) return null;
    return predicate === null ? physical : { kind: 'filter', input: physical, predicate, schema: scan.schema, estimatedRows: this.est.rows(input) };
  }

  /**
   * extremumInput serves an ungrouped MIN or MAX of a column (an aggregate declaring
   * `extremum`) from one end of an index or the primary key: the first non-null row in the
   * aggregate's order is its value, so the aggregate folds one row. Null when no key is ordered
   * by that column (the aggregate then reads every row).
   */
  private extremumInput(p: Extract<Plan, { kind: 'aggregate' }>): PhysicalPlan | null {
    if (!this.useIndexes || p.groupBy.length !== 0 || p.aggregates.length !== 1) return null;
    const [a] = p.aggregates;
    const extremum = lookupAggregate(a.fn).extremum;
    if (extremum === undefined || a.filter !== null || a.args.length !== 1 || a.args[0].kind !== 'column') return null;
    const max = extremum.direction === 'max';
    const key: SortKey = { expr: a.args[0], descending: max, nullsFirst: !max, ordering: extremum.ordering };
    const ordered = this.orderedScan(p.input, [key], true, new Set([a.args[0].id]));
    if (ordered === null) return null;
    // NULLs sort low: MAX reads from the high end (a NULL first means all are NULL); MIN starts past them.
    const input = max ? ordered : pastNulls(ordered, a.args[0].id);
    if (input === null) return null;
    return { kind: 'limit', input, offset: null, count: lit(1), schema: ordered.schema, estimatedRows: 1 };
  }

  /** filteredScan reads the scan through the filter's access path, if any; `reverse`: backwards in key order. */
  private filteredScan(scan: Scan, predicate: Expr, rows: number, reverse = false): PhysicalPlan {
    const path = chooseAccessPath(scan, conjuncts(predicate));
    const scanRows = this.est.rows(scan);
    let input: PhysicalPlan;
    if (!path) input = { kind: 'table-scan', relation: scan.relation, range: null, reverse: false, schema: scan.schema, estimatedRows: scanRows };
    else {
      const narrowed = path.unique ? 1 : Math.max(rows, 1);
      const list = path.keyList === null ? {} : { keyList: path.keyList };
      const read = (range: PhysicalKeyRange | null, estimatedRows: number): PhysicalPlan =>
        path.index
          ? { kind: 'index-scan', relation: scan.relation, index: path.index, range, reverse, ...list, schema: scan.schema, estimatedRows }
          : { kind: 'table-scan', relation: scan.relation, range, reverse, ...list, schema: scan.schema, estimatedRows };
      // Disjoint ranges (case variants of a LIKE prefix), in key order: each row is in one of them, so their union holds no row twice.
      const ranges = path.rangeList === null || !reverse ? path.rangeList : [...path.rangeList].reverse();
      input =
        ranges === null
          ? read(path.range, narrowed)
          : { kind: 'union', inputs: ranges.map((r) => read(r, narrowed / ranges.length)), schema: scan.schema, estimatedRows: narrowed };
    }
    // What the range holds exactly needs no second test; a filter stays for the rest.
    const rest = path === null ? conjuncts(predicate) : conjuncts(predicate).filter((e) => !path.exact.includes(e));
    // Equalities on parameters are exact for most values: their own filter is skipped per run when they are.
    const exactIf = path === null || path.rangeList !== null ? [] : path.exactIf.filter((x) => rest.includes(x.predicate));
    if (exactIf.length > 0) {
      const guarded = exactIf.map((x) => x.predicate);
      input = { kind: 'filter', input, predicate: b.and(guarded), exactForKeys: exactIf.map((x) => x.value), schema: scan.schema, estimatedRows: rows };
    }
    const others = rest.filter((e) => !exactIf.some((x) => x.predicate === e));
    if (others.length === 0) return input;
    return { kind: 'filter', input, predicate: b.and(others), schema: scan.schema, estimatedRows: rows };
  }

  /** multiway plans a cyclic join as one multiway join, with the conditions that are not join variables in a filter above. */
  private multiway(inputs: readonly Plan[], shape: MultiwayShape, rows: number): PhysicalPlan {
    const planned = inputs.map((x) => this.plan(x));
    const schema = planned.flatMap((x) => x.schema);
    const join: PhysicalPlan = { kind: 'multiway-join', inputs: planned, variables: shape.variables, schema, estimatedRows: rows };
    if (shape.residual.length === 0) return join;
    return { kind: 'filter', input: join, predicate: b.and(shape.residual), schema, estimatedRows: rows };
  }

  private join(p: Join, rows: number): PhysicalPlan {
    const leftIds = new Set(p.left.schema.map((c) => c.id));
    const rightIds = new Set(p.right.schema.map((c) => c.id));
    const within = (e: Expr, ids: Set<number>) => [...columnsUsed(e)].every((id) => ids.has(id));
    const pairs: { left: Expr; right: Expr }[] = [];
    const residual: Expr[] = [];
    for (const e of p.condition ? conjuncts(p.condition) : []) {
      if (e.kind === 'call' && e.args.length === 2 && lookupFunction(e.fn).equality) {
        const [x, y] = e.args;
        if (within(x, leftIds) && within(y, rightIds) && columnsUsed(x).size && columnsUsed(y).size) {
          pairs.push({ left: x, right: y });
          continue;
        }
        if (within(y, leftIds) && within(x, rightIds) && columnsUsed(x).size && columnsUsed(y).size) {
          pairs.push({ left: y, right: x });
          continue;
        }
      }
      residual.push(e);
    }
    const rest = residual.length ? b.and(residual) : null;
    const leftRows = this.est.rows(p.left);
    const rightRows = this.est.rows(p.right);

    if (pairs.length && this.useIndexes) {
      // Probing either side's index, whichever costs least, when that beats hashing.
      const viaRight = this.indexJoin(p, p.left, p.right, pairs.map((x) => ({ outer: x.left, inner: x.right })), rows, leftRows);
      const viaLeft = p.joinKind === 'inner' ? this.indexJoin(p, p.right, p.left, pairs.map((x) => ({ outer: x.right, inner: x.left })), rows, rightRows) : null;
      const best = viaLeft !== null && (viaRight === null || viaLeft.cost < viaRight.cost) ? viaLeft : viaRight;
      if (best !== null) return best.plan();
    }
    if (pairs.length) {
      // The right input is built into the hash table: for inner joins, build the smaller side,
      // or in a Fixpoint's step the side that reads no relation it iterates (buildsInvariant).
      const swap = p.joinKind === 'inner' && (this.buildsInvariant(p) ?? rightRows > leftRows);
      const [probe, build] = swap ? [p.right, p.left] : [p.left, p.right];
      const probeKeys = pairs.map((x) => (swap ? x.right : x.left));
      const buildKeys = pairs.map((x) => (swap ? x.left : x.right));
      const left = this.plan(probe);
      const right = this.plan(build);
      return {
        kind: 'hash-join',
        joinKind: p.joinKind,
        left,
        right,
        leftKeys: probeKeys,
        rightKeys: buildKeys,
        residual: rest,
        mark: p.mark,
        schema: joinSchema(p, left.schema, right.schema),
        estimatedRows: rows,
      };
    }
    const left = this.plan(p.left);
    const right = this.plan(p.right);
    return { kind: 'nested-loop-join', joinKind: p.joinKind, left, right, condition: p.condition, mark: p.mark, schema: joinSchema(p, left.schema, right.schema), estimatedRows: rows };
  }

  /**
   * buildsInvariant: in a Fixpoint's step, whether an inner hash join should build its left side
   * (true) or its right (false) because that side reads no relation the Fixpoint iterates and
   * the other does; null when neither or both do. The executor keeps such a built side across
   * iterations (fixpoint-join.ts), so it is hashed once per run, whatever its size, while the
   * other side is built anew every iteration: building the changing side (a delta of a few rows
   * joined with the stored relation it walks) and probing it with the invariant one (a magic
   * set of hundreds) costs every iteration what the invariant side's rows cost to probe.
   */
  private buildsInvariant(p: Join): boolean | null {
    const own = this.iterating;
    if (own === null) return null;
    const changes = (x: Plan) => readsAnyOf(x, own);
    const left = changes(p.left);
    if (left === changes(p.right)) return null;
    return !left;
  }

  /**
   * adaptiveProbes tells whether an index join of `outer` is costed at the least rows `outer` may
   * have: in a Fixpoint's init or step, driven by a recursive relation, whose estimate is the
   * init's grown RECURSION_GROWTH-fold (a guess: a magic set of 14 rows was estimated at
   * 1,084). There the executor runs an inner index join adaptively (fixpoint-join.ts: after a
   * few hundred lookups it reads the relation into a hash table kept across iterations), so
   * probing a relation that turns out larger costs a bounded multiple of hashing it, while
   * hashing one that turns out small reads a whole stored relation for a few rows.
   */
  private adaptiveProbes(p: Join, outer: Plan): boolean {
    return this.bindingDepth > 0 && p.joinKind === 'inner' && readsRecursive(outer);
  }

  /**
   * hashJoinCost is what hashing `outer` ⋈ `innerPlan` costs, in the unit of one hashed probe row:
   * an inner join builds its smaller side and probes with the larger (see join below), other
   * kinds build the inner side; a filter over the inner scan that no index serves first reads
   * every row of the relation.
   */
  private hashJoinCost(p: Join, outerRows: number, innerPlan: Plan, scan: Scan): number {
    const innerRows = this.est.rows(innerPlan);
    const discarded = innerPlan.kind === 'filter' && !chooseAccessPath(scan, conjuncts(innerPlan.predicate)) ? this.est.rows(scan) - innerRows : 0;
    const [built, probing] = p.joinKind === 'inner' && outerRows < innerRows ? [outerRows, innerRows] : [innerRows, outerRows];
    return HASH_SETUP + BUILD_COST * built + probing + Math.max(discarded, 0);
  }

  /**
   * indexJoin offers `outer` ⋈ `innerPlan` as index lookups into innerPlan's relation, with the
   * lookups' cost, when that is a (filtered) scan keyed on the join columns and cheaper than hashing.
   */
  private indexJoin(
    p: Join,
    outer: Plan,
    innerPlan: Plan,
    pairs: { outer: Expr; inner: Expr }[],
    rows: number,
    outerRows: number,
  ): { cost: number; plan: () => PhysicalPlan } | null {
    const scan = innerPlan.kind === 'scan' ? innerPlan : innerPlan.kind === 'filter' && innerPlan.input.kind === 'scan' ? innerPlan.input : null;
    if (!scan) return null;
    const direct = pairs.filter((x) => x.inner.kind === 'column').map((x) => ({ inner: (x.inner as { id: number }).id, outer: x.outer }));
    // The inner side's own equalities with constants lengthen the key (`s = outer.x AND p = 'knows'`
    // probes the (s, p) prefix, not all of s); they stay in the residual.
    if (innerPlan.kind === 'filter') direct.push(...constantEqualities(innerPlan.predicate, scan));
    const match = lookupKeys(scan, direct);
    if (!match || match.keys.every((k) => columnsUsed(k).size === 0)) return null;
    const probed = this.adaptiveProbes(p, outer) ? outerRows / RECURSION_GROWTH : outerRows;
    // Inside a Fixpoint the outer estimate is a guess (adaptiveProbes) and the executor adapts
    // its probing; the cheaper get is taken only where the estimates come from statistics.
    const pointGet = match.unique && match.index === null && this.bindingDepth === 0;
    const cost = probed * (pointGet ? POINT_GET_COST : PROBE_COST);
    if (cost >= this.hashJoinCost(p, probed, innerPlan, scan)) return null;
    return { cost, plan: () => this.indexJoinPlan(p, outer, innerPlan, scan, match, rows) };
  }

  /** indexJoinPlan is the IndexJoin node of an offer made by indexJoin. */
  private indexJoinPlan(p: Join, outer: Plan, innerPlan: Plan, scan: Scan, match: NonNullable<ReturnType<typeof lookupKeys>>, rows: number): PhysicalPlan {
    // The whole join condition is re-checked on each looked-up row (the store's key equality is
    // exact where the language's may coerce), together with the inner side's own filter.
    const residualParts = [...(p.condition ? [p.condition] : []), ...(innerPlan.kind === 'filter' ? [innerPlan.predicate] : [])];
    const left = this.plan(outer);
    const schema = p.joinKind === 'inner' || p.joinKind === 'left' ? [...left.schema, ...scan.schema] : p.joinKind === 'mark' ? [...left.schema, p.mark!] : [...left.schema];
    const residual = residualParts.length ? b.and(residualParts) : null;
    const keyEqualities = residual === null || p.joinKind === 'mark' ? [] : keyEqualitiesOf(conjuncts(residual), scan, match);
    return {
      kind: 'index-join',
      joinKind: p.joinKind,
      left,
      relation: scan.relation,
      index: match.index,
      keys: match.keys,
      inner: scan.schema,
      residual,
      mark: p.mark,
      ...(keyEqualities.length ? { keyEqualities } : {}),
      schema,
      estimatedRows: rows,
    };
  }
}

/**
 * keyEqualitiesOf lists the positions of the conjuncts that equate a lookup key with the column
 * it is looked up in, by a comparison the key order decides exactly for numbers and texts
 * (EXACT_COMPARISONS: SQL's `=`, plain equality): PIndexJoin.keyEqualities.
 */
function keyEqualitiesOf(parts: readonly Expr[], scan: Scan, match: NonNullable<ReturnType<typeof lookupKeys>>): number[] {
  const rel = scan.relation;
  const cols = match.index === null ? (rel.primaryKey ?? []) : [...match.index.columns, ...(rel.primaryKey ?? [])];
  const keyed = match.keys.map((key, i) => ({ key, column: i < cols.length ? scan.schema[cols[i]].id : -1 }));
  const out: number[] = [];
  parts.forEach((e, n) => {
    if (e.kind !== 'call' || e.args.length !== 2 || !EXACT_COMPARISONS.has(e.fn) || lookupFunction(e.fn).comparison !== 'eq') return;
    const [x, y] = e.args;
    const holds = (key: Expr, column: Expr) => column.kind === 'column' && keyed.some((k) => k.column === column.id && exprEquals(k.key, key));
    if (holds(x, y) || holds(y, x)) out.push(n);
  });
  return out;
}

/** constantEqualities lists the conjuncts `column = constant` over a scan's columns, by a key-order-consistent equality. */
function constantEqualities(predicate: Expr, scan: Scan): { inner: number; outer: Expr }[] {
  const own = new Set(scan.schema.map((c) => c.id));
  const out: { inner: number; outer: Expr }[] = [];
  for (const e of conjuncts(predicate)) {
    if (e.kind !== 'call' || e.args.length !== 2 || lookupFunction(e.fn).comparison !== 'eq') continue;
    const [a, c] = e.args;
    const constant = (x: Expr) => columnsUsed(x).size === 0 && isDeterministic(x);
    if (a.kind === 'column' && own.has(a.id) && constant(c)) out.push({ inner: a.id, outer: c });
    else if (c.kind === 'column' && own.has(c.id) && constant(a)) out.push({ inner: c.id, outer: a });
  }
  return out;
}

function joinSchema(p: Join, left: PhysicalPlan['schema'], right: PhysicalPlan['schema']) {
  switch (p.joinKind) {
    case 'inner':
    case 'left':
      return [...left, ...right];
    case 'mark':
      return [...left, p.mark!];
    default:
      return [...left];
  }
}

/**
 * pastNulls starts the full ordered scan under `p` (through filters and projections) after the
 * NULLs of `column`, its first key column; null when the scan reads a range of its own, is
 * ordered by another column first, or stores that column descending (its NULLs at the end).
 */
function pastNulls(p: PhysicalPlan, column: number): PhysicalPlan | null {
  const pastNullRange: PhysicalKeyRange = { lower: { values: [lit(null)], inclusive: false }, upper: null };
  switch (p.kind) {
    case 'filter':
    case 'project': {
      const input = pastNulls(p.input, column);
      // The new range no longer holds a guarded filter's equalities.
      return input === null ? null : p.kind === 'filter' ? { ...p, input, exactForKeys: undefined } : { ...p, input };
    }
    case 'index-scan':
      if (p.range !== null || p.keyList !== undefined || p.index.descending[0] || p.schema[p.index.columns[0]].id !== column) return null;
      return { ...p, range: pastNullRange };
    case 'table-scan':
      if (p.range !== null || p.keyList !== undefined || p.schema[p.relation.primaryKey?.[0] ?? -1]?.id !== column) return null;
      return { ...p, range: pastNullRange };
    default:
      return null;
  }
}

/** readsAnyOf: whether `p` reads (fully or the delta of) one of the recursive relations `ids`. */
function readsAnyOf(p: Plan, ids: ReadonlySet<number>): boolean {
  let found = false;
  walk(p, (x) => {
    if (x.kind === 'recursive-scan' && ids.has(x.relation.id)) found = true;
  });
  return found;
}
