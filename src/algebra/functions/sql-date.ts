/**
 * sql-date.ts — SQLite's date and time functions (https://sqlite.org/lang_datefunc.html):
 * date, time, datetime, julianday, unixepoch, strftime, timediff, and the statement clock.
 *
 * A moment is SQLite's "iJD": milliseconds since the Julian day epoch (noon, 24 November 4714
 * BC, proleptic Gregorian), valid from 0 to the end of year 9999. Time values are ISO-8601
 * text, Julian day numbers, or 'now'; modifiers shift or normalize them, and a bad time value
 * or modifier makes the result NULL, as in SQLite.
 *
 * Time zones: this engine has no time zone database, so local time is UTC — 'localtime' and
 * 'utc' are accepted and change nothing.
 *
 * 'now' is the statement's time: every date function takes the clock reading as a hidden
 * first argument (`sql.now()`, which is not deterministic, so neither constant folding nor a
 * cached plan freezes it), and the relational lowering passes a NULL literal instead when no
 * argument can be 'now'. sql.now reads the clock once per synchronous run of the executor —
 * a statement runs to completion in one job, and the reading is dropped in the next
 * microtask — so every row of a statement sees the same 'now', as SQLite promises.
 */
import type { Value, ValueType } from '../../common/values.js';
import { defineFunction } from './registry.js';
import { formatReal, sqlText } from './sql-values.js';

const always = (t: ValueType) => (): ValueType => t;

// --- the statement clock -----------------------------------------------------------------------

let statementNow: number | undefined;

/** statementTime is the current time in Unix milliseconds, fixed until the running job ends. */
function statementTime(): number {
  if (statementNow === undefined) {
    statementNow = Date.now();
    queueMicrotask(() => {
      statementNow = undefined;
    });
  }
  return statementNow;
}

defineFunction({
  id: 'sql.now',
  arity: 0,
  returnType: always('integer'),
  deterministic: false,
  nullRejecting: false,
  eval: () => statementTime(),
});

// --- moments -------------------------------------------------------------------------------------

const DAY_MS = 86400000;
const MAX_JD = 464269060799999;
/** The iJD of the Unix epoch, 1970-01-01 00:00:00. */
const UNIX_EPOCH_JD = 210866760000000;

/** A broken-down moment; jd is authoritative, the fields are derived from it on demand. */
interface Moment {
  jd: number;
  /** Raw numeric time value (for the 'unixepoch'/'julianday'/'auto' modifiers right after it). */
  raw: number | null;
  subsec: boolean;
  /** After a month or year shift, how many days past the month's end it overflowed ('floor' takes them back). */
  overflow: number;
  /**
   * The calendar fields as written, not normalized (31 February stays so): SQLite computes a
   * month shift from these, so '2000-02-31', '-2 years' is 1998-02-31, that is 3 March 1998.
   * Null once a modifier moved the moment.
   */
  ymd: Fields | null;
}

interface Fields {
  Y: number;
  M: number;
  D: number;
  h: number;
  m: number;
  s: number;
}

/** toJD is SQLite's computeJD: the Julian day of a (possibly denormal, e.g. 31 February) calendar date. */
function toJD(f: Fields): number {
  let { Y, M } = f;
  if (M <= 2) {
    Y--;
    M += 12;
  }
  const A = Math.trunc(Y / 100);
  const B = 2 - A + Math.trunc(A / 4);
  const X1 = Math.trunc((36525 * (Y + 4716)) / 100);
  const X2 = Math.trunc((306001 * (M + 1)) / 10000);
  const days = X1 + X2 + f.D + B - 1524.5;
  return Math.round(days * DAY_MS + f.h * 3600000 + f.m * 60000 + f.s * 1000);
}

/** fields is SQLite's computeYMD_HMS. */
function fields(jd: number): Fields {
  const Z = Math.trunc((jd + 43200000) / DAY_MS);
  let A = Math.trunc((Z - 1867216.25) / 36524.25);
  A = Z + 1 + A - Math.trunc(A / 4);
  const B = A + 1524;
  const C = Math.trunc((B - 122.1) / 365.25);
  const D = Math.trunc((36525 * (C & 32767)) / 100);
  const E = Math.trunc((B - D) / 30.6001);
  const X1 = Math.trunc(30.6001 * E);
  const day = B - D - X1;
  const month = E < 14 ? E - 1 : E - 13;
  const year = month > 2 ? C - 4716 : C - 4715;
  const ms = (jd + 43200000) % DAY_MS;
  const h = Math.trunc(ms / 3600000);
  const m = Math.trunc((ms % 3600000) / 60000);
  const s = (ms % 60000) / 1000;
  return { Y: year, M: month, D: day, h, m, s };
}

