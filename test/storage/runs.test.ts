/**
 * Sorted key runs (runs.ts) and the memory engine's bulk writes built on them, against models
 * made of plain Maps: sortRun orders any distinct keys as compareSKeys does and keeps each
 * key's value; mergeRuns yields the union, the newer run winning; and a transaction's
 * setManyBinary over any buffered writes (sets, deletes, cleared ranges, with or without a
 * savepoint) reads, probes, rolls back and commits (merged or inserted) as the model says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { compareSKeys, keyString, type SKey } from '../../src/storage/btree.js';
import type { KVEngine, KVTransaction } from '../../src/storage/kv.js';
import { createMemoryEngine } from '../../src/storage/memory.js';
import { mergeRuns, sortRun, walkRun, type Run } from '../../src/storage/runs.js';
import { drain, k } from './kv-contract.js';

/** Keys over the whole code unit range (binary keys use 0–255; the sort must agree beyond). */
const keyArb = fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0xffff })).map((c) => String.fromCharCode(c)), maxLength: 5 });
const valueArb = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 9 }));

function runOf(m: Map<SKey, number>): Run<number> {
  const keys = [...m.keys()].sort(compareSKeys);
  return { keys, values: keys.map((key) => m.get(key)!) };
}

describe('sortRun', () => {
  it('keeps the arrays handed over when they come sorted, and orders the same as without (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(keyArb, valueArb), { selector: (e) => e[0], maxLength: 60 }), fc.boolean(), (entries, presort) => {
        const given = presort ? entries.slice().sort((a, b) => compareSKeys(a[0], b[0])) : entries;
        const keys = given.map((e) => e[0]);
        const values = given.map((e) => e[1]);
        const copied = sortRun<number | null>(keys.slice(), values.slice(), null);
        const handed = sortRun<number | null>(keys, values, null, true);
        expect(handed.keys).toEqual(copied.keys);
        expect(handed.values).toEqual(copied.values);
        const sorted = keys.every((key, i) => i === 0 || keys[i - 1] < key);
        // A sorted run is the caller's arrays themselves; without handOver it is always a copy.
        expect(handed.keys === keys).toBe(sorted);
        expect(handed.values === values).toBe(sorted);
        expect(copied.keys === keys).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('orders distinct keys by compareSKeys, each with its value (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(keyArb, valueArb), { selector: (e) => e[0], maxLength: 60 }), (entries) => {
        const run = sortRun<number | null>(
          entries.map((e) => e[0]),
          entries.map((e) => e[1]),
          null,
        );
        const expected = entries.slice().sort((a, b) => compareSKeys(a[0], b[0]));
        expect(run.keys).toEqual(expected.map((e) => e[0]));
        expect(run.values).toEqual(expected.map((e) => e[1]));
      }),
      { numRuns: 500 },
    );
  });
});

describe('mergeRuns', () => {
  it('yields the union in key order, a newer entry replacing the older one it names (property)', () => {
    const mapArb = fc.uniqueArray(fc.tuple(keyArb, fc.integer({ min: 0, max: 9 })), { selector: (e) => e[0], maxLength: 30 }).map((es) => new Map(es));
    fc.assert(
      fc.property(mapArb, mapArb, (older, newer) => {
        const out: [SKey, number, string][] = [];
        mergeRuns<number, number>(
          runOf(older),
          walkRun(runOf(newer)),
          (key, v) => void out.push([key, v, 'kept']),
          (key, v, replaced) => void out.push([key, v, `took over ${String(replaced)}`]),
        );
        const keys = [...new Set([...older.keys(), ...newer.keys()])].sort(compareSKeys);
        expect(out).toEqual(keys.map((key) => (newer.has(key) ? [key, newer.get(key), `took over ${String(older.get(key))}`] : [key, older.get(key), 'kept'])));
      }),
      { numRuns: 500 },
    );
  });
});

/** Key numbers 0..KEYS-1; a value is a number or null (an index entry). */
const KEYS = 24;
type Op = { kind: 'set'; n: number; v: number } | { kind: 'clear'; n: number } | { kind: 'clearRange'; a: number; b: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), n: fc.nat(KEYS - 1), v: fc.nat(99) }),
  fc.record({ kind: fc.constant('clear' as const), n: fc.nat(KEYS - 1) }),
  fc.record({ kind: fc.constant('clearRange' as const), a: fc.nat(KEYS), b: fc.nat(KEYS) }),
);
const sk = (n: number): SKey => keyString(k(n));

