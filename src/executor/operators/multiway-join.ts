/**
 * multiway-join.ts — a worst-case-optimal join (Generic Join over hash tries) for cyclic
 * equi-joins: triangles, squares, any join whose conditions form a cycle.
 *
 * A binary plan of a triangle joins two of its edges first and materializes every two-hop
 * path (at the workload's SF 1, 1.5 million rows for 35 thousand triangles) before the third
 * edge throws most away. Here each input is read once into a trie keyed by its join variables
 * in the plan's variable order (sorted-trie.ts); the variables are then bound one at a time:
 * the values of a variable are those in every trie node that holds it, found by walking the
 * smallest node and seeking each value in the others (Leapfrog Triejoin). Partial results
 * never exceed what the inputs allow together (Ngo, Porat, Ré, Rudra: worst-case optimal join
 * algorithms; Veldhuizen: Leapfrog Triejoin).
 *
 * Under an aggregate that only counts (COUNT(*)), countRows counts without making rows: the
 * last variable's matches are counted as products of run lengths (a triangle count is then the
 * hand-written loop over sorted adjacency lists: one merge per edge).
 *
 * Equality is hash-key equality (hash-key.ts), as a hash join's keys; a row with a NULL in a
 * join column joins nothing. Inputs that read the same rows (readShape: one scan under the same
 * filters — a self-join, the triangle's three edges) are read once and, keyed on the same
 * columns, share one trie.
 */
import { isDeterministic, type Expr } from '../../algebra/expr.js';
import type { PhysicalPlan, PMultiwayJoin } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { BATCH_SIZE, drainAll, visitAll, type Limits, type Open, type Operator, type RowRunVisitor, type Scope } from '../operator.js';
import { release, float64s } from '../scratch.js';
import { KeyCoder, KeyColumns, runEnd, seek, seekDirectory, sortedTrie, trieOfKeys, type Directory, type SortedTrie } from '../sorted-trie.js';

/** `emit`: a projection fused into the join (project.ts): output slot k is position emit[k] of the inputs' concatenated row. */
export function compileMultiwayJoin(p: PMultiwayJoin, c: PlanCompiler, scope: Scope, emit: Int32Array | null = null): Open {
  const opens = p.inputs.map((input) => c.compile(input, scope));
  const where = new Map<number, { input: number; slot: number }>();
  p.inputs.forEach((input, j) => input.schema.forEach((col, slot) => where.has(col.id) || where.set(col.id, { input: j, slot })));
  // Per input, the slots of its variables in binding order; per variable, who holds it at which trie level.
  const slots: number[][] = p.inputs.map(() => []);
  const variableOf: number[][] = p.inputs.map(() => []);
  const holders: number[][] = [];
  const levels: number[][] = [];
  for (const variable of p.variables) {
    const hs: number[] = [];
    const ls: number[] = [];
    for (const col of variable) {
      const at = where.get(col.id);
      if (at === undefined || hs.includes(at.input)) throw new Error(`executor: multiway-join variable column ${col.name}#${col.id} is not one column of one input`);
      hs.push(at.input);
      ls.push(slots[at.input].length);
      slots[at.input].push(at.slot);
      variableOf[at.input].push(holders.length);
    }
    holders.push(hs);
    levels.push(ls);
  }
  if (slots.some((s) => s.length === 0)) throw new Error('executor: multiway-join has an input without a join variable');
  // Output slot k comes from input outInput[k], position outSlot[k].
  const offsets: number[] = [];
  let width = 0;
  for (const input of p.inputs) {
    offsets.push(width);
    width += input.schema.length;
  }
  const positions = emit ?? Int32Array.from({ length: width }, (_, i) => i);
  const outInput = new Int32Array(positions.length);
  const outSlot = new Int32Array(positions.length);
  positions.forEach((pos, k) => {
    let j = offsets.length - 1;
    while (offsets[j] > pos) j--;
    outInput[k] = j;
    outSlot[k] = pos - offsets[j];
  });
  // Inputs that read the same rows are read once (readShape).
  const shareAs = p.inputs.map(readShape);
  const expected = p.inputs.map((input) => input.estimatedRows);
  const others = holders.map((hs) => Int32Array.from(p.inputs.keys()).filter((j) => !hs.includes(j)));
  const shape: Shape = { slots, variableOf, holders, levels, others, outInput, outSlot, shareAs, expected };
  const limits = c.ctx.limits;
  return () => new MultiwayJoinOperator(opens, shape, limits);
}

