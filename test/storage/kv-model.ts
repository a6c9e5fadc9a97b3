/**
 * kv-model.ts — model-based test of KV transactions (fast-check commands): up to three
 * interleaved transactions of random isolation levels against a model made of plain Maps.
 *
 * The model knows each transaction's snapshot and own writes, so every get and scan is
 * checked exactly. For commits it checks what each isolation level promises rather than
 * re-implementing the engine:
 *   read-only, read-committed, wrote nothing, nothing committed since begin → must commit;
 *   snapshot      → aborts exactly when a write set committed since its begin overlaps its own;
 *   serializable  → if it commits, every read it made gives the same answer when replayed on
 *                   the state it commits onto (so commit order is a serial order); if it
 *                   aborts, something committed since its begin wrote where it read.
 * Whatever commits is applied to the model; the final state must equal the model's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, StateError } from '../../src/common/errors.js';
import type { Isolation, KVEngine, KVTransaction, Savepoint } from '../../src/storage/kv.js';
import { keyString } from '../../src/storage/btree.js';
import { drain, k, type EngineFactory } from './kv-contract.js';

const KEYS = 8;
const SLOTS = 3;

/**
 * A setMany writes several keys at once: through setManyBinary, or (with a range [a, b) holding
 * them) deferManyBinary, whose writes the engine may hold aside until a read or write meets
 * the range: every later get, scan, write, savepoint rollback and commit must still see them.
 */
type Op =
  | { kind: 'set'; n: number; v: number }
  | { kind: 'clear'; n: number }
  | { kind: 'clearRange'; a: number; b: number }
  | { kind: 'setMany'; entries: [number, number][]; range: [number, number] | null };

type Read =
  | { kind: 'get'; n: number; ops: Op[]; result: number | undefined }
  | { kind: 'scan'; a: number; b: number; reverse: boolean; limit: number | undefined; ops: Op[]; result: [number, number][] };

interface TxModel {
  tx: KVTransaction;
  isolation: Isolation;
  readOnly: boolean;
  beginSeq: number;
  snapshot: Map<number, number>;
  ops: Op[];
  reads: Read[];
  savepoints: { sp: Savepoint; opsLength: number }[];
}

/** A write set: points and ranges [a, b) over key numbers. */
interface Cover {
  points: Set<number>;
  ranges: [number, number][];
}

interface Model {
  committed: Map<number, number>;
  seq: number;
  history: { seq: number; cover: Cover }[];
  slots: (TxModel | null)[];
}

interface Real {
  engine: KVEngine;
}

function apply(base: Map<number, number>, ops: Op[]): Map<number, number> {
  const m = new Map(base);
  for (const op of ops) {
    if (op.kind === 'set') m.set(op.n, op.v);
    else if (op.kind === 'setMany') for (const [n, v] of op.entries) m.set(n, v);
    else if (op.kind === 'clear') m.delete(op.n);
    else for (const key of [...m.keys()]) if (key >= op.a && key < op.b) m.delete(key);
  }
  return m;
}

function cover(ops: Op[]): Cover {
  const c: Cover = { points: new Set(), ranges: [] };
  for (const op of ops) {
    if (op.kind === 'clearRange') c.ranges.push([op.a, op.b]);
    else if (op.kind === 'setMany') for (const [n] of op.entries) c.points.add(n);
    else c.points.add(op.n);
  }
  return c;
}

function touches(c: Cover, lo: number, hi: number): boolean {
  for (const p of c.points) if (p >= lo && p < hi) return true;
  return c.ranges.some(([a, b]) => Math.max(a, lo) < Math.min(b, hi));
}

function overlap(x: Cover, y: Cover): boolean {
  for (const p of x.points) if (touches(y, p, p + 1)) return true;
  return x.ranges.some(([a, b]) => touches(y, a, b));
}

function view(m: Model, t: TxModel, ops: Op[] = t.ops): Map<number, number> {
  return apply(t.isolation === 'read-committed' ? m.committed : t.snapshot, ops);
}

function scanOf(state: Map<number, number>, a: number, b: number, reverse: boolean, limit: number | undefined): [number, number][] {
  let es = [...state.entries()].filter(([n]) => n >= a && n < b).sort((x, y) => x[0] - y[0]);
  if (reverse) es.reverse();
  if (limit !== undefined) es = es.slice(0, limit);
  return es;
}

type Cmd = fc.AsyncCommand<Model, Real>;

abstract class SlotCmd implements Cmd {
  constructor(readonly slot: number) {}
  check(m: Readonly<Model>): boolean {
    return m.slots[this.slot] !== null;
  }
  abstract run(m: Model, r: Real): Promise<void>;
  abstract toString(): string;
  protected t(m: Model): TxModel {
    return m.slots[this.slot]!;
  }
}

