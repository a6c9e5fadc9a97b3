/**
 * generate.ts — the deterministic generator of the shared workload (people and places, after
 * DDIA chapter 2): the same scale factor and seed give the same records everywhere.
 *
 * - Locations: a fixed hierarchy at every SF (6 continents, 60 countries, about 600 regions,
 *   about 6,000 cities), drawn from its own constant seed so that questions about places mean
 *   the same thing at every scale.
 * - Persons: round(10,000 × SF); cities have skewed populations; most live where they were
 *   born, some moved within their country, a few to another country or continent.
 * - KNOWS: about 10 pairs per person, mostly near home, the rest drawn by a heavy-tailed
 *   popularity so a few persons know very many; each pair once, with a < b.
 * - Résumés: positions, education and contact fields, each optional in its own way.
 */
import { Random, WeightedPicker } from './prng.js';
import type { ContactInfo, Education, Knows, Location, Person, Position, Workload } from './records.js';

/** The year the data describes: ongoing positions have no end before it. */
export const CURRENT_YEAR = 2025;

/** Persons at SF = 1. */
export const PERSONS_PER_SF = 10_000;

const HIERARCHY_SEED = 0x5eed_2002;

const CONTINENTS: Record<string, string[]> = {
  Europe: ['United Kingdom', 'France', 'Germany', 'Spain', 'Italy', 'Netherlands', 'Poland', 'Sweden', 'Portugal', 'Greece'],
  Asia: ['Japan', 'China', 'India', 'South Korea', 'Indonesia', 'Vietnam', 'Thailand', 'Philippines', 'Malaysia', 'Singapore'],
  Africa: ['Nigeria', 'Egypt', 'Kenya', 'South Africa', 'Ethiopia', 'Ghana', 'Morocco', 'Tanzania', 'Senegal', 'Uganda'],
  'North America': ['United States', 'Canada', 'Mexico', 'Guatemala', 'Cuba', 'Jamaica', 'Costa Rica', 'Panama', 'Honduras', 'Haiti'],
  'South America': ['Brazil', 'Argentina', 'Colombia', 'Chile', 'Peru', 'Venezuela', 'Ecuador', 'Bolivia', 'Uruguay', 'Paraguay'],
  Oceania: ['Australia', 'New Zealand', 'Papua New Guinea', 'Fiji', 'Samoa', 'Tonga', 'Vanuatu', 'Kiribati', 'Palau', 'Nauru'],
};

