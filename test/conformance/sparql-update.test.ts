/**
 * sparql-update.test.ts — the W3C SPARQL 1.1 Update tests through the whole engine.
 *
 * Evaluation tests: the ut:data / ut:graphData of mf:action are loaded (graphs named by their
 * rdfs:label), the request runs with db.sparql, and the whole dataset read back (default graph
 * and every named graph, one SELECT) must equal mf:result's data up to blank node renaming.
 * Syntax tests: positive requests must parse, negative ones must be rejected.
 *
 * Reads ../shared/conformance/sparql/sparql11/manifest-sparql11-update.ttl and the update
 * folders it includes (upstream w3c/rdf-tests sparql/sparql11/{add, basic-update, clear, copy,
 * delete, delete-data, delete-insert, delete-where, drop, move, update-silent, syntax-update-1,
 * syntax-update-2}); SPARQL_UPDATE_TESTS may name another folder with the same layout. Skipped
 * with a message when absent (never copied here). sparql-update-passing.json lists the cases
 * known to pass: one of them failing fails this file. Rewrite it with
 *   UPDATE_CONFORMANCE=1 npx vitest run test/conformance/sparql-update.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { parseSparql } from '../../grammar/sparql/index.js';
import { Database } from '../../src/engine/database.js';
import { SparqlBindings } from '../../src/engine/sparql.js';
import { formatOf } from '../../src/triples/index.js';
import { isomorphic, termKey } from './isomorphism.js';
import { readUpdateEntries, type UpdateDataset, type UpdateEntry } from './manifest.js';
import { report, tally } from './tally.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.env.SPARQL_UPDATE_TESTS ?? path.join(process.env.CONFORMANCE_DIR ?? path.resolve(here, '../../../shared/conformance'), 'sparql');
const manifest = path.join(root, 'sparql11/manifest-sparql11-update.ttl');
const passingFile = path.join(here, 'sparql-update-passing.json');
const present = fs.existsSync(manifest);

/** expectedRows reads a dataset's files as rows (s, p, o, graph name; '' for the default graph). */
function expectedRows(d: UpdateDataset): string[][] {
  const read = (file: string, graph: string) =>
    new Parser({ baseIRI: pathToFileURL(file).href, format: formatOf(file) }).parse(fs.readFileSync(file, 'utf8')).map((q) => [termKey(q.subject), termKey(q.predicate), termKey(q.object), graph]);
  return [...d.data.flatMap((f) => read(f, '')), ...d.graphs.flatMap((g) => read(g.file, `<${g.name}>`))];
}

async function storedRows(db: Database): Promise<string[][]> {
  const r = await db.sparql('SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }');
  if (!(r instanceof SparqlBindings)) throw new Error('expected bindings');
  return r.rows.map(([s, p, o, g]) => [termKey(s), termKey(p), termKey(o), g ? termKey(g) : '']);
}

/** run returns null when the case passes, else why not. */
async function run(e: UpdateEntry): Promise<string | null> {
  if (!e.request) return 'no request';
  const text = fs.readFileSync(e.request, 'utf8');
  const baseIRI = pathToFileURL(e.request).href;
  if (/^(Positive|Negative)(Update)?SyntaxTest/.test(e.type)) {
    let parsed = true;
    try {
      parseSparql(text, { baseIRI });
    } catch {
      parsed = false;
    }
    return parsed === e.type.startsWith('Positive') ? null : parsed ? 'parsed, but should be rejected' : 'rejected, but should parse';
  }
  if (e.type !== 'UpdateEvaluationTest') return `${e.type} is not run`;
  const db = await Database.open();
  try {
    for (const f of e.before.data) await db.loadRdf(fs.readFileSync(f, 'utf8'), { format: formatOf(f), baseIRI: pathToFileURL(f).href });
    for (const g of e.before.graphs) await db.loadRdf(fs.readFileSync(g.file, 'utf8'), { format: formatOf(g.file), baseIRI: pathToFileURL(g.file).href, graph: g.name });
    await db.sparql(text, { baseIRI, timeoutMs: 10_000 });
    const got = await storedRows(db);
    const want = expectedRows(e.after);
    if (isomorphic(got, want)) return null;
    const show = (rs: string[][]) => rs.slice(0, 10).map((r) => r.join(' ')).join('\n    ');
    return `datasets differ (${got.length} vs ${want.length} quads):\n  got\n    ${show(got)}\n  expected\n    ${show(want)}`;
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    await db.close();
  }
}

describe.skipIf(!present)('W3C SPARQL 1.1 Update tests', () => {
  it('evaluation and syntax', async () => {
    const known = new Set<string>(fs.existsSync(passingFile) ? JSON.parse(fs.readFileSync(passingFile, 'utf8')) : []);
    const entries = readUpdateEntries(manifest).filter((x) => x.approved);
    const t = await tally(entries.map((e) => ({ ...e, file: e.request })), known, run);
    report(t, 'sparql11');
    const passed = t.passed;
    const evaluation = entries.filter((x) => x.type === 'UpdateEvaluationTest');
    console.log(`SPARQL Update evaluation: ${evaluation.filter((x) => passed.includes(x.id)).length}/${evaluation.length}; all: ${passed.length}/${entries.length}`);
    if (process.env.UPDATE_CONFORMANCE) fs.writeFileSync(passingFile, `${JSON.stringify([...new Set([...known, ...passed])].sort(), null, 1)}\n`);
    expect(t.regressions).toEqual([]);
  }, 180_000);
});

if (!present) {
  describe('W3C SPARQL 1.1 Update tests', () => {
    it.skip(`skipped: ${manifest} is absent (the update folders of w3c/rdf-tests sparql/sparql11 are not in ../shared/conformance)`, () => {});
  });
}
