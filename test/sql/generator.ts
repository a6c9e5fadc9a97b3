/**
 * generator.ts — seeded random schemas, data (with NULLs) and SQL queries for differential
 * tests: the same text runs on polyglotdb and on SQLite (sql.js), and on polyglotdb with the
 * optimizer on and off. The generator only writes SQL whose answer SQLite and PostgreSQL
 * agree on (no mixed-type comparisons, no unordered LIMIT).
 */

export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** next is mulberry32: fast, seedable, good enough for test data. */
  next(): number {
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface Table {
  name: string;
  ints: string[];
  texts: string[];
  rows: number;
}

export const TABLES: Table[] = [
  { name: 't1', ints: ['a', 'b', 'c'], texts: ['s'], rows: 60 },
  { name: 't2', ints: ['a', 'd', 'e'], texts: ['u'], rows: 40 },
  { name: 't3', ints: ['b', 'f'], texts: ['s', 'w'], rows: 25 },
];

const WORDS = ['apple', 'berry', 'cherry', 'date', 'elder', 'fig', 'grape', 'Apple'];

/** schemaAndData returns the DDL and INSERT statements for the tables, seeded. */
export function schemaAndData(r: Random): string[] {
  const out: string[] = [];
  for (const t of TABLES) {
    out.push(`CREATE TABLE ${t.name} (id INTEGER PRIMARY KEY, ${[...t.ints.map((c) => `${c} INTEGER`), ...t.texts.map((c) => `${c} TEXT`)].join(', ')})`);
    if (t.ints.length > 1) out.push(`CREATE INDEX ${t.name}_${t.ints[1]} ON ${t.name} (${t.ints[1]})`);
    const rows: string[] = [];
    for (let i = 1; i <= t.rows; i++) {
      const ints = t.ints.map(() => (r.chance(0.15) ? 'NULL' : String(r.int(-5, 12))));
      const texts = t.texts.map(() => (r.chance(0.15) ? 'NULL' : `'${r.pick(WORDS)}'`));
      rows.push(`(${i}, ${[...ints, ...texts].join(', ')})`);
    }
    out.push(`INSERT INTO ${t.name} VALUES ${rows.join(', ')}`);
  }
  return out;
}

interface Source {
  alias: string;
  table: Table;
}

function intCol(r: Random, from: Source[]): string {
  const s = r.pick(from);
  return `${s.alias}.${r.pick(['id', ...s.table.ints])}`;
}

function textCol(r: Random, from: Source[]): string | null {
  const withText = from.filter((s) => s.table.texts.length);
  if (!withText.length) return null;
  const s = r.pick(withText);
  return `${s.alias}.${r.pick(s.table.texts)}`;
}

function intExpr(r: Random, from: Source[], depth = 0): string {
  const roll = r.int(0, depth > 1 ? 1 : 7);
  switch (roll) {
    case 0:
      return intCol(r, from);
    case 1:
      return String(r.int(-3, 10));
    case 2:
    case 3:
      return `(${intExpr(r, from, depth + 1)} ${r.pick(['+', '-', '*'])} ${intExpr(r, from, depth + 1)})`;
    case 4:
      return `(${intExpr(r, from, depth + 1)} ${r.pick(['/', '%'])} ${intExpr(r, from, depth + 1)})`;
    case 5:
      return `coalesce(${intCol(r, from)}, ${r.int(0, 5)})`;
    case 6:
      return `abs(${intExpr(r, from, depth + 1)})`;
    default:
      return `CASE WHEN ${predicate(r, from, depth + 1)} THEN ${intExpr(r, from, depth + 1)} ELSE ${intExpr(r, from, depth + 1)} END`;
  }
}

export function predicate(r: Random, from: Source[], depth = 0): string {
  const roll = r.int(0, depth > 1 ? 3 : 8);
  switch (roll) {
    case 0:
    case 1:
      return `${intExpr(r, from, depth + 1)} ${r.pick(['=', '<>', '<', '<=', '>', '>='])} ${intExpr(r, from, depth + 1)}`;
    case 2:
      return `${intCol(r, from)} IS ${r.chance(0.5) ? 'NOT ' : ''}NULL`;
    case 3:
      return `${intCol(r, from)} ${r.chance(0.3) ? 'NOT ' : ''}IN (${Array.from({ length: r.int(1, 4) }, () => (r.chance(0.1) ? 'NULL' : String(r.int(-2, 10)))).join(', ')})`;
    case 4:
      return `${intCol(r, from)} ${r.chance(0.3) ? 'NOT ' : ''}BETWEEN ${r.int(-3, 4)} AND ${r.int(3, 10)}`;
    case 5: {
      const t = textCol(r, from);
      return t ? `${t} ${r.chance(0.3) ? 'NOT ' : ''}LIKE '${r.pick(['a%', '%e%', '_ig', 'A%', '%rr%'])}'` : `${intCol(r, from)} > 0`;
    }
    case 6:
      return `(${predicate(r, from, depth + 1)} AND ${predicate(r, from, depth + 1)})`;
    case 7:
      return `(${predicate(r, from, depth + 1)} OR ${predicate(r, from, depth + 1)})`;
    default:
      return `NOT (${predicate(r, from, depth + 1)})`;
  }
}

function fromClause(r: Random): { sql: string; from: Source[] } {
  const n = r.int(1, 3);
  const from: Source[] = [];
  let sql = '';
  for (let i = 0; i < n; i++) {
    const table = r.pick(TABLES);
    const src = { alias: `x${i}`, table };
    if (i === 0) sql = `${table.name} ${src.alias}`;
    else {
      const prev = r.pick(from);
      const kind = r.pick(['JOIN', 'JOIN', 'LEFT JOIN', ', ']);
      const on = `${prev.alias}.${r.pick(['id', ...prev.table.ints])} = ${src.alias}.${r.pick(['id', ...table.ints])}`;
      sql += kind === ', ' ? `, ${table.name} ${src.alias}` : ` ${kind} ${table.name} ${src.alias} ON ${on}`;
    }
    from.push(src);
  }
  return { sql, from };
}

/** query generates one SELECT whose answer is deterministic as a bag (or fully ordered when LIMITed). */
export function query(r: Random): string {
  const kind = r.int(0, 9);
  const { sql: fromSql, from } = fromClause(r);
  const where = r.chance(0.7) ? ` WHERE ${predicate(r, from)}` : '';
  if (kind <= 3) {
    const cols = Array.from({ length: r.int(1, 3) }, () => (r.chance(0.7) ? intCol(r, from) : intExpr(r, from)));
    const distinct = r.chance(0.2) ? 'DISTINCT ' : '';
    let q = `SELECT ${distinct}${cols.join(', ')} FROM ${fromSql}${where}`;
    if (r.chance(0.3)) q += ` ORDER BY ${cols.map((_, i) => `${i + 1}${r.chance(0.5) ? ' DESC' : ''}`).join(', ')} LIMIT ${r.int(0, 8)}${r.chance(0.3) ? ` OFFSET ${r.int(0, 4)}` : ''}`;
    return q;
  }
  if (kind <= 6) {
    const g = intCol(r, from);
    const aggs = Array.from({ length: r.int(1, 3) }, () => {
      const fn = r.pick(['count', 'sum', 'min', 'max', 'count']);
      if (fn === 'count' && r.chance(0.4)) return 'count(*)';
      return `${fn}(${r.chance(0.2) ? 'DISTINCT ' : ''}${intCol(r, from)})`;
    });
    const grouped = r.chance(0.8);
    const having = grouped && r.chance(0.3) ? ` HAVING count(*) > ${r.int(0, 3)}` : '';
    return grouped ? `SELECT ${g}, ${aggs.join(', ')} FROM ${fromSql}${where} GROUP BY ${g}${having}` : `SELECT ${aggs.join(', ')} FROM ${fromSql}${where}`;
  }
  if (kind === 7) {
    const t = r.pick(TABLES);
    const u = r.pick(TABLES);
    const inner = `SELECT ${r.pick(u.ints)} FROM ${u.name}${r.chance(0.5) ? ` WHERE ${r.pick(u.ints)} > ${r.int(-2, 6)}` : ''}`;
    const test = r.pick([`${r.pick(t.ints)} IN (${inner})`, `${r.pick(t.ints)} NOT IN (${inner})`, `EXISTS (${inner})`, `NOT EXISTS (SELECT 1 FROM ${u.name} WHERE ${u.name}.id = ${t.name}.id AND ${u.name}.${r.pick(u.ints)} > ${r.int(-2, 6)})`]);
    return `SELECT id FROM ${t.name} WHERE ${test}`;
  }
  if (kind === 8) {
    const t = r.pick(TABLES);
    return `SELECT id, (SELECT max(${r.pick(TABLES[1].ints)}) FROM t2 WHERE t2.a = ${t.name}.${r.pick(t.ints)}) FROM ${t.name}`;
  }
  const a = r.pick(TABLES);
  const b2 = r.pick(TABLES);
  const op = r.pick(['UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT']);
  return `SELECT ${r.pick(a.ints)} FROM ${a.name} WHERE id % 3 <> 0 ${op} SELECT ${r.pick(b2.ints)} FROM ${b2.name}`;
}
