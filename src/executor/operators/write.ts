/**
 * write.ts — applies the input's rows to a stored relation (logical.ts Write, physical.ts
 * PWrite) and outputs the rows it wrote, with the input's schema:
 *   insert  each input row is a full row; onConflict 'error' lets the ConstraintError through,
 *           'ignore' skips (and does not output) a row the store rejects with a ConstraintError,
 *           'replace' first deletes every stored row it collides with on the primary key or
 *           any unique index (SQLite's REPLACE: however many rows stand in its way). Upserts
 *           (ON CONFLICT … DO NOTHING / DO UPDATE) look for the colliding row first and, for
 *           DO UPDATE, output the row as updated.
 *   delete  the key is at keyColumns; output only when a row was deleted.
 *   update  the old key is at keyColumns, the new row is the last relation.columns.length
 *           values of the input row; onConflict 'ignore' leaves a row whose update the store
 *           refuses unchanged (UPDATE OR IGNORE), 'replace' deletes the other rows the new
 *           values collide with (UPDATE OR REPLACE; a row so deleted is not updated later).
 * The input is read completely before the first write, so a statement never sees its own
 * changes through the scan it reads from (the Halloween problem). Foreign keys are enforced
 * through foreign-keys.ts when the relation takes part in any; row triggers through triggers.ts
 * (BEFORE actions run before a row is written and may skip it, AFTER actions after).
 */
import type { Evaluator, PWrite, Upsert } from '../../algebra/index.js';
import { ConstraintError } from '../../common/errors.js';
import { RaiseError } from '../../algebra/functions/sql-raise.js';
import type { Row, Value } from '../../common/values.js';
import { AUTO_KEY_OPTION, exactRange, SEQUENCE_OPTION, type IndexDef, type RelationDef, type SequenceOption, type StoreTransaction } from '../../storage/relations.js';
import { compareValues } from '../../storage/compare.js';
import { concatLayout } from '../compile-expr.js';
import type { PlanCompiler } from '../compile-plan.js';
import { ForeignKeys, sameSet } from '../foreign-keys.js';
import { RowTriggers } from '../triggers.js';
import { ArrayOperator, drainInto, type WriteCounts, type Limits, type Open, type Operator, type Scope } from '../operator.js';

/** An upsert clause with its expressions compiled over [stored row, proposed row]. */
interface CompiledUpsert {
  readonly target: readonly number[] | null;
  readonly set: Evaluator[] | null;
  readonly where: Evaluator | null;
}

export function compileWrite(p: PWrite, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const ctx = c.ctx;
  const upserts = (p.upsert ?? []).map((u: Upsert): CompiledUpsert => {
    const layout = concatLayout(u.existing, p.input.schema);
    return {
      target: u.target,
      set: u.set === null ? null : u.set.map((e) => c.expr(e, layout, scope)),
      where: u.where === null ? null : c.expr(u.where, layout, scope),
    };
  });
  // The statement's own Write reports its inserts (last_insert_rowid); a trigger's writes, compiled within it, do not.
  const own = !c.insideWrite;
  c.insideWrite = true;
  const triggers = RowTriggers.compile(p.triggers, c, scope);
  c.insideWrite = !own;
  return () => new WriteOperator(p, upserts, input, ctx.tx, ctx.limits, triggers, ctx.writeCounts, own);
}

class WriteOperator implements Operator {
  private output: Operator | null = null;

  constructor(
    private readonly p: PWrite,
    private readonly upserts: readonly CompiledUpsert[],
    private readonly input: Open,
    private readonly tx: StoreTransaction,
    private readonly limits: Limits,
    private readonly triggers: RowTriggers | null,
    /** Where this Write reports what it did (ExecutionOptions.writeCounts): as the statement's own, each row's rowid; as a trigger's, its count. */
    private readonly counts: WriteCounts | undefined,
    private readonly own: boolean,
  ) {}

  next(): Row[] | null {
    if (this.output === null) {
      const written = this.apply(drainInto(this.input(), []));
      if (!this.own && this.counts !== undefined) this.counts.byTriggers += written.length;
      this.output = new ArrayOperator(written, undefined, this.limits);
    }
    return this.output.next();
  }

  close(): void {
    this.output?.close();
  }

  private apply(rows: readonly Row[]): Row[] {
    const policy = this.p.onConflict;
    if (policy !== 'fail' && policy !== 'rollback') return this.applyAll(rows);
    try {
      return this.applyAll(rows);
    } catch (e) {
      // OR FAIL keeps the rows written before this one, OR ROLLBACK ends the transaction: the session does either for a RaiseError.
      if (e instanceof ConstraintError && !(e instanceof RaiseError)) throw new RaiseError(policy, e.message);
      throw e;
    }
  }

