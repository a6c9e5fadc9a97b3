/**
 * kv-contract.ts — the KVEngine contract (src/storage/kv.ts) as a test suite. Every engine
 * (memory, file, postgres) runs it:
 *
 *   kvContractSuite('memory', () => createMemoryEngine());
 *
 * `makeEngine` must return a fresh, empty engine each time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StateError } from '../../src/common/errors.js';
import type { Value } from '../../src/common/values.js';
import { decodeKey, encodeKey } from '../../src/storage/keys.js';
import type { Isolation, KVCursor, KVEngine, KVTransaction, ScanOptions } from '../../src/storage/kv.js';

export type EngineFactory = () => KVEngine | Promise<KVEngine>;

/** k encodes a one-number key. */
export const k = (n: number): Uint8Array => encodeKey([n]);

/** drain reads a whole cursor in batches of `batch`, as [key number, value] pairs. */
export function drain(cursor: KVCursor, batch?: number): [number, Value][] {
  const out: [number, Value][] = [];
  for (let b = cursor.nextBatch(batch); b !== null; b = cursor.nextBatch(batch)) {
    if (batch !== undefined) expect(b.length).toBeLessThanOrEqual(batch);
    expect(b.length).toBeGreaterThan(0);
    for (const e of b) out.push([decodeKey(e.key)[0] as number, e.value]);
  }
  return out;
}

function scan(tx: KVTransaction, from: number, to: number, options?: ScanOptions, batch?: number): [number, Value][] {
  return drain(tx.scan(k(from), k(to), options), batch);
}

async function expectReject(p: Promise<unknown>, cls: abstract new (...args: never[]) => Error, code?: string): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  if (code !== undefined) expect((err as { code: string }).code).toBe(code);
}

