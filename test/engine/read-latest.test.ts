/**
 * Autocommit reads of cached plans run in the store's shared read-only transaction
 * (Store.readLatest), kept until a commit moves the committed state on: they must see every
 * commit at once, never another transaction's uncommitted writes, and the store must hand out
 * a transaction that reads the latest state.
 */
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { MemoryEngine } from '../../src/storage/memory.js';
import { openStore } from '../../src/storage/store.js';

describe('the shared read-only transaction of autocommit reads', () => {
  it('is the same transaction until a commit, which ends it; then a new one', async () => {
    const store = await openStore(new MemoryEngine());
    const first = store.readLatest('serializable');
    expect(first).not.toBeNull();
    expect(store.readLatest('serializable')).toBe(first);
    const tx = store.begin();
    tx.catalog.createRelation({ name: 't', kind: 'table', columns: [{ name: 'id', type: 'integer', notNull: true }], primaryKey: [0] });
    await tx.commit();
    // Ended at the commit, not kept (with the state it reads) until the next read.
    expect(first!.finished).toBe(true);
    const second = store.readLatest('serializable');
    expect(second).not.toBe(first);
    expect(second!.catalog.relation('t')).toBeDefined();
    // Another isolation level is another transaction.
    expect(store.readLatest('snapshot')).not.toBe(second);
    await store.close();
  });

  it('prepared reads see each commit, and no uncommitted write of another transaction', async () => {
    const db = await Database.open();
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const read = await db.prepare('SELECT v FROM t WHERE id = ?');
    const all = await db.prepare('SELECT count(*) FROM t');
    const insert = await db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < 20; i++) {
      expect((await read.run([i])).rows).toEqual([]);
      await insert.run([i, `v${i}`]);
      expect((await read.run([i])).rows).toEqual([[`v${i}`]]);
      expect((await all.run()).rows).toEqual([[i + 1]]);
    }
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside!: Promise<void>;
    const open = new Promise<void>((started) => {
      inside = db.transaction(async (tx) => {
        await tx.sql("UPDATE t SET v = 'changed' WHERE id = 3");
        await tx.sql("INSERT INTO t VALUES (100, 'new')");
        started();
        await held;
      });
    });
    await open;
    expect((await read.run([3])).rows).toEqual([['v3']]);
    expect((await read.run([100])).rows).toEqual([]);
    release();
    await inside;
    expect((await read.run([3])).rows).toEqual([['changed']]);
    expect((await read.run([100])).rows).toEqual([['new']]);
    await db.sql('DELETE FROM t WHERE id = 100');
    expect((await read.run([100])).rows).toEqual([]);
    await db.close();
    await expect(read.run([3])).rejects.toThrow();
  });

  it('under read committed, reads still see each commit', async () => {
    const db = await Database.open({ isolation: 'read-committed' });
    await db.sql('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)');
    const read = await db.prepare('SELECT v FROM t WHERE id = 1');
    await db.sql('INSERT INTO t VALUES (1, 1)');
    for (let i = 2; i < 6; i++) {
      await db.sql(`UPDATE t SET v = ${i} WHERE id = 1`);
      expect((await read.run()).rows).toEqual([[i]]);
    }
    await db.close();
  });
});
