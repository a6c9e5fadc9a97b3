/**
 * documents.ts — the workload as JSON documents, for the document model: a `persons`
 * collection whose documents embed the résumé (DDIA figure 2-1) and a `locations` collection.
 * Optional fields are absent rather than null, so documents differ in shape.
 */
import type { Workload } from './records.js';

export interface PersonDocument {
  _id: number;
  name: string;
  birth_year: number;
  born_in: number;
  lives_in: number;
  positions: { title: string; org: string; start: number; end?: number }[];
  education: { school: string; start: number; end: number }[];
  contact_info: Record<string, string>;
}

export interface LocationDocument {
  _id: number;
  name: string;
  type: string;
  within?: number;
}

export function personDocuments(w: Workload): PersonDocument[] {
  return w.persons.map((p) => ({
    _id: p.id,
    name: p.name,
    birth_year: p.birthYear,
    born_in: p.bornIn,
    lives_in: p.livesIn,
    positions: p.positions.map((x) => (x.end === null ? { title: x.title, org: x.org, start: x.start } : { title: x.title, org: x.org, start: x.start, end: x.end })),
    education: p.education.map((x) => ({ school: x.school, start: x.start, end: x.end })),
    contact_info: { ...p.contactInfo } as Record<string, string>,
  }));
}

export function locationDocuments(w: Workload): LocationDocument[] {
  return w.locations.map((l) => (l.within === null ? { _id: l.id, name: l.name, type: l.type } : { _id: l.id, name: l.name, type: l.type, within: l.within }));
}

/** toJsonl writes one document per line. */
export function toJsonl(docs: readonly object[]): string {
  return docs.map((d) => JSON.stringify(d)).join('\n') + (docs.length ? '\n' : '');
}
