/**
 * A persistent map from strings to values, built for the fold. Keys are spread by hash over
 * shards, each a native Map; a change copies only the shard it touches (and the shard table), so
 * one event changes one account of an organisation without copying the organisation. Under an
 * `Edit` (a transient session), the shards and tables the session created are changed in place:
 * a bulk fold then costs what a native Map costs, and nobody sees the in-between versions because
 * the session owns them. The session does not split its shards as they grow (a fold from nothing
 * keeps one native Map of up to a million keys: no hashing of its own, no indirection); the first
 * change made outside the session splits them to `shardSizeMax`, so that every change after it
 * copies a small shard.
 */

/** A transient session: structures created under an open edit may be changed in place by it. */
export interface Edit {
  open: boolean;
}

/** Opens a transient session. Close it (`edit.open = false`) before the result is shared. */
export const openEdit = (): Edit => ({ open: true });

/** FNV-1a, 32 bits. */
export const hashString = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

/** Entries per shard, at most, once a change is made outside the session that filled the map. */
const shardSizeMax = 512;

/**
 * Entries per shard, at most, while the session that owns the map fills it: well below what a native
 * Map holds (2^24), well above what most maps reach.
 */
const ownedShardSizeMax = 1 << 20;

/** True when `edit` is open and made what `owner` names: it may then change that in place. */
export const owns = (owner: Edit | null, edit: Edit | null): boolean => edit !== null && edit.open && owner === edit;

/**
 * A persistent map from strings to values.
 * @example
 * const a = PMap.empty<number>().set('x', 1);
 * const b = a.set('x', 2); // a.get('x') === 1, b.get('x') === 2
 */
export class PMap<V> {
  private constructor(
    private shards: Map<string, V>[],
    /** Which shards the owner edit created (it may change those in place). */
    private shardOwners: (Edit | null)[],
    private count: number,
    private readonly owner: Edit | null,
  ) {}

  private static readonly EMPTY = new PMap<never>([new Map<string, never>()], [null], 0, null);

  /** The empty map. */
  static empty<V>(): PMap<V> {
    return PMap.EMPTY;
  }

  /** A map of the given entries (later keys win). */
  static of<V>(entries: Iterable<readonly [string, V]>): PMap<V> {
    const edit = openEdit();
    let m = PMap.empty<V>();
    for (const [k, v] of entries) m = m.set(k, v, edit);
    edit.open = false;
    return m;
  }

  /** The number of keys. */
  get size(): number {
    return this.count;
  }

  // The last key hashed, and its hash: a get followed by a set of the same key hashes once.
  private lastKey: string | undefined = undefined;
  private lastHash = 0;

  private shardOf(key: string): number {
    if (this.shards.length === 1) return 0;
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastHash = hashString(key);
    }
    return this.lastHash & (this.shards.length - 1);
  }

  /** The value at `key`, or undefined. */
  get(key: string): V | undefined {
    return (this.shards[this.shardOf(key)] as Map<string, V>).get(key);
  }

  /** True when the map holds `key`. */
  has(key: string): boolean {
    return (this.shards[this.shardOf(key)] as Map<string, V>).has(key);
  }

  /** A version of this map that `edit` may change in place (this one, if the edit owns it). */
  private writable(edit: Edit | null): PMap<V> {
    if (owns(this.owner, edit)) return this;
    return new PMap(this.shards.slice(), this.shardOwners.map(() => null), this.count, edit);
  }

  /** The shard `i` of a writable map, made the edit's own. */
  private writableShard(i: number, edit: Edit | null): Map<string, V> {
    const shard = this.shards[i] as Map<string, V>;
    if (owns(this.shardOwners[i] ?? null, edit)) return shard;
    const copy = new Map(shard);
    this.shards[i] = copy;
    this.shardOwners[i] = edit;
    return copy;
  }

  /** Splits the shards into 8 times as many (the edit owns the new ones). */
  private grow(edit: Edit | null): void {
    this.reshard(this.shards.length * 8, edit);
  }

  /**
   * Splits shards that a session let grow past their persistent size, which the first change outside
   * that session does anyway before it copies one of them; call it to pay that cost at a time of your
   * choosing (a server, once it has loaded its history). Only the layout changes (new shard Maps, the
   * old ones untouched): every version that shares them reads the same entries as before.
   */
  settle(): void {
    let n = this.shards.length;
    while (this.count > n * shardSizeMax) n *= 8;
    if (n > this.shards.length) this.reshard(n, null);
  }

  private reshard(n: number, edit: Edit | null): void {
    const shards: Map<string, V>[] = [];
    for (let i = 0; i < n; i++) shards.push(new Map<string, V>());
    for (const shard of this.shards) for (const [k, v] of shard) (shards[hashString(k) & (n - 1)] as Map<string, V>).set(k, v);
    this.shards = shards;
    this.shardOwners = shards.map(() => edit);
  }

  /**
   * The map with `key` set to `value`. Under an open `edit`, structures owned by it change in
   * place: the previous version is then no longer to be read (the edit's owner never shows it).
   */
  set(key: string, value: V, edit: Edit | null = null): PMap<V> {
    if (owns(this.owner, edit)) {
      // The edit's own map: its own shards change in place (one native operation), others are copied once.
      const i = this.shardOf(key);
      const shard = this.writableShard(i, edit);
      const before = shard.size;
      shard.set(key, value);
      if (shard.size > before) {
        this.count += 1;
        if (this.count > this.shards.length * ownedShardSizeMax) this.grow(edit);
      }
      return this;
    }
    this.settle();
    const i = this.shardOf(key);
    const shard = this.shards[i] as Map<string, V>;
    const old = shard.get(key);
    if (old === value && old !== undefined) return this;
    const had = old !== undefined || shard.has(key);
    const m = this.writable(edit);
    m.writableShard(i, edit).set(key, value);
    if (!had) {
      m.count += 1;
      if (m.count > m.shards.length * shardSizeMax) m.grow(edit);
    }
    return m;
  }

  /** The map without `key`. */
  delete(key: string, edit: Edit | null = null): PMap<V> {
    if (!owns(this.owner, edit)) this.settle();
    const i = this.shardOf(key);
    if (!(this.shards[i] as Map<string, V>).has(key)) return this;
    const m = this.writable(edit);
    m.writableShard(i, edit).delete(key);
    m.count -= 1;
    return m;
  }

  /** The entries, in an order that depends on how the map was built (sort them where order matters). */
  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) yield* shard.entries();
  }

  /** The values, in the order of `entries`. */
  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  /** The keys, in the order of `entries`. */
  *keys(): IterableIterator<string> {
    for (const shard of this.shards) yield* shard.keys();
  }
}
