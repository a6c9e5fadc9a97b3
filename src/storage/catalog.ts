/**
 * catalog.ts — relation and index definitions, stored in the store itself (so DDL commits or
 * rolls back with the data) under the catalog's key prefix [0, ...]:
 *
 *   [0, 'version']          → number, bumped by every transaction that changes the catalog
 *   [0, 'next-id']          → number, the next relation/index id (one counter for both)
 *   [0, 'relation', name]   → the RelationDef as JSON text (indexes included)
 *
 * Decoded definitions are frozen and cached per catalog version, so a transaction pays one
 * `get` of the version key to reuse them; reading that key also makes a transaction that
 * used the catalog conflict (serializable) with concurrent DDL.
 *
 * Ids are handed out by a per-store counter that is not transactional (like a sequence: a
 * rolled-back CREATE burns its id) and also written to [0, 'next-id'] so a reopened store —
 * or a second process on a shared engine — continues after it. Ids are never reused.
 */
import { NameError, PolyglotError } from '../common/errors.js';
import type { ColumnDef, IndexDef, NewIndex, NewRelation, RelationChange, RelationDef, RelationKind, RowLayout } from './relations.js';
import type { Catalog } from './relations.js';
import { AUTO_KEY_OPTION } from './relations.js';
import { decodeValue, encodeValue } from './codec.js';
import type { KVTransaction } from './kv.js';
import { encodeKey, prefixEnd } from './keys.js';
import { idRange } from './layout.js';

export const CATALOG_ID = 0;
const VERSION_KEY = encodeKey([CATALOG_ID, 'version']);
export const NEXT_ID_KEY = encodeKey([CATALOG_ID, 'next-id']);
const RELATION_PREFIX = encodeKey([CATALOG_ID, 'relation']);
const relationKey = (name: string): Uint8Array => encodeKey([CATALOG_ID, 'relation', name]);

const KINDS: readonly RelationKind[] = ['table', 'collection', 'vertex', 'edge', 'quad', 'dictionary', 'datalog', 'view', 'system'];

/** One committed (or in-transaction) state of the catalog. Immutable. */
export interface CatalogSnapshot {
  readonly version: number;
  readonly byName: ReadonlyMap<string, RelationDef>;
  readonly byId: ReadonlyMap<number, RelationDef>;
}

function freezeRelation(def: RelationDef): RelationDef {
  for (const c of def.columns) Object.freeze(c);
  for (const i of def.indexes) {
    Object.freeze(i.columns);
    Object.freeze(i.descending);
    Object.freeze(i);
  }
  Object.freeze(def.columns);
  Object.freeze(def.indexes);
  if (def.primaryKey) Object.freeze(def.primaryKey);
  return Object.freeze(def);
}

function snapshotOf(version: number, defs: Iterable<RelationDef>): CatalogSnapshot {
  const byName = new Map<string, RelationDef>();
  const byId = new Map<number, RelationDef>();
  for (const d of defs) {
    byName.set(d.name, d);
    byId.set(d.id, d);
  }
  return { version, byName, byId };
}

/** loadCatalog reads the catalog as `kv` sees it. */
export function loadCatalog(kv: KVTransaction): CatalogSnapshot {
  const version = (kv.get(VERSION_KEY) as number | undefined) ?? 0;
  const defs: RelationDef[] = [];
  const cursor = kv.scan(RELATION_PREFIX, prefixEnd(RELATION_PREFIX));
  for (let batch = cursor.nextBatch(); batch !== null; batch = cursor.nextBatch()) {
    for (const e of batch) defs.push(freezeRelation(fromJson(e.value as string)));
  }
  return snapshotOf(version, defs);
}

/** highestId returns the largest relation or index id in a snapshot (0 if none). */
export function highestId(snap: CatalogSnapshot): number {
  let max = CATALOG_ID;
  for (const d of snap.byId.values()) {
    max = Math.max(max, d.id);
    for (const i of d.indexes) max = Math.max(max, i.id);
  }
  return max;
}

/** CatalogCache is what the transactions of one store share: the id counter and decoded snapshots. */
export class CatalogCache {
  private latest: CatalogSnapshot;

