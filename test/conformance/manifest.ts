/**
 * manifest.ts — reads W3C rdf-tests manifests (Turtle, through n3) into test cases for the
 * Turtle and SPARQL evaluation runners (see ../shared/conformance/README.md §1 for the vocabulary).
 */
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Parser, type Quad, type Term } from 'n3';

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

export interface ManifestEntry {
  id: string;
  /** local name of the rdf:type */
  type: string;
  name: string;
  /** the manifest file the entry is in */
  manifest: string;
  /** mf:action when it is an IRI (syntax and Turtle tests) */
  action: string | null;
  query: string | null;
  data: string[];
  graphData: string[];
  result: string | null;
  approved: boolean;
  requires: string[];
  /** mf:assumedTestBase of the manifest, if any */
  assumedBase: string | null;
  /** mf:resultCardinality mf:LaxCardinality: any number of duplicates is accepted (REDUCED) */
  lax: boolean;
}

/** Graph lookups over a parsed manifest. */
class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  constructor(quads: Quad[]) {
    for (const q of quads) {
      const k = q.subject.value;
      if (!this.bySubject.has(k)) this.bySubject.set(k, []);
      this.bySubject.get(k)!.push(q);
    }
  }
  objects(s: Term, p: string): Term[] {
    return (this.bySubject.get(s.value) ?? []).filter((q) => q.predicate.value === p).map((q) => q.object);
  }
  one(s: Term, p: string): Term | undefined {
    return this.objects(s, p)[0];
  }
  list(head: Term | undefined): Term[] {
    const out: Term[] = [];
    for (let n = head; n && n.value !== `${RDF}nil`; n = this.one(n, `${RDF}rest`)) {
      const first = this.one(n, `${RDF}first`);
      if (first) out.push(first);
    }
    return out;
  }
}

const path = (t: Term | undefined): string | null => (t && t.termType === 'NamedNode' && t.value.startsWith('file:') ? fileURLToPath(t.value) : null);

/** readEntries returns a manifest's entries and, recursively, those of the manifests it includes. */
export function readEntries(file: string): ManifestEntry[] {
  const quads = new Parser({ baseIRI: pathToFileURL(file).href }).parse(fs.readFileSync(file, 'utf8'));
  const g = new Graph(quads);
  const out: ManifestEntry[] = [];
  for (const m of quads.filter((q) => q.predicate.value === `${RDF}type` && q.object.value === `${MF}Manifest`)) {
    const assumedBase = g.one(m.subject, `${MF}assumedTestBase`)?.value ?? null;
    for (const inc of g.objects(m.subject, `${MF}include`)) {
      for (const sub of g.list(inc)) {
        const p = path(sub);
        if (p && fs.existsSync(p)) out.push(...readEntries(p));
      }
    }
    for (const entries of g.objects(m.subject, `${MF}entries`)) {
      for (const e of g.list(entries)) {
        const action = g.one(e, `${MF}action`);
        const isNode = action?.termType === 'NamedNode';
        out.push({
          id: e.value,
          type: g.one(e, `${RDF}type`)?.value.replace(/^.*[#/]/, '') ?? '',
          name: g.one(e, `${MF}name`)?.value ?? e.value,
          manifest: file,
          action: isNode ? path(action) : null,
          query: !isNode && action ? path(g.one(action, `${QT}query`)) : null,
          data: !isNode && action ? g.objects(action, `${QT}data`).map((t) => path(t)!).filter(Boolean) : [],
          graphData: !isNode && action ? g.objects(action, `${QT}graphData`).map((t) => path(t)!).filter(Boolean) : [],
          result: path(g.one(e, `${MF}result`)),
          approved: !/NotApproved|Withdrawn/.test(g.one(e, 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#approval')?.value ?? ''),
          requires: g.objects(e, `${MF}requires`).map((t) => t.value.replace(/^.*#/, '')),
          assumedBase,
          lax: g.one(e, `${MF}resultCardinality`)?.value === `${MF}LaxCardinality`,
        });
      }
    }
  }
  return out;
}

const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

/** A dataset of an update test: the default graph's files and named graphs (name → file). */
export interface UpdateDataset {
  data: string[];
  graphs: { name: string; file: string }[];
}

export interface UpdateEntry {
  id: string;
  type: string;
  name: string;
  manifest: string;
  /** the request file (ut:request), or mf:action itself for syntax tests */
  request: string | null;
  before: UpdateDataset;
  after: UpdateDataset;
  approved: boolean;
}

/** readUpdateEntries reads SPARQL 1.1 Update manifests (ut: vocabulary), following mf:include. */
export function readUpdateEntries(file: string): UpdateEntry[] {
  const quads = new Parser({ baseIRI: pathToFileURL(file).href }).parse(fs.readFileSync(file, 'utf8'));
  const g = new Graph(quads);
  const dataset = (node: Term | undefined): UpdateDataset => ({
    data: node ? g.objects(node, `${UT}data`).map((t) => path(t)!).filter(Boolean) : [],
    graphs: node
      ? g.objects(node, `${UT}graphData`).flatMap((gd) => {
          const f = path(gd.termType === 'NamedNode' ? gd : g.one(gd, `${UT}graph`));
          if (!f) return [];
          const label = gd.termType === 'NamedNode' ? undefined : g.one(gd, RDFS_LABEL)?.value;
          return [{ name: label ?? pathToFileURL(f).href, file: f }];
        })
      : [],
  });
  const out: UpdateEntry[] = [];
  for (const m of quads.filter((q) => q.predicate.value === `${RDF}type` && q.object.value === `${MF}Manifest`)) {
    for (const inc of g.objects(m.subject, `${MF}include`)) for (const sub of g.list(inc)) {
      const p = path(sub);
      if (p && fs.existsSync(p)) out.push(...readUpdateEntries(p));
    }
    for (const entries of g.objects(m.subject, `${MF}entries`)) {
      for (const e of g.list(entries)) {
        const action = g.one(e, `${MF}action`);
        const result = g.one(e, `${MF}result`);
        out.push({
          id: e.value,
          type: g.one(e, `${RDF}type`)?.value.replace(/^.*[#/]/, '') ?? '',
          name: g.one(e, `${MF}name`)?.value ?? e.value,
          manifest: file,
          request: action?.termType === 'NamedNode' ? path(action) : path(action && g.one(action, `${UT}request`)),
          before: dataset(action?.termType === 'NamedNode' ? undefined : action),
          after: dataset(result),
          approved: !/NotApproved|Withdrawn/.test(g.one(e, 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#approval')?.value ?? ''),
        });
      }
    }
  }
  return out;
}