/**
 * readShape is one key for inputs that read the same rows, whatever their column ids: the same
 * scan (relation, index, range, direction, covering) under the same deterministic filters — a
 * triangle's three edges over the quads are three such scans of one predicate. Null for any
 * other input, which is read on its own.
 */
export function readShape(p: PhysicalPlan): string | null {
  const filters: Expr[] = [];
  let scan = p;
  while (scan.kind === 'filter') {
    filters.push(scan.predicate);
    scan = scan.input;
  }
  if ((scan.kind !== 'table-scan' && scan.kind !== 'index-scan') || !filters.every(isDeterministic)) return null;
  const position = new Map(scan.schema.map((c, i) => [c.id, i]));
  // Tagged objects for what JSON would otherwise blur: a column by its position in the scan
  // (an outer one by id), bigints, bytes, and numbers JSON writes as null or 0.
  const text = (v: unknown): string =>
    JSON.stringify(v ?? null, (_, x: unknown) => {
      if (typeof x === 'bigint') return { bigint: String(x) };
      if (typeof x === 'number' && (!Number.isFinite(x) || Object.is(x, -0))) return { number: Object.is(x, -0) ? '-0' : String(x) };
      if (x instanceof Uint8Array) return { bytes: Array.from(x) };
      if (x !== null && typeof x === 'object' && (x as { kind?: unknown }).kind === 'column') {
        const id = (x as { id: number }).id;
        const at = position.get(id);
        return at === undefined ? { outer: id } : { at };
      }
      return x;
    });
  const index = scan.kind === 'index-scan' ? `${scan.index.id}${scan.covering === true ? 'c' : ''}` : '';
  return [scan.kind, scan.relation.id, index, scan.reverse, text(scan.range), text(scan.keyList), ...filters.map(text)].join('|');
}

const EMPTY = new Float64Array(0);

interface Shape {
  /** Per input, the positions of its join columns, by variable order; variableOf the variables they are. */
  readonly slots: readonly (readonly number[])[];
  readonly variableOf: readonly (readonly number[])[];
  /** Per variable, the inputs holding it and at which level of their tries. */
  readonly holders: readonly (readonly number[])[];
  readonly levels: readonly (readonly number[])[];
  /** Per variable, the inputs not holding it. */
  readonly others: readonly Int32Array[];
  readonly outInput: Int32Array;
  readonly outSlot: Int32Array;
  readonly shareAs: readonly (string | null)[];
  /** Per input, the rows the plan expects it to read (drainAll makes room for them). */
  readonly expected: readonly number[];
}

class MultiwayJoinOperator implements Operator {
  private tries: SortedTrie[] | null = null;
  /** lo[j][l]..hi[j][l]: input j's trie node at level l (a range of its sorted rows) under the values bound so far. */
  private readonly lo: Int32Array[];
  private readonly hi: Int32Array[];
  private depth = 0;
  /** Per variable: which holder leads (walks its values), each holder's position, node end and key column. */
  private readonly leadAt: Int32Array;
  private readonly cursors: Int32Array[];
  private readonly ends: Int32Array[];
  private readonly columns: Float64Array[][];
  /** Per variable and holder: its trie's level-0 directory when the holder holds the variable there. */
  private readonly directories: (Directory | null)[][];
  /** Every variable bound: the inputs' rows under them are joined as a product, odometer `odo`. */
  private inProduct = false;
  private readonly odo: Int32Array;
  private done = false;
  private child: Operator | null = null;
  /** Arrays from scratch.ts the tries and key columns hold, given back at close. */
  private readonly owned: (ArrayBufferView | undefined)[] = [];

  constructor(
    private readonly opens: readonly Open[],
    private readonly shape: Shape,
    private readonly limits: Limits,
  ) {
    this.lo = shape.slots.map((s) => new Int32Array(s.length + 1));
    this.hi = shape.slots.map((s) => new Int32Array(s.length + 1));
    this.leadAt = new Int32Array(shape.holders.length);
    this.cursors = shape.holders.map((h) => new Int32Array(h.length));
    this.ends = shape.holders.map((h) => new Int32Array(h.length));
    this.columns = shape.holders.map((h) => h.map(() => EMPTY));
    this.directories = shape.holders.map((h) => h.map(() => null));
    this.odo = new Int32Array(opens.length);
  }