  constructor(
    initial: CatalogSnapshot,
    private nextId: number,
  ) {
    this.latest = initial;
  }

  /**
   * The catalog a read-only transaction found under a snapshot token (kv.ts): later ones with
   * the same token skip even the version read. Writers still read the version key, so that a
   * concurrent schema change conflicts with them.
   */
  private byToken: { token: object; snap: CatalogSnapshot } | null = null;

  /** snapshotFor returns the catalog as `kv` sees it, decoding only when the version is new. */
  snapshotFor(kv: KVTransaction): CatalogSnapshot {
    const token = kv.readOnly ? (kv.snapshotToken?.() ?? null) : null;
    if (token !== null && this.byToken !== null && this.byToken.token === token) return this.byToken.snap;
    const snap = this.read(kv);
    if (token !== null) this.byToken = { token, snap };
    return snap;
  }

  private read(kv: KVTransaction): CatalogSnapshot {
    const version = (kv.get(VERSION_KEY) as number | undefined) ?? 0;
    if (version === this.latest.version) return this.latest;
    const snap = loadCatalog(kv);
    if (snap.version > this.latest.version) this.latest = snap;
    return snap;
  }

  /** committed records the catalog a transaction committed. */
  committed(snap: CatalogSnapshot): void {
    if (snap.version > this.latest.version) this.latest = snap;
  }

  /** allocateId takes the next relation/index id and persists the counter in `kv`. */
  allocateId(kv: KVTransaction): number {
    const stored = (kv.get(NEXT_ID_KEY) as number | undefined) ?? 1;
    const id = Math.max(this.nextId, stored);
    this.nextId = id + 1;
    kv.set(NEXT_ID_KEY, id + 1);
    return id;
  }
}

/** What a savepoint remembers of a transaction's catalog. */
export interface CatalogMark {
  snap: CatalogSnapshot | null;
  created: number;
  dropped: number;
  altered: number;
}

/** Hooks into the store that DDL needs: filling a new index from the relation's rows. */
export interface CatalogHooks {
  backfill(relation: RelationDef, index: IndexDef): void;
}

/** TxnCatalog is one transaction's view of the catalog (relations.ts: Catalog). */
const NO_IDS: readonly number[] = Object.freeze([]);

export class TxnCatalog implements Catalog {
  private snap: CatalogSnapshot | null = null;
  /** The catalog version this transaction read first; its own changes make it one more. */
  private readVersion: number | undefined = undefined;
  /** Whether this transaction changed the catalog. */
  changed = false;
  // Made on the first change: most transactions never change the catalog.
  private createdIds: number[] | null = null;
  private droppedIds: number[] | null = null;
  private alteredIds: number[] | null = null;

  /** Ids of relations created / dropped by this transaction, in order. */
  get created(): readonly number[] {
    return this.createdIds ?? NO_IDS;
  }
  get dropped(): readonly number[] {
    return this.droppedIds ?? NO_IDS;
  }
  /** Ids of relations whose columns this transaction altered (their statistics are rebuilt). */
  get altered(): readonly number[] {
    return this.alteredIds ?? NO_IDS;
  }

  constructor(
    private readonly kv: KVTransaction,
    private readonly cache: CatalogCache,
    private readonly hooks: CatalogHooks,
  ) {}

  /** current returns this transaction's catalog (loaded on first use). */
  current(): CatalogSnapshot {
    if (this.snap === null) {
      this.snap = this.cache.snapshotFor(this.kv);
      this.readVersion ??= this.snap.version;
    }
    return this.snap;
  }

  /** changes returns this transaction's catalog if it changed it (to publish at commit), else null. */
  changes(): CatalogSnapshot | null {
    return this.changed ? this.snap : null;
  }

  mark(): CatalogMark {
    return { snap: this.snap, created: this.created.length, dropped: this.dropped.length, altered: this.altered.length };
  }