// --- parsing time values -----------------------------------------------------------------------

const ISO = /^(-?\d{4})-(\d{2})-(\d{2})(?:(?:[ \t]+|T)(\d{2}):(\d{2})(?::(\d{2})(\.\d*)?)?)?\s*(Z|[+-]\d{2}:\d{2})?\s*$/i;
const TIME_ONLY = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d*)?)?\s*(Z|[+-]\d{2}:\d{2})?\s*$/i;
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** parseTime reads a time value into a moment, or null when it is not one. */
function parseTime(v: Value, now: Value): Moment | null {
  if (v === null) return null;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return fromNumber(Number(v));
  const text = sqlText(v) as string;
  if (text.toLowerCase() === 'now') {
    if (typeof now !== 'number') return null;
    return { jd: now + UNIX_EPOCH_JD, raw: null, subsec: false, overflow: 0, ymd: null };
  }
  let m = ISO.exec(text);
  if (m) {
    const Y = Number(m[1]);
    const M = Number(m[2]);
    const D = Number(m[3]);
    if (M < 1 || M > 12 || D < 1 || D > 31) return null;
    const time = hms(m[4], m[5], m[6], m[7]);
    if (time === null) return null;
    const zone = offset(m[8]);
    if (zone === null) return null;
    return { jd: toJD({ Y, M, D, ...time }) - zone, raw: null, subsec: false, overflow: 0, ymd: zone === 0 && time.h < 24 ? { Y, M, D, ...time } : null };
  }
  m = TIME_ONLY.exec(text);
  if (m) {
    const time = hms(m[1], m[2], m[3], m[4]);
    const zone = offset(m[5]);
    if (time === null || zone === null) return null;
    return { jd: toJD({ Y: 2000, M: 1, D: 1, ...time }) - zone, raw: null, subsec: false, overflow: 0, ymd: null };
  }
  if (NUMBER.test(text)) return fromNumber(Number(text));
  return null;
}

function fromNumber(n: number): Moment | null {
  if (!Number.isFinite(n)) return null;
  const jd = Math.round(n * DAY_MS);
  return { jd, raw: n, subsec: false, overflow: 0, ymd: null };
}

function hms(h: string | undefined, m: string | undefined, s: string | undefined, frac: string | undefined): { h: number; m: number; s: number } | null {
  if (h === undefined) return { h: 0, m: 0, s: 0 };
  const H = Number(h);
  const M = Number(m);
  const S = s === undefined ? 0 : Number(s) + (frac && frac.length > 1 ? Number(`0${frac.slice(0, 4)}`) : 0);
  if (H > 24 || M > 59 || S >= 60) return null;
  return { h: H, m: M, s: S };
}

