/**
 * SQLite's sqllogictest random/ sample (generated aggregates, expressions, GROUP BY and
 * SELECT queries) through polyglotdb's SQL front end, against
 * sqllogictest-random-passing.json (see slt-suite.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sltScripts, sltSuite } from './slt-suite.js';

const here = path.dirname(fileURLToPath(import.meta.url));

sltSuite('sqllogictest random/', sltScripts('random'), path.join(here, 'sqllogictest-random-passing.json'));