  restore(m: CatalogMark): void {
    this.snap = m.snap;
    if (this.createdIds !== null) this.createdIds.length = m.created;
    if (this.droppedIds !== null) this.droppedIds.length = m.dropped;
    if (this.alteredIds !== null) this.alteredIds.length = m.altered;
  }

  relation(name: string): RelationDef | undefined {
    return this.current().byName.get(name);
  }

  relations(): RelationDef[] {
    return [...this.current().byName.values()];
  }

  createRelation(def: NewRelation): RelationDef {
    const snap = this.current();
    if (typeof def.name !== 'string' || def.name === '') throw invalid('a relation needs a non-empty name');
    if (snap.byName.has(def.name)) throw new NameError('DUPLICATE_NAME', `relation "${def.name}" already exists`);
    if (!KINDS.includes(def.kind)) throw invalid(`unknown relation kind '${String(def.kind)}'`);
    const names = new Set<string>();
    const columns: ColumnDef[] = def.columns.map((c) => {
      if (typeof c.name !== 'string' || c.name === '') throw invalid(`relation "${def.name}": a column needs a non-empty name`);
      if (names.has(c.name)) throw new NameError('DUPLICATE_NAME', `relation "${def.name}" has two columns named "${c.name}"`);
      names.add(c.name);
      return { name: c.name, type: c.type, notNull: c.notNull === true };
    });
    const pk = def.primaryKey === null ? null : [...def.primaryKey];
    if (pk !== null) checkPositions(pk, columns.length, `relation "${def.name}": primary key`);
    const rel: RelationDef = {
      id: this.cache.allocateId(this.kv),
      name: def.name,
      kind: def.kind,
      columns,
      primaryKey: pk,
      indexes: [],
      ...(def.options !== undefined ? { options: def.options } : {}),
      ...(def.foreignKeys !== undefined && def.foreignKeys.length > 0 ? { foreignKeys: def.foreignKeys } : {}),
    };
    this.write(snap, rel);
    (this.createdIds ??= []).push(rel.id);
    return this.current().byId.get(rel.id)!;
  }

  dropRelation(name: string): void {
    const snap = this.current();
    const rel = snap.byName.get(name);
    if (rel === undefined) throw new NameError('UNKNOWN_NAME', `relation "${name}" does not exist`);
    this.kv.clearRange(...idRange(rel.id));
    for (const i of rel.indexes) this.kv.clearRange(...idRange(i.id));
    this.kv.clear(relationKey(name));
    this.bump();
    const defs = new Map(snap.byName);
    defs.delete(name);
    this.snap = snapshotOf(this.readVersion! + 1, defs.values());
    (this.droppedIds ??= []).push(rel.id);
  }

