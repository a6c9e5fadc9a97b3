/**
 * turtle.test.ts — the W3C Turtle (RDF 1.1) tests through our store: eval tests are loaded with
 * db.loadRdf, exported with db.exportRdf and compared with the expected N-Triples up to blank
 * node renaming; positive syntax tests must load; negative ones must be rejected with a
 * ParseError and leave the store empty.
 *
 * Reads ../shared/conformance/turtle (skipped with a message when absent; never copied here).
 * turtle-passing.json lists the cases known to pass: one of them failing fails this file.
 * Rewrite it with UPDATE_CONFORMANCE=1 npx vitest run test/conformance/turtle.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/common/errors.js';
import { Database } from '../../src/engine/database.js';
import { isomorphic, termKey } from './isomorphism.js';
import { readEntries, type ManifestEntry } from './manifest.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// CONFORMANCE_DIR overrides ../shared/conformance (a worktree elsewhere than beside shared/).
const root = path.join(process.env.CONFORMANCE_DIR ?? path.resolve(here, '../../../shared/conformance'), 'turtle/rdf-turtle');
const passingFile = path.join(here, 'turtle-passing.json');
const present = fs.existsSync(path.join(root, 'manifest.ttl'));

async function run(e: ManifestEntry): Promise<string | null> {
  const file = e.action as string;
  const text = fs.readFileSync(file, 'utf8');
  const baseIRI = (e.assumedBase ?? '') + path.basename(file);
  const db = await Database.open();
  try {
    if (e.type === 'TestTurtleNegativeSyntax' || e.type === 'TestTurtleNegativeEval') {
      try {
        await db.loadRdf(text, { format: 'text/turtle', baseIRI });
      } catch (err) {
        if (!(err instanceof ParseError)) return `rejected with ${String(err)}, not a ParseError`;
        if ((await db.exportRdf()) !== '') return 'a rejected load left quads behind';
        return null;
      }
      return 'loaded, but must be rejected';
    }
    await db.loadRdf(text, { format: 'text/turtle', baseIRI });
    if (e.type !== 'TestTurtleEval') return null;
    const exported = await db.exportRdf({ format: 'application/n-triples' });
    const got = new Parser({ format: 'application/n-triples' }).parse(exported).map((q) => [q.subject, q.predicate, q.object].map(termKey));
    const expected = new Parser({ format: 'application/n-triples' })
      .parse(fs.readFileSync(e.result as string, 'utf8'))
      .map((q) => [q.subject, q.predicate, q.object].map(termKey));
    return isomorphic(got, expected) ? null : `graphs differ:\n${exported}`;
  } catch (err) {
    return `error: ${String(err)}`;
  } finally {
    await db.close();
  }
}

describe.skipIf(!present)('W3C Turtle tests', () => {
  if (!present) console.log(`Turtle conformance data not found at ${root}: skipped`);
  it('eval, positive and negative syntax', async () => {
    const entries = readEntries(path.join(root, 'manifest.ttl'));
    const known = new Set<string>(fs.existsSync(passingFile) ? JSON.parse(fs.readFileSync(passingFile, 'utf8')) : []);
    const passed: string[] = [];
    const regressions: string[] = [];
    const byKind = new Map<string, [number, number]>();
    for (const e of entries) {
      const failure = await run(e);
      const kind = e.type.replace('TestTurtle', '');
      const k = byKind.get(kind) ?? [0, 0];
      k[1]++;
      if (failure === null) {
        k[0]++;
        passed.push(e.id);
      } else if (known.has(e.id)) regressions.push(`${e.name}: ${failure}`);
      byKind.set(kind, k);
    }
    for (const [kind, [p, t]] of byKind) console.log(`turtle ${kind}: ${p}/${t}`);
    if (process.env.UPDATE_CONFORMANCE) fs.writeFileSync(passingFile, `${JSON.stringify(passed.sort(), null, 1)}\n`);
    expect(regressions).toEqual([]);
  }, 120_000);
});
