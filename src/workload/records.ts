/**
 * records.ts — the workload's data as plain records, before any data model sees it. Every
 * model (SQL rows, RDF triples, Datalog facts, JSON documents) is a mapping of these.
 */

export type LocationType = 'continent' | 'country' | 'region' | 'city';

export interface Location {
  id: number;
  name: string;
  type: LocationType;
  /** The parent's id; null for continents. */
  within: number | null;
}

export interface Position {
  title: string;
  org: string;
  start: number;
  /** null while the position is still held. */
  end: number | null;
}

export interface Education {
  school: string;
  start: number;
  end: number;
}

/** Contact details: every field optional, so résumé documents differ in shape. */
export interface ContactInfo {
  email?: string;
  phone?: string;
  website?: string;
  twitter?: string;
}

export interface Person {
  id: number;
  name: string;
  birthYear: number;
  /** A city id. */
  bornIn: number;
  /** A city id. */
  livesIn: number;
  positions: Position[];
  education: Education[];
  contactInfo: ContactInfo;
}

/** One KNOWS pair, stored once with a < b; direction means nothing. */
export interface Knows {
  a: number;
  b: number;
  since: number;
}

export interface Workload {
  sf: number;
  seed: number;
  locations: Location[];
  persons: Person[];
  knows: Knows[];
}