  alterRelation(name: string, change: RelationChange, options?: Record<string, unknown>): RelationDef {
    const snap = this.current();
    const rel = snap.byName.get(name);
    if (rel === undefined) throw new NameError('UNKNOWN_NAME', `relation "${name}" does not exist`);
    let next: RelationDef = options !== undefined ? { ...rel, options } : rel;
    switch (change.kind) {
      case 'options':
        this.write(snap, next);
        break;
      case 'add-foreign-key': {
        const f = change.foreignKey;
        checkPositions([...f.columns], rel.columns.length, `foreign key "${f.name}"`);
        this.write(snap, { ...next, foreignKeys: [...(rel.foreignKeys ?? []), f] });
        break;
      }
      case 'rename': {
        if (snap.byName.has(change.to)) throw new NameError('DUPLICATE_NAME', `relation "${change.to}" already exists`);
        this.kv.clear(relationKey(name));
        const defs = new Map(snap.byName);
        defs.delete(name);
        this.snap = snapshotOf(this.readVersion! + 1, defs.values());
        this.write(this.snap, { ...next, name: change.to });
        for (const other of this.current().byName.values()) {
          if (other.foreignKeys?.some((f) => f.parent === name)) {
            this.write(this.current(), { ...other, foreignKeys: other.foreignKeys.map((f) => (f.parent === name ? { ...f, parent: change.to } : f)) });
          }
        }
        break;
      }
      case 'rename-column': {
        const old = rel.columns[change.position]?.name;
        if (old === undefined) throw invalid(`relation "${name}": no column at position ${change.position}`);
        if (rel.columns.some((c, i) => i !== change.position && c.name === change.to)) {
          throw new NameError('DUPLICATE_NAME', `relation "${name}" already has a column named "${change.to}"`);
        }
        next = { ...next, columns: rel.columns.map((c, i) => (i === change.position ? { ...c, name: change.to } : c)) };
        this.write(snap, next);
        for (const other of this.current().byName.values()) {
          if (other.foreignKeys?.some((f) => f.parent === name && f.parentColumns.includes(old))) {
            const foreignKeys = other.foreignKeys.map((f) => (f.parent === name ? { ...f, parentColumns: f.parentColumns.map((c) => (c === old ? change.to : c)) } : f));
            this.write(this.current(), { ...other, foreignKeys });
          }
        }
        break;
      }
      case 'add-column': {
        const c = change.column;
        if (typeof c.name !== 'string' || c.name === '') throw invalid(`relation "${name}": a column needs a non-empty name`);
        if (rel.columns.some((x) => x.name === c.name)) throw new NameError('DUPLICATE_NAME', `relation "${name}" already has a column named "${c.name}"`);
        if (c.notNull === true && change.missing === null) throw invalid(`relation "${name}": a NOT NULL column added to existing rows needs a non-null default`);
        const layout = layoutOf(rel);
        next = {
          ...next,
          columns: [...rel.columns, { name: c.name, type: c.type, notNull: c.notNull === true }],
          layout: { width: layout.width + 1, slots: [...layout.slots, layout.width], missing: [...layout.missing, change.missing] },
        };
        this.write(snap, next);
        break;
      }
      case 'drop-column': {
        const p = change.position;
        if (rel.columns[p] === undefined) throw invalid(`relation "${name}": no column at position ${p}`);
        if (rel.columns.length === 1) throw invalid(`relation "${name}": cannot drop its only column`);
        if (rel.primaryKey?.includes(p)) throw invalid(`relation "${name}": cannot drop primary-key column "${rel.columns[p].name}"`);
        const index = rel.indexes.find((i) => i.columns.includes(p));
        if (index) throw invalid(`relation "${name}": cannot drop column "${rel.columns[p].name}" used by index "${index.name}"`);
        const fk = rel.foreignKeys?.find((f) => f.columns.includes(p));
        if (fk) throw invalid(`relation "${name}": cannot drop column "${rel.columns[p].name}" used by foreign key "${fk.name}"`);
        const shift = (i: number): number => (i > p ? i - 1 : i);
        const layout = layoutOf(rel);
        const autoKey = next.options?.[AUTO_KEY_OPTION];
        next = {
          ...next,
          columns: rel.columns.filter((_, i) => i !== p),
          primaryKey: rel.primaryKey === null ? null : rel.primaryKey.map(shift),
          indexes: rel.indexes.map((i) => ({ ...i, columns: i.columns.map(shift) })),
          layout: { width: layout.width, slots: layout.slots.filter((_, i) => i !== p), missing: layout.missing.filter((_, i) => i !== p) },
          ...(rel.foreignKeys ? { foreignKeys: rel.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(shift) })) } : {}),
          ...(options === undefined && typeof autoKey === 'number' ? { options: { ...next.options, [AUTO_KEY_OPTION]: shift(autoKey) } } : {}),
        };
        this.write(snap, next);
        break;
      }
    }
    if (change.kind !== 'options') (this.alteredIds ??= []).push(rel.id);
    return this.current().byId.get(rel.id)!;
  }

  createIndex(relation: string, index: NewIndex): IndexDef {
    const snap = this.current();
    const rel = snap.byName.get(relation);
    if (rel === undefined) throw new NameError('UNKNOWN_NAME', `relation "${relation}" does not exist`);
    if (typeof index.name !== 'string' || index.name === '') throw invalid(`relation "${relation}": an index needs a non-empty name`);
    if (rel.indexes.some((i) => i.name === index.name)) {
      throw new NameError('DUPLICATE_NAME', `relation "${relation}" already has an index named "${index.name}"`);
    }
    const columns = [...index.columns];
    checkPositions(columns, rel.columns.length, `index "${index.name}"`);
    if (columns.length === 0) throw invalid(`index "${index.name}" needs at least one column`);
    const descending = index.descending === undefined ? columns.map(() => false) : index.descending.map((d) => d === true);
    if (descending.length !== columns.length) {
      throw invalid(`index "${index.name}": ${descending.length} descending flags for ${columns.length} columns`);
    }
    const sp = this.kv.savepoint();
    const mark = this.mark();
    try {
      const def: IndexDef = { id: this.cache.allocateId(this.kv), name: index.name, columns, descending, unique: index.unique === true };
      const updated: RelationDef = { ...rel, indexes: [...rel.indexes, def] };
      this.write(snap, updated);
      const stored = this.current().byId.get(rel.id)!;
      const created = stored.indexes[stored.indexes.length - 1];
      this.hooks.backfill(stored, created);
      this.kv.release(sp);
      return created;
    } catch (e) {
      this.kv.rollbackTo(sp);
      this.restore(mark);
      throw e;
    }
  }

  dropIndex(relation: string, index: string): void {
    const snap = this.current();
    const rel = snap.byName.get(relation);
    if (rel === undefined) throw new NameError('UNKNOWN_NAME', `relation "${relation}" does not exist`);
    const def = rel.indexes.find((i) => i.name === index);
    if (def === undefined) throw new NameError('UNKNOWN_NAME', `relation "${relation}" has no index named "${index}"`);
    this.kv.clearRange(...idRange(def.id));
    this.write(snap, { ...rel, indexes: rel.indexes.filter((i) => i !== def) });
  }

  /** write stores a new or changed definition and makes it this transaction's catalog. */
  private write(snap: CatalogSnapshot, def: RelationDef): void {
    let text: string;
    try {
      text = toJson(def);
    } catch {
      throw invalid(`relation "${def.name}": options must be JSON data`);
    }
    const frozen = freezeRelation(fromJson(text));
    this.kv.set(relationKey(def.name), text);
    this.bump();
    const defs = new Map(snap.byName);
    defs.set(def.name, frozen);
    this.snap = snapshotOf(this.readVersion! + 1, defs.values());
  }

  /** bump writes the version this transaction's catalog has once changed: one past the one it read. */
  private bump(): void {
    this.kv.set(VERSION_KEY, this.readVersion! + 1);
    this.changed = true;
  }
}

