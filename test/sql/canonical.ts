/**
 * canonical.ts — comparable forms of result rows for the differential tests: booleans as
 * SQLite's 0/1, bigints as numbers, reals rounded, blobs as hex literals; rows sorted unless the query orders them.
 */
function normalize(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isInteger(v)) return Math.round(v * 1e9) / 1e9;
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
  return v;
}

export function canonical(rows: readonly (readonly unknown[])[], ordered: boolean): string[] {
  const out = rows.map((r) => JSON.stringify(r.map(normalize)));
  return ordered ? out : out.sort();
}
