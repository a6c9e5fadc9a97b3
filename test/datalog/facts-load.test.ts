/**
 * facts-load.test.ts — storing many facts at once: a program's facts load atomically (a type
 * or syntax error anywhere loads nothing of that program), duplicates are kept once, and the
 * statistics the planner reads count exactly the rows stored, whether the facts came in one
 * program or in many.
 */
import { describe, expect, test } from 'vitest';
import { Database } from '../../src/index.js';

/** facts makes n edge/3 and node/2 facts from a fixed seed, with repeats. */
function facts(n: number): { text: string; edges: Set<string>; nodes: Set<string> } {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 500;
  const lines: string[] = [];
  const edges = new Set<string>();
  const nodes = new Set<string>();
  for (let i = 0; i < n; i++) {
    const a = next();
    const b = next();
    lines.push(`edge(${a}, ${b}, "w${a % 7}").`);
    edges.add(`${a},${b},w${a % 7}`);
    lines.push(`node(${a}, n${a % 3}).`);
    nodes.add(`${a},n${a % 3}`);
  }
  return { text: lines.join('\n'), edges, nodes };
}

async function estimate(db: Database, query: string): Promise<number> {
  const plan = (await db.explain('datalog', query)).physical;
  const m = /TableScan \w+ {2}\(est\. (\d+) rows\)/.exec(plan);
  if (!m) throw new Error(`no table scan in ${plan}`);
  return Number(m[1]);
}

describe('loading facts', () => {
  test('one program or many: the same rows, and statistics count them exactly', async () => {
    const { text, edges, nodes } = facts(6000);
    const one = await Database.open();
    const many = await Database.open();
    try {
      await one.datalog(text);
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i += 1000) await many.datalog(lines.slice(i, i + 1000).join('\n'));
      for (const db of [one, many]) {
        const e = (await db.datalog('?- edge(A, B, W).')).rows.map((r) => r.join(','));
        expect(new Set(e)).toEqual(edges);
        expect(e.length).toBe(edges.size);
        expect((await db.datalog('?- node(A, N).')).rows.length).toBe(nodes.size);
        expect(await estimate(db, '?- edge(A, B, W).')).toBe(edges.size);
        expect(await estimate(db, '?- node(A, N).')).toBe(nodes.size);
      }
    } finally {
      await one.close();
      await many.close();
    }
  });

  test('a fact of the wrong type anywhere stores nothing of the program', async () => {
    const db = await Database.open();
    try {
      await db.datalog('.decl b(x: number)');
      const { text } = facts(2000);
      await expect(db.datalog(`${text}\nb("not a number").`)).rejects.toThrow(/b\.x is declared a number; got "not a number" \(line 4001, column 3\)/);
      await expect(db.datalog('?- edge(A, B, W).')).rejects.toThrow(/unknown relation edge/);
      expect((await db.datalog('?- b(X).')).rows).toEqual([]);
    } finally {
      await db.close();
    }
  });

  test('a syntax error on the last line loads nothing', async () => {
    const db = await Database.open();
    try {
      const { text } = facts(2000);
      await expect(db.datalog(`${text}\nedge(1, 2`)).rejects.toThrow(/line 4001/);
      await expect(db.datalog('?- edge(A, B, W).')).rejects.toThrow(/unknown relation edge/);
    } finally {
      await db.close();
    }
  });

  test('inside a transaction a failing program is undone alone', async () => {
    const db = await Database.open();
    try {
      await db.transaction(async (tx) => {
        await tx.datalog('a(1). a(2).');
        await expect(tx.datalog('a(3). c(1). c("x", 2).')).rejects.toThrow(/c is used with 2 arguments/);
        expect((await tx.datalog('?- a(X).')).rows).toEqual([[1], [2]]);
      });
      expect((await db.datalog('?- a(X).')).rows).toEqual([[1], [2]]);
      await expect(db.datalog('?- c(X).')).rejects.toThrow(/unknown relation c/);
    } finally {
      await db.close();
    }
  });
});