  private applyAll(rows: readonly Row[]): Row[] {
    const { action, relation, keyColumns, onConflict } = this.p;
    const tx = this.tx;
    const out: Row[] = [];
    const width = relation.columns.length;
    const keys = action === 'insert' ? autoKeys(tx, relation) : null;
    const fk = ForeignKeys.forWrite(tx, relation);
    const triggers = this.triggers;
    const autoKey = relation.options?.[AUTO_KEY_OPTION];
    if (action === 'insert' && rows.length > 1 && (onConflict === 'error' || onConflict === 'ignore') && triggers === null && fk === null && this.upserts.length === 0 && tx.insertMany !== undefined) {
      // Plain inserts of several rows (a load's batch): the store takes them at once, its keys sorted.
      this.limits.check();
      const written = tx.insertMany(relation, keys ? rows.map(keys.fill) : rows, onConflict === 'ignore');
      keys?.finish();
      if (this.own && this.counts !== undefined && typeof autoKey === 'number' && written.length > 0) this.counts.rowid = written[written.length - 1][autoKey];
      return written;
    }
    for (let i = 0; i < rows.length; i++) {
      if ((i & 1023) === 1023) this.limits.check();
      const row = rows[i];
      switch (action) {
        case 'insert': {
          // SQLite shows a key still to be assigned as -1 to BEFORE INSERT triggers.
          if (triggers && !triggers.before(null, typeof autoKey === 'number' && row[autoKey] === null ? withValue(row, autoKey, -1) : row)) break;
          // An upsert assigns an automatic key only when it does insert (no key is burnt on a conflict).
          const written = this.upserts.length ? this.upsert(row, fk, keys) : insert(tx, relation, keys ? keys.fill(row) : row, onConflict, fk);
          if (written === null) break;
          out.push(written.row);
          if (written.inserted && this.own && this.counts !== undefined && typeof autoKey === 'number') this.counts.rowid = written.row[autoKey];
          if (triggers && written.inserted) triggers.after(null, written.row);
          break;
        }
        case 'delete': {
          const key = pick(row, keyColumns);
          const old = triggers ? tx.get(relation, key) : undefined;
          if (triggers && (old === undefined || !triggers.before(old, null))) break;
          if (!(fk ? fk.delete(relation, key) : tx.delete(relation, key))) break;
          out.push(row);
          if (triggers) triggers.after(old!, null);
          break;
        }
        case 'update': {
          const next = row.length === width ? row : row.slice(row.length - width);
          const old = triggers || onConflict === 'replace' ? tx.get(relation, pick(row, keyColumns)) : undefined;
          if (onConflict === 'replace' && old === undefined) break;
          if (triggers && (old === undefined || !triggers.before(old, next))) break;
          if (onConflict === 'replace') replaceConflicts(tx, relation, next, pick(row, keyColumns), fk);
          if (onConflict === 'ignore') {
            // UPDATE OR IGNORE: a row the store refuses is left as it was (the store checks before writing).
            const sp = tx.savepoint();
            try {
              if (fk) fk.update(relation, pick(row, keyColumns), next);
              else tx.update(relation, pick(row, keyColumns), next);
            } catch (e) {
              if (!(e instanceof ConstraintError)) throw e;
              tx.rollbackTo(sp);
              break;
            }
          } else if (fk) fk.update(relation, pick(row, keyColumns), next);
          else tx.update(relation, pick(row, keyColumns), next);
          out.push(row);
          if (triggers) triggers.after(old!, next);
          break;
        }
      }
    }
    fk?.finish();
    keys?.finish();
    return out;
  }

  /** upsert inserts `row`, or applies the first ON CONFLICT clause whose target it collides on; returns the row written. */
  private upsert(row: Row, fk: ForeignKeys | null, keys: AutoKeys | null): Written | null {
    const relation = this.p.relation;
    for (const u of this.upserts) {
      const existing = colliding(this.tx, relation, row, u.target);
      if (existing === undefined) continue;
      if (u.set === null) return null;
      const both = [...existing, ...row];
      if (u.where !== null && u.where(both) !== true) return null;
      const next = u.set.map((e) => e(both));
      const key = pick(existing, relation.primaryKey ?? []);
      if (fk) fk.update(relation, key, next);
      else this.tx.update(relation, key, next);
      return { row: next, inserted: false };
    }
    return insert(this.tx, relation, keys ? keys.fill(row) : row, 'error', fk);
  }
}

/** colliding finds the stored row that `row` collides with on `target` (null: the primary key or any unique index). */
function colliding(tx: StoreTransaction, relation: RelationDef, row: Row, target: readonly number[] | null): Row | undefined {
  const rel = tx.catalog.relation(relation.name) ?? relation;
  const pk = rel.primaryKey;
  if (pk !== null && (target === null || sameSet(pk, target))) {
    const hit = tx.get(rel, pick(row, pk));
    if (hit !== undefined || target !== null) return hit;
  }
  for (const index of rel.indexes) {
    if (!index.unique || (target !== null && !sameSet(index.columns, target))) continue;
    const hit = byIndex(tx, rel, index, row);
    if (hit !== undefined || target !== null) return hit;
  }
  return undefined;
}

/**
 * replaceConflicts deletes every stored row `row` collides with on the primary key or a unique
 * index, but the row under `self` (the key of the row an UPDATE OR REPLACE changes): what
 * SQLite's REPLACE does, in its order (the key, then each index), so that the row then fits.
 * A NULL collides with nothing. Deletes go through the foreign keys when the relation has any.
 */
