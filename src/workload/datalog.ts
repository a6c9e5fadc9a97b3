/**
 * datalog.ts — the workload as Datalog facts: location(Id, Name, Type), within(Child, Parent),
 * person(Id, Name, BirthYear), born_in(P, City), lives_in(P, City), knows(A, B, Since) with
 * A < B, position(P, Org, Title, Start, End). Datalog has no null: an ongoing position's End
 * is 0. The relations are declared first, with their types, as a Soufflé program declares them.
 */
import type { Workload } from './records.js';

/** ONGOING is the End of a position still held. */
export const ONGOING = 0;

const str = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** DECLARATIONS type the relations (ids and years are numbers, names symbols). */
export const DECLARATIONS: readonly string[] = [
  '.decl location(id: number, name: symbol, type: symbol)',
  '.decl within(child: number, parent: number)',
  '.decl person(id: number, name: symbol, birth_year: number)',
  '.decl born_in(person: number, city: number)',
  '.decl lives_in(person: number, city: number)',
  '.decl knows(a: number, b: number, since: number)',
  '.decl position(person: number, org: symbol, title: symbol, start: number, end: number)',
];

/** facts yields the declarations, then one fact per line. */
export function* facts(w: Workload): Generator<string> {
  yield* DECLARATIONS;
  yield* groundFacts(w);
}

/** factLines is the facts without the declarations, one per line. */
export function factLines(w: Workload): string {
  return `${[...groundFacts(w)].join('\n')}\n`;
}

function* groundFacts(w: Workload): Generator<string> {
  for (const l of w.locations) {
    yield `location(${l.id}, ${str(l.name)}, ${str(l.type)}).`;
    if (l.within !== null) yield `within(${l.id}, ${l.within}).`;
  }
  for (const p of w.persons) {
    yield `person(${p.id}, ${str(p.name)}, ${p.birthYear}).`;
    yield `born_in(${p.id}, ${p.bornIn}).`;
    yield `lives_in(${p.id}, ${p.livesIn}).`;
    for (const x of p.positions) yield `position(${p.id}, ${str(x.org)}, ${str(x.title)}, ${x.start}, ${x.end ?? ONGOING}).`;
  }
  for (const k of w.knows) yield `knows(${k.a}, ${k.b}, ${k.since}).`;
}

export function toDatalog(w: Workload): string {
  return `${[...facts(w)].join('\n')}\n`;
}
