/**
 * rdf.ts — the workload as N-Triples under http://example.org/. Locations and persons are IRIs
 * (`ex:location/ID`, `ex:person/ID`) with `ex:id`, `ex:name`, …; each KNOWS pair is one
 * `ex:knows` triple (a → b, a < b) plus a node `ex:knows/A-B` carrying its `ex:since`; résumé
 * entries are IRIs `ex:person/ID/position/I` and `ex:person/ID/education/I`; contact fields
 * hang off the person and are present only when the résumé has them.
 */
import type { Workload } from './records.js';

export const EX = 'http://example.org/';
const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';

export const locationIri = (id: number) => `${EX}location/${id}`;
export const personIri = (id: number) => `${EX}person/${id}`;

const iri = (s: string) => `<${s}>`;
const int = (n: number) => `"${n}"^^<${XSD_INTEGER}>`;
const str = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;

/** triples yields N-Triples lines (without the final newline), one statement each. */
export function* triples(w: Workload): Generator<string> {
  const t = (s: string, p: string, o: string) => `${iri(s)} ${iri(EX + p)} ${o} .`;
  for (const l of w.locations) {
    const s = locationIri(l.id);
    yield t(s, 'id', int(l.id));
    yield t(s, 'name', str(l.name));
    yield t(s, 'type', str(l.type));
    if (l.within !== null) yield t(s, 'within', iri(locationIri(l.within)));
  }
  for (const p of w.persons) {
    const s = personIri(p.id);
    yield t(s, 'id', int(p.id));
    yield t(s, 'name', str(p.name));
    yield t(s, 'birthYear', int(p.birthYear));
    yield t(s, 'bornIn', iri(locationIri(p.bornIn)));
    yield t(s, 'livesIn', iri(locationIri(p.livesIn)));
    for (const [field, value] of Object.entries(p.contactInfo)) if (value !== undefined) yield t(s, field, str(value));
    for (let i = 0; i < p.positions.length; i++) {
      const x = p.positions[i];
      const e = `${s}/position/${i}`;
      yield t(s, 'position', iri(e));
      yield t(e, 'org', str(x.org));
      yield t(e, 'title', str(x.title));
      yield t(e, 'start', int(x.start));
      if (x.end !== null) yield t(e, 'end', int(x.end));
    }
    for (let i = 0; i < p.education.length; i++) {
      const x = p.education[i];
      const e = `${s}/education/${i}`;
      yield t(s, 'education', iri(e));
      yield t(e, 'school', str(x.school));
      yield t(e, 'start', int(x.start));
      yield t(e, 'end', int(x.end));
    }
  }
  for (const k of w.knows) {
    const a = personIri(k.a);
    const b = personIri(k.b);
    const e = `${EX}knows/${k.a}-${k.b}`;
    yield t(a, 'knows', iri(b));
    yield t(e, 'from', iri(a));
    yield t(e, 'to', iri(b));
    yield t(e, 'since', int(k.since));
  }
}

/** toNTriples is the whole dataset as one N-Triples text. */
export function toNTriples(w: Workload): string {
  return `${[...triples(w)].join('\n')}\n`;
}