function replaceConflicts(tx: StoreTransaction, relation: RelationDef, row: Row, self: readonly Value[] | null, fk: ForeignKeys | null): void {
  const rel = tx.catalog.relation(relation.name) ?? relation;
  const pk = rel.primaryKey ?? [];
  if (pk.length === 0) return;
  const remove = (stored: Row | undefined): void => {
    if (stored === undefined) return;
    const key = pick(stored, pk);
    if (self !== null && key.every((v, i) => compareValues(v, self[i]) === 0)) return;
    if (fk) fk.delete(rel, key);
    else tx.delete(rel, key);
  };
  const key = pick(row, pk);
  if (!key.includes(null)) remove(tx.get(rel, key));
  for (const index of rel.indexes) if (index.unique) remove(byIndex(tx, rel, index, row));
}

function byIndex(tx: StoreTransaction, rel: RelationDef, index: IndexDef, row: Row): Row | undefined {
  const values = pick(row, index.columns);
  if (values.some((v) => v === null)) return undefined;
  const cursor = tx.scanIndex(rel, index, { ...exactRange(values), limit: 1 });
  try {
    return cursor.nextBatch(1)?.[0];
  } finally {
    cursor.close();
  }
}

/**
 * autoKeys returns a function that fills a NULL auto-assigned key (AUTO_KEY_OPTION) with one
 * more than the largest key this transaction sees — and, for a relation with SEQUENCE_OPTION,
 * than the largest ever inserted — or null when the relation has none. Keys given are counted
 * too (a later NULL goes past them); `finish` records the largest key in the sequence.
 */
function autoKeys(tx: StoreTransaction, relation: RelationDef): AutoKeys | null {
  const position = relation.options?.[AUTO_KEY_OPTION];
  if (typeof position !== 'number') return null;
  const sequence = relation.options?.[SEQUENCE_OPTION] as SequenceOption | undefined;
  // `next` is found from the store only when a NULL key needs it (inserts with keys given read nothing).
  let next: number | null = null;
  let givenMax = 0;
  const start = (): number => {
    const cursor = tx.scan(relation, { reverse: true, limit: 1 });
    const last = cursor.nextBatch(1);
    cursor.close();
    const max = last?.[0]?.[position];
    let from = typeof max === 'number' ? max + 1 : 1;
    const seq = sequence === undefined ? undefined : sequenceRow(tx, sequence)?.[1];
    if (typeof seq === 'number' && seq >= from) from = seq + 1;
    return from;
  };
  const fill = (row: Row): Row => {
    const given = row[position];
    if (given !== null) {
      if (typeof given !== 'number') return row;
      if (next === null) givenMax = Math.max(givenMax, given);
      else if (given >= next) next = given + 1;
      return row;
    }
    next ??= Math.max(start(), givenMax + 1);
    const filled = row.slice();
    filled[position] = next++;
    return filled;
  };
  const finish = (): void => {
    const largest = next === null ? givenMax : next - 1;
    if (sequence === undefined || largest <= 0) return;
    const rel = tx.catalog.relation(sequence.relation);
    if (rel === undefined) return;
    const stored = sequenceRow(tx, sequence);
    if (stored === undefined) tx.insert(rel, [sequence.name, largest]);
    else if (typeof stored[1] !== 'number' || stored[1] < largest) tx.update(rel, [sequence.name], [sequence.name, largest]);
  };
  return { fill, finish };
}

/** An insert's automatic keys: `fill` gives a row its key, `finish` records what was used. */
interface AutoKeys {
  readonly fill: (row: Row) => Row;
  readonly finish: () => void;
}

function sequenceRow(tx: StoreTransaction, sequence: SequenceOption): Row | undefined {
  const rel = tx.catalog.relation(sequence.relation);
  return rel === undefined ? undefined : tx.get(rel, [sequence.name]);
}

function pick(row: Row, positions: readonly number[]): Value[] {
  const key = new Array<Value>(positions.length);
  for (let i = 0; i < positions.length; i++) key[i] = row[positions[i]];
  return key;
}

/** A row an insert wrote, and whether it was inserted (rather than an existing row updated). */
interface Written {
  readonly row: Row;
  readonly inserted: boolean;
}

function withValue(row: Row, position: number, value: Value): Row {
  const copy = row.slice();
  copy[position] = value;
  return copy;
}

/** insert writes one row under the conflict policy; returns the row written, or null when skipped. */
function insert(tx: StoreTransaction, relation: RelationDef, row: Row, onConflict: PWrite['onConflict'], fk: ForeignKeys | null): Written | null {
  if (onConflict === 'replace') replaceConflicts(tx, relation, row, null, fk);
  if (onConflict !== 'ignore') {
    tx.insert(relation, row);
    fk?.inserted(relation, row);
    return { row, inserted: true };
  }
  try {
    tx.insert(relation, row);
    fk?.inserted(relation, row);
    return { row, inserted: true };
  } catch (e) {
    if (e instanceof ConstraintError) return null;
    throw e;
  }
}