  next(): Row[] | null {
    if (this.done) return null;
    if (this.tries === null) this.start(false);
    this.limits.check();
    const out: Row[] = [];
    const last = this.shape.holders.length - 1;
    while (!this.done && out.length < BATCH_SIZE) {
      if (this.inProduct) {
        this.inProduct = this.product(out);
        continue;
      }
      if (!this.advance(this.depth)) {
        if (this.depth === 0) this.done = true;
        else this.depth--;
      } else if (this.depth === last) {
        for (let j = 0; j < this.odo.length; j++) this.odo[j] = this.lo[j][this.lo[j].length - 1];
        this.inProduct = true;
      } else this.enter(++this.depth);
    }
    return out.length > 0 ? out : null;
  }

  /**
   * countRows counts the joined rows without making them: the variables but the last are bound
   * as next() binds them; under each binding, every value of the last variable contributes the
   * product of the inputs' row counts under it (one count per run, not one row per product).
   */
  countRows(): number {
    if (this.done) return 0;
    if (this.tries === null) this.start(true);
    const last = this.shape.holders.length - 1;
    if (last === 0) return this.done ? 0 : this.countLast(0, true);
    let total = 0;
    while (!this.done) {
      if (!this.advance(this.depth)) {
        if (this.depth === 0) this.done = true;
        else this.depth--;
      } else if (this.depth + 1 === last) total += this.countLast(last, false);
      else {
        if (this.depth === 0) this.limits.check();
        this.enter(++this.depth);
      }
    }
    return total;
  }

  close(): void {
    this.child?.close();
    this.child = null;
    this.tries = null;
    this.done = true;
    release(...this.owned);
    this.owned.length = 0;
  }

  /**
   * start reads every input and builds its sorted trie. Inputs that are the same scan are read
   * once; their tries are shared when they key the same columns by the same codes. `counting`:
   * only countRows will follow, so the rows are not kept, only their join columns (KeyColumns).
   */
  private start(counting: boolean): void {
    const { slots, shareAs, variableOf, levels } = this.shape;
    const sources = counting ? this.readColumns() : this.readRows();
    // Whether a column holds only numbers, asked once per source and column (a self-join asks of one scan).
    const known = new Map<Row[] | KeyColumns, Map<number, boolean>>();
    const numeric = (source: Row[] | KeyColumns, slot: number): boolean => {
      let bySlot = known.get(source);
      if (bySlot === undefined) known.set(source, (bySlot = new Map()));
      let answer = bySlot.get(slot);
      if (answer === undefined) {
        answer = source instanceof KeyColumns ? source.columns[source.slots.indexOf(slot)] instanceof Float64Array : KeyCoder.numericValues(source, slot);
        bySlot.set(slot, answer);
      }
      return answer;
    };
    const coders = this.shape.holders.map((hs, v) => new KeyCoder(hs.every((j, i) => numeric(sources[j], slots[j][levels[v][i]]))));
    const built = new Map<string, SortedTrie>();
    const tries: SortedTrie[] = [];
    for (let j = 0; j < this.opens.length; j++) {
      const vars = variableOf[j];
      // Numbers are their own codes: such levels share; a coded level only within its variable.
      const key = shareAs[j] === null ? null : `${shareAs[j]}:${slots[j].join(',')}:${vars.map((v) => (coders[v].numeric ? 'n' : v)).join(',')}`;
      let trie = key === null ? undefined : built.get(key);
      if (trie === undefined) {
        const source = sources[j];
        const jCoders = vars.map((v) => coders[v]);
        trie = source instanceof KeyColumns ? this.trieOfColumns(source, jCoders) : sortedTrie(source, slots[j], jCoders);
        if (key !== null) built.set(key, trie);
        this.owned.push(...trie.keys, trie.directory?.first);
      }
      tries.push(trie);
      this.lo[j][0] = 0;
      this.hi[j][0] = trie.size;
      if (trie.size === 0) this.done = true;
    }
    this.tries = tries;
    if (!this.done) this.enter(0);
  }

  /** readRows drains each input, once per read shape. */
  private readRows(): Row[][] {
    const read = new Map<string, Row[]>();
    return this.opens.map((open, j) => {
      const key = this.shape.shareAs[j];
      let got = key === null ? undefined : read.get(key);
      if (got === undefined) {
        got = drainAll((this.child = open()), this.shape.expected[j]);
        this.child = null;
        if (key !== null) read.set(key, got);
      }
      return got;
    });
  }