function apply(m: Map<number, Value>, ops: Op[]): void {
  for (const op of ops) {
    if (op.kind === 'set') m.set(op.n, op.v);
    else if (op.kind === 'clear') m.delete(op.n);
    else for (const n of [...m.keys()]) if (n >= op.a && n < op.b) m.delete(n);
  }
}

function write(tx: KVTransaction, ops: Op[]): void {
  for (const op of ops) {
    if (op.kind === 'set') tx.set(k(op.n), op.v);
    else if (op.kind === 'clear') tx.clear(k(op.n));
    else tx.clearRange(k(op.a), k(op.b));
  }
}

/** Everything tx sees, by scan and by get, must be the model. */
function expectState(tx: KVTransaction, model: Map<number, Value>): void {
  const expected = [...model].sort((a, b) => a[0] - b[0]);
  expect(drain(tx.scan(k(0), k(KEYS)), 5)).toEqual(expected);
  for (let n = 0; n < KEYS; n++) expect(tx.get(k(n))).toEqual(model.get(n));
}

describe('memory engine: setManyBinary', () => {
  const caseArb = fc.record({
    committed: fc.array(fc.tuple(fc.nat(KEYS - 1), fc.nat(99)), { maxLength: KEYS }),
    before: fc.array(opArb, { maxLength: 20 }),
    savepoint: fc.boolean(),
    run: fc.uniqueArray(fc.tuple(fc.nat(KEYS - 1), fc.oneof(fc.constant(null), fc.nat(99))), { selector: (e) => e[0], maxLength: KEYS }),
    after: fc.array(opArb, { maxLength: 4 }),
    probe: fc.tuple(fc.nat(KEYS), fc.nat(KEYS)),
    bulkCommitKeys: fc.constantFrom(1, 1_000_000),
  });

  it('reads, probes, rolls back and commits as successive writes would (property)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const engine: KVEngine = createMemoryEngine({ bulkCommitKeys: c.bulkCommitKeys });
        const model = new Map<number, Value>();
        const setup = engine.begin();
        for (const [n, v] of c.committed) {
          setup.set(k(n), v);
          model.set(n, v);
        }
        await setup.commit();

        const tx = engine.begin();
        write(tx, c.before);
        apply(model, c.before);
        const sp = c.savepoint ? tx.savepoint() : null;
        const saved = new Map(model);
        tx.setManyBinary!(
          c.run.map((e) => sk(e[0])),
          c.run.map((e) => e[1]),
        );
        for (const [n, v] of c.run) model.set(n, v);
        expectState(tx, model);

        // A probe of [a, b) merges the buffer over the snapshot (or declines after a clearRange).
        const [a, b] = c.probe;
        const keys: SKey[] = [];
        const values: Value[] = [];
        const end = tx.probeBinary!(sk(a), sk(b), keys, values);
        if (end >= 0) {
          const inRange = [...model].filter(([n]) => n >= a && n < b).sort((x, y) => x[0] - y[0]);
          expect(end).toBe(inRange.length);
          expect(keys).toEqual(inRange.map(([n]) => sk(n)));
          expect(values).toEqual(inRange.map(([, v]) => v));
          // Into reused arrays from a position: what lies before it stays, what lies past the returned end is stale.
          const stale = Array.from({ length: 9 }, (_, i) => `stale${i}`);
          const reusedKeys: SKey[] = stale.slice();
          const reusedValues: Value[] = stale.slice();
          expect(tx.probeBinary!(sk(a), sk(b), reusedKeys, reusedValues, 2)).toBe(2 + inRange.length);
          expect(reusedKeys.slice(0, 2 + inRange.length)).toEqual([...stale.slice(0, 2), ...keys]);
          expect(reusedValues.slice(0, 2 + inRange.length)).toEqual([...stale.slice(0, 2), ...values]);
        }

        write(tx, c.after);
        apply(model, c.after);
        expectState(tx, model);
        if (sp !== null) {
          tx.rollbackTo(sp);
          expectState(tx, saved);
          model.clear();
          for (const [n, v] of saved) model.set(n, v);
        }
        await tx.commit();
        const reader = engine.begin({ readOnly: true });
        expectState(reader, model);
        reader.rollback();
      }),
      { numRuns: 400 },
    );
  });
});