/** layoutOf is a relation's row layout, the identity one for a relation never altered. */
function layoutOf(rel: RelationDef): RowLayout {
  if (rel.layout !== undefined) return rel.layout;
  return { width: rel.columns.length, slots: rel.columns.map((_, i) => i), missing: rel.columns.map(() => null) };
}

/**
 * Definitions are JSON; values JSON cannot carry (bigint, bytes, maps: an added column's
 * default, say) are written as {"\u0000value": codec.ts bytes in hex}.
 */
const VALUE_TAG = '\u0000value';

function toJson(def: RelationDef): string {
  return JSON.stringify(def, (_k, v: unknown) =>
    typeof v === 'bigint' || v instanceof Uint8Array || v instanceof Map
      ? { [VALUE_TAG]: Array.from(encodeValue(v), (b) => b.toString(16).padStart(2, '0')).join('') }
      : v,
  );
}

function fromJson(text: string): RelationDef {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>)[VALUE_TAG] === 'string') {
      const hex = (v as Record<string, string>)[VALUE_TAG];
      return decodeValue(Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16)));
    }
    return v;
  }) as RelationDef;
}

function invalid(message: string): PolyglotError {
  return new PolyglotError('INVALID_ARGUMENT', message);
}

function checkPositions(positions: number[], count: number, what: string): void {
  const seen = new Set<number>();
  for (const p of positions) {
    if (!Number.isInteger(p) || p < 0 || p >= count) throw invalid(`${what}: no column at position ${p}`);
    if (seen.has(p)) throw invalid(`${what}: column ${p} appears twice`);
    seen.add(p);
  }
}
