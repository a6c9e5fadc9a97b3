/**
 * String, blob and math functions against SQLite (sql.js) over every combination of a pool of
 * awkward values: NULL, integers, reals, numeric and non-numeric text, blobs, non-ASCII text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEngines, mismatches, openEngines, Random, valuesTable, type Engines } from './functions-harness.js';

const POOL: unknown[] = [
  null, 0, 1, -1, 2, 3, 10, -7, 255, 1.5, -2.5, 0.125, 2.675, 1e20, 123456789012, 0.1,
  'abc', 'ABC def', '', '  padded  ', 'xxhixx', 'héllo', '12', '3.5', '-4', '12abc', 'a%b_c', '日本語', 'x', 'b',
  // Blobs of valid UTF-8 without NUL bytes: SQLite reads other blobs as text byte by byte (up to a NUL), which this engine does not mimic.
  new Uint8Array([97, 98, 16]), new Uint8Array([65, 66]), new Uint8Array([]),
];

function rows(seed: number, n: number): unknown[][] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => [r.pick(POOL), r.pick(POOL), r.pick(POOL)]);
}

const STRING_EXPRS = [
  'instr(a, b)', 'replace(a, b, c)', 'substr(a, b)', 'substr(a, b, c)', 'substring(a, -2)', 'substr(a, 0, 2)', 'substr(a, -10, 3)',
  'trim(a)', 'trim(a, b)', 'ltrim(a, b)', 'rtrim(a, b)', 'ltrim(a)', 'rtrim(a)', 'hex(a)', 'unhex(hex(a))', 'unhex(a)', "unhex(a, ' ')",
  'unicode(a)', 'quote(a)', 'concat(a, b, c)', 'concat_ws(a, b, c)', 'octet_length(a)', 'length(a)', 'lower(a)', 'upper(a)',
  'iif(a, b, c)', 'iif(a, b)', 'likely(a)', 'unlikely(b)', 'likelihood(a, 0.5)', 'like(b, a)', 'glob(b, a)', "like('%' || b || '%', a)",
  "a LIKE 'x%' ESCAPE 'x'", "a LIKE b ESCAPE '_'", 'zeroblob(length(a))', 'typeof(zeroblob(2))', 'length(randomblob(3))', 'typeof(random())',
  'char(65, 233, 26085)', "char(length(a) + 64)", 'a || b', 'nullif(a, b)', 'coalesce(a, b, c)', 'ifnull(a, b)',
];

const PRINTF_FORMATS = [
  '%d', '%5.2f', '%-8s|', '%x', '%q', '%Q', '%e', '%g', '%.3g', '%,d', '%+d', '%05d', '%c', '%.2s', '%10.4f', '%o', '%#x', '%u',
  '%i', '%E', '%G', '%w', '%.0f', '%.15g', '%s and %s', '%%', '%.20f', '%5%', '%-+6d|', '% d', '%.3d', '%#o', '%z',
];

const MATH_EXPRS = [
  'sign(a)', 'sqrt(a)', 'pow(a, b)', 'power(b, a)', 'exp(a)', 'ln(a)', 'log(a)', 'log(a, b)', 'log2(a)', 'log10(a)', 'ceil(a)', 'ceiling(a)',
  'floor(a)', 'trunc(a)', 'sin(a)', 'cos(a)', 'tan(a)', 'asin(a)', 'acos(a)', 'atan(a)', 'atan2(a, b)', 'sinh(a)', 'cosh(a)', 'tanh(a)',
  'asinh(a)', 'acosh(a)', 'atanh(a)', 'pi()', 'mod(a, b)', 'degrees(a)', 'radians(a)', 'round(a)', 'round(a, b)', 'round(a, 2)', 'abs(a)',
  'round(-a, 1)',
];

describe.each([1, 2])('string and math functions agree with SQLite, seed %i', (seed) => {
  let e: Engines;
  beforeAll(async () => {
    e = await openEngines(valuesTable('t', ['a', 'b', 'c'], rows(seed, 60)));
  });
  afterAll(async () => closeEngines(e));

  it('string and blob functions', async () => {
    expect(await mismatches(e, 't', STRING_EXPRS)).toEqual([]);
  });
  it('printf and format', async () => {
    const exprs = PRINTF_FORMATS.flatMap((f) => [`printf('${f}', a, b)`, `format('${f}', b, 5)`]);
    expect(await mismatches(e, 't', [...exprs, 'printf(a)', 'printf(a, b, c)'])).toEqual([]);
  });
  it('math functions', async () => {
    expect(await mismatches(e, 't', MATH_EXPRS)).toEqual([]);
  });
});

describe('numbers at the edges', () => {
  let e: Engines;
  const values = [0.5, 1.5, 2.5, -0.5, -1.5, 0.49999999999999994, 1.005, 2.675, 0.125, 1234.5678, -1234.5678, 1e15 + 0.5, 9007199254740993, -0.0001, 1e-7, 123.456];
  beforeAll(async () => {
    e = await openEngines(valuesTable('n', ['a', 'b'], values.flatMap((v) => [[v, 0], [v, 1], [v, 2], [v, 3], [v, -1], [v, 40]])));
  });
  afterAll(async () => closeEngines(e));

  it('round, printf and the integral functions', async () => {
    const exprs = ['round(a, b)', 'round(a)', "printf('%*d|', b, a)", "printf('%.*f', b, a)", "printf('%.*e', b, a)", "printf('%.*g', b, a)", "printf('%!.*f', min(b, 12), a)", 'ceil(a)', 'floor(a)', 'trunc(a)', 'quote(a)', 'a'];
    expect(await mismatches(e, 'n', exprs)).toEqual([]);
  });
});