  /** readColumns reads each input's join columns (once per read shape; one reader per distinct slot list). */
  private readColumns(): KeyColumns[] {
    const { slots, shareAs, expected } = this.shape;
    const readers: KeyColumns[] = [];
    const groups = new Map<string, number[]>();
    this.opens.forEach((_, j) => {
      const key = shareAs[j] ?? `#${j}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [j]);
      else group.push(j);
    });
    for (const group of groups.values()) {
      const bySlots = new Map<string, KeyColumns>();
      for (const j of group) {
        const at = slots[j].join(',');
        let reader = bySlots.get(at);
        if (reader === undefined) {
          bySlots.set(at, (reader = new KeyColumns(slots[j], expected[j])));
        }
        readers[j] = reader;
      }
      const all = [...bySlots.values()];
      const visit: RowRunVisitor = all.length === 1 ? all[0].take : (rows, from, to) => all.forEach((r) => r.take(rows, from, to));
      visitAll((this.child = this.opens[group[0]]()), visit);
      this.child = null;
      for (const reader of all) this.owned.push(...reader.scratch());
    }
    return readers;
  }

  /** trieOfColumns is sortedTrie over key columns read without their rows. */
  private trieOfColumns(source: KeyColumns, coders: readonly KeyCoder[]): SortedTrie {
    const n = source.size;
    const raw = source.columns.map((column, l) => {
      if (coders[l].numeric) return column as Float64Array;
      const coded = float64s(n);
      for (let i = 0; i < n; i++) coded[i] = coders[l].code(column[i]);
      this.owned.push(coded);
      return coded;
    });
    return trieOfKeys(null, raw, n);
  }

  /** enter starts binding variable d: its holders' positions at their nodes' starts; the smallest node leads. */
  private enter(d: number): void {
    const tries = this.tries as SortedTrie[];
    const hs = this.shape.holders[d];
    const ls = this.shape.levels[d];
    const c = this.cursors[d];
    const ends = this.ends[d];
    const columns = this.columns[d];
    const directories = this.directories[d];
    let lead = 0;
    let least = Infinity;
    for (let i = 0; i < hs.length; i++) {
      const lo = this.lo[hs[i]][ls[i]];
      const hi = this.hi[hs[i]][ls[i]];
      c[i] = lo;
      ends[i] = hi;
      columns[i] = tries[hs[i]].keys[ls[i]];
      directories[i] = ls[i] === 0 ? tries[hs[i]].directory : null;
      if (hi - lo < least) (least = hi - lo), (lead = i);
    }
    this.leadAt[d] = lead;
  }

  /**
   * advance binds variable d to its next value that every holder has (leapfrogging: a holder
   * whose next value is larger moves the leader up to it) and narrows each holder's next
   * level to that value's rows; false when no value is left.
   */
  private advance(d: number): boolean {
    const c = this.cursors[d];
    const ends = this.ends[d];
    const columns = this.columns[d];
    const directories = this.directories[d];
    const lead = this.leadAt[d];
    const leadKeys = columns[lead];
    const leadEnd = ends[lead];
    const leadDirectory = directories[lead];
    const n = c.length;
    let p = c[lead];
    search: while (p < leadEnd) {
      const v = leadKeys[p];
      for (let i = 0; i < n; i++) {
        if (i === lead) continue;
        const keys = columns[i];
        const end = ends[i];
        const dir = directories[i];
        if (dir === null) {
          const q = seek(keys, c[i], end, v);
          c[i] = q;
          if (q >= end) break search;
          if (keys[q] !== v) {
            p = leadDirectory === null ? seek(leadKeys, p, leadEnd, keys[q]) : seekDirectory(leadDirectory, leadKeys.length, p, leadEnd, keys[q]);
            continue search;
          }
        } else {
          // Whether v is there is the directory's to say (v's run is empty), not a read of the
          // keys: on a large level that read is a cache miss per value sought.
          const q = seekDirectory(dir, keys.length, c[i], end, v);
          c[i] = q;
          if (q >= end) break search;
          if (!Number.isInteger(v) || seekDirectory(dir, keys.length, q, end, v + 1) === q) {
            // The lead's next value, past its run of v (a directory's keys are integers, so v is).
            p = leadDirectory === null ? runEnd(leadKeys, p, leadEnd) : seekDirectory(leadDirectory, leadKeys.length, p, leadEnd, v + 1);
            continue search;
          }
        }
      }
      const hs = this.shape.holders[d];
      const ls = this.shape.levels[d];
      for (let i = 0; i < n; i++) {
        const from = i === lead ? p : c[i];
        const keys = columns[i];
        const dir = directories[i];
        // A directory's keys are integers: the run of v ends at the first key not below v + 1.
        const to = dir === null ? runEnd(keys, from, ends[i]) : seekDirectory(dir, keys.length, from, ends[i], v + 1);
        this.lo[hs[i]][ls[i] + 1] = from;
        this.hi[hs[i]][ls[i] + 1] = to;
        c[i] = to;
      }
      return true;
    }
    c[lead] = leadEnd;
    return false;
  }

  /**
   * countLast counts the rows under the bindings of every variable but the last, d: per value
   * of d that all its holders have, the product of each input's rows under it. Every input not
   * holding d has all its variables bound; every holder holds d at its last level. `entered`:
   * enter(d) has run (it is needed only where two holders' ranges are not merged directly).
   */
  private countLast(d: number, entered: boolean): number {
    const lo = this.lo;
    const hi = this.hi;
    const fixed = this.rowsUnder(this.shape.others[d]);
    if (fixed === 0) return 0;
    const hs = this.shape.holders[d];
    const ls = this.shape.levels[d];
    const tries = this.tries as SortedTrie[];
    if (hs.length === 2 && ls[0] > 0 && ls[1] > 0) {
      const a = hs[0];
      const b = hs[1];
      return fixed * intersectionCount(tries[a].keys[ls[0]], lo[a][ls[0]], hi[a][ls[0]], tries[b].keys[ls[1]], lo[b][ls[1]], hi[b][ls[1]]);
    }
    if (!entered) this.enter(d);
    let sum = 0;
    while (this.advance(d)) sum += this.rowsUnder(hs);
    return fixed * sum;
  }

  /** rowsUnder is the product of `inputs`' row counts under the values bound so far (their leaf ranges). */
  private rowsUnder(inputs: ArrayLike<number>): number {
    let product = 1;
    for (let k = 0; k < inputs.length; k++) {
      const j = inputs[k];
      const leaf = this.lo[j].length - 1;
      product *= this.hi[j][leaf] - this.lo[j][leaf];
    }
    return product;
  }

  /** product emits the joined rows of the inputs' rows under the bound values; true while some remain (the batch filled). */
  private product(out: Row[]): boolean {
    const tries = this.tries as SortedTrie[];
    const { outInput, outSlot } = this.shape;
    const n = tries.length;
    const odo = this.odo;
    const w = outInput.length;
    for (;;) {
      if (out.length >= BATCH_SIZE) return true;
      const row = new Array<Value>(w);
      for (let k = 0; k < w; k++) {
        const j = outInput[k];
        row[k] = (tries[j].rows as readonly Row[])[odo[j]][outSlot[k]];
      }
      out.push(row);
      // The odometer's last input turns fastest.
      let j = n - 1;
      for (; j >= 0; j--) {
        const leaf = this.lo[j].length - 1;
        if (++odo[j] < this.hi[j][leaf]) break;
        odo[j] = this.lo[j][leaf];
      }
      if (j < 0) return false;
    }
  }
}

/**
 * intersectionCount sums, over the values in both sorted ranges a[i..ei) and b[j..ej), the
 * product of their run lengths. Ranges of like length are merged step by step, each side's
 * current value held in a local (the loop a hand-written count of common neighbours is);
 * against a much longer range, the shorter one's values are sought in it by galloping (seek).
 */
export function intersectionCount(a: Float64Array, i: number, ei: number, b: Float64Array, j: number, ej: number): number {
  if (ei - i > ej - j) return intersectionCount(b, j, ej, a, i, ei);
  if (i >= ei) return 0;
  if (ej - j > GALLOP_RATIO * (ei - i)) return gallopingCount(a, i, ei, b, j, ej);
  let sum = 0;
  let x = a[i];
  let y = b[j];
  for (;;) {
    if (x < y) {
      if (++i >= ei) break;
      x = a[i];
    } else if (x > y) {
      if (++j >= ej) break;
      y = b[j];
    } else {
      const ri = runEnd(a, i, ei);
      const rj = runEnd(b, j, ej);
      sum += (ri - i) * (rj - j);
      if (ri >= ei || rj >= ej) break;
      i = ri;
      j = rj;
      x = a[i];
      y = b[j];
    }
  }
  return sum;
}

/** gallopingCount is intersectionCount seeking each value of the short range a in the long range b. */
function gallopingCount(a: Float64Array, i: number, ei: number, b: Float64Array, j: number, ej: number): number {
  let sum = 0;
  while (i < ei) {
    const x = a[i];
    j = seek(b, j, ej, x);
    if (j >= ej) break;
    const ri = runEnd(a, i, ei);
    if (b[j] === x) {
      const rj = runEnd(b, j, ej);
      sum += (ri - i) * (rj - j);
      j = rj;
    }
    i = ri;
  }
  return sum;
}

/** Beyond this ratio of lengths, the longer range is sought by galloping instead of stepped through. */
const GALLOP_RATIO = 8;
