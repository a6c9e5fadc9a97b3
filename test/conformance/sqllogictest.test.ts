/**
 * SQLite's sqllogictest scripts select1–5 and evidence/ through polyglotdb's SQL front end,
 * against sqllogictest-passing.json (see slt-suite.ts; index/ and random/ have their own files).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sltScripts, sltSuite } from './slt-suite.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const select = [1, 2, 3, 4, 5].map((n) => `select${n}.test`);
const files = sltScripts('evidence').length > 0 ? [...select, ...sltScripts('evidence')] : [];

sltSuite('sqllogictest', files, path.join(here, 'sqllogictest-passing.json'));
