/** Numbers per page of a `BlockArena` (a block larger than that gets a page of its own size). */
const pageSlots = 1 << 14;
/** A block's address is its page's index times this, plus its first slot in the page. */
const addressSpan = 2 ** 26;
const addressMask = addressSpan - 1;
/** A block's header: the count of rows written into it, then its capacity in rows. */
const headerSlots = 2;

/** The address of no block (a vector without rows). */
export const noBlock = -1;

/** The most rows of `stride` numbers one block holds (its slots stay below `addressSpan`). */
export const blockRowsMax = (stride: number): number => Math.floor((addressSpan - headerSlots) / stride) - 1;

/** Capacity of the block that takes over from a full one of `n` rows (or none): two, then half as many again. */
const capacityAfter = (n: number): number => (n < 2 ? 2 : Math.ceil(n * 1.5));

/** Where an arena stood when `BlockArena.mark` was called (see there). */
export interface ArenaMark {
  readonly pages: number;
  readonly used: number;
  readonly logged: number;
}

/**
 * Append-only storage for many small persistent vectors of numeric rows (an account's lines, its expiry
 * windows), out of the garbage collector's way: pages of `Float64Array` (decision 110). A vector is a
 * block: a header of two numbers (the count of rows written into the block, its capacity), then its rows
 * of `stride` numbers. A version of a vector is a block's address and a row count. A version of `n` rows
 * appends in place when the block's written count is `n` (no other version appended past it) and there is
 * room; otherwise its rows move to a new block with room for half as many again (O(log n) moves per
 * vector: the rule by which decision 98 grew a shared array per vector), unless the row it would write is
 * there already, written by another version: then it shares it. A row's slots are written once
 * while a version that reads them may live, so every version reads what it wrote, whatever other versions
 * append later; a block left behind by a move, or written by a version nobody keeps, is not reused (unless
 * a mark is undone: see `mark`). One arena serves every version folded from one start.
 * @example
 * const arena = BlockArena.create();
 * const a = arena.append(noBlock, 0, 2, 5, 7); // one row: 5, 7
 * arena.get(a, 2, 0, 1) // 7
 */
export class BlockArena {
  private readonly pages: Float64Array[] = [];
  /** Slots used in the last page. */
  private used = 0;
  /** While a mark is open: per in-place append, the block's address and its written count before it. */
  private readonly undoLog: number[] = [];
  /** The marks open, the last opened last: only that one may be closed. */
  private readonly openMarks: ArenaMark[] = [];

  private constructor() {}

  /** A new, empty arena. */
  static create(): BlockArena {
    return new BlockArena();
  }

  /** The number of slots in use, moved blocks included (for measurements and tests). */
  get slotsUsed(): number {
    let n = 0;
    for (let i = 0; i < this.pages.length - 1; i++) n += (this.pages[i] as Float64Array).length;
    return n + this.used;
  }

  /**
   * Marks where the arena stands, so that what is appended after it can be undone (`undo`) when the
   * versions that appended are all dropped, or kept (`keep`). A version that is dropped otherwise leaves its
   * in-place appends behind: the next append of the version it came from then moves that vector's rows (as a
   * fork would), and the slots left behind are not reused. A server that decides a command on a draft and
   * drops it (a refusal, a check that appends nothing) marks and undoes, so that deciding again and again
   * does not grow the arena. Marks nest; each is closed once, the last opened first.
   */
  mark(): ArenaMark {
    const m = { pages: this.pages.length, used: this.used, logged: this.undoLog.length };
    this.openMarks.push(m);
    return m;
  }

  /** Closes `m`, keeping what was appended since. */
  keep(m: ArenaMark): void {
    this.close(m);
    if (this.openMarks.length === 0) this.undoLog.length = 0;
  }