class Begin implements Cmd {
  constructor(readonly slot: number, readonly isolation: Isolation, readonly readOnly: boolean) {}
  check(m: Readonly<Model>): boolean {
    return m.slots[this.slot] === null;
  }
  async run(m: Model, r: Real): Promise<void> {
    const tx = r.engine.begin({ isolation: this.isolation, readOnly: this.readOnly });
    m.slots[this.slot] = {
      tx,
      isolation: this.isolation,
      readOnly: this.readOnly,
      beginSeq: m.seq,
      snapshot: new Map(m.committed),
      ops: [],
      reads: [],
      savepoints: [],
    };
  }
  toString(): string {
    return `begin(${this.slot}, ${this.isolation}${this.readOnly ? ', readOnly' : ''})`;
  }
}

class Write extends SlotCmd {
  constructor(slot: number, readonly op: Op) {
    super(slot);
  }
  async run(m: Model): Promise<void> {
    const t = this.t(m);
    const op = this.op;
    const act = (): void => {
      if (op.kind === 'set') t.tx.set(k(op.n), op.v);
      else if (op.kind === 'setMany') setMany(t.tx, op);
      else if (op.kind === 'clear') t.tx.clear(k(op.n));
      else t.tx.clearRange(k(op.a), k(op.b));
    };
    if (t.readOnly) {
      expect(act).toThrow(StateError);
      return;
    }
    act();
    if (op.kind !== 'clearRange' || op.a < op.b) t.ops.push(op);
  }
  toString(): string {
    return `${this.op.kind}(${this.slot}, ${JSON.stringify(this.op)})`;
  }
}

/** setMany writes a setMany op through deferManyBinary or setManyBinary where the engine has them, else key by key. */
function setMany(tx: KVTransaction, op: Extract<Op, { kind: 'setMany' }>): void {
  const keys = op.entries.map(([n]) => keyString(k(n)));
  const values = op.entries.map(([, v]) => v);
  if (op.range !== null && tx.deferManyBinary !== undefined) tx.deferManyBinary(keyString(k(op.range[0])), keyString(k(op.range[1])), keys, values);
  else if (tx.setManyBinary !== undefined) tx.setManyBinary(keys, values);
  else for (const [n, v] of op.entries) tx.set(k(n), v);
}

class Get extends SlotCmd {
  constructor(slot: number, readonly n: number) {
    super(slot);
  }
  async run(m: Model): Promise<void> {
    const t = this.t(m);
    const result = t.tx.get(k(this.n)) as number | undefined;
    expect(result).toBe(view(m, t).get(this.n));
    t.reads.push({ kind: 'get', n: this.n, ops: t.ops.slice(), result });
  }
  toString(): string {
    return `get(${this.slot}, ${this.n})`;
  }
}

class Scan extends SlotCmd {
  constructor(
    slot: number,
    readonly a: number,
    readonly b: number,
    readonly reverse: boolean,
    readonly limit: number | undefined,
    readonly batch: number,
  ) {
    super(slot);
  }
  async run(m: Model): Promise<void> {
    const t = this.t(m);
    const got = drain(t.tx.scan(k(this.a), k(this.b), { reverse: this.reverse, limit: this.limit }), this.batch) as [number, number][];
    expect(got).toEqual(scanOf(view(m, t), this.a, this.b, this.reverse, this.limit));
    t.reads.push({ kind: 'scan', a: this.a, b: this.b, reverse: this.reverse, limit: this.limit, ops: t.ops.slice(), result: got });
  }
  toString(): string {
    return `scan(${this.slot}, [${this.a}, ${this.b})${this.reverse ? ' reverse' : ''}${this.limit !== undefined ? ` limit ${this.limit}` : ''} batch ${this.batch})`;
  }
}

class TakeSavepoint extends SlotCmd {
  async run(m: Model): Promise<void> {
    const t = this.t(m);
    t.savepoints.push({ sp: t.tx.savepoint(), opsLength: t.ops.length });
  }
  toString(): string {
    return `savepoint(${this.slot})`;
  }
}

/** A command on one of the slot's held savepoints (`which`, modulo how many there are). */
abstract class OnSavepoint extends SlotCmd {
  constructor(slot: number, readonly which: number) {
    super(slot);
  }
  override check(m: Readonly<Model>): boolean {
    return super.check(m) && m.slots[this.slot]!.savepoints.length > 0;
  }
}

class RollbackTo extends OnSavepoint {
  async run(m: Model): Promise<void> {
    const t = this.t(m);
    const i = this.which % t.savepoints.length;
    const { sp, opsLength } = t.savepoints[i];
    t.tx.rollbackTo(sp);
    t.ops.length = opsLength;
    t.savepoints.length = i + 1;
  }
  toString(): string {
    return `rollbackTo(${this.slot}, #${this.which})`;
  }
}

/** Release forgets a savepoint and later ones; the writes stay, and rolling back to an earlier one still undoes them. */
class Release extends OnSavepoint {
  async run(m: Model): Promise<void> {
    const t = this.t(m);
    const i = this.which % t.savepoints.length;
    t.tx.release(t.savepoints[i].sp);
    t.savepoints.length = i;
  }
  toString(): string {
    return `release(${this.slot}, #${this.which})`;
  }
}

class Rollback extends SlotCmd {
  async run(m: Model): Promise<void> {
    this.t(m).tx.rollback();
    m.slots[this.slot] = null;
  }
  toString(): string {
    return `rollback(${this.slot})`;
  }
}

