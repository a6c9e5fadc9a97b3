/**
 * manifest.ts — reads W3C rdf-tests manifests (Turtle, read with n3) into a flat list of test
 * cases: what the SPARQL syntax runner needs (README §1 of the conformance folder).
 */
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Parser, type Quad, type Term } from 'n3';

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** How a case is judged: the file must parse, or must be rejected with a ParseError. */
export type Expectation = 'positive' | 'negative';

export interface TestCase {
  /** the entry's IRI, e.g. …/syntax-query/manifest#test_1 */
  id: string;
  /** mf:PositiveSyntaxTest11, mf:QueryEvaluationTest, … (local name) */
  type: string;
  name: string;
  expectation: Expectation;
  /** absolute path of the query or update file */
  file: string;
}

/** readManifest returns the cases of a manifest and of the manifests it includes. */
export function readManifest(file: string): TestCase[] {
  const base = pathToFileURL(file).href;
  const quads = new Parser({ baseIRI: base }).parse(fs.readFileSync(file, 'utf8'));
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = q.subject.value;
    if (!bySubject.has(key)) bySubject.set(key, []);
    bySubject.get(key)!.push(q);
  }
  const objects = (s: Term, p: string): Term[] =>
    (bySubject.get(s.value) ?? []).filter((q) => q.predicate.value === p).map((q) => q.object);
  const one = (s: Term, p: string): Term | undefined => objects(s, p)[0];
  const list = (head: Term | undefined): Term[] => {
    const out: Term[] = [];
    for (let n = head; n && n.value !== `${RDF}nil`; n = one(n, `${RDF}rest`)) {
      const first = one(n, `${RDF}first`);
      if (first) out.push(first);
    }
    return out;
  };

  const cases: TestCase[] = [];
  const manifests = quads.filter((q) => q.predicate.value === `${RDF}type` && q.object.value === `${MF}Manifest`);
  for (const m of manifests) {
    for (const inc of objects(m.subject, `${MF}include`)) {
      for (const sub of list(inc)) {
        const path = fileURLToPath(sub.value);
        if (fs.existsSync(path)) cases.push(...readManifest(path));
      }
    }
    for (const entries of objects(m.subject, `${MF}entries`)) {
      for (const entry of list(entries)) {
        const type = one(entry, `${RDF}type`)?.value.replace(/^.*#/, '') ?? '';
        const name = one(entry, `${MF}name`)?.value ?? entry.value;
        const action = one(entry, `${MF}action`);
        let target: Term | undefined;
        if (action?.termType === 'NamedNode') target = action;
        else if (action) target = one(action, `${QT}query`) ?? one(action, `${UT}request`);
        if (!target || target.termType !== 'NamedNode') continue;
        const expectation: Expectation = /^Negative/.test(type) ? 'negative' : 'positive';
        cases.push({ id: entry.value, type, name, expectation, file: fileURLToPath(target.value) });
      }
    }
  }
  return cases;
}
