/**
 * The shared workload (people and places, WORKLOAD.md): a deterministic generator, its
 * mappings to every data model, loaders into a Database, the seven questions in every language
 * and a hand-written JavaScript baseline.
 */
export { generate, generateLocations, CURRENT_YEAR, PERSONS_PER_SF } from './generate.js';
export type { Workload, Location, Person, Knows, Position, Education, ContactInfo } from './records.js';
export { toTables, toCsv, insertSql, TABLE_DDL, INDEX_DDL, type Table, type Cell } from './relational.js';
export { triples, toNTriples, EX } from './rdf.js';
export { facts, toDatalog, ONGOING } from './datalog.js';
export { personDocuments, locationDocuments, toJsonl } from './documents.js';
export { loadSql, loadTriples, loadDatalog } from './load.js';
export { chooseParams, questions, canonicalRows, termValue, type Question, type QuestionId, type QuestionParams, type QuestionLanguage } from './questions.js';
export { index as indexWorkload, answer as baselineAnswer, type Indexed } from './baseline.js';