class Commit extends SlotCmd {
  async run(m: Model): Promise<void> {
    const t = this.t(m);
    m.slots[this.slot] = null;
    let conflict = false;
    try {
      await t.tx.commit();
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      conflict = true;
    }
    const mine = cover(t.ops);
    const since = m.history.filter((h) => h.seq > t.beginSeq);
    if (t.readOnly || t.isolation === 'read-committed' || t.ops.length === 0 || since.length === 0) {
      expect(conflict, 'this commit may not abort').toBe(false);
    } else if (t.isolation === 'snapshot') {
      expect(conflict).toBe(since.some((h) => overlap(h.cover, mine)));
    } else if (conflict) {
      const readWhere = (h: { cover: Cover }): boolean =>
        t.reads.some((r) => (r.kind === 'get' ? touches(h.cover, r.n, r.n + 1) : touches(h.cover, r.a, r.b)));
      expect(since.some(readWhere), 'a serializable abort needs a concurrent write where it read').toBe(true);
    } else {
      for (const r of t.reads) {
        const state = apply(m.committed, r.ops);
        if (r.kind === 'get') expect(r.result, `replayed ${JSON.stringify(r)}`).toBe(state.get(r.n));
        else expect(r.result, `replayed scan [${r.a}, ${r.b})`).toEqual(scanOf(state, r.a, r.b, r.reverse, r.limit));
      }
    }
    if (!conflict && t.ops.length > 0) {
      m.committed = apply(m.committed, t.ops);
      m.seq++;
      m.history.push({ seq: m.seq, cover: mine });
    }
  }
  toString(): string {
    return `commit(${this.slot})`;
  }
}

function commandArbs(): fc.Arbitrary<Cmd>[] {
  const slot = fc.integer({ min: 0, max: SLOTS - 1 });
  const key = fc.integer({ min: 0, max: KEYS - 1 });
  const isolation = fc.constantFrom<Isolation>('serializable', 'snapshot', 'read-committed');
  return [
    fc.tuple(slot, isolation, fc.boolean(), fc.nat(4)).map(([s, i, ro, x]) => new Begin(s, i, ro && x === 0)),
    fc.tuple(slot, key, fc.nat(99)).map(([s, n, v]) => new Write(s, { kind: 'set', n, v })),
    fc.tuple(slot, key, fc.nat(99)).map(([s, n, v]) => new Write(s, { kind: 'set', n, v })),
    fc.tuple(slot, key).map(([s, n]) => new Write(s, { kind: 'clear', n })),
    fc.tuple(slot, key, key, fc.array(fc.tuple(key, fc.nat(99)), { minLength: 1, maxLength: 5 }), fc.nat(2)).map(([s, a, b, entries, how]) => {
      const [lo, hi] = [Math.min(a, b), Math.max(a, b) + 1];
      // Distinct keys within the range (the first value of a repeated key kept).
      const inRange = entries.filter(([n], i) => n >= lo && n < hi && entries.findIndex(([m]) => m === n) === i);
      const op: Op = { kind: 'setMany', entries: inRange.length > 0 ? inRange : [[lo, entries[0][1]]], range: how === 0 ? null : [lo, hi] };
      return new Write(s, op);
    }),
    fc.tuple(slot, key, key).map(([s, a, b]) => new Write(s, { kind: 'clearRange', a, b: b + 1 })),
    fc.tuple(slot, key).map(([s, n]) => new Get(s, n)),
    fc
      .tuple(slot, key, key, fc.boolean(), fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), fc.integer({ min: 1, max: 3 }))
      .map(([s, a, b, rev, limit, batch]) => new Scan(s, Math.min(a, b), Math.max(a, b) + 1, rev, limit, batch)),
    slot.map((s) => new TakeSavepoint(s)),
    fc.tuple(slot, fc.nat(3)).map(([s, w]) => new RollbackTo(s, w)),
    fc.tuple(slot, fc.nat(3)).map(([s, w]) => new Release(s, w)),
    slot.map((s) => new Commit(s)),
    slot.map((s) => new Commit(s)),
    slot.map((s) => new Rollback(s)),
  ];
}

export function kvModelSuite(name: string, makeEngine: EngineFactory, numRuns = 300): void {
  describe(`KV transactions against a model: ${name}`, () => {
    it('interleaved transactions behave as their isolation levels promise', async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commandArbs(), { maxCommands: 80, size: 'max' }), async (cmds) => {
          const engine = await makeEngine();
          const model: Model = { committed: new Map(), seq: 0, history: [], slots: Array(SLOTS).fill(null) };
          try {
            await fc.asyncModelRun(() => ({ model, real: { engine } }), cmds);
            for (const t of model.slots) t?.tx.rollback();
            const r = engine.begin({ readOnly: true });
            expect(drain(r.scan(k(0), k(KEYS)))).toEqual(scanOf(model.committed, 0, KEYS, false, undefined));
            r.rollback();
          } finally {
            await engine.close();
          }
        }),
        { numRuns },
      );
    });
  });
}
