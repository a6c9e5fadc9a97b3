/**
 * questions.ts — the workload's seven questions (WORKLOAD.md) as text in every language
 * polyglotdb speaks, with parameters chosen from the generated data deterministically so that
 * every question has a non-trivial answer at every scale factor.
 *
 * Each question's answer is a set of rows with the columns listed in `columns`, the same in
 * every language; compare answers with `canonicalRows` (order is not part of the answer).
 */
import { EX, personIri } from './rdf.js';
import type { Term } from '@rdfjs/types';
import type { Workload } from './records.js';

export type QuestionId = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5' | 'Q6' | 'Q7';
export type QuestionLanguage = 'sql' | 'sparql' | 'datalog';

export interface QuestionParams {
  /** Q1: persons born (transitively) within this country… */
  bornCountry: string;
  /** …and living (transitively) within this continent; also Q7's continent. */
  continent: string;
  /** Q2: a person id. */
  personId: number;
  /** Q3: the person whose friends of friends are asked for. */
  fofPersonId: number;
  /** Q6: an organization and a year positions there started after. */
  org: string;
  afterYear: number;
}

export interface Question {
  id: QuestionId;
  title: string;
  columns: string[];
  sql: string;
  sparql: string;
  datalog: string;
}

/** chooseParams picks the questions' parameters from the data: same data, same parameters. */
export function chooseParams(w: Workload): QuestionParams {
  const byId = new Map(w.locations.map((l) => [l.id, l]));
  const up = (id: number, type: string) => {
    let l = byId.get(id);
    while (l && l.type !== type) l = l.within === null ? undefined : byId.get(l.within);
    return l as NonNullable<typeof l>;
  };
  // Q1: the (birth country, other continent of residence) pair with the most emigrants.
  const emigrants = new Map<string, number>();
  for (const p of w.persons) {
    const to = up(p.livesIn, 'continent');
    if (up(p.bornIn, 'continent') === to) continue;
    const key = `${up(p.bornIn, 'country').name}\u0000${to.name}`;
    emigrants.set(key, (emigrants.get(key) ?? 0) + 1);
  }
  const best = [...emigrants].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'United States\u0000Europe';
  const [bornCountry, continent] = best.split('\u0000');
  // Q3: the lowest id among persons of median degree.
  const degree = new Map<number, number>();
  for (const k of w.knows) {
    degree.set(k.a, (degree.get(k.a) ?? 0) + 1);
    degree.set(k.b, (degree.get(k.b) ?? 0) + 1);
  }
  const degrees = [...degree.values()].sort((a, b) => a - b);
  const median = degrees[degrees.length >> 1] ?? 0;
  const fofPersonId = w.persons.find((p) => degree.get(p.id) === median)?.id ?? w.persons[0].id;
  // Q6: the organization with the most positions, and the median start year there.
  const starts = new Map<string, number[]>();
  for (const p of w.persons) for (const x of p.positions) (starts.get(x.org) ?? starts.set(x.org, []).get(x.org) as number[]).push(x.start);
  const [org, years] = [...starts].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0] ?? ['Acme Labs', [2000]];
  const sortedYears = [...years].sort((a, b) => a - b);
  return { bornCountry, continent, personId: w.persons[w.persons.length >> 1].id, fofPersonId, org, afterYear: sortedYears[sortedYears.length >> 1] };
}

const sqlStr = (s: string) => `'${s.replace(/'/g, "''")}'`;
const qStr = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const PREFIX = `PREFIX ex: <${EX}>\n`;

/** INSIDE is the Datalog closure of `within`: inside(L, A) when L lies (transitively) within A. */
const INSIDE = 'inside(L, A) :- within(L, A).\ninside(L, A) :- within(L, B), inside(B, A).\n';
const FRIEND = 'friend(A, B) :- knows(A, B, _).\nfriend(A, B) :- knows(B, A, _).\n';

