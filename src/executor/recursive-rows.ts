/**
 * recursive-rows.ts — the rows of one recursive relation while its Fixpoint runs
 * (fixpoint.ts), as the Fixpoint writes them and as recursive-scan.ts and fixpoint-join.ts
 * read them.
 *
 * Rows are numbered in the order derived. `full` is rows [0, to), `delta` rows [from, to):
 * both fixed between `advance` calls, so rows added during an iteration are invisible to every
 * read of that iteration (fixpoint.ts explains the snapshot). Under set semantics the relation
 * holds a RowSet and stores each row only as its tuple of value codes (row-major in one
 * Int32Array; the codes come from the Fixpoint's ValueCodes, shared by all its relations):
 * a fused join (fixpoint-join.ts) reads and adds tuples of codes, so a derived row is not
 * built as an array unless something reads it as a row — then `row` builds it, and keeps it
 * while the Fixpoint iterates. Under bag semantics rows are kept as given.
 * The codes' array comes from the executor's pool (scratch.ts) and goes back to it when the
 * Fixpoint run closes (`release`), unless it was handed over (`coded`): a fresh typed array
 * per relation per run, and per doubling, costs page faults on the benchmark machines.
 */
import type { Row } from '../common/values.js';
import { CodedRows, decodeRow } from './coded-rows.js';
import type { Open } from './operator.js';
import { RowSet } from './row-set.js';
import { int32s, release } from './scratch.js';
import type { ValueCodes } from './value-codes.js';

const INITIAL_ROWS = 256;

export class RecursiveRows {
  /** Set semantics only: the rows held, and their codes (`width` per row). */
  readonly set: RowSet | null;
  codes: Int32Array;
  /** Rows built or given so far, by number (a hole where none was built yet). */
  private rows: (Row | undefined)[] = [];
  private readonly scratch: Int32Array;
  count = 0;
  from = 0;
  to = 0;
  /**
   * Whether rows built from codes are kept: while the Fixpoint iterates (a step may read a
   * relation in full every iteration), not once it is done (its body reads it once).
   */
  keepBuilt = true;
  /** Whether `coded` handed the codes over: they then outlive the run (release keeps them). */
  private handedOver = false;

  constructor(
    readonly width: number,
    /** The Fixpoint's dictionary (set semantics), or null (bag semantics: no dedupe). */
    readonly dictionary: ValueCodes | null,
    /** With a dictionary, whether tuples are deduplicated: not for the rows between two fused joins (fixpoint-join.ts drivingSide). */
    distinct = true,
  ) {
    this.set = dictionary === null || !distinct ? null : new RowSet(width, dictionary);
    this.codes = dictionary === null ? new Int32Array(0) : int32s(INITIAL_ROWS * Math.max(1, width));
    this.scratch = new Int32Array(width);
  }

  /** addRow adds a row; under set semantics only if it is not held yet (true when added). */
  addRow(row: Row): boolean {
    if (this.dictionary === null) {
      this.rows.push(row);
      this.count++;
      return true;
    }
    const scratch = this.scratch;
    const dictionary = this.dictionary;
    for (let i = 0; i < this.width; i++) scratch[i] = dictionary.code(row[i]);
    if (!this.addCodes(scratch)) return false;
    this.keep(this.count - 1, row);
    return true;
  }

  /** addAll adds every row of a fresh run of `open` (an init, or a step part run through operators). */
  addAll(open: Open): void {
    const op = open();
    try {
      for (let b = op.next(); b !== null; b = op.next()) {
        for (let i = 0; i < b.length; i++) this.addRow(b[i]);
      }
    } finally {
      op.close();
    }
  }

  /** addCodes adds the row whose value codes are the first `width` of `tuple` if it is not held yet (a dictionary needed). */
  addCodes(tuple: Int32Array): boolean {
    if (this.set !== null && !this.set.addCodes(tuple)) return false;
    const w = this.width;
    let at = this.count * w;
    if (at + w > this.codes.length) this.grow();
    const codes = this.codes;
    for (let i = 0; i < w; i++) codes[at++] = tuple[i];
    this.count++;
    return true;
  }

  /** addPair is addCodes for a relation of width 2. */
  addPair(a: number, b: number): boolean {
    if (this.set !== null && !this.set.addPair(a, b)) return false;
    const at = this.count * 2;
    if (at + 2 > this.codes.length) this.grow();
    const codes = this.codes;
    codes[at] = a;
    codes[at + 1] = b;
    this.count++;
    return true;
  }

  /** advance ends an iteration: the rows added since the last call become the delta. */
  advance(): void {
    this.from = this.to;
    this.to = this.count;
  }

  /** row returns row `i` as an array (built from its codes the first time). */
  row(i: number): Row {
    const kept = this.rows[i];
    if (kept !== undefined) return kept;
    const row = decodeRow(this.codes, i * this.width, this.width, this.dictionary as ValueCodes);
    if (this.keepBuilt) this.keep(i, row);
    return row;
  }

  /** coded hands over every row held as codes (set semantics only), for a reader of the whole relation once the Fixpoint is done. */
  coded(): CodedRows {
    this.handedOver = true;
    return new CodedRows(this.width, this.count, this.codes, this.dictionary as ValueCodes);
  }

  /**
   * release gives the relation's arrays back to the executor's pool (scratch.ts) once its
   * Fixpoint run is over and nothing reads it (rows handed over as codes keep their codes).
   */
  release(): void {
    this.set?.release();
    if (!this.handedOver) release(this.codes);
    this.codes = new Int32Array(0);
    this.rows = [];
    this.count = this.from = this.to = 0;
  }

  private keep(i: number, row: Row): void {
    const rows = this.rows;
    // Fill up to i so the array never becomes sparse (a dictionary, slow to index).
    while (rows.length < i) rows.push(undefined);
    rows[i] = row;
  }

  private grow(): void {
    const grown = int32s(this.codes.length * 2 + this.width);
    grown.set(this.codes);
    release(this.codes);
    this.codes = grown;
  }
}
