/**
 * coded-rows.ts — rows held as tuples of value codes (row-major in one Int32Array) with the
 * dictionary that decodes them (value-codes.ts): how a Fixpoint's relation is stored
 * (recursive-rows.ts), and how a result that is such a relation read whole is handed to the
 * ResultSet (operator.ts, the coded hand-over). A closure of millions of pairs so reaches the
 * caller as two codes per row; an array per row — the costliest part of answering it when
 * built eagerly, and hundreds of megabytes kept alive — is built only for a row that is read.
 */
import type { Row, Value } from '../common/values.js';
import type { ValueCodes } from './value-codes.js';

export class CodedRows {
  constructor(
    readonly width: number,
    /** How many rows: row i's codes are codes[i * width, (i + 1) * width). */
    readonly count: number,
    readonly codes: Int32Array,
    readonly dictionary: ValueCodes,
  ) {}

  /** row builds row `i` as an array of values. */
  row(i: number): Row {
    return decodeRow(this.codes, i * this.width, this.width, this.dictionary);
  }

  /** rows builds every row. */
  rows(): Row[] {
    const out = new Array<Row>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.row(i);
    return out;
  }
}

/** decodeRow builds the row whose `width` codes start at `at`. */
export function decodeRow(codes: Int32Array, at: number, width: number, dictionary: ValueCodes): Row {
  // Array literals for the narrow rows recursion mostly derives: V8 learns to allocate them
  // straight in the old generation when they survive, as derived rows do.
  if (width === 2) return [dictionary.value(codes[at]), dictionary.value(codes[at + 1])];
  if (width === 1) return [dictionary.value(codes[at])];
  const row = new Array<Value>(width);
  for (let j = 0; j < width; j++) row[j] = dictionary.value(codes[at + j]);
  return row;
}
