/**
 * tally.ts — what the W3C runners share: run each case, count passes per manifest folder,
 * collect regressions (a case of the committed passing list that fails) and, with
 * SPARQL_VERBOSE=1 (or a folder name), print each failure.
 */
import path from 'node:path';

export interface Case {
  id: string;
  name: string;
  manifest: string;
  /** the file shown beside a failure */
  file: string | null;
}

export interface Tally {
  passed: string[];
  regressions: string[];
  /** folder → [passed, run] */
  byFolder: Map<string, [number, number]>;
}

/** tally runs `run` on each case (null = passed, else why not) and counts by folder. */
export async function tally<C extends Case>(cases: readonly C[], known: ReadonlySet<string>, run: (c: C) => Promise<string | null>): Promise<Tally> {
  const out: Tally = { passed: [], regressions: [], byFolder: new Map() };
  const verbose = process.env.SPARQL_VERBOSE;
  for (const c of cases) {
    const folder = path.basename(path.dirname(c.manifest));
    const failure = await run(c);
    const k = out.byFolder.get(folder) ?? [0, 0];
    k[1]++;
    if (failure === null) {
      k[0]++;
      out.passed.push(c.id);
    } else {
      if (known.has(c.id)) out.regressions.push(`${folder}/${c.name}: ${failure}`);
      if (verbose && (verbose === '1' || folder.includes(verbose))) console.log(`FAIL ${folder}/${c.name} (${c.file}): ${failure}`);
    }
    out.byFolder.set(folder, k);
  }
  return out;
}

/** report prints the per-folder counts under `prefix`; returns [passed, run]. */
export function report(t: Tally, prefix: string): [number, number] {
  let p = 0;
  let n = 0;
  for (const [folder, [a, b]] of t.byFolder) {
    console.log(`${prefix}/${folder}: ${a}/${b}`);
    p += a;
    n += b;
  }
  return [p, n];
}