/** offset is a time zone suffix in milliseconds east of UTC (0 for none or Z). */
function offset(z: string | undefined): number | null {
  if (z === undefined || z.toUpperCase() === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const h = Number(z.slice(1, 3));
  const m = Number(z.slice(4, 6));
  if (h > 14 || m > 59) return null;
  return sign * (h * 3600000 + m * 60000);
}

// --- modifiers ---------------------------------------------------------------------------------

/** Milliseconds per unit, and the unit's magnitude limit (SQLite's aXformType). */
const UNITS: Record<string, { ms: number; limit: number }> = {
  second: { ms: 1000, limit: 4.6427e14 },
  minute: { ms: 60000, limit: 7.7379e12 },
  hour: { ms: 3600000, limit: 1.2897e11 },
  day: { ms: DAY_MS, limit: 5373485 },
  month: { ms: 30 * DAY_MS, limit: 176546 },
  year: { ms: 365 * DAY_MS, limit: 14713 },
};

const SHIFT = /^([+-])(\d{4}-\d{2}-\d{2})?(?:\s*(\d{2}):(\d{2})(?::(\d{2})(\.\d*)?)?)?$/;
const AMOUNT = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s+([a-z]+?)s?$/i;

/** applyModifier changes the moment in place; false means the modifier is invalid (result NULL). */
function applyModifier(t: Moment, modifier: Value, index: number): boolean {
  if (modifier === null) return false;
  // SQLite accepts no space around a modifier.
  const mod = sqlText(modifier) as string;
  const lower = mod.toLowerCase();
  const raw = index === 0 ? t.raw : null;
  switch (lower) {
    case 'localtime':
    case 'utc':
      return true;
    case 'subsec':
    case 'subsecond':
      t.subsec = true;
      return true;
    case 'unixepoch':
      if (raw === null) return false;
      t.jd = Math.round(raw * 1000 + UNIX_EPOCH_JD);
      return true;
    case 'julianday':
      return raw !== null;
    case 'auto':
      if (index > 0) return false;
      if (raw === null) return true;
      if (raw < 0 || raw > 5373484.5) t.jd = Math.round(raw * 1000 + UNIX_EPOCH_JD);
      return true;
    case 'start of day':
    case 'start of month':
    case 'start of year': {
      const f = fields(t.jd);
      f.h = 0;
      f.m = 0;
      f.s = 0;
      if (lower !== 'start of day') f.D = 1;
      if (lower === 'start of year') f.M = 1;
      t.jd = toJD(f);
      return true;
    }
    case 'ceiling':
      return true;
    case 'floor':
      t.jd -= t.overflow * DAY_MS;
      t.overflow = 0;
      return true;
  }
  const weekday = /^weekday\s+(\d+(?:\.0*)?)$/.exec(lower);
  if (weekday) {
    const n = Number(weekday[1]);
    if (!Number.isInteger(n) || n > 6) return false;
    const f = fields(t.jd);
    const base = toJD({ ...f, h: 0, m: 0, s: 0 });
    const dayOfWeek = Math.trunc((base + 129600000) / DAY_MS) % 7;
    let ahead = n - dayOfWeek;
    if (ahead < 0) ahead += 7;
    t.jd += ahead * DAY_MS;
    return true;
  }
  const shift = SHIFT.exec(mod);
  if (shift && (shift[2] !== undefined || shift[3] !== undefined)) return applyShift(t, shift);
  const amount = AMOUNT.exec(mod);
  if (amount) {
    const n = Number(amount[1]);
    const unit = UNITS[amount[2].toLowerCase()];
    if (!unit || !(Math.abs(n) < unit.limit)) return false;
    if (amount[2].toLowerCase() === 'month' || amount[2].toLowerCase() === 'year') {
      const whole = Math.trunc(n);
      addMonths(t, amount[2].toLowerCase() === 'month' ? whole : whole * 12);
      const rest = n - whole;
      if (rest !== 0) t.jd += Math.trunc(rest * unit.ms + (rest < 0 ? -0.5 : 0.5));
      return true;
    }
    t.jd += Math.trunc(n * unit.ms + (n < 0 ? -0.5 : 0.5));
    return true;
  }
  return false;
}

/** addMonths moves by whole months keeping the day number; a day past the month's end overflows into the next ('ceiling', SQLite's default). */
function addMonths(t: Moment, months: number): void {
  const f = { ...(t.ymd ?? fields(t.jd)) };
  const total = f.Y * 12 + (f.M - 1) + months;
  f.Y = Math.floor(total / 12);
  f.M = total - f.Y * 12 + 1;
  t.jd = toJD(f);
  t.overflow = Math.max(0, f.D - daysIn(f.Y, f.M));
  t.ymd = null;
}

function daysIn(Y: number, M: number): number {
  return Math.round((toJD({ Y: M === 12 ? Y + 1 : Y, M: M === 12 ? 1 : M + 1, D: 1, h: 0, m: 0, s: 0 }) - toJD({ Y, M, D: 1, h: 0, m: 0, s: 0 })) / DAY_MS);
}
/** applyShift handles '±YYYY-MM-DD[ HH:MM[:SS[.SSS]]]' and '±HH:MM[:SS[.SSS]]'. */
function applyShift(t: Moment, m: RegExpExecArray): boolean {
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] !== undefined) {
    const [Y, M, D] = m[2].split('-').map(Number);
    if (M > 11 || D > 30) return false;
    addMonths(t, sign * (Y * 12 + M));
    t.jd += sign * D * DAY_MS;
  }
  if (m[3] !== undefined) {
    const time = hms(m[3], m[4], m[5], m[6]);
    if (time === null) return false;
    t.jd += sign * Math.round(time.h * 3600000 + time.m * 60000 + time.s * 1000);
  }
  return true;
}

const MONTH_SHIFT = /month|year|^\s*[+-]\d{4}-/i;

