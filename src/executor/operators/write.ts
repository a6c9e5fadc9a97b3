/**
 * write.ts — applies the input's rows to a stored relation (logical.ts Write, physical.ts
 * PWrite) and outputs the rows it wrote, with the input's schema:
 *   insert  each input row is a full row; onConflict 'error' lets the ConstraintError through,
 *           'ignore' skips (and does not output) a row the store rejects with a ConstraintError,
 *           'replace' updates the row with the same primary key when there is one.
 *   delete  the key is at keyColumns; output only when a row was deleted.
 *   update  the old key is at keyColumns, the new row is the last relation.columns.length
 *           values of the input row.
 * The input is read completely before the first write, so a statement never sees its own
 * changes through the scan it reads from (the Halloween problem).
 */
import type { PWrite } from '../../algebra/index.js';
import { ConstraintError } from '../../common/errors.js';
import type { Row, Value } from '../../common/values.js';
import { AUTO_KEY_OPTION, type RelationDef, type StoreTransaction } from '../../storage/relations.js';
import type { PlanCompiler } from '../compile-plan.js';
import { ArrayOperator, drainInto, type Limits, type Open, type Operator, type Scope } from '../operator.js';

export function compileWrite(p: PWrite, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const ctx = c.ctx;
  return () => new WriteOperator(p, input, ctx.tx, ctx.limits);
}

class WriteOperator implements Operator {
  private output: Operator | null = null;

  constructor(
    private readonly p: PWrite,
    private readonly input: Open,
    private readonly tx: StoreTransaction,
    private readonly limits: Limits,
  ) {}

  next(): Row[] | null {
    if (this.output === null) this.output = new ArrayOperator(this.apply(drainInto(this.input(), [])), undefined, this.limits);
    return this.output.next();
  }

  close(): void {
    this.output?.close();
  }

  private apply(rows: readonly Row[]): Row[] {
    const { action, relation, keyColumns, onConflict } = this.p;
    const tx = this.tx;
    const out: Row[] = [];
    const width = relation.columns.length;
    const keys = action === 'insert' ? autoKeys(tx, relation) : null;
    for (let i = 0; i < rows.length; i++) {
      if ((i & 1023) === 1023) this.limits.check();
      const row = rows[i];
      switch (action) {
        case 'insert': {
          const full = keys ? keys(row) : row;
          if (insert(tx, relation, full, onConflict)) out.push(full);
          break;
        }
        case 'delete':
          if (tx.delete(relation, pick(row, keyColumns))) out.push(row);
          break;
        case 'update':
          tx.update(relation, pick(row, keyColumns), row.length === width ? row : row.slice(row.length - width));
          out.push(row);
          break;
      }
    }
    return out;
  }
}

/**
 * autoKeys returns a function that fills a NULL auto-assigned key (AUTO_KEY_OPTION) with one
 * more than the largest key this transaction sees, or null when the relation has none.
 */
function autoKeys(tx: StoreTransaction, relation: RelationDef): ((row: Row) => Row) | null {
  const position = relation.options?.[AUTO_KEY_OPTION];
  if (typeof position !== 'number') return null;
  let next: number | null = null;
  return (row) => {
    const given = row[position];
    if (given !== null) {
      if (typeof given === 'number' && next !== null && given >= next) next = given + 1;
      return row;
    }
    if (next === null) {
      const cursor = tx.scan(relation, { reverse: true, limit: 1 });
      const last = cursor.nextBatch(1);
      cursor.close();
      const max = last?.[0]?.[position];
      next = typeof max === 'number' ? max + 1 : 1;
    }
    const filled = row.slice();
    filled[position] = next++;
    return filled;
  };
}

function pick(row: Row, positions: readonly number[]): Value[] {
  const key = new Array<Value>(positions.length);
  for (let i = 0; i < positions.length; i++) key[i] = row[positions[i]];
  return key;
}

/** insert writes one row under the conflict policy; returns whether it was written. */
function insert(tx: StoreTransaction, relation: RelationDef, row: Row, onConflict: PWrite['onConflict']): boolean {
  if (onConflict === 'replace' && relation.primaryKey !== null) {
    const key = pick(row, relation.primaryKey);
    if (tx.get(relation, key) !== undefined) {
      tx.update(relation, key, row);
      return true;
    }
  }
  if (onConflict !== 'ignore') {
    tx.insert(relation, row);
    return true;
  }
  try {
    tx.insert(relation, row);
    return true;
  } catch (e) {
    if (e instanceof ConstraintError) return false;
    throw e;
  }
}
