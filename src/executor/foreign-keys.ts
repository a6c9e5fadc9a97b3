/**
 * foreign-keys.ts — foreign-key enforcement for the Write operator (write.ts), for every
 * relation whose definition carries foreignKeys (relations.ts ForeignKeyDef).
 *
 * One ForeignKeys object serves one statement. Writes to a child are checked when the
 * statement ends (as SQLite and PostgreSQL check immediate constraints), so rows that
 * reference each other may arrive in any order within one statement. Deleting or re-keying a
 * parent row applies each referencing key's action at once: RESTRICT fails, CASCADE deletes
 * or re-keys the children, SET NULL / SET DEFAULT update them (through this same object, so
 * their own children follow); NO ACTION fails at the statement's end if children are still
 * left without a parent. A NULL in any referencing column means no reference (MATCH SIMPLE).
 */
import { ConstraintError, PolyglotError } from '../common/errors.js';
import type { Row, Value } from '../common/values.js';
import { compareValues } from '../storage/compare.js';
import { formatTuple } from '../storage/layout.js';
import { exactRange, type ForeignKeyDef, type IndexDef, type RelationDef, type StoreTransaction } from '../storage/relations.js';

/** A foreign key of `child` with its parent resolved to positions and an access path. */
interface Link {
  readonly child: RelationDef;
  readonly fk: ForeignKeyDef;
}

interface Pending {
  readonly link: Link;
  readonly values: Value[];
}

export class ForeignKeys {
  /** Child rows written by the statement: their parents must exist at its end. */
  private readonly children: Pending[] = [];
  /** Parent keys removed under NO ACTION: no child may still reference them at the end. */
  private readonly orphans: Pending[] = [];
  private readonly inbound = new Map<string, Link[]>();

  private constructor(private readonly tx: StoreTransaction) {}

  /** forWrite returns an enforcer when `relation` takes part in any foreign key, else null. */
  static forWrite(tx: StoreTransaction, relation: RelationDef): ForeignKeys | null {
    if (relation.foreignKeys?.length) return new ForeignKeys(tx);
    for (const r of tx.catalog.relations()) if (r.foreignKeys?.some((f) => f.parent === relation.name)) return new ForeignKeys(tx);
    return null;
  }

  /** inserted records a new row of `rel` whose references must resolve. */
  inserted(rel: RelationDef, row: Row): void {
    for (const fk of current(this.tx, rel).foreignKeys ?? []) this.expectParent({ child: rel, fk }, row);
  }

  /** delete removes a row (its children first, by their actions); returns whether it existed. */
  delete(rel: RelationDef, key: Value[]): boolean {
    const old = this.tx.get(rel, key);
    if (old === undefined) return false;
    for (const link of this.referencing(rel)) this.parentGone(link, old, null);
    return this.tx.delete(rel, key);
  }

  /** update replaces a row, then applies what changed references require. */
  update(rel: RelationDef, key: Value[], row: Row): void {
    const old = this.tx.get(rel, key);
    this.tx.update(rel, key, row);
    if (old === undefined) return;
    for (const fk of current(this.tx, rel).foreignKeys ?? []) {
      if (fk.columns.some((c) => compareValues(old[c], row[c]) !== 0)) this.expectParent({ child: rel, fk }, row);
    }
    for (const link of this.referencing(rel)) {
      const cols = parentPositions(this.tx, link);
      if (cols.some((c) => compareValues(old[c], row[c]) !== 0)) this.parentGone(link, old, row);
    }
  }

  /** finish runs the checks deferred to the statement's end. */
  finish(): void {
    for (const { link, values } of this.children) {
      if (this.findParent(link, values) === undefined) {
        const parent = link.fk.parent;
        throw new ConstraintError(
          `FOREIGN KEY constraint "${link.fk.name}" failed: ${link.child.name}(${names(link.child, link.fk.columns)}) = ${formatTuple(values)} has no row in ${parent}(${parentNames(this.tx, link)})`,
        );
      }
    }
    for (const { link, values } of this.orphans) {
      if (this.findParent(link, values) !== undefined) continue;
      if (this.findChildren(link, values).length > 0) throw stillReferenced(this.tx, link, values);
    }
  }

  private expectParent(link: Link, row: Row): void {
    const values = link.fk.columns.map((c) => row[c]);
    if (values.some((v) => v === null)) return;
    this.children.push({ link, values });
  }

  /** parentGone applies a link's action to the children of a parent row deleted (next null) or re-keyed. */
  private parentGone(link: Link, old: Row, next: Row | null): void {
    const cols = parentPositions(this.tx, link);
    const values = cols.map((c) => old[c]);
    if (values.some((v) => v === null)) return;
    const action = next === null ? link.fk.onDelete : link.fk.onUpdate;
    if (action === 'no action') {
      this.orphans.push({ link, values });
      return;
    }
    const children = this.findChildren(link, values);
    if (children.length === 0) return;
    if (action === 'restrict') throw stillReferenced(this.tx, link, values);
    const child = current(this.tx, link.child);
    const pk = child.primaryKey ?? [];
    for (const row of children) {
      const key = pk.map((p) => row[p]);
      if (action === 'cascade' && next === null) {
        this.delete(child, key);
        continue;
      }
      const changed = row.slice();
      link.fk.columns.forEach((c, i) => {
        changed[c] = action === 'cascade' ? next![cols[i]] : action === 'set null' ? null : (link.fk.defaults?.[i] ?? null);
      });
      this.update(child, key, changed);
      // SET DEFAULT may point the child at a row that does not exist (or at the deleted one).
      this.expectParent(link, changed);
    }
  }

