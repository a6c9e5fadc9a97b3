/**
 * fixpoint-streamed.ts — an index join part of a Fixpoint that runs once (an init:
 * fixpoint-join.ts) and whose looked-up relation is worth reading whole (fixpoint-join-run.ts
 * decides when, as for a step). A step probes the same relation every iteration, so it hashes
 * the relation (fixpoint-built-side.ts); a part run once reads it once, so the driving rows —
 * fewer — are hashed instead and the relation streamed past them, the hash join a planner
 * would have chosen had it known how many rows drive the lookups. A stored row that joins
 * nothing is then neither kept nor coded: its key is only looked up in the dictionary (a value
 * the dictionary lacks is in no driving key, whose values were coded first). The part derives
 * the same tuples, in the relation's order rather than the driving rows' (a set either way).
 */
import type { Evaluator } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { Operator } from '../operator.js';
import type { RecursiveRows } from '../recursive-rows.js';
import type { ValueCodes } from '../value-codes.js';
import { concatInto } from './fixpoint-built-side.js';
import { KeyChains } from './fixpoint-chains.js';
import type { JoinPart } from './fixpoint-join.js';

/**
 * streamStored runs `part` (driving rows read through operators or as codes, a stored looked-up relation)
 * by streaming the relation: true when done, false when the relation holds more than `budget`
 * rows — then the rows derived so far are right but not all, and the caller runs the part
 * through its index lookups (which derive them again; the target keeps each once).
 */
export function streamStored(part: JoinPart, dictionary: ValueCodes, target: RecursiveRows, budget: number): boolean {
  const driving = DrivingRows.read(part, dictionary);
  try {
    return streamPast(part, driving, target, budget);
  } finally {
    driving.release();
  }
}

function streamPast(part: JoinPart, driving: DrivingRows, target: RecursiveRows, budget: number): boolean {
  if (driving.count === 0) return true;
  const right = part.right;
  if (right.kind !== 'stored') throw new Error('executor: streamStored needs a stored relation');
  const source = right.open();
  let read = 0;
  try {
    if (source.visit !== undefined) {
      const visitor = (rows: readonly Row[], from: number, to: number): void => {
        for (let i = from; i < to; i++) driving.join(rows[i], target);
      };
      for (let walked = source.visit(visitor); walked > 0; walked = source.visit(visitor)) {
        read += walked;
        if (read > budget) return false;
      }
      return true;
    }
    return streamBatches(source, driving, target, budget);
  } finally {
    source.close();
  }
}

function streamBatches(source: Operator, driving: DrivingRows, target: RecursiveRows, budget: number): boolean {
  let read = 0;
  for (let b = source.next(); b !== null; b = source.next()) {
    for (let i = 0; i < b.length; i++) driving.join(b[i], target);
    read += b.length;
    if (read > budget) return false;
  }
  return true;
}

/** The driving rows of a part, chained per key (the codes of their lookup values), each with the codes of its output columns (fixpoint-chains.ts). */
class DrivingRows extends KeyChains {
  /** Driving rows read through operators, when a residual reads them: the row of each chained row. */
  private readonly rows: Row[] = [];
  /**
   * Driving rows of a relation of codes, when a residual reads them: the relation, and the
   * number of the row each chained row is (built as a row only if the residual is evaluated).
   */
  private coded: RecursiveRows | null = null;
  private numbers: number[] = [];
  /**
   * Where the residual only restates the key equalities (fixpoint-lookups.ts keyColumnsOf): per
   * key, the stored row's column it equals. A driving row read as codes holds the values its
   * codes decode to, so a stored row whose looked-up columns are identical (===) to the values of
   * its key's codes passes the residual for every driving row of that key, without it.
   */
  private readonly keyColumns: Int32Array | null;
  private readonly tuple: Int32Array;
  private readonly rightCodes: Int32Array;
  private readonly joined: Value[];

  private constructor(
    private readonly part: JoinPart,
    private readonly dictionary: ValueCodes,
    keyColumns: number,
  ) {
    super(keyColumns, part.fromLeft.length);
    this.keyColumns = part.left.kind === 'codes' && part.right.kind === 'stored' ? part.right.lookups.keyColumns : null;
    this.tuple = new Int32Array(part.fromLeft.length + part.fromRight.length);
    this.rightCodes = new Int32Array(part.fromRight.length);
    this.joined = new Array<Value>(part.leftWidth + part.rightWidth).fill(null);
  }

