/**
 * rdfxml.ts — a small RDF/XML reader for the few test files that use it (expected results in
 * sparql10/sort, data in sparql11/subquery). It covers node elements (rdf:about, rdf:nodeID,
 * rdf:ID, typed nodes), property elements (rdf:resource, rdf:nodeID, rdf:datatype, xml:lang,
 * rdf:parseType="Resource", nested nodes, literal text) and property attributes. Not a general
 * RDF/XML parser: a test helper.
 */
import { DataFactory, type Quad, type Term } from 'n3';

const { namedNode, blankNode, literal, quad } = DataFactory;
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

interface Element {
  name: string;
  attrs: Map<string, string>;
  children: Element[];
  text: string;
}

function unescape(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

function parseXml(text: string): Element {
  const root: Element = { name: '#root', attrs: new Map(), children: [], text: '' };
  const stack = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of text.matchAll(re)) {
    const top = stack[stack.length - 1];
    if (m[1]) stack.pop();
    else if (m[2]) {
      const attrs = new Map<string, string>();
      for (const a of (m[3] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs.set(a[1], unescape(a[2] ?? a[3] ?? ''));
      const el: Element = { name: m[2], attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    } else if (m[5]) top.text += unescape(m[5]);
  }
  return root;
}

/** parseRdfXml reads an RDF/XML document into quads (default graph). */
export function parseRdfXml(text: string, base: string): Quad[] {
  const out: Quad[] = [];
  let bnodes = 0;
  const fresh = () => blankNode(`x${++bnodes}`);
  const resolve = (iri: string, b: string) => new URL(iri, b).href;

  interface Scope {
    ns: Map<string, string>;
    lang: string;
    base: string;
  }
  const scoped = (el: Element, s: Scope): Scope => {
    const ns = new Map(s.ns);
    for (const [k, v] of el.attrs) if (k === 'xmlns') ns.set('', v);
    else if (k.startsWith('xmlns:')) ns.set(k.slice(6), v);
    return { ns, lang: el.attrs.get('xml:lang') ?? s.lang, base: el.attrs.has('xml:base') ? resolve(el.attrs.get('xml:base')!, s.base) : s.base };
  };
  const expand = (name: string, s: Scope) => {
    const i = name.indexOf(':');
    return i < 0 ? (s.ns.get('') ?? '') + name : (s.ns.get(name.slice(0, i)) ?? '') + name.slice(i + 1);
  };
  const isSyntax = (k: string) => k.startsWith('xmlns') || k.startsWith('xml:');

  const node = (el: Element, outer: Scope): Term => {
    const s = scoped(el, outer);
    const a = (n: string) => [...el.attrs].find(([k]) => !isSyntax(k) && expand(k, s) === RDF + n)?.[1];
    const about = a('about');
    const id = a('ID');
    const nodeID = a('nodeID');
    const subject = about !== undefined ? namedNode(resolve(about, s.base)) : id !== undefined ? namedNode(resolve(`#${id}`, s.base)) : nodeID !== undefined ? blankNode(nodeID) : fresh();
    const type = expand(el.name, s);
    if (type !== `${RDF}Description`) out.push(quad(subject as Quad['subject'], namedNode(`${RDF}type`), namedNode(type)));
    for (const [k, v] of el.attrs) {
      if (isSyntax(k)) continue;
      const p = expand(k, s);
      if ([`${RDF}about`, `${RDF}ID`, `${RDF}nodeID`].includes(p)) continue;
      out.push(quad(subject as Quad['subject'], namedNode(p), p === `${RDF}type` ? namedNode(resolve(v, s.base)) : literal(v, s.lang || undefined)));
    }
    properties(el.children, subject, s);
    return subject;
  };
  const properties = (els: Element[], subject: Term, outer: Scope) => {
    for (const el of els) {
      const s = scoped(el, outer);
      const p = namedNode(expand(el.name, s));
      const a = (n: string) => [...el.attrs].find(([k]) => !isSyntax(k) && expand(k, s) === RDF + n)?.[1];
      let object: Term;
      const resource = a('resource');
      const nodeID = a('nodeID');
      if (resource !== undefined) object = namedNode(resolve(resource, s.base));
      else if (nodeID !== undefined) object = blankNode(nodeID);
      else if (a('parseType') === 'Resource') {
        object = fresh();
        properties(el.children, object, s);
      } else if (el.children.length) object = node(el.children[0], s);
      else {
        const dt = a('datatype');
        object = dt ? literal(el.text, namedNode(resolve(dt, s.base))) : literal(el.text, s.lang || undefined);
      }
      out.push(quad(subject as Quad['subject'], p, object as Quad['object']));
    }
  };

  const doc = parseXml(text);
  const top = doc.children[0];
  const s0 = scoped(top, { ns: new Map(), lang: '', base });
  if (expand(top.name, s0) === `${RDF}RDF`) for (const el of top.children) node(el, s0);
  else node(top, { ns: new Map(), lang: '', base });
  return out;
}
