import { Edit, owns } from './pmap';

/**
 * Persistent views over shared arrays, for the ledger's append-mostly data (an account's queue of
 * open lots, the agenda's days; an account's lines and expiry windows are blocks of a `BlockArena`).
 * A view fixes its own bounds; appending past the end of the shared array happens in place (no older
 * view can see it), and anything else copies. So the common case costs O(1) amortised and every
 * version stays readable.
 */

/** Below this length a `Vec` is copied to an array of its exact size instead of grown. */
const smallLength = 16;

/** The first `length` items of `arr` and `item`, in a new array of exactly that size. */
const appended = <T>(arr: readonly T[], length: number, item: T): T[] => {
  const out = new Array<T>(length + 1);
  for (let i = 0; i < length; i++) out[i] = arr[i] as T;
  out[length] = item;
  return out;
};

/** Room for `n` items in a new array of a growing vector: exact for one or two, else half as many again. */
const roomFor = (n: number): number => (n <= 2 ? n : Math.ceil(n * 1.5));

/**
 * An append-only persistent vector.
 * @example const a = Vec.empty<number>().push(1); const b = a.push(2); // a.length === 1
 */
export class Vec<T> {
  // Accounts are many and most of their vectors are empty: they share this one (never written: see `push`).
  private static readonly none: Vec<never> = new Vec<never>([], 0);

  private constructor(
    private readonly arr: T[],
    /** The number of items in this version. */
    readonly length: number,
  ) {}

  /** The empty vector (one shared instance: appending to it starts a new array). */
  static empty<T>(): Vec<T> {
    return Vec.none;
  }

  /** A vector of the given items. */
  static of<T>(items: readonly T[]): Vec<T> {
    return new Vec(items.slice(), items.length);
  }

  /** This version with `item` appended. */
  push(item: T): Vec<T> {
    // Most vectors stay short (an account's lines): those are copied to an array of their exact size,
    // since an array grown in place keeps room for 16 more items; longer ones grow in place.
    if (this.length < smallLength) return new Vec(appended(this.arr, this.length, item), this.length + 1);
    if (this.arr.length === this.length) {
      this.arr.push(item);
      return new Vec(this.arr, this.length + 1);
    }
    const arr = this.arr.slice(0, this.length);
    arr.push(item);
    return new Vec(arr, this.length + 1);
  }

  /** The item at `i` (0 <= i < length). */
  at(i: number): T {
    if (i < 0 || i >= this.length) throw new RangeError(`index ${i} out of 0..${this.length - 1}`);
    return this.arr[i] as T;
  }

  /** The last item, or undefined when empty. */
  last(): T | undefined {
    return this.length === 0 ? undefined : this.arr[this.length - 1];
  }

  /**
   * The number of leading items for which `pred` holds, for a predicate that holds on a prefix
   * (binary search, O(log n)).
   */
  countWhile(pred: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(this.arr[mid] as T)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Items from `from` (inclusive) to `to` (exclusive). */
  *slice(from = 0, to = this.length): IterableIterator<T> {
    const end = Math.min(to, this.length);
    for (let i = Math.max(0, from); i < end; i++) yield this.arr[i] as T;
  }

  /** A copy of the items as an array. */
  toArray(): T[] {
    return this.arr.slice(0, this.length);
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.slice();
  }
}

/**
 * A persistent sorted queue: items kept in the order of `compare`, taken from the front.
 * Appending in order and dropping from the front cost O(1) amortised; an insertion elsewhere copies.
 * Its items live in a shared array whose slot 0 counts the slots written (as a `BlockArena` block's header does):
 * a version appends in place while it ends where the array's writing ended and there is room.
 * Under an `Edit` that made it, a queue object takes its new bounds itself instead of making a new
 * object (the slots it shares with other versions are never rewritten: a change inside them copies).
 */
export class SortedQueue<T> {
  // Most accounts' queues are empty: they share this one (never written: see `insert`).
  private static readonly none: SortedQueue<never> = new SortedQueue<never>([1], 1, 1, null);

  private constructor(
    /** Slot 0: one past the last slot written; the items from slot 1. */
    private arr: (T | number)[],
    private start: number,
    private end: number,
    /** The edit that made this queue object: while it is open, it may change the object's bounds. */
    private readonly owner: Edit | null,
  ) {}

