/**
 * SQLite's sqllogictest index/ sample (between, delete, in, orderby, random, view on indexed
 * tables of 1–1000 rows) through polyglotdb's SQL front end, against
 * sqllogictest-index-passing.json (see slt-suite.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sltScripts, sltSuite } from './slt-suite.js';

const here = path.dirname(fileURLToPath(import.meta.url));

sltSuite('sqllogictest index/', sltScripts('index'), path.join(here, 'sqllogictest-index-passing.json'));
