/** kv-memory.test.ts — the memory engine against the KV contract and the transaction model. */
import { describe, expect, it } from 'vitest';
import { encodeKey } from '../../src/storage/keys.js';
import { createMemoryEngine, MemoryEngine } from '../../src/storage/memory.js';
import { kvContractSuite } from './kv-contract.js';
import { kvModelSuite } from './kv-model.js';

kvContractSuite('memory', () => createMemoryEngine());
kvModelSuite('memory', () => createMemoryEngine(), 1000);
// Every commit that writes at least a quarter of the store's keys rebuilds the tree by merging.
kvContractSuite('memory, bulk commits', () => createMemoryEngine({ bulkCommitKeys: 1 }));
kvModelSuite('memory, bulk commits', () => createMemoryEngine({ bulkCommitKeys: 1 }), 300);

describe('memory engine specifics', () => {
  it('rejects an unknown isolation level', () => {
    const engine = new MemoryEngine();
    expect(() => engine.begin({ isolation: 'chaos' as never })).toThrow(/isolation/);
  });

  it('many cursors in a transaction that never writes again do not pile up', () => {
    const engine = new MemoryEngine();
    const tx = engine.begin();
    tx.set(encodeKey([1]), 1);
    for (let i = 0; i < 1000; i++) expect(tx.scan(encodeKey([0]), encodeKey([2]), { limit: 1 }).nextBatch()?.length).toBe(1);
    expect((tx as unknown as { liveCursors: unknown[] }).liveCursors.length).toBeLessThanOrEqual(64);
    tx.rollback();
  });

  it('trims the commit log once no older transaction is active', async () => {
    const engine = new MemoryEngine();
    const old = engine.begin();
    for (let i = 0; i < 5; i++) {
      const t = engine.begin();
      t.set(encodeKey([i]), i);
      await t.commit();
    }
    expect(engine.logLength).toBe(5);
    old.rollback();
    expect(engine.logLength).toBe(0);
    const t = engine.begin();
    t.set(encodeKey([9]), 9);
    await t.commit();
    expect(engine.logLength).toBe(0);
    expect(engine.size).toBe(6);
  });

  it('publishes a committed row as its own copy: the caller\'s array no longer reaches the store', async () => {
    const engine = new MemoryEngine();
    // Something committed first, so the commit below merges into a tree rather than adopting its buffer.
    const first = engine.begin();
    first.set(encodeKey([0]), 0);
    await first.commit();
    const row = [1, 'a', 2.5];
    const tx = engine.begin();
    tx.set(encodeKey([1]), row);
    await tx.commit();
    row[1] = 'changed';
    const r1 = engine.begin({ readOnly: true });
    expect(r1.get(encodeKey([1]))).toEqual([1, 'a', 2.5]);
    expect(r1.scan(encodeKey([1]), encodeKey([2])).nextValues!()).toEqual([[1, 'a', 2.5]]);
    r1.rollback();
  });

  it('a read-only transaction answers with the same snapshot token as another begun on the same commit', async () => {
    const engine = new MemoryEngine();
    const a = engine.begin({ readOnly: true });
    const b = engine.begin({ readOnly: true });
    expect(a.snapshotToken!()).toBe(b.snapshotToken!());
    const w = engine.begin();
    w.set(encodeKey([1]), 1);
    await w.commit();
    const c = engine.begin({ readOnly: true });
    expect(c.snapshotToken!()).not.toBe(a.snapshotToken!());
    expect(engine.begin({ isolation: 'read-committed', readOnly: true }).snapshotToken!()).toBeNull();
  });

  it('a read-committed scan sees a commit made between its batches; a snapshot scan does not', async () => {
    const engine = new MemoryEngine();
    const load = engine.begin();
    for (let i = 0; i < 1000; i += 2) load.set(encodeKey([i]), i);
    await load.commit();
    const rc = engine.begin({ isolation: 'read-committed', readOnly: true });
    const snap = engine.begin({ readOnly: true });
    const a = rc.scan(encodeKey([0]), encodeKey([1000]));
    const b = snap.scan(encodeKey([0]), encodeKey([1000]));
    const seenA = [...a.nextValues!(100)!, ...a.nextValues!(100)!];
    const seenB = [...b.nextValues!(100)!, ...b.nextValues!(100)!];
    const w = engine.begin();
    w.set(encodeKey([901]), 901);
    w.clear(encodeKey([950]));
    await w.commit();
    for (let v = a.nextValues!(100); v !== null; v = a.nextValues!(100)) seenA.push(...v);
    for (let v = b.nextValues!(100); v !== null; v = b.nextValues!(100)) seenB.push(...v);
    expect(seenA).toContain(901);
    expect(seenA).not.toContain(950);
    expect(seenA.length).toBe(500);
    expect(seenB).not.toContain(901);
    expect(seenB).toContain(950);
    expect(seenB.length).toBe(500);
  });
});

