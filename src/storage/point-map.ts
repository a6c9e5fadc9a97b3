/**
 * point-map.ts — a hash map beside the memory engine's latest committed tree, for exact-key
 * gets (a primary-key lookup, a unique-index probe, a foreign-key check).
 *
 * A B+tree get compares the key with a few dozen stored keys, each a separate heap string: on
 * a large tree that is a cache miss per comparison. A Map finds the key by its hash. The map
 * describes exactly one tree — the engine's latest — so it serves reads whose snapshot is
 * that tree object (autocommit statements, and any transaction begun since the last commit);
 * older snapshots use the tree.
 *
 * It costs memory and a little per committed write, so it exists only once gets have asked
 * for it: it is built when the gets answered by the tree since the last build reach a
 * fraction of the tree's size (the build, linear in the size, is then paid for by the gets
 * it will speed up), and from then on every commit keeps it in step.
 */
import type { Value } from '../common/values.js';
import { treeGet, type BTree, type SKey } from './btree.js';

/** Built once the gets the tree answered reach size / BUILD_RATIO. */
const BUILD_RATIO = 16;
/** A commit of at least this many keys (and size / BUILD_RATIO) drops the map instead of feeding it. */
export const BULK_WRITES = 4096;

export class PointMap {
  private map: Map<SKey, Value> | null = null;
  private treeGets = 0;

  /** get answers an exact-key read of `latest`, the tree this map follows. */
  get(latest: BTree<SKey, Value>, key: SKey): Value | undefined {
    const map = this.map;
    if (map !== null) return map.get(key);
    if (++this.treeGets * BUILD_RATIO >= latest.size) {
      this.build(latest);
      return this.map!.get(key);
    }
    return treeGet(latest, key);
  }

  /**
   * forgetIfBulk drops the map before a bulk commit (a load, an index build) of `writes` keys
   * onto a tree of `size` keys: keeping it in step would cost about what a rebuild does, which
   * gets may never ask for. Gets then count from zero again toward a rebuild.
   */
  forgetIfBulk(writes: number, size: number): void {
    if (this.map !== null && writes >= BULK_WRITES && writes * BUILD_RATIO >= size) {
      this.map = null;
      this.treeGets = 0;
    }
  }

  /** forget drops the map (a commit rebuilt the tree wholesale). */
  forget(): void {
    this.map = null;
    this.treeGets = 0;
  }

  get built(): boolean {
    return this.map !== null;
  }

  /** set records a committed write (no-op until built). */
  set(key: SKey, value: Value): void {
    this.map?.set(key, value);
  }

  /** delete records a committed delete (no-op until built). */
  delete(key: SKey): void {
    this.map?.delete(key);
  }

  /** clearRange records a committed range delete: `before` is the tree the range is deleted from. */
  clearRange(before: BTree<SKey, Value>, begin: SKey, end: SKey): void {
    const map = this.map;
    if (map === null) return;
    before.forRange(begin, end, false, (k) => void map.delete(k));
  }

  private build(tree: BTree<SKey, Value>): void {
    const map = new Map<SKey, Value>();
    tree.forEachPair((k, v) => void map.set(k, v));
    this.map = map;
  }
}