  /** referencing lists the foreign keys (of any relation) whose parent is `rel`. */
  private referencing(rel: RelationDef): Link[] {
    let links = this.inbound.get(rel.name);
    if (links === undefined) {
      links = [];
      for (const child of this.tx.catalog.relations()) {
        for (const fk of child.foreignKeys ?? []) if (fk.parent === rel.name) links.push({ child, fk });
      }
      this.inbound.set(rel.name, links);
    }
    return links;
  }

  /** findParent looks the parent row up through its primary key or a unique index on the referenced columns. */
  private findParent(link: Link, values: Value[]): Row | undefined {
    const parent = parentOf(this.tx, link);
    const cols = parentPositions(this.tx, link);
    const pk = parent.primaryKey;
    if (pk !== null && sameSet(pk, cols)) return this.tx.get(parent, pk.map((p) => values[cols.indexOf(p)]));
    const index = parent.indexes.find((i) => i.unique && sameSet(i.columns, cols));
    if (index === undefined) throw mismatch(link);
    return first(this.tx, parent, index, index.columns.map((c) => values[cols.indexOf(c)]));
  }

  /** findChildren lists the rows of the link's child whose referencing columns equal `values`. */
  private findChildren(link: Link, values: Value[]): Row[] {
    const child = current(this.tx, link.child);
    const cols = link.fk.columns;
    const index = child.indexes.find((i) => i.columns.length >= cols.length && sameSet(i.columns.slice(0, cols.length), cols));
    const out: Row[] = [];
    const cursor =
      index !== undefined
        ? this.tx.scanIndex(child, index, exactRange(index.columns.slice(0, cols.length).map((c) => values[cols.indexOf(c)])))
        : this.tx.scan(child);
    try {
      for (let batch = cursor.nextBatch(); batch !== null; batch = cursor.nextBatch()) {
        for (const row of batch) if (cols.every((c, i) => row[c] !== null && compareValues(row[c], values[i]) === 0)) out.push(row);
      }
    } finally {
      cursor.close();
    }
    return out;
  }
}

function current(tx: StoreTransaction, rel: RelationDef): RelationDef {
  return tx.catalog.relation(rel.name) ?? rel;
}

function parentOf(tx: StoreTransaction, link: Link): RelationDef {
  const parent = tx.catalog.relation(link.fk.parent);
  if (parent === undefined) throw new PolyglotError('UNKNOWN_NAME', `no such table: ${link.fk.parent} (referenced by foreign key "${link.fk.name}" of ${link.child.name})`);
  return parent;
}

/** parentPositions resolves the referenced columns (the parent's primary key when none are named). */
function parentPositions(tx: StoreTransaction, link: Link): number[] {
  const parent = parentOf(tx, link);
  const named = link.fk.parentColumns;
  const cols = named.length ? named.map((n) => parent.columns.findIndex((c) => c.name.toLowerCase() === n.toLowerCase())) : [...(parent.primaryKey ?? [])];
  if (cols.length !== link.fk.columns.length || cols.some((c) => c < 0)) throw mismatch(link);
  return cols;
}

function parentNames(tx: StoreTransaction, link: Link): string {
  return names(parentOf(tx, link), parentPositions(tx, link));
}

function names(rel: RelationDef, positions: readonly number[]): string {
  return positions.map((p) => rel.columns[p].name).join(', ');
}

/** sameSet tells whether two lists of column positions hold the same columns. */
export function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}


function first(tx: StoreTransaction, rel: RelationDef, index: IndexDef, values: Value[]): Row | undefined {
  const cursor = tx.scanIndex(rel, index, { ...exactRange(values), limit: 1 });
  try {
    return cursor.nextBatch(1)?.[0];
  } finally {
    cursor.close();
  }
}

function mismatch(link: Link): PolyglotError {
  return new PolyglotError(
    'INVALID_ARGUMENT',
    `foreign key mismatch - "${link.child.name}" referencing "${link.fk.parent}": the referenced columns must be its primary key or have a unique index`,
  );
}

function stillReferenced(tx: StoreTransaction, link: Link, values: Value[]): ConstraintError {
  return new ConstraintError(
    `FOREIGN KEY constraint "${link.fk.name}" failed: ${link.fk.parent}(${parentNames(tx, link)}) = ${formatTuple(values)} is still referenced by ${link.child.name}(${names(link.child, link.fk.columns)})`,
  );
}