const SYLLABLES = ['an', 'bel', 'cor', 'dun', 'el', 'fen', 'gar', 'hol', 'is', 'jor', 'kel', 'lin', 'mar', 'nor', 'os', 'pel', 'quin', 'ros', 'sel', 'tor', 'ul', 'ven', 'wes', 'yar', 'zen', 'ald', 'bri', 'cas', 'dor', 'mont'];
const FIRST = ['Ada', 'Alain', 'Amara', 'Bea', 'Bruno', 'Chen', 'Clara', 'Dmitri', 'Elena', 'Emeka', 'Fatima', 'Felix', 'Grace', 'Hana', 'Hiro', 'Ines', 'Ivan', 'Jade', 'Jonas', 'Kofi', 'Lara', 'Leon', 'Lucy', 'Mateo', 'Mei', 'Nadia', 'Noor', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sam', 'Sofia', 'Tariq', 'Tom', 'Uma', 'Vera', 'Wei', 'Yara', 'Zoe'];
const LAST = ['Abe', 'Banda', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kim', 'Lopez', 'Mensah', 'Novak', 'Okafor', 'Patel', 'Quispe', 'Rossi', 'Santos', 'Tanaka', 'Usman', 'Vargas', 'Wang', 'Xu', 'Yilmaz', 'Zhang', 'Murphy', 'Nguyen', 'Silva', 'Smith'];
const TITLES = ['Engineer', 'Senior Engineer', 'Manager', 'Analyst', 'Designer', 'Researcher', 'Consultant', 'Director', 'Teacher', 'Nurse', 'Accountant', 'Scientist'];
const ORG_STEMS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka', 'Oscorp', 'Aperture', 'Massive', 'Gringotts', 'Monarch', 'Nakatomi', 'Oceanic', 'Pied Piper'];
const ORG_KINDS = ['Labs', 'Industries', 'Bank', 'Health', 'Systems', 'Foods', 'Media'];
const SCHOOL_STEMS = ['Northfield', 'Riverside', 'Lakeshore', 'Hillcrest', 'Eastbrook', 'Westgate', 'Oakridge', 'Pinecrest', 'Stonebridge', 'Fairview', 'Kingsway', 'Harbor'];
const SCHOOL_KINDS = ['University', 'Institute of Technology', 'College', 'School of Economics'];

/** ORGS and SCHOOLS are fixed lists; the generator draws from them with skew. */
export const ORGS = ORG_STEMS.flatMap((s) => ORG_KINDS.map((k) => `${s} ${k}`));
export const SCHOOLS = SCHOOL_STEMS.flatMap((s) => SCHOOL_KINDS.map((k) => `${s} ${k}`));

function placeName(r: Random): string {
  const n = r.int(2, 3);
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(SYLLABLES);
  return s[0].toUpperCase() + s.slice(1);
}

/** locations builds the fixed hierarchy: ids 1… for continents, 100… countries, 1000… regions, 10000… cities. */
export function generateLocations(): Location[] {
  const r = new Random(HIERARCHY_SEED);
  const out: Location[] = [];
  let countryId = 100;
  let regionId = 1000;
  let cityId = 10000;
  Object.entries(CONTINENTS).forEach(([continent, countries], ci) => {
    const continentId = ci + 1;
    out.push({ id: continentId, name: continent, type: 'continent', within: null });
    for (const country of countries) {
      const cid = countryId++;
      out.push({ id: cid, name: country, type: 'country', within: continentId });
      const regions = r.int(6, 14);
      for (let i = 0; i < regions; i++) {
        const rid = regionId++;
        out.push({ id: rid, name: placeName(r), type: 'region', within: cid });
        const cities = r.int(6, 14);
        for (let j = 0; j < cities; j++) out.push({ id: cityId++, name: placeName(r), type: 'city', within: rid });
      }
    }
  });
  return out;
}

/** Geography answers "which region, country and continent is this city in" for the person generator. */
class Geography {
  readonly cities: Location[];
  private readonly byId = new Map<number, Location>();
  /** City index → cities of the same country (indexes into `cities`). */
  readonly countryCities = new Map<number, number[]>();

  constructor(locations: Location[]) {
    for (const l of locations) this.byId.set(l.id, l);
    this.cities = locations.filter((l) => l.type === 'city');
    this.cities.forEach((c, i) => {
      const country = this.ancestor(c.id, 'country');
      const list = this.countryCities.get(country) ?? [];
      list.push(i);
      this.countryCities.set(country, list);
    });
  }

  ancestor(id: number, type: 'region' | 'country' | 'continent'): number {
    let l = this.byId.get(id);
    while (l && l.type !== type) l = l.within === null ? undefined : this.byId.get(l.within);
    if (!l) throw new Error(`location ${id} has no ${type}`);
    return l.id;
  }
}

function career(r: Random, birthYear: number, orgs: WeightedPicker): Position[] {
  const out: Position[] = [];
  let year = birthYear + r.int(18, 25);
  const count = r.int(0, 5);
  for (let i = 0; i < count && year < CURRENT_YEAR; i++) {
    const length = r.int(1, 9);
    const end = year + length;
    const position: Position = { title: r.pick(TITLES), org: ORGS[orgs.pick(r)], start: year, end: end >= CURRENT_YEAR ? null : end };
    out.push(position);
    if (position.end === null) break;
    year = end + r.int(0, 1);
  }
  return out;
}

function schooling(r: Random, birthYear: number): Education[] {
  const out: Education[] = [];
  let year = birthYear + r.int(17, 19);
  const count = r.int(0, 3);
  for (let i = 0; i < count && year + 2 < CURRENT_YEAR; i++) {
    const end = year + r.int(2, 5);
    out.push({ school: r.pick(SCHOOLS), start: year, end });
    year = end + r.int(0, 3);
  }
  return out;
}

function contact(r: Random, name: string, id: number): ContactInfo {
  const handle = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${id}`;
  const c: ContactInfo = {};
  if (r.chance(0.85)) c.email = `${handle}@example.com`;
  if (r.chance(0.5)) c.phone = `+${r.int(1, 99)} ${r.int(100, 999)} ${r.int(1000000, 9999999)}`;
  if (r.chance(0.2)) c.website = `https://${handle}.example.net`;
  if (r.chance(0.15)) c.twitter = `@${handle.replace(/\./g, '_')}`;
  return c;
}

function generatePersons(r: Random, count: number, geo: Geography): Person[] {
  // Skewed city populations: a random order of cities with Zipf-like weights.
  const order = geo.cities.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const weights = new Array<number>(order.length);
  order.forEach((cityIndex, rank) => (weights[cityIndex] = 1 / (rank + 1) ** 0.6));
  const cities = new WeightedPicker(weights);
  const orgs = new WeightedPicker(ORGS.map((_, i) => 1 / (i + 1) ** 0.8));
  const persons: Person[] = [];
  for (let id = 1; id <= count; id++) {
    const name = `${r.pick(FIRST)} ${r.pick(LAST)}`;
    const birthYear = r.int(1945, 2006);
    const born = geo.cities[cities.pick(r)];
    let lives = born;
    const move = r.float();
    if (move >= 0.8) {
      const bornCountry = geo.ancestor(born.id, 'country');
      const bornContinent = geo.ancestor(born.id, 'continent');
      if (move < 0.9) {
        lives = geo.cities[r.pick(geo.countryCities.get(bornCountry) as number[])];
      } else {
        // Abroad: half stay on their continent, half cross to another.
        const sameContinent = move < 0.95;
        for (let tries = 0; tries < 1000; tries++) {
          const c = geo.cities[cities.pick(r)];
          if (geo.ancestor(c.id, 'country') === bornCountry) continue;
          if ((geo.ancestor(c.id, 'continent') === bornContinent) !== sameContinent) continue;
          lives = c;
          break;
        }
      }
    }
    persons.push({
      id,
      name,
      birthYear,
      bornIn: born.id,
      livesIn: lives.id,
      positions: career(r, birthYear, orgs),
      education: schooling(r, birthYear),
      contactInfo: contact(r, name, id),
    });
  }
  return persons;
}

function generateKnows(r: Random, persons: Person[], geo: Geography): Knows[] {
  const n = persons.length;
  if (n < 2) return [];
  const byRegion = new Map<number, number[]>();
  const byCountry = new Map<number, number[]>();
  const region = persons.map((p) => geo.ancestor(p.livesIn, 'region'));
  const country = persons.map((p) => geo.ancestor(p.livesIn, 'country'));
  persons.forEach((_, i) => {
    (byRegion.get(region[i]) ?? byRegion.set(region[i], []).get(region[i]) as number[]).push(i);
    (byCountry.get(country[i]) ?? byCountry.set(country[i], []).get(country[i]) as number[]).push(i);
  });
  // Popularity with a heavy (Pareto) tail, capped so one person cannot know everybody.
  const popularity = new WeightedPicker(persons.map(() => Math.min(200, (1 - r.float()) ** (-1 / 1.2))));
  const seen = new Set<number>();
  const out: Knows[] = [];
  for (let i = 0; i < n; i++) {
    const wanted = Math.max(1, Math.round(2 + -Math.log(1 - r.float()) * 8));
    for (let k = 0; k < wanted; k++) {
      const roll = r.float();
      const j = roll < 0.45 ? r.pick(byRegion.get(region[i]) as number[]) : roll < 0.65 ? r.pick(byCountry.get(country[i]) as number[]) : popularity.pick(r);
      if (j === i) continue;
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      const key = a * n + b;
      if (seen.has(key)) continue;
      seen.add(key);
      const adult = Math.max(persons[a].birthYear, persons[b].birthYear) + 12;
      const since = r.int(Math.min(adult, CURRENT_YEAR), CURRENT_YEAR);
      out.push({ a: persons[a].id, b: persons[b].id, since });
    }
  }
  out.sort((x, y) => x.a - y.a || x.b - y.b);
  return out;
}

/** generate produces the workload at scale factor `sf` from `seed`. */
export function generate(sf: number, seed = 1): Workload {
  if (!(sf > 0) || !Number.isFinite(sf)) throw new RangeError(`scale factor must be a positive number, got ${sf}`);
  const count = Math.max(2, Math.round(PERSONS_PER_SF * sf));
  const root = new Random(seed);
  const locations = generateLocations();
  const geo = new Geography(locations);
  const persons = generatePersons(root.fork(1), count, geo);
  const knows = generateKnows(root.fork(2), persons, geo);
  return { sf, seed, locations, persons, knows };
}
