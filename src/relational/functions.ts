/**
 * functions.ts — SQL's scalar function names and how a call of each lowers to the registry's
 * `sql.*` functions (src/algebra/functions/sql*.ts).
 *
 * Most names map one to one. A few calls are rewritten here because their meaning depends on
 * how they are written rather than on their values: iif() is a CASE, likely()/unlikely() are
 * their argument, like()/glob() take their operands in the opposite order of the operators,
 * log() with two arguments has the base first, and the date functions receive the statement
 * clock as a hidden first argument (see sql-date.ts) only when an argument could be 'now'.
 */
import { call, lit, param, type Expr } from '../algebra/expr.js';
import { JSON_RESULTS } from '../algebra/functions/sql-json.js';
import { requirePath } from '../algebra/functions/sql-json-text.js';
import { COUNTER_PARAMS } from '../common/counters.js';
import { NameError, PolyglotError } from '../common/errors.js';

/** SQL function name → registry id, for calls lowered one to one. */
export const SCALAR_FUNCTIONS: Readonly<Record<string, string>> = {
  abs: 'sql.abs',
  coalesce: 'sql.coalesce',
  ifnull: 'sql.ifnull',
  nullif: 'sql.nullif',
  length: 'sql.length',
  lower: 'sql.lower',
  upper: 'sql.upper',
  substr: 'sql.substr',
  substring: 'sql.substr',
  round: 'sql.round',
  trim: 'sql.trim',
  ltrim: 'sql.ltrim',
  rtrim: 'sql.rtrim',
  typeof: 'sql.typeof',
  min: 'sql.scalar_min',
  max: 'sql.scalar_max',
  printf: 'sql.printf',
  format: 'sql.printf',
  instr: 'sql.instr',
  replace: 'sql.replace',
  hex: 'sql.hex',
  unhex: 'sql.unhex',
  unicode: 'sql.unicode',
  char: 'sql.char',
  quote: 'sql.quote',
  soundex: 'sql.soundex',
  zeroblob: 'sql.zeroblob',
  randomblob: 'sql.randomblob',
  random: 'sql.random',
  concat: 'sql.concat_all',
  concat_ws: 'sql.concat_ws',
  octet_length: 'sql.octet_length',
  sqrt: 'sql.sqrt',
  pow: 'sql.pow',
  power: 'sql.pow',
  exp: 'sql.exp',
  ln: 'sql.ln',
  log2: 'sql.log2',
  log10: 'sql.log10',
  ceil: 'sql.ceil',
  ceiling: 'sql.ceil',
  floor: 'sql.floor',
  trunc: 'sql.trunc',
  sin: 'sql.sin',
  cos: 'sql.cos',
  tan: 'sql.tan',
  asin: 'sql.asin',
  acos: 'sql.acos',
  atan: 'sql.atan',
  atan2: 'sql.atan2',
  sinh: 'sql.sinh',
  cosh: 'sql.cosh',
  tanh: 'sql.tanh',
  asinh: 'sql.asinh',
  acosh: 'sql.acosh',
  atanh: 'sql.atanh',
  pi: 'sql.pi',
  mod: 'sql.fmod',
  degrees: 'sql.degrees',
  radians: 'sql.radians',
  sign: 'sql.sign',
};

/** JSON functions lowered one to one; `paths` is the index of the first path argument (checked when constant). */
const JSON_FUNCTIONS: Readonly<Record<string, { id: string; paths?: number }>> = {
  json: { id: 'sql.json' },
  json_valid: { id: 'sql.json_valid' },
  json_type: { id: 'sql.json_type', paths: 1 },
  json_array_length: { id: 'sql.json_array_length', paths: 1 },
  json_extract: { id: 'sql.json_extract', paths: 1 },
  json_remove: { id: 'sql.json_remove', paths: 1 },
  json_patch: { id: 'sql.json_patch' },
};

/** JSON functions that embed SQL values: they take the subtype mask (sql-json.ts) first; `pairs` marks path/value pairs after the document. */
const JSON_BUILDERS: Readonly<Record<string, { id: string; pairs?: boolean }>> = {
  json_quote: { id: 'sql.json_quote' },
  json_array: { id: 'sql.json_array' },
  json_object: { id: 'sql.json_object' },
  json_insert: { id: 'sql.json_insert', pairs: true },
  json_replace: { id: 'sql.json_replace', pairs: true },
  json_set: { id: 'sql.json_set', pairs: true },
};

/** JSON aggregates: lowered with the subtype mask in front of their arguments. */
export const JSON_AGGREGATES: Readonly<Record<string, string>> = {
  json_group_array: 'sql.json_group_array',
  json_group_object: 'sql.json_group_object',
};

/**
 * withJsonMask marks each argument written as a JSON function call ('j') or not ('-') and
 * puts the mask first. json_extract written there becomes its JSON-text variant, whose
 * answer SQLite embeds as JSON too. An aggregate's result is a column named after the
 * aggregate (expressions.ts), so json_group_array/json_group_object results count as JSON.
 */
