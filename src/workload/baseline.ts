/**
 * baseline.ts — the seven questions answered by hand in plain JavaScript over arrays and Maps:
 * roughly the best a JavaScript engine can do, and an answer independent of every query engine.
 * `index` builds the lookups once (as a database builds its indexes at load); each question is
 * then a function over them returning rows in the question's columns.
 */
import type { QuestionId, QuestionParams } from './questions.js';
import type { Location, Person, Workload } from './records.js';

export interface Indexed {
  locations: Map<number, Location>;
  locationByName: Map<string, Location[]>;
  children: Map<number, number[]>;
  persons: Map<number, Person>;
  bornIn: Map<number, Person[]>;
  livesIn: Map<number, Person[]>;
  /** Undirected adjacency: each KNOWS pair in both directions. */
  friends: Map<number, number[]>;
  /** Forward adjacency (a → b with a < b), sorted, for counting triangles once. */
  forward: Map<number, number[]>;
  positionsByOrg: Map<string, { personId: number; start: number }[]>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function index(w: Workload): Indexed {
  const ix: Indexed = {
    locations: new Map(),
    locationByName: new Map(),
    children: new Map(),
    persons: new Map(),
    bornIn: new Map(),
    livesIn: new Map(),
    friends: new Map(),
    forward: new Map(),
    positionsByOrg: new Map(),
  };
  for (const l of w.locations) {
    ix.locations.set(l.id, l);
    push(ix.locationByName, l.name, l);
    if (l.within !== null) push(ix.children, l.within, l.id);
  }
  for (const p of w.persons) {
    ix.persons.set(p.id, p);
    push(ix.bornIn, p.bornIn, p);
    push(ix.livesIn, p.livesIn, p);
    for (const x of p.positions) push(ix.positionsByOrg, x.org, { personId: p.id, start: x.start });
  }
  for (const k of w.knows) {
    push(ix.friends, k.a, k.b);
    push(ix.friends, k.b, k.a);
    push(ix.forward, k.a, k.b);
  }
  for (const list of ix.forward.values()) list.sort((a, b) => a - b);
  return ix;
}

function named(ix: Indexed, name: string, type: string): Location | undefined {
  return ix.locationByName.get(name)?.find((l) => l.type === type);
}

/** below lists the ids strictly within `root` (breadth-first down the hierarchy). */
function below(ix: Indexed, root: number): number[] {
  const out: number[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const c of ix.children.get(queue[i]) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

type Rows = (number | string)[][];

/** answer runs one question over the indexes. */
export function answer(ix: Indexed, q: QuestionId, p: QuestionParams): Rows {
  switch (q) {
    case 'Q1': {
      const country = named(ix, p.bornCountry, 'country');
      const continent = named(ix, p.continent, 'continent');
      if (!country || !continent) return [];
      const home = new Set(below(ix, continent.id));
      const out: Rows = [];
      for (const city of below(ix, country.id)) for (const x of ix.bornIn.get(city) ?? []) if (home.has(x.livesIn)) out.push([x.id, x.name]);
      return out;
    }
    case 'Q2': {
      const x = ix.persons.get(p.personId);
      return x ? [[x.id, x.name, x.birthYear, x.bornIn, x.livesIn]] : [];
    }
    case 'Q3': {
      const me = p.fofPersonId;
      const direct = new Set(ix.friends.get(me) ?? []);
      const out = new Set<number>();
      for (const f of direct) for (const g of ix.friends.get(f) ?? []) if (g !== me && !direct.has(g)) out.add(g);
      return [...out].map((id) => [id]);
    }
    case 'Q4': {
      const counts = new Map<string, number>();
      for (const [city, people] of ix.livesIn) {
        const region = ix.locations.get(city)?.within;
        const country = region == null ? undefined : ix.locations.get(region)?.within;
        const name = country == null ? undefined : ix.locations.get(country)?.name;
        if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + people.length);
      }
      return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    }
    case 'Q5': {
      // For each edge x→y (x < y), count the common forward neighbours z of x and y: each triangle x < y < z once.
      let n = 0;
      for (const xs of ix.forward.values()) {
        for (const y of xs) {
          const ys = ix.forward.get(y);
          if (!ys) continue;
          let i = 0;
          let j = 0;
          while (i < xs.length && j < ys.length) {
            if (xs[i] < ys[j]) i++;
            else if (xs[i] > ys[j]) j++;
            else (n++, i++, j++);
          }
        }
      }
      return [[n]];
    }
    case 'Q6': {
      const ids = new Set<number>();
      for (const x of ix.positionsByOrg.get(p.org) ?? []) if (x.start > p.afterYear) ids.add(x.personId);
      return [...ids].map((id) => [id, (ix.persons.get(id) as Person).name]);
    }
    case 'Q7': {
      const continent = named(ix, p.continent, 'continent');
      if (!continent) return [];
      return below(ix, continent.id).map((id) => {
        const l = ix.locations.get(id) as Location;
        return [l.id, l.name, l.type];
      });
    }
  }
}