  /**
   * Closes `m` and undoes every append since it: the written counts of the blocks appended to in place are
   * restored and the blocks made since are freed. Only when no version that appended since is kept.
   */
  undo(m: ArenaMark): void {
    this.close(m);
    for (let i = this.undoLog.length - 2; i >= m.logged; i -= 2) {
      const address = this.undoLog[i] as number;
      (this.pages[(address / addressSpan) | 0] as Float64Array)[address & addressMask] = this.undoLog[i + 1] as number;
    }
    this.undoLog.length = m.logged;
    this.pages.length = m.pages;
    this.used = m.used;
  }

  /** Closes `m` when it is the last mark opened and still open; a `RangeError` otherwise, and nothing changes. */
  private close(m: ArenaMark): void {
    if (this.openMarks[this.openMarks.length - 1] !== m) throw new RangeError('an arena mark closed twice, out of order, or of another arena');
    this.openMarks.pop();
  }

  /**
   * The address of a block holding the `count` rows of block `address` (`noBlock` when `count` is 0) and
   * then a row of `stride` numbers (2 or 3: `a`, `b` and, for 3, `c`): `address` itself when the row was
   * appended in place, or was there already (another version wrote the same numbers there). A `RangeError`
   * beyond `blockRowsMax(stride)` rows.
   */
  append(address: number, count: number, stride: 2 | 3, a: number, b: number, c = 0): number {
    let to = address;
    let page: Float64Array | undefined;
    let at = 0;
    if (count > 0) {
      page = this.pages[(address / addressSpan) | 0] as Float64Array;
      at = address & addressMask;
      const written = page[at] as number;
      if (written === count && count < (page[at + 1] as number)) {
        if (this.openMarks.length > 0) this.undoLog.push(address, count);
      } else {
        // Another version wrote row `count` already: the same numbers are this version's row too (a store
        // folds again the events its server decided on a draft of the same state), other numbers move.
        if (written > count && this.rowIs(address, stride, count, a, b, c)) return address;
        page = undefined;
      }
    }
    if (page === undefined) {
      to = this.moved(address, count, stride);
      page = this.pages[(to / addressSpan) | 0] as Float64Array;
      at = to & addressMask;
    }
    page[at] = count + 1;
    const k = at + headerSlots + stride * count;
    page[k] = a;
    page[k + 1] = b;
    if (stride === 3) page[k + 2] = c;
    return to;
  }

  /** Number `field` of row `row` of block `address`, whose rows have `stride` numbers (the caller keeps within its version's rows). */
  get(address: number, stride: number, row: number, field: number): number {
    return (this.pages[(address / addressSpan) | 0] as Float64Array)[(address & addressMask) + headerSlots + stride * row + field] as number;
  }

  /** True when row `row` of block `address` holds `a`, `b` and, for a stride of 3, `c` (exactly: -0 is not 0). */
  private rowIs(address: number, stride: number, row: number, a: number, b: number, c: number): boolean {
    return (
      Object.is(this.get(address, stride, row, 0), a) && Object.is(this.get(address, stride, row, 1), b) && (stride === 2 || Object.is(this.get(address, stride, row, 2), c))
    );
  }

  /** A new block with room for more than `count` rows, holding the `count` rows of block `address`. */
  private moved(address: number, count: number, stride: number): number {
    const max = blockRowsMax(stride);
    if (count >= max) throw new RangeError(`a block holds at most ${max} rows of ${stride} numbers`);
    const capacity = Math.min(capacityAfter(count), max);
    const size = headerSlots + stride * capacity;
    let last = this.pages.length - 1;
    if (last < 0 || this.used + size > (this.pages[last] as Float64Array).length) {
      this.pages.push(new Float64Array(Math.max(pageSlots, size)));
      this.used = 0;
      last += 1;
    }
    const page = this.pages[last] as Float64Array;
    const at = this.used;
    this.used += size;
    page[at + 1] = capacity;
    if (count > 0) {
      const from = this.pages[(address / addressSpan) | 0] as Float64Array;
      const start = (address & addressMask) + headerSlots;
      page.set(from.subarray(start, start + stride * count), at + headerSlots);
    }
    return last * addressSpan + at;
  }
}