/** moment parses a time value and applies the modifiers: null when any of them is invalid or the result is out of range. */
function moment(now: Value, value: Value, modifiers: readonly Value[]): Moment | null {
  const t = parseTime(value, now);
  if (t === null) return null;
  for (let i = 0; i < modifiers.length; i++) {
    const before = t.jd;
    if (!applyModifier(t, modifiers[i], i)) return null;
    // 'floor' refers to the month shift just before it; any other change of the moment ends that.
    if (t.jd !== before && !MONTH_SHIFT.test(String(modifiers[i]))) t.overflow = 0;
    if (t.jd !== before) t.ymd = null;
  }
  return inRange(t.jd) ? t : null;
}

function inRange(jd: number): boolean {
  return jd >= 0 && jd <= MAX_JD;
}

// --- rendering ---------------------------------------------------------------------------------

/** pad is C's %0*d: the sign counts toward the width. */
const pad = (n: number, width: number) => (n < 0 ? `-${String(-n).padStart(width - 1, '0')}` : String(n).padStart(width, '0'));

/** dateText writes YYYY-MM-DD; a year before 1 BC as -YYYY (four digits after the sign, unlike strftime's %Y). */
function dateText(f: Fields): string {
  const year = f.Y < 0 ? `-${String(-f.Y).padStart(4, '0')}` : pad(f.Y, 4);
  return `${year}-${pad(f.M, 2)}-${pad(f.D, 2)}`;
}
function timeText(f: Fields, subsec: boolean): string {
  const s = subsec ? f.s.toFixed(3).padStart(6, '0') : pad(Math.trunc(f.s), 2);
  return `${pad(f.h, 2)}:${pad(f.m, 2)}:${s}`;
}

/** unixSeconds rounds down, as SQLite divides the (positive) iJD before subtracting the epoch. */
function unixSeconds(t: Moment): number {
  return Math.floor(t.jd / 1000) - UNIX_EPOCH_JD / 1000;
}

/** dateFunction registers f(now, value, modifier…) on a moment. */
function dateFunction(id: string, type: ValueType, render: (t: Moment) => Value): void {
  defineFunction({
    id,
    minArgs: 1,
    returnType: always(type),
    deterministic: true,
    nullRejecting: false,
    eval: (now, value = 'now', ...modifiers) => {
      const t = moment(now, value, modifiers);
      return t === null ? null : render(t);
    },
  });
}
dateFunction('sql.date', 'text', (t) => dateText(fields(t.jd)));
dateFunction('sql.time', 'text', (t) => timeText(fields(t.jd), t.subsec));
dateFunction('sql.datetime', 'text', (t) => {
  const f = fields(t.jd);
  return `${dateText(f)} ${timeText(f, t.subsec)}`;
});
dateFunction('sql.julianday', 'real', (t) => t.jd / DAY_MS);
dateFunction('sql.unixepoch', 'any', (t) => (t.subsec ? (t.jd - UNIX_EPOCH_JD) / 1000 : unixSeconds(t)));

/** strftime(now, format, value, modifier…). */
defineFunction({
  id: 'sql.strftime',
  minArgs: 2,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (now, format, value = 'now', ...modifiers) => {
    if (format === null) return null;
    const t = moment(now, value, modifiers);
    return t === null ? null : strftime(sqlText(format) as string, t);
  },
});

function strftime(format: string, t: Moment): string | null {
  const f = fields(t.jd);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      out += format[i];
      continue;
    }
    const c = format[++i];
    const part = strftimeCode(c, f, t);
    if (part === null) return null;
    out += part;
  }
  return out;
}

function dayOfYear(f: Fields): number {
  return Math.round((toJD({ ...f, h: 0, m: 0, s: 0 }) - toJD({ Y: f.Y, M: 1, D: 1, h: 0, m: 0, s: 0 })) / DAY_MS);
}
/** dayOfWeek: 0 = Sunday. */
function dayOfWeek(jd: number): number {
  return Math.trunc((jd + 129600000) / DAY_MS) % 7;
}

/** iso is the ISO-8601 week-based year and week of a date. */
function iso(f: Fields, jd: number): { year: number; week: number } {
  // The Thursday of this date's week decides its ISO year.
  const thursday = jd - ((dayOfWeek(jd) + 6) % 7) * DAY_MS + 3 * DAY_MS;
  const tf = fields(thursday);
  return { year: tf.Y, week: Math.trunc(dayOfYear(tf) / 7) + 1 };
}