  /** read reads and hashes every driving row of `part` (a NULL key matches nothing: such rows are dropped). */
  static read(part: JoinPart, dictionary: ValueCodes): DrivingRows {
    const left = part.left;
    if (left.kind === 'codes') {
      const table = new DrivingRows(part, dictionary, left.keySlots.length);
      table.addAllCoded(left.state.rows, left.delta, left.keySlots);
      return table;
    }
    if (left.kind !== 'rows') throw new Error('executor: streamStored needs driving rows');
    const table = new DrivingRows(part, dictionary, left.keys.length);
    const op = left.open();
    try {
      for (let b = op.next(); b !== null; b = op.next()) for (let i = 0; i < b.length; i++) table.add(b[i], left.keys);
    } finally {
      op.close();
    }
    return table;
  }

  /** addAllCoded adds the rows of a relation held as codes (its delta, or all of it): no value is coded again. */
  private addAllCoded(rows: RecursiveRows, delta: boolean, keySlots: Int32Array): void {
    const { leftSlots, residual } = this.part;
    const { key, dictionary } = this;
    const w = rows.width;
    const codes = rows.codes;
    if (residual !== null) this.coded = rows;
    // Sized once: grown from 64 a doubling at a time, the chains were re-allocated and copied
    // a dozen times per run (1,002 driving rows over codes in the thousands).
    const from = delta ? rows.from : 0;
    this.reserve(rows.to - from);
    this.reserveCodes(dictionary.size);
    next: for (let i = from; i < rows.to; i++) {
      const at = i * w;
      for (let k = 0; k < keySlots.length; k++) {
        const c = codes[at + keySlots[k]];
        if (c === dictionary.nullCode) continue next;
        key[k] = c;
      }
      const o = this.append() * this.width;
      for (let m = 0; m < leftSlots.length; m++) this.out[o + m] = codes[at + leftSlots[m]];
      if (residual !== null) this.numbers.push(i);
    }
  }

  /** leftRow is chained row `j`'s driving row (for the residual). */
  private leftRow(j: number): Row {
    const coded = this.coded;
    return coded === null ? this.rows[j] : coded.row(this.numbers[j]);
  }

  /** identicalKeys: whether stored row `r`'s looked-up columns are identical to the values of the key codes in `key` (keyColumns). */
  private identicalKeys(r: Row, columns: Int32Array): boolean {
    const { key, dictionary } = this;
    for (let k = 0; k < columns.length; k++) if (r[columns[k]] !== dictionary.value(key[k] as number)) return false;
    return true;
  }

  private add(l: Row, keys: readonly Evaluator[]): void {
    const key = this.key;
    for (let k = 0; k < keys.length; k++) {
      const v = keys[k](l);
      if (v === null) return;
      key[k] = this.dictionary.code(v);
    }
    const { leftSlots, residual } = this.part;
    const o = this.append() * this.width;
    for (let m = 0; m < leftSlots.length; m++) this.out[o + m] = this.dictionary.code(l[leftSlots[m]]);
    if (residual !== null) this.rows.push(l);
  }

  /** join adds the output tuple of stored row `r` with each driving row of its key. */
  join(r: Row, target: RecursiveRows): void {
    const keys = (this.part.right as Extract<JoinPart['right'], { kind: 'stored' }>).keys;
    const dictionary = this.dictionary;
    const key = this.key;
    for (let k = 0; k < keys.length; k++) {
      const v = keys[k](r);
      // A value without a code is in no driving key.
      const c = v === null ? -1 : dictionary.find(v);
      if (c < 0) return;
      key[k] = c;
    }
    const e = this.entryOf(key);
    if (e < 0) return;
    const { fromLeft, fromRight, rightSlots, residual, leftWidth } = this.part;
    const { tuple, rightCodes, out, next } = this;
    for (let m = 0; m < fromRight.length; m++) rightCodes[m] = dictionary.code(r[rightSlots[m]]);
    const lc = fromLeft.length;
    const checked = residual !== null && (this.keyColumns === null || !this.identicalKeys(r, this.keyColumns));
    for (let j = this.firstRow(e) - 1; j >= 0; j = next[j] - 1) {
      if (checked && (residual as Evaluator)(concatInto(this.joined, this.leftRow(j), leftWidth, r)) !== true) continue;
      for (let m = 0; m < lc; m++) tuple[fromLeft[m]] = out[j * lc + m];
      for (let m = 0; m < fromRight.length; m++) tuple[fromRight[m]] = rightCodes[m];
      target.addCodes(tuple);
    }
  }
}
