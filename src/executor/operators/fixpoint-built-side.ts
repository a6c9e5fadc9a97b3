/**
 * fixpoint-built-side.ts — the hashed side of a fused Fixpoint join (fixpoint-join.ts): rows of
 * the right side reduced to the value codes the join outputs, chained per key.
 */
import type { Evaluator } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { Operator } from '../operator.js';
import type { RecursiveRows } from '../recursive-rows.js';
import type { ValueCodes } from '../value-codes.js';
import { KeyChains } from './fixpoint-chains.js';
import type { FixedKeys, JoinPart } from './fixpoint-join.js';

/** fixedCodes's answer when no row can join. */
const NOTHING = new Int32Array(0);

/**
 * The built side of a fused join: its rows chained per key as the codes of the columns each
 * contributes to the output (fixpoint-chains.ts), and, only when a residual must see them or
 * their codes are taken lazily, the rows themselves.
 */
export class BuiltSide extends KeyChains {
  /** Per row, when a residual reads them or its output codes are taken lazily: the row. */
  rows: Row[] = [];
  /**
   * Whether output codes are taken when a row is first emitted rather than when it is read
   * (a looked-up relation read whole: most of its rows may never join, and coding a string
   * costs a hash). `out` then holds -1 for a code not taken yet.
   */
  private readonly lazy: boolean;
  /** The codes of the leading keys every hashed row has (fixedCodes), or null. */
  private fixed: Int32Array | null = null;
  /** The read loadSome left open, and the rows it read so far. */
  private source: Operator | null = null;
  read = 0;

  constructor(
    private readonly part: JoinPart,
    private readonly dictionary: ValueCodes,
  ) {
    super(part.right.kind === 'codes' ? part.right.keySlots.length : part.right.keys.length, part.rightSlots.length);
    this.lazy = part.right.kind === 'stored';
  }

  /** outCode returns output code `m` of row `j` (at `at` = j * width + m in `out`), taking it now if it was left for later. */
  outCode(j: number, m: number, at: number): number {
    const c = this.out[at];
    return c >= 0 ? c : (this.out[at] = this.dictionary.code(this.rows[j][this.part.rightSlots[m]]));
  }

  /** load adds the right side's rows: all of them, or for 'extend' the ones its relation gained in the last iteration. */
  load(gained: boolean): void {
    const right = this.part.right;
    if (right.kind === 'codes') {
      const rows = right.state.rows;
      const from = right.delta || gained ? rows.from : 0;
      this.reserve(this.count + rows.to - from);
      this.reserveCodes(this.dictionary.size);
      for (let i = from; i < rows.to; i++) this.addCoded(rows, i, right.keySlots);
      return;
    }
    this.loadSome(Infinity);
  }

  /**
   * loadSome reads at least `budget` more rows of a right side read through operators (whole
   * batches), or all that are left; true once every row is read. The read stays open between
   * calls (a Fixpoint's iterations read one snapshot).
   */
  loadSome(budget: number): boolean {
    const right = this.part.right;
    if (right.kind === 'codes') throw new Error('executor: loadSome of a side read as codes');
    if (this.source === null) {
      if (right.kind === 'stored' && right.fixed !== null) {
        this.fixed = this.fixedCodes(right.fixed);
        // No row gives the fixed keys (or one gives a NULL): nothing can join.
        if (this.fixed === NOTHING) return true;
      }
      this.source = right.open();
      // Room for the rows this call reads at least (typed arrays grown from small cost an
      // allocation each time, which a built side read anew every Fixpoint run pays every run).
      if (budget !== Infinity) {
        this.reserve(budget);
        // The rows too, when kept: pushed one by one, the array's regrowth copied it about
        // twice over (a fifth of what a closure over a hierarchy allocated per run).
        if (this.count === 0 && (this.lazy || this.part.residual !== null)) this.rows = new Array<Row>(budget);
      }
    }
    const op = this.source;
    // A stored relation's scan lends its leaf runs (the run protocol): no batch copied per read.
    if (op.visit !== undefined) {
      const keys = right.keys;
      const visitor = (rows: readonly Row[], from: number, to: number): void => {
        for (let i = from; i < to; i++) this.addRow(rows[i], keys);
      };
      for (let n = 0; n < budget; ) {
        const walked = op.visit(visitor);
        if (walked === 0) {
          this.close();
          return true;
        }
        n += walked;
        this.read += walked;
      }
      return false;
    }
    for (let n = 0; n < budget; ) {
      const b = op.next();
      if (b === null) {
        this.close();
        return true;
      }
      for (let i = 0; i < b.length; i++) this.addRow(b[i], right.keys);
      n += b.length;
      this.read += b.length;
    }
    return false;
  }

  /**
   * fixedCodes evaluates the fixed leading keys (fixpoint-join.ts fixedKeys) once per run: the
   * codes a hashed row's leading keys must have; null when several rows give them (every row is
   * then hashed), NOTHING when no row does.
   */
  private fixedCodes(fixed: FixedKeys): Int32Array | null {
    const op = fixed.open();
    const rows: Row[] = [];
    try {
      for (let b = op.next(); b !== null && rows.length < 2; b = op.next()) rows.push(...b);
    } finally {
      op.close();
    }
    if (rows.length > 1) return null;
    if (rows.length === 0) return NOTHING;
    const values = fixed.keys.map((k) => k(rows[0]));
    return values.includes(null) ? NOTHING : Int32Array.from(values, (v) => this.dictionary.code(v));
  }

  /** close ends a read left open by loadSome. */
  close(): void {
    this.source?.close();
    this.source = null;
  }

  private addCoded(rows: RecursiveRows, i: number, keySlots: Int32Array): void {
    const codes = rows.codes;
    const at = i * rows.width;
    const key = this.key;
    for (let k = 0; k < keySlots.length; k++) {
      const c = codes[at + keySlots[k]];
      if (c === this.dictionary.nullCode) return;
      key[k] = c;
    }
    const slots = this.part.rightSlots;
    const j = this.append();
    const o = j * this.width;
    for (let m = 0; m < slots.length; m++) this.out[o + m] = codes[at + slots[m]];
    if (this.part.residual !== null) this.rows[j] = rows.row(i);
  }

  private addRow(r: Row, keys: readonly Evaluator[]): void {
    const key = this.key;
    const dictionary = this.dictionary;
    const fixed = this.fixed;
    if (fixed !== null) {
      // A row under other leading keys is never looked up: skipped before anything is coded.
      for (let k = 0; k < fixed.length; k++) {
        const v = keys[k](r);
        if (v === null || dictionary.find(v) !== fixed[k]) return;
      }
    }
    for (let k = 0; k < keys.length; k++) {
      const v = keys[k](r);
      if (v === null) return;
      key[k] = dictionary.code(v);
    }
    const slots = this.part.rightSlots;
    const j = this.append();
    const o = j * this.width;
    // A loop, not out.fill: a builtin call per row costs more than the row's other work.
    if (this.lazy) for (let m = 0; m < slots.length; m++) this.out[o + m] = -1;
    else for (let m = 0; m < slots.length; m++) this.out[o + m] = dictionary.code(r[slots[m]]);
    // Row j at index j: the array may be reserved ahead (loadSome).
    if (this.lazy || this.part.residual !== null) this.rows[j] = r;
  }
}

/** concatInto writes left ++ right into `into` (the row a residual condition reads). */
export function concatInto(into: Value[], l: Row, lw: number, r: Row): Row {
  for (let j = 0; j < lw; j++) into[j] = l[j];
  for (let j = 0; j < r.length; j++) into[lw + j] = r[j];
  return into;
}