  /** The queue of `arr` from `start` to `end`: this object itself when `edit` owns it. */
  private withBounds(arr: (T | number)[], start: number, end: number, edit: Edit | null): SortedQueue<T> {
    if (!owns(this.owner, edit)) return new SortedQueue(arr, start, end, edit);
    this.arr = arr;
    this.start = start;
    this.end = end;
    return this;
  }

  /** The empty queue (one shared instance: inserting into it starts a new array). */
  static empty<T>(): SortedQueue<T> {
    return SortedQueue.none;
  }

  /** The number of items. */
  get size(): number {
    return this.end - this.start;
  }

  /** The first item, or undefined. */
  first(): T | undefined {
    return this.start < this.end ? (this.arr[this.start] as T) : undefined;
  }

  /** The item `i` places from the front (0: the first), or undefined beyond the last. */
  nth(i: number): T | undefined {
    return i >= 0 && this.start + i < this.end ? (this.arr[this.start + i] as T) : undefined;
  }

  /**
   * This queue with `item` in its place by `compare` (after equal items). Under an open `edit` that
   * made this queue object, the object itself changes: the previous version is then no longer to be read.
   */
  insert(item: T, compare: (a: T, b: T) => number, edit: Edit | null = null): SortedQueue<T> {
    let lo = this.start;
    let hi = this.end;
    // Most items go last (a new lot expires after the older ones): one comparison, not a search
    // that reads log n items (each a cache miss when items are objects).
    if (lo < hi && compare(this.arr[hi - 1] as T, item) <= 0) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.arr[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    // At the end of the array's writing, with room, and not mostly dropped items: in place.
    if (lo === this.end && this.arr[0] === this.end && this.arr.length > this.end && this.start - 1 <= this.end - this.start + 16) {
      this.arr[this.end] = item;
      this.arr[0] = this.end + 1;
      return this.withBounds(this.arr, this.start, this.end + 1, edit);
    }
    return this.copied(lo, item, edit);
  }

  /** The items with `item` at `at` (or none), in a new array with room to grow. */
  private copied(at: number, item: T, edit: Edit | null): SortedQueue<T> {
    const size = this.end - this.start + 1;
    const out = new Array<T | number>(1 + roomFor(size));
    out[0] = 1 + size;
    let k = 1;
    for (let i = this.start; i < at; i++) out[k++] = this.arr[i] as T;
    out[k++] = item;
    for (let i = at; i < this.end; i++) out[k++] = this.arr[i] as T;
    return this.withBounds(out, 1, 1 + size, edit);
  }

  /** True when an item equal by `compare` to `probe` is in the queue (binary search). */
  includes(probe: T, compare: (a: T, b: T) => number): boolean {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(this.arr[mid] as T, probe);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }

  /**
   * This queue with `next` in the place of `old` (found by identity among the items equal to it by
   * `compare`; `next` must compare equal to it). This queue itself when `old` is not in it. The items are
   * copied (other versions may share them); under an edit that made this queue object, it takes the copy.
   */
  replace(old: T, next: T, compare: (a: T, b: T) => number, edit: Edit | null = null): SortedQueue<T> {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.arr[mid] as T, old) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.end && compare(this.arr[i] as T, old) === 0; i++) {
      if (this.arr[i] !== old) continue;
      const arr = [this.end - this.start + 1, ...(this.arr.slice(this.start, this.end) as T[])];
      arr[1 + i - this.start] = next;
      return this.withBounds(arr, 1, arr.length, edit);
    }
    return this;
  }

  /** This queue without its first `n` items (under an edit that made this queue object: the object itself). */
  dropFront(n: number, edit: Edit | null = null): SortedQueue<T> {
    if (n <= 0) return this;
    return this.withBounds(this.arr, Math.min(this.start + n, this.end), this.end, edit);
  }

  /** This queue without the items at its front for which `pred` holds (as `dropFront`). */
  dropWhile(pred: (item: T) => boolean, edit: Edit | null = null): SortedQueue<T> {
    let n = 0;
    while (this.start + n < this.end && pred(this.arr[this.start + n] as T)) n++;
    return this.dropFront(n, edit);
  }

  /** The items, front first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.start; i < this.end; i++) yield this.arr[i] as T;
  }

  /** A copy of the items as an array, front first. */
  toArray(): T[] {
    return this.arr.slice(this.start, this.end) as T[];
  }
}
