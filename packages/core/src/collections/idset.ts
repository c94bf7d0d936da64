/**
 * A persistent set of ids (the events a state has folded) that a bulk fold fills without hashing:
 * an id the caller knows is fresh (on no event before it: a fold of valid events, a history whose
 * decoder saw every line) is listed, not indexed, and the index takes the listed ids the first time
 * the set is asked whether it holds an id. A replay that is never asked never builds the index
 * (decision 104).
 */
import { Edit, PMap, openEdit, owns } from './pmap';
import { HasCanonicalForm } from './canonical';

/**
 * A persistent set of strings: `add` returns a new version and leaves the old one as it was. Under an
 * `Edit` that made a version, adds change that version in place (as `PMap` does).
 * @example
 * const a = IdSet.empty().add('e1');
 * const b = a.add('e2', null, true); // a.has('e2') === false, b.has('e2') === true
 */
export class IdSet implements HasCanonicalForm {
  private static readonly EMPTY = new IdSet(PMap.empty<true>(), [], null);

  private constructor(
    /** The ids that are indexed. */
    private indexed: PMap<true>,
    /** Ids in none of `indexed`, listed as they came: this version's own array, never shared with another. */
    private listed: string[],
    /** The edit that made this version: while it is open, adds change the version itself. */
    private readonly owner: Edit | null,
  ) {}

  /** The empty set (one shared instance). */
  static empty(): IdSet {
    return IdSet.EMPTY;
  }

  /** The number of ids. */
  get size(): number {
    return this.indexed.size + this.listed.length;
  }

  /** True when the set holds `id` (indexes the listed ids first, once). */
  has(id: string): boolean {
    this.index();
    return this.indexed.has(id);
  }

  /**
   * The set with `id` added. `fresh`: the caller knows `id` is not in the set, and it is then listed
   * without being looked up or indexed (a fresh id that is in the set after all would be counted twice:
   * only say so of an id that was checked). Under an open `edit` that made this version, the version
   * itself changes: the previous one is then no longer to be read.
   */
  add(id: string, edit: Edit | null = null, fresh = false): IdSet {
    if (owns(this.owner, edit)) {
      if (fresh) this.listed.push(id);
      else {
        this.index();
        this.indexed = this.indexed.set(id, true, edit);
      }
      return this;
    }
    this.index();
    if (fresh) return new IdSet(this.indexed, [id], edit);
    const indexed = this.indexed.set(id, true, edit);
    return indexed === this.indexed ? this : new IdSet(indexed, [], edit);
  }

  /** The ids, in an order that depends on how the set was built (sort them where order matters). */
  *keys(): IterableIterator<string> {
    yield* this.indexed.keys();
    yield* this.listed;
  }

  /**
   * Indexes the listed ids and splits the index's shards (`PMap.settle`): what the first lookup and the
   * first change would do, at a time of the caller's choosing. What the set holds does not change.
   */
  settle(): void {
    this.index();
    this.indexed.settle();
  }

  /** The ids as a set: how they were added (listed or indexed) does not show. */
  canonicalForm(): unknown {
    return new Set(this.keys());
  }

  /**
   * Moves the listed ids into the index. The set holds the same ids before and after, so a version
   * that is shared (its edit closed) may do it too: only its layout changes, as `PMap.settle` does.
   */
  private index(): void {
    const n = this.listed.length;
    if (n === 0) return;
    const edit = this.owner !== null && this.owner.open ? this.owner : openEdit();
    let indexed = this.indexed;
    for (let i = 0; i < n; i++) indexed = indexed.set(this.listed[i] as string, true, edit);
    if (edit !== this.owner) edit.open = false;
    this.indexed = indexed;
    this.listed = [];
  }
}
