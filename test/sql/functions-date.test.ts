/**
 * Date and time functions against SQLite (sql.js) over generated time values and modifiers,
 * plus what a peer cannot check: 'now' is one value per statement and follows the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/index.js';
import { closeEngines, mismatches, openEngines, Random, valuesTable, type Engines } from './functions-harness.js';

const p2 = (n: number) => String(n).padStart(2, '0');

function timeValue(r: Random, unix = false): unknown {
  const Y = r.pick([1900, 1970, 1999, 2000, 2020, 2023, 2024, 2100, 1, 9999]);
  const date = `${String(Y).padStart(4, '0')}-${p2(r.int(1, 12))}-${p2(r.pick([1, 15, 28, 29, 30, 31]))}`;
  const time = `${p2(r.int(0, 23))}:${p2(r.int(0, 59))}`;
  switch (r.int(0, 11)) {
    case 0:
      return date;
    case 1:
      return `${date} ${time}`;
    case 2:
      return `${date}T${time}:${p2(r.int(0, 59))}.${r.int(0, 999)}`;
    case 3:
      return `${date} ${time}:${p2(r.int(0, 59))}${r.pick(['Z', '+02:00', '-05:30', 'z'])}`;
    case 4:
      return `${time}:${p2(r.int(0, 59))}`;
    case 5:
      return 2440000 + r.int(0, 30000) + r.pick([0, 0.5, 0.25, 0.123456]);
    case 6:
      // Unix times for the 'unixepoch' modifier; as Julian day numbers they are out of range, where SQLite has quirks this engine does not copy.
      return unix ? r.int(-100000000, 2000000000) : r.int(0, 5373484);
    case 7:
      return String(2450000.5 + r.int(0, 1000));
    case 8:
      return r.pick(['', 'garbage', '2021-13-01', '2021-02-32', '24:00:00', '2021-1-1', ' 2021-01-01', '2021-01-01 10:00:60', null, 'NOW ']);
    case 9:
      return `${date} ${time}:${p2(r.int(0, 59))}   `;
    case 10:
      return r.next() * 5e6;
    default:
      return `${date} 24:00:00`;
  }
}

const MODIFIERS = [
  '+1 day', '-3 days', '+1.5 days', '+25 hours', '-90 minutes', '+3600 seconds', '+1 month', '-1 month', '+13 months', '+1 year',
  '-2 years', '+1.5 months', '-0.5 years', 'start of month', 'start of year', 'start of day', 'weekday 0', 'weekday 3', 'weekday 6',
  'unixepoch', 'julianday', 'auto', 'localtime', 'utc', 'subsec', 'floor', 'ceiling', '+01:30', '-12:00:30.5', '+0001-02-03',
  '-0000-01-00 12:00', 'bogus', 'weekday 7', '+1 fortnight', ' +2 days ', 'START OF MONTH', '+ 1 day', null,
];

const FORMATS = ['%Y-%m-%d %H:%M:%S', '%j %W %U %V %G %g', '%u %w %J %s', '%f %e %k %l %I %p %P', '%F %T %R %%', '%Q', 'week %W of %Y', '%s'];

describe.each([1, 2, 3])('date and time functions agree with SQLite, seed %i', (seed) => {
  let e: Engines;
  beforeAll(async () => {
    const r = new Random(seed);
    const rows = Array.from({ length: 80 }, () => [timeValue(r), r.pick(MODIFIERS), r.pick(MODIFIERS), timeValue(r, true)]);
    e = await openEngines(valuesTable('t', ['a', 'b', 'c', 'd'], rows));
  });
  afterAll(async () => closeEngines(e));

  it('read time values', async () => {
    const exprs = ['date(a)', 'time(a)', 'datetime(a)', 'julianday(a)', 'unixepoch(a)', "unixepoch(a, 'subsec')"];
    expect(await mismatches(e, 't', exprs)).toEqual([]);
  });
  it('apply modifiers', async () => {
    const exprs = ['date(a, b)', 'datetime(a, b, c)', 'time(a, b)', 'julianday(a, b, c)', 'unixepoch(a, b)', "datetime(a, '+1 month', b)", "date(a, b, 'floor')", "datetime(d, 'unixepoch', b)"];
    expect(await mismatches(e, 't', exprs)).toEqual([]);
  });
  it('format with strftime', async () => {
    const exprs = FORMATS.flatMap((f) => [`strftime('${f}', a)`, `strftime('${f}', a, b)`]);
    expect(await mismatches(e, 't', exprs)).toEqual([]);
  });
  it('compute timediff', async () => {
    expect(await mismatches(e, 't', ['timediff(a, d)', 'timediff(d, a)', "timediff(date(a, b), a)"])).toEqual([]);
  });
});

describe("'now' and CURRENT_*", () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open();
    await db.sql('CREATE TABLE n (x INTEGER PRIMARY KEY); INSERT INTO n VALUES (1), (2), (3), (4), (5)');
  });
  afterAll(async () => db.close());

  it('reads the clock in UTC', async () => {
    const before = Date.now();
    const [[d, t, ts, cd, ct, cts, ue]] = (await db.sql("SELECT date('now'), time(), datetime('now'), CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, unixepoch()")).rows as string[][];
    const after = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    expect([iso(before), iso(after)]).toContain(ts);
    expect(cts).toBe(ts);
    expect(`${d} ${t}`).toBe(ts);
    expect(`${cd} ${ct}`).toBe(ts);
    expect(Number(ue)).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(Number(ue)).toBeLessThanOrEqual(Math.ceil(after / 1000));
  });

  it("reads the clock when strftime has no time value, as strftime(format, 'now')", async () => {
    const [[a, b, c]] = (await db.sql("SELECT strftime('%Y-%m-%d'), date('now'), strftime('%%')")).rows;
    expect(a).toBe(b);
    expect(c).toBe('%');
  });

  it('is one value per statement', async () => {
    const rows = (await db.sql("SELECT strftime('%f', 'now'), julianday('now') FROM n, n AS m, n AS k")).rows;
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('is not frozen into a prepared statement or folded into a plan', async () => {
    const stmt = await db.prepare("SELECT julianday('now')");
    const first = (await stmt.run()).rows[0][0] as number;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = (await stmt.run()).rows[0][0] as number;
    expect(second).toBeGreaterThan(first);
    const plan = (await db.sql("EXPLAIN SELECT date('now'), date('2020-01-01', '+1 day')")).rows.map((r) => r[0]).join('\n');
    expect(plan).toContain('sql.now');
    expect(plan).toContain('2020-01-02');
  });
});