export function withJsonMask(args: readonly Expr[]): Expr[] {
  let mask = '';
  const out = args.map((a) => {
    if (a.kind === 'call' && a.fn === 'sql.json_extract') {
      mask += 'j';
      return call('sql.json_extract_json', a.args);
    }
    const json = (a.kind === 'call' && JSON_RESULTS.has(a.fn)) || (a.kind === 'column' && a.name in JSON_AGGREGATES);
    mask += json ? 'j' : '-';
    return a;
  });
  return [lit(mask, 'text'), ...out];
}

/** checkConstantPaths fails at lowering time on a malformed constant path (RuntimeError naming the function; the caller adds the position). */
function checkConstantPaths(name: string, args: readonly Expr[], from: number, step: number): void {
  for (let i = from; i < args.length; i += step) {
    const a = args[i];
    if (a.kind === 'literal' && a.value !== null) requirePath(a.value, name);
  }
}

const DATE_FUNCTIONS: Readonly<Record<string, string>> = {
  date: 'sql.date',
  time: 'sql.time',
  datetime: 'sql.datetime',
  julianday: 'sql.julianday',
  unixepoch: 'sql.unixepoch',
  strftime: 'sql.strftime',
  timediff: 'sql.timediff',
};

/** A rewrite of a call whose lowering is not a plain one-to-one mapping; throws ArityError on a wrong count. */
type Rewrite = (args: Expr[]) => Expr;

export class ArityError extends Error {}

function arity(args: Expr[], min: number, max: number): void {
  if (args.length < min || args.length > max) throw new ArityError();
}

const REWRITES: Readonly<Record<string, Rewrite>> = {
  iif: iif,
  if: iif,
  likely: (args) => (arity(args, 1, 1), args[0]),
  unlikely: (args) => (arity(args, 1, 1), args[0]),
  likelihood: (args) => (arity(args, 2, 2), args[0]),
  like: (args) => (arity(args, 2, 3), call('sql.like', [args[1], args[0], ...args.slice(2)])),
  glob: (args) => (arity(args, 2, 2), call('sql.glob', [args[1], args[0]])),
  log: (args) => (arity(args, 1, 2), args.length === 1 ? call('sql.log10', args) : call('sql.log_base', args)),
  // The database's counters, bound by the engine when the statement runs.
  changes: (args) => (arity(args, 0, 0), param(COUNTER_PARAMS.changes, 'integer')),
  total_changes: (args) => (arity(args, 0, 0), param(COUNTER_PARAMS.totalChanges, 'integer')),
  last_insert_rowid: (args) => (arity(args, 0, 0), param(COUNTER_PARAMS.lastInsertRowid, 'integer')),
};

/** iif(c, a [, b]) — and SQLite 3.48's iif(c1, v1, c2, v2, …, [else]) — is a CASE. */
function iif(args: Expr[]): Expr {
  if (args.length < 2) throw new ArityError();
  return call('sql.case', args);
}

/** knownFunctionNames lists every scalar name, for "did you mean". */
export function knownFunctionNames(): string[] {
  return [...Object.keys(SCALAR_FUNCTIONS), ...Object.keys(DATE_FUNCTIONS), ...Object.keys(REWRITES), ...Object.keys(JSON_FUNCTIONS), ...Object.keys(JSON_BUILDERS)];
}

/** isScalarFunction says whether a name is a scalar function this lowering knows. */
export function isScalarFunction(name: string): boolean {
  return name in SCALAR_FUNCTIONS || name in DATE_FUNCTIONS || name in REWRITES || name in JSON_FUNCTIONS || name in JSON_BUILDERS;
}

/** lowerScalarCall lowers a call of a known scalar function (`name` in lookup form); throws ArityError on a wrong count. */
export function lowerScalarCall(name: string, args: Expr[]): Expr {
  const rewrite = REWRITES[name];
  if (rewrite) return rewrite(args);
  const date = DATE_FUNCTIONS[name];
  const json = JSON_FUNCTIONS[name];
  const builder = JSON_BUILDERS[name];
  try {
    if (json) {
      const lowered = call(json.id, args);
      if (json.paths !== undefined) checkConstantPaths(name, args, json.paths, 1);
      return lowered;
    }
    if (builder) {
      const lowered = call(builder.id, withJsonMask(args));
      if (builder.pairs) checkConstantPaths(name, args, 1, 2);
      return lowered;
    }
    return date ? call(date, [clockFor(args, name === 'strftime' ? 1 : 0), ...args]) : call(SCALAR_FUNCTIONS[name], args);
  } catch (err) {
    if (err instanceof PolyglotError && !(err instanceof NameError)) throw err;
    throw new ArityError();
  }
}

/**
 * clockFor is the statement clock when an argument may be 'now' or the time value (at `valueAt`:
 * strftime's comes after the format) is missing, as date() means date('now'); else NULL.
 */
function clockFor(args: readonly Expr[], valueAt: number): Expr {
  const constantNotNow = (e: Expr) => e.kind === 'literal' && !(typeof e.value === 'string' && e.value.trim().toLowerCase() === 'now');
  return args.length <= valueAt || !args.every(constantNotNow) ? call('sql.now', []) : lit(null);
}

/** currentTime lowers CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP. */
export function currentTime(which: 'current_date' | 'current_time' | 'current_timestamp'): Expr {
  const fn = which === 'current_date' ? 'sql.date' : which === 'current_time' ? 'sql.time' : 'sql.datetime';
  return call(fn, [call('sql.now', []), lit('now')]);
}