export function kvContractSuite(name: string, makeEngine: EngineFactory): void {
  describe(`KV contract: ${name}`, () => {
    let engine: KVEngine;

    beforeEach(async () => {
      engine = await makeEngine();
    });
    afterEach(async () => {
      await engine.close();
    });

    /** load commits key n → value `v${n}` for each n. */
    async function load(ns: number[]): Promise<void> {
      const tx = engine.begin();
      for (const n of ns) tx.set(k(n), `v${n}`);
      await tx.commit();
    }

    describe('reads and writes', () => {
      it('get, set, overwrite, clear; values are stored whole', async () => {
        const tx = engine.begin();
        expect(tx.get(k(1))).toBeUndefined();
        tx.set(k(1), 'a');
        expect(tx.get(k(1))).toBe('a');
        tx.set(k(1), 'b');
        expect(tx.get(k(1))).toBe('b');
        tx.set(k(2), [1, 'x', null, 2n ** 70n, new Map([['__proto__', [true]]])]);
        tx.set(k(3), null);
        tx.clear(k(1));
        expect(tx.get(k(1))).toBeUndefined();
        expect(tx.get(k(3))).toBeNull();
        await tx.commit();
        const r = engine.begin({ readOnly: true });
        expect(r.get(k(1))).toBeUndefined();
        expect(r.get(k(2))).toEqual([1, 'x', null, 2n ** 70n, new Map([['__proto__', [true]]])]);
        expect(r.get(k(3))).toBeNull();
        r.rollback();
      });

      it('clearRange removes committed and buffered keys in [begin, end) only; later sets survive', async () => {
        await load([1, 2, 3, 4, 5, 6]);
        const tx = engine.begin();
        tx.set(k(7), 'new7');
        tx.set(k(3), 'new3');
        tx.clearRange(k(2), k(5));
        tx.clearRange(k(7), k(8));
        tx.clearRange(k(9), k(8)); // empty: no effect
        tx.set(k(4), 'again4');
        expect(scan(tx, 0, 10)).toEqual([[1, 'v1'], [4, 'again4'], [5, 'v5'], [6, 'v6']]);
        expect(scan(tx, 0, 10, { reverse: true })).toEqual([[6, 'v6'], [5, 'v5'], [4, 'again4'], [1, 'v1']]);
        expect(tx.get(k(2))).toBeUndefined();
        expect(tx.get(k(5))).toBe('v5');
        await tx.commit();
        const r = engine.begin();
        expect(scan(r, 0, 10)).toEqual([[1, 'v1'], [4, 'again4'], [5, 'v5'], [6, 'v6']]);
        r.rollback();
      });

      it('rollback discards the writes', async () => {
        await load([1]);
        const tx = engine.begin();
        tx.set(k(2), 'x');
        tx.clear(k(1));
        tx.rollback();
        const r = engine.begin();
        expect(scan(r, 0, 10)).toEqual([[1, 'v1']]);
        r.rollback();
      });
    });

    describe('scans', () => {
      const ns = Array.from({ length: 50 }, (_, i) => i * 2); // 0, 2, ..., 98

      it('both directions, begin inclusive, end exclusive', async () => {
        await load(ns);
        const tx = engine.begin();
        expect(scan(tx, 10, 20).map((e) => e[0])).toEqual([10, 12, 14, 16, 18]);
        expect(scan(tx, 11, 21).map((e) => e[0])).toEqual([12, 14, 16, 18, 20]);
        expect(scan(tx, 10, 20, { reverse: true }).map((e) => e[0])).toEqual([18, 16, 14, 12, 10]);
        expect(scan(tx, 20, 10)).toEqual([]);
        expect(scan(tx, 10, 10)).toEqual([]);
        expect(scan(tx, 200, 300)).toEqual([]);
        expect(scan(tx, -5, 3, { reverse: true }).map((e) => e[0])).toEqual([2, 0]);
        tx.rollback();
      });

      it('limits and batches, forward and reverse, merged with own writes', async () => {
        await load(ns);
        const tx = engine.begin();
        const all = scan(tx, 0, 100);
        expect(all.length).toBe(50);
        for (const batch of [1, 3, 7, 1024]) {
          expect(scan(tx, 0, 100, {}, batch)).toEqual(all);
          expect(scan(tx, 0, 100, { reverse: true }, batch)).toEqual([...all].reverse());
          expect(scan(tx, 0, 100, { limit: 10 }, batch)).toEqual(all.slice(0, 10));
          expect(scan(tx, 0, 100, { limit: 10, reverse: true }, batch)).toEqual([...all].reverse().slice(0, 10));
        }
        expect(scan(tx, 0, 100, { limit: 0 })).toEqual([]);
        // own writes: odd keys inserted, some even ones cleared, one overwritten
        for (let n = 1; n < 100; n += 4) tx.set(k(n), `w${n}`);
        tx.clear(k(10));
        tx.clearRange(k(40), k(60));
        tx.set(k(50), 'w50');
        tx.set(k(2), 'w2');
        const expected = new Map<number, Value>(all);
        for (let n = 1; n < 100; n += 4) expected.set(n, `w${n}`);
        expected.delete(10);
        for (let n = 40; n < 60; n++) expected.delete(n);
        expected.set(50, 'w50');
        expected.set(2, 'w2');
        const merged = [...expected.entries()].sort((a, b) => a[0] - b[0]);
        for (const batch of [1, 4, 1024]) {
          expect(scan(tx, 0, 100, {}, batch)).toEqual(merged);
          expect(scan(tx, 0, 100, { reverse: true }, batch)).toEqual([...merged].reverse());
          expect(scan(tx, 0, 100, { limit: 13 }, batch)).toEqual(merged.slice(0, 13));
          expect(scan(tx, 0, 100, { limit: 13, reverse: true }, batch)).toEqual([...merged].reverse().slice(0, 13));
        }
        tx.rollback();
      });

      it('nextValues / nextKeys (when offered) walk the same entries', async () => {
        await load(ns);
        const tx = engine.begin();
        tx.set(k(3), 'w3');
        const c = tx.scan(k(0), k(100), { reverse: true });
        if (c.nextValues === undefined || c.nextKeys === undefined) return tx.rollback();
        const expected = scan(tx, 0, 100, { reverse: true });
        let i = 0;
        for (let turn = 0; ; turn++) {
          if (turn % 2 === 0) {
            const v = c.nextValues(4);
            if (v === null) break;
            for (const x of v) expect(x).toEqual(expected[i++][1]);
          } else {
            const kk = c.nextKeys(3);
            if (kk === null) break;
            for (const x of kk) expect(decodeKey(x)[0]).toBe(expected[i++][0]);
          }
        }
        expect(i).toBe(expected.length);
        tx.rollback();
      });

      it('visitValues (when offered) walks what nextBatch walks, in runs, interleaved with batches', async () => {
        // 600 keys: several B+tree leaves, so runs end at leaf boundaries as well as at `max`.
        const many = Array.from({ length: 600 }, (_, i) => i * 2);
        await load(many);
        const cases: { writes: boolean; options: ScanOptions; from: number; to: number }[] = [];
        for (const writes of [false, true])
          for (const options of [{}, { reverse: true }, { limit: 77 }, { limit: 77, reverse: true }])
            for (const [from, to] of [[0, 1200], [3, 999], [500, 501], [7, 7]]) cases.push({ writes, options, from, to });
        for (const { writes, options, from, to } of cases) {
          const tx = engine.begin();
          if (writes) {
            tx.set(k(101), 'w101');
            tx.clear(k(400));
            tx.clearRange(k(700), k(720));
          }
          const expected = scan(tx, from, to, options).map((e) => e[1]);
          const c = tx.scan(k(from), k(to), options);
          if (c.visitValues === undefined) return tx.rollback();
          const got: Value[] = [];
          const visit = (values: readonly Value[], a: number, b: number) => {
            expect(a).toBeLessThanOrEqual(b);
            for (let i = a; i < b; i++) got.push(values[i]);
          };
          for (let turn = 0; ; turn++) {
            const before = got.length;
            if (turn % 3 === 2) {
              const v = c.nextValues?.(5) ?? null;
              if (v === null) break;
              got.push(...v);
            } else {
              const walked = c.visitValues(turn % 3 === 0 ? 50 : 1, visit);
              expect(walked).toBe(got.length - before);
              if (walked === 0) break;
            }
          }
          expect(got, JSON.stringify({ writes, options, from, to })).toEqual(expected);
          expect(c.visitValues(10, visit)).toBe(0);
          tx.rollback();
        }
      });

      it('a visitor may open and drain other cursors of the same transaction', async () => {
        await load(Array.from({ length: 300 }, (_, i) => i));
        const tx = engine.begin();
        const c = tx.scan(k(0), k(300));
        if (c.visitValues === undefined) return tx.rollback();
        const got: Value[] = [];
        let inner = 0;
        while (
          c.visitValues(40, (values, a, b) => {
            for (let i = a; i < b; i++) got.push(values[i]);
            inner += scan(tx, 100, 200).length;
          }) > 0
        );
        expect(got).toEqual(Array.from({ length: 300 }, (_, i) => `v${i}`));
        expect(inner % 100).toBe(0);
        expect(inner).toBeGreaterThan(0);
        tx.rollback();
      });

      it('a cursor sees the writes made before it opened, not those made while it is open', async () => {
        await load([10, 20, 30]);
        const tx = engine.begin();
        tx.set(k(15), 'before');
        const c = tx.scan(k(0), k(100));
        const first = c.nextBatch(1)!;
        tx.set(k(25), 'during');
        tx.clear(k(30));
        tx.clearRange(k(12), k(18));
        const rest = c.nextBatch()!;
        expect([...first, ...rest].map((e) => decodeKey(e.key)[0])).toEqual([10, 15, 20, 30]);
        expect(scan(tx, 0, 100).map((e) => e[0])).toEqual([10, 20, 25]);
        const fresh = engine.begin();
        const c2 = fresh.scan(k(0), k(100), { reverse: true });
        expect(c2.nextBatch(1)!.map((e) => decodeKey(e.key)[0])).toEqual([30]);
        fresh.set(k(5), 'during');
        expect(c2.nextBatch()!.map((e) => decodeKey(e.key)[0])).toEqual([20, 10]);
        tx.rollback();
        fresh.rollback();
      });

      it('close ends a cursor early', async () => {
        await load(ns);
        const tx = engine.begin();
        const c = tx.scan(k(0), k(100));
        expect(c.nextBatch(2)?.length).toBe(2);
        c.close();
        expect(c.nextBatch()).toBeNull();
        tx.rollback();
      });
    });

    describe('snapshots and isolation', () => {
      it('serializable and snapshot transactions read the snapshot of their begin', async () => {
        await load([1, 2]);
        for (const isolation of ['serializable', 'snapshot'] as Isolation[]) {
          const t1 = engine.begin({ isolation });
          const t2 = engine.begin();
          t2.set(k(1), 'changed');
          t2.set(k(3), 'added');
          t2.clear(k(2));
          await t2.commit();
          expect(t1.get(k(1))).toBe('v1');
          expect(t1.get(k(3))).toBeUndefined();
          expect(scan(t1, 0, 10).map((e) => e[0])).toEqual([1, 2]);
          t1.rollback();
          const fix = engine.begin();
          fix.set(k(1), 'v1');
          fix.set(k(2), 'v2');
          fix.clear(k(3));
          await fix.commit();
        }
        const t1 = engine.begin({ isolation: 'snapshot' });
        const t2 = engine.begin();
        t2.set(k(1), 'changed');
        await t2.commit();
        expect(t1.get(k(1))).toBe('v1');
        t1.rollback();
      });

      it('read-committed reads see the latest committed state', async () => {
        await load([1, 2]);
        const t1 = engine.begin({ isolation: 'read-committed' });
        expect(t1.get(k(1))).toBe('v1');
        const t2 = engine.begin();
        t2.set(k(1), 'changed');
        t2.set(k(3), 'v3');
        await t2.commit();
        expect(t1.get(k(1))).toBe('changed');
        expect(scan(t1, 0, 10).map((e) => e[0])).toEqual([1, 2, 3]);
        await t1.commit();
      });

      it('write skew aborts under serializable, commits under snapshot', async () => {
        for (const isolation of ['serializable', 'snapshot'] as Isolation[]) {
          const init = engine.begin();
          init.set(k(1), 1);
          init.set(k(2), 1);
          await init.commit();
          // invariant the application keeps: x + y >= 1; each takes one off if the sum allows
          const t1 = engine.begin({ isolation });
          const t2 = engine.begin({ isolation });
          const sum = (t: KVTransaction): number => (t.get(k(1)) as number) + (t.get(k(2)) as number);
          expect(sum(t1)).toBe(2);
          expect(sum(t2)).toBe(2);
          t1.set(k(1), 0);
          t2.set(k(2), 0);
          await t1.commit();
          if (isolation === 'serializable') {
            await expectReject(t2.commit(), ConflictError, 'TRANSACTION_CONFLICT');
          } else {
            await t2.commit();
          }
          const r = engine.begin();
          expect(sum(r)).toBe(isolation === 'serializable' ? 1 : 0);
          r.rollback();
        }
      });

      it('lost update is prevented under snapshot and serializable, not under read-committed', async () => {
        for (const isolation of ['snapshot', 'serializable', 'read-committed'] as Isolation[]) {
          const init = engine.begin();
          init.set(k(1), 10);
          await init.commit();
          const t1 = engine.begin({ isolation });
          const t2 = engine.begin({ isolation });
          t1.set(k(1), (t1.get(k(1)) as number) + 1);
          t2.set(k(1), (t2.get(k(1)) as number) + 1);
          await t1.commit();
          if (isolation === 'read-committed') {
            await t2.commit();
          } else {
            await expectReject(t2.commit(), ConflictError);
          }
          const r = engine.begin();
          expect(r.get(k(1))).toBe(11);
          r.rollback();
        }
      });

      it('a conflicting commit applies nothing', async () => {
        await load([1]);
        const t1 = engine.begin();
        const t2 = engine.begin();
        t1.get(k(1));
        t1.set(k(5), 'mine');
        t1.clearRange(k(0), k(2));
        t2.set(k(1), 'theirs');
        await t2.commit();
        await expectReject(t1.commit(), ConflictError);
        expect(t1.finished).toBe(true);
        const r = engine.begin();
        expect(scan(r, 0, 10)).toEqual([[1, 'theirs']]);
        r.rollback();
      });

      /**
       * A serializable transaction reads with `read` and writes elsewhere; another then commits
       * a write of key `other`; the first's commit must abort exactly when `conflicts`.
       */
      async function readThenOtherWrites(read: (tx: KVTransaction) => void, other: number, conflicts: boolean): Promise<void> {
        const t1 = engine.begin();
        read(t1);
        t1.set(k(1000 + other), 'x');
        const t2 = engine.begin();
        t2.set(k(other), 'other');
        await t2.commit();
        if (conflicts) await expectReject(t1.commit(), ConflictError);
        else await t1.commit();
      }

      it('serializable: phantoms in a scanned range conflict; keys beyond a limited scan do not', async () => {
        await load([10, 20, 30]);
        await readThenOtherWrites((tx) => expect(scan(tx, 0, 100).length).toBe(3), 25, true);
        await readThenOtherWrites((tx) => expect(scan(tx, 0, 100, { limit: 2 }).map((e) => e[0])).toEqual([10, 20]), 40, false);
        await readThenOtherWrites((tx) => expect(scan(tx, 0, 100, { limit: 1, reverse: true }).map((e) => e[0])).toEqual([40]), 5, false);
      });

      it('serializable: a range walked by visitValues is in the read set, up to where the walk stopped', async () => {
        await load([10, 20, 30, 40]);
        const visitor = () => {};
        const probe = engine.begin();
        const offered = probe.scan(k(0), k(100)).visitValues !== undefined;
        probe.rollback();
        if (!offered) return;
        await readThenOtherWrites((tx) => {
          const c = tx.scan(k(0), k(100));
          while (c.visitValues!(10, visitor) > 0);
        }, 25, true);
        await readThenOtherWrites((tx) => expect(tx.scan(k(0), k(100)).visitValues!(2, visitor)).toBe(2), 35, false);
      });

      it('serializable: blind writes and disjoint reads do not conflict', async () => {
        await load([1, 2]);
        const t1 = engine.begin();
        const t2 = engine.begin();
        t1.set(k(1), 'a');
        t2.set(k(1), 'b');
        t1.get(k(2));
        t2.get(k(3));
        t2.set(k(4), 'c');
        await t1.commit();
        await t2.commit();
        const r = engine.begin();
        expect(r.get(k(1))).toBe('b');
        r.rollback();
      });

      it('snapshot: write-write conflicts through clearRange', async () => {
        await load([1, 2, 3]);
        const t1 = engine.begin({ isolation: 'snapshot' });
        const t2 = engine.begin({ isolation: 'snapshot' });
        t1.clearRange(k(0), k(10));
        t2.set(k(5), 'x');
        await t2.commit();
        await expectReject(t1.commit(), ConflictError);
      });

      it('read-only transactions never abort and may not write', async () => {
        await load([1]);
        for (const isolation of ['serializable', 'snapshot', 'read-committed'] as Isolation[]) {
          const r = engine.begin({ isolation, readOnly: true });
          expect(r.readOnly).toBe(true);
          expect(r.isolation).toBe(isolation);
          r.get(k(1));
          scan(r, 0, 10);
          const w = engine.begin();
          w.set(k(1), 'changed');
          w.set(k(2), 'new');
          await w.commit();
          expect(() => r.set(k(3), 'no')).toThrow(StateError);
          try {
            r.clear(k(1));
          } catch (e) {
            expect((e as StateError).code).toBe('READ_ONLY');
          }
          expect(() => r.clearRange(k(0), k(9))).toThrow(StateError);
          await r.commit();
        }
      });

      it('a transaction that wrote nothing always commits', async () => {
        await load([1]);
        const t1 = engine.begin();
        t1.get(k(1));
        const t2 = engine.begin();
        t2.set(k(1), 'x');
        await t2.commit();
        await t1.commit();
      });

      it('the default isolation is serializable', () => {
        const t = engine.begin();
        expect(t.isolation).toBe('serializable');
        expect(t.readOnly).toBe(false);
        t.rollback();
      });
    });

    describe('savepoints', () => {
      it('rollbackTo undoes only the writes made after the savepoint', async () => {
        await load([1, 2, 3]);
        const tx = engine.begin();
        tx.set(k(4), 'a');
        const sp1 = tx.savepoint();
        tx.set(k(5), 'b');
        tx.clear(k(1));
        const sp2 = tx.savepoint();
        tx.clearRange(k(0), k(10));
        expect(scan(tx, 0, 10)).toEqual([]);
        tx.rollbackTo(sp2);
        expect(scan(tx, 0, 10).map((e) => e[0])).toEqual([2, 3, 4, 5]);
        tx.set(k(6), 'c');
        tx.rollbackTo(sp1);
        expect(scan(tx, 0, 10).map((e) => e[0])).toEqual([1, 2, 3, 4]);
        expect(() => tx.rollbackTo(sp2)).toThrow(StateError); // released by the rollback to sp1
        tx.set(k(7), 'd');
        tx.rollbackTo(sp1); // still usable
        expect(tx.get(k(7))).toBeUndefined();
        await tx.commit();
        const r = engine.begin();
        expect(scan(r, 0, 10).map((e) => e[0])).toEqual([1, 2, 3, 4]);
        r.rollback();
      });

      it('release keeps the writes, an earlier savepoint still undoes them, and the released one is refused', async () => {
        await load([1, 2]);
        const tx = engine.begin();
        const sp1 = tx.savepoint();
        tx.set(k(3), 'a');
        const sp2 = tx.savepoint();
        tx.set(k(4), 'b');
        tx.clearRange(k(1), k(2));
        const sp3 = tx.savepoint();
        tx.release(sp2); // and sp3 with it
        expect(scan(tx, 0, 10).map((e) => e[0])).toEqual([2, 3, 4]);
        expect(() => tx.rollbackTo(sp2)).toThrow(StateError);
        expect(() => tx.rollbackTo(sp3)).toThrow(StateError);
        const cursor = tx.scan(k(0), k(10));
        tx.rollbackTo(sp1);
        expect(scan(tx, 0, 10).map((e) => e[0])).toEqual([1, 2]);
        // A cursor opened before the rollback reads the writes as they were when it opened.
        expect(drain(cursor).map((e) => e[0])).toEqual([2, 3, 4]);
        tx.release(sp1);
        tx.set(k(5), 'c');
        await tx.commit();
        const r = engine.begin();
        expect(scan(r, 0, 10).map((e) => e[0])).toEqual([1, 2, 5]);
        r.rollback();
      });

      it('a savepoint of another transaction is refused', () => {
        const a = engine.begin();
        const b = engine.begin();
        const sp = a.savepoint();
        expect(() => b.rollbackTo(sp)).toThrow(StateError);
        a.rollback();
        b.rollback();
      });
    });

    describe('finished transactions and closed engines', () => {
      it('commit after commit, use after finish are TRANSACTION_STATE errors; rollback after finish is a no-op', async () => {
        const tx = engine.begin();
        tx.set(k(1), 1);
        const cursor = tx.scan(k(0), k(9));
        await tx.commit();
        expect(tx.finished).toBe(true);
        await expectReject(tx.commit(), StateError, 'TRANSACTION_STATE');
        expect(() => tx.get(k(1))).toThrow(StateError);
        expect(() => tx.set(k(1), 2)).toThrow(StateError);
        expect(() => tx.scan(k(0), k(1))).toThrow(StateError);
        expect(() => cursor.nextBatch()).toThrow(StateError);
        expect(() => tx.rollback()).not.toThrow();
        const rb = engine.begin();
        rb.rollback();
        expect(rb.finished).toBe(true);
        await expectReject(rb.commit(), StateError, 'TRANSACTION_STATE');
      });

      it('begin after close is a CLOSED error', async () => {
        await engine.close();
        expect(() => engine.begin()).toThrow(StateError);
        try {
          engine.begin();
        } catch (e) {
          expect((e as StateError).code).toBe('CLOSED');
        }
        engine = await makeEngine(); // for afterEach
      });
    });
  });
}