function strftimeCode(c: string | undefined, f: Fields, t: Moment): string | null {
  const twelve = f.h % 12 === 0 ? 12 : f.h % 12;
  switch (c) {
    case 'd':
      return pad(f.D, 2);
    case 'e':
      return String(f.D).padStart(2, ' ');
    case 'f':
      return Math.min(f.s, 59.999).toFixed(3).padStart(6, '0');
    case 'F':
      return `${pad(f.Y, 4)}-${pad(f.M, 2)}-${pad(f.D, 2)}`;
    case 'G':
      return pad(iso(f, t.jd).year, 4);
    case 'g':
      return pad(iso(f, t.jd).year % 100, 2);
    case 'V':
      return pad(iso(f, t.jd).week, 2);
    case 'H':
      return pad(f.h, 2);
    case 'k':
      return String(f.h).padStart(2, ' ');
    case 'I':
      return pad(twelve, 2);
    case 'l':
      return String(twelve).padStart(2, ' ');
    case 'j':
      return pad(dayOfYear(f) + 1, 3);
    case 'J':
      return formatJulian(t.jd / DAY_MS);
    case 'm':
      return pad(f.M, 2);
    case 'M':
      return pad(f.m, 2);
    case 'p':
      return f.h >= 12 ? 'PM' : 'AM';
    case 'P':
      return f.h >= 12 ? 'pm' : 'am';
    case 'R':
      return `${pad(f.h, 2)}:${pad(f.m, 2)}`;
    case 's':
      return t.subsec ? ((t.jd - UNIX_EPOCH_JD) / 1000).toFixed(3) : String(unixSeconds(t));
    case 'S':
      return pad(Math.trunc(f.s), 2);
    case 'T':
      return timeText(f, false);
    case 'u':
      return String(dayOfWeek(t.jd) === 0 ? 7 : dayOfWeek(t.jd));
    case 'w':
      return String(dayOfWeek(t.jd));
    case 'U':
      return pad(Math.trunc((dayOfYear(f) + 7 - dayOfWeek(t.jd)) / 7), 2);
    case 'W':
      return pad(Math.trunc((dayOfYear(f) + 7 - ((dayOfWeek(t.jd) + 6) % 7)) / 7), 2);
    case 'Y':
      return pad(f.Y, 4);
    case '%':
      return '%';
    default:
      return null;
  }
}

/** formatJulian prints a Julian day number as SQLite's %.16g. */
function formatJulian(x: number): string {
  const s = x.toPrecision(16);
  return s.includes('e') ? formatReal(x) : s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** timediff(now, a, b): a − b as '±YYYY-MM-DD HH:MM:SS.SSS': whole years and months first, counted from b toward a. */
defineFunction({
  id: 'sql.timediff',
  arity: 3,
  returnType: always('text'),
  deterministic: true,
  nullRejecting: false,
  eval: (now, a, b) => {
    const x = parseTime(a, now);
    const y = parseTime(b, now);
    if (x === null || y === null || !inRange(x.jd) || !inRange(y.jd)) return null;
    const f1 = fields(x.jd);
    const f2 = fields(y.jd);
    const forward = x.jd >= y.jd;
    let Y = forward ? f1.Y - f2.Y : f2.Y - f1.Y;
    let jd2 = y.jd;
    if (Y !== 0) {
      f2.Y = f1.Y;
      jd2 = toJD(f2);
    }
    let M = forward ? f1.M - f2.M : f2.M - f1.M;
    if (M < 0) {
      Y--;
      M += 12;
    }
    if (M !== 0) {
      f2.M = f1.M;
      jd2 = toJD(f2);
    }
    // Step b's month back (forward) or on (backward) until it no longer passes a.
    while (forward ? x.jd < jd2 : x.jd > jd2) {
      M--;
      if (M < 0) {
        M = 11;
        Y--;
      }
      f2.M += forward ? -1 : 1;
      if (f2.M < 1) {
        f2.M = 12;
        f2.Y--;
      } else if (f2.M > 12) {
        f2.M = 1;
        f2.Y++;
      }
      jd2 = toJD(f2);
    }
    const rest = fields((forward ? x.jd - jd2 : jd2 - x.jd) + 148699540800000);
    return `${forward ? '+' : '-'}${pad(Y, 4)}-${pad(M, 2)}-${pad(rest.D - 1, 2)} ${pad(rest.h, 2)}:${pad(rest.m, 2)}:${rest.s.toFixed(3).padStart(6, '0')}`;
  },
});