/** questions writes the seven questions with their parameters. */
export function questions(p: QuestionParams): Question[] {
  const person = `<${personIri(p.personId)}>`;
  const fof = `<${personIri(p.fofPersonId)}>`;
  return [
    {
      id: 'Q1',
      title: `born within ${p.bornCountry}, living within ${p.continent}`,
      columns: ['id', 'name'],
      sql: `WITH RECURSIVE
  born_area(id) AS (SELECT id FROM locations WHERE name = ${sqlStr(p.bornCountry)} AND type = 'country'
                    UNION SELECT l.id FROM locations l JOIN born_area a ON l.within = a.id),
  home_area(id) AS (SELECT id FROM locations WHERE name = ${sqlStr(p.continent)} AND type = 'continent'
                    UNION SELECT l.id FROM locations l JOIN home_area a ON l.within = a.id)
SELECT p.id, p.name FROM persons p
 WHERE p.born_in IN (SELECT id FROM born_area) AND p.lives_in IN (SELECT id FROM home_area)`,
      sparql: `${PREFIX}SELECT ?id ?name WHERE {
  ?country ex:name ${qStr(p.bornCountry)} ; ex:type "country" .
  ?continent ex:name ${qStr(p.continent)} ; ex:type "continent" .
  ?p ex:bornIn/ex:within* ?country .
  ?p ex:livesIn/ex:within* ?continent .
  ?p ex:id ?id ; ex:name ?name .
}`,
      datalog: `${INSIDE}q1(Id, Name) :- location(C, ${qStr(p.bornCountry)}, "country"), location(E, ${qStr(p.continent)}, "continent"),
  person(Id, Name, _), born_in(Id, B), inside(B, C), lives_in(Id, L), inside(L, E).
?- q1(Id, Name).`,
    },
    {
      id: 'Q2',
      title: `person ${p.personId} by id`,
      columns: ['id', 'name', 'birth_year', 'born_in', 'lives_in'],
      sql: `SELECT id, name, birth_year, born_in, lives_in FROM persons WHERE id = ${p.personId}`,
      sparql: `${PREFIX}SELECT ?id ?name ?birth_year ?born_in ?lives_in WHERE {
  ${person} ex:id ?id ; ex:name ?name ; ex:birthYear ?birth_year ; ex:bornIn ?b ; ex:livesIn ?l .
  ?b ex:id ?born_in . ?l ex:id ?lives_in .
}`,
      datalog: `q2(Id, Name, Year, B, L) :- person(Id, Name, Year), Id = ${p.personId}, born_in(Id, B), lives_in(Id, L).
?- q2(Id, Name, Year, B, L).`,
    },
    {
      id: 'Q3',
      title: `friends of friends of person ${p.fofPersonId}`,
      columns: ['id'],
      sql: `WITH friend(a, b) AS (SELECT a, b FROM knows UNION ALL SELECT b, a FROM knows)
SELECT DISTINCT f2.b AS id FROM friend f1 JOIN friend f2 ON f2.a = f1.b
 WHERE f1.a = ${p.fofPersonId} AND f2.b <> ${p.fofPersonId}
   AND f2.b NOT IN (SELECT b FROM friend WHERE a = ${p.fofPersonId})`,
      sparql: `${PREFIX}SELECT DISTINCT ?id WHERE {
  ${fof} ex:knows|^ex:knows ?f .
  ?f ex:knows|^ex:knows ?g .
  FILTER (?g != ${fof})
  FILTER NOT EXISTS { ${fof} ex:knows|^ex:knows ?g }
  ?g ex:id ?id .
}`,
      datalog: `${FRIEND}q3(G) :- friend(${p.fofPersonId}, F), friend(F, G), G != ${p.fofPersonId}, !friend(${p.fofPersonId}, G).
?- q3(G).`,
    },
    {
      id: 'Q4',
      title: 'persons per country of residence',
      columns: ['country', 'persons'],
      sql: `SELECT country.name AS country, count(*) AS persons
  FROM persons p
  JOIN locations city ON city.id = p.lives_in
  JOIN locations region ON region.id = city.within
  JOIN locations country ON country.id = region.within
 GROUP BY country.name
 ORDER BY persons DESC, country`,
      sparql: `${PREFIX}SELECT ?country (COUNT(?p) AS ?persons) WHERE {
  ?p ex:livesIn/ex:within/ex:within ?c .
  ?c ex:name ?country .
} GROUP BY ?country ORDER BY DESC(?persons) ?country`,
      datalog: `resident(P, C) :- lives_in(P, City), within(City, R), within(R, C).
q4(Country, count()) :- resident(P, C), location(C, Country, _).
?- q4(Country, N).`,
    },
    {
      id: 'Q5',
      title: 'triangles in KNOWS',
      columns: ['triangles'],
      sql: 'SELECT count(*) AS triangles FROM knows k1 JOIN knows k2 ON k2.a = k1.b JOIN knows k3 ON k3.a = k1.a AND k3.b = k2.b',
      sparql: `${PREFIX}SELECT (COUNT(*) AS ?triangles) WHERE { ?x ex:knows ?y . ?y ex:knows ?z . ?x ex:knows ?z . }`,
      datalog: `q5(count()) :- knows(X, Y, _), knows(Y, Z, _), knows(X, Z, _).
?- q5(N).`,
    },
    {
      id: 'Q6',
      title: `positions at ${p.org} starting after ${p.afterYear}`,
      columns: ['id', 'name'],
      sql: `SELECT DISTINCT p.id, p.name FROM persons p JOIN positions x ON x.person_id = p.id
 WHERE x.org = ${sqlStr(p.org)} AND x.start_year > ${p.afterYear}`,
      sparql: `${PREFIX}SELECT DISTINCT ?id ?name WHERE {
  ?p ex:position ?x .
  ?x ex:org ${qStr(p.org)} ; ex:start ?start .
  FILTER (?start > ${p.afterYear})
  ?p ex:id ?id ; ex:name ?name .
}`,
      datalog: `q6(Id, Name) :- position(Id, ${qStr(p.org)}, _, Start, _), Start > ${p.afterYear}, person(Id, Name, _).
?- q6(Id, Name).`,
    },
    {
      id: 'Q7',
      title: `locations within ${p.continent}`,
      columns: ['id', 'name', 'type'],
      sql: `WITH RECURSIVE inside(id) AS (
  SELECT l.id FROM locations l JOIN locations c ON l.within = c.id WHERE c.name = ${sqlStr(p.continent)} AND c.type = 'continent'
  UNION SELECT l.id FROM locations l JOIN inside ON l.within = inside.id)
SELECT l.id, l.name, l.type FROM locations l JOIN inside ON l.id = inside.id`,
      sparql: `${PREFIX}SELECT ?id ?name ?type WHERE {
  ?c ex:name ${qStr(p.continent)} ; ex:type "continent" .
  ?l ex:within+ ?c .
  ?l ex:id ?id ; ex:name ?name ; ex:type ?type .
}`,
      datalog: `${INSIDE}q7(Id, Name, Type) :- location(C, ${qStr(p.continent)}, "continent"), inside(Id, C), location(Id, Name, Type).
?- q7(Id, Name, Type).`,
    },
  ];
}

/** canonicalRows is an answer in a comparable form: JSON of the rows sorted, bigints as numbers. */
export function canonicalRows(rows: readonly (readonly unknown[])[]): string {
  const norm = rows.map((r) => JSON.stringify(r.map((v) => (typeof v === 'bigint' ? Number(v) : v))));
  norm.sort();
  return `[${norm.join(',')}]`;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC = new Set(['integer', 'decimal', 'double', 'float', 'long', 'int'].map((t) => XSD + t));

/** termValue turns a SPARQL answer's term into the value SQL and Datalog give: numbers for numeric literals, else the lexical form or IRI. */
export function termValue(t: Term | null | undefined): unknown {
  if (t == null) return null;
  if (t.termType === 'Literal' && NUMERIC.has(t.datatype.value)) return Number(t.value);
  return t.value;
}
