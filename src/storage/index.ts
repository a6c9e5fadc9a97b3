/**
 * index.ts — the storage layer's public surface (see README.md in this folder):
 * the KV contract and its memory engine, the tuple key encoding, the value codec, the value
 * order, and the relation layer (catalog, rows, indexes, statistics) over any engine.
 */
export type * from './kv.js';
export type * from './relations.js';
export { createMemoryEngine, MemoryEngine } from './memory.js';
export { openStore } from './store.js';
export {
  compareKeys,
  concatKeys,
  decodeKey,
  decodeKeyComponent,
  encodeKey,
  keyAfter,
  KEY_MAX,
  KEY_MIN,
  KeyWriter,
  prefixEnd,
  prefixRange,
  skipKeyComponents,
} from './keys.js';
export { decodeValue, encodeValue } from './codec.js';
export { compareBytes, compareNumeric, compareStrings, compareValues, sortedMapKeys, typeRank } from './compare.js';
