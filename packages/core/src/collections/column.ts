import { Edit, owns } from './pmap';

/**
 * A persistent column: rows of one kind of value (numbers in typed arrays, or any values in plain
 * arrays), in pages of `pageRows` rows. A change copies the page it touches (and the page table),
 * once per edit: under an `Edit` (a transient session), the pages and tables the session created or
 * copied are changed in place, so a bulk fold writes a row for what a typed array costs and nobody
 * sees the in-between versions. A version fixes its own length: rows pushed by a later version are
 * invisible to it. It is the storage of the ledger over integer handles (rows instead of objects:
 * nothing for the collector to trace or copy, a row read at a known place instead of a lookup).
 */

/** Rows per page (a power of two). */
export const pageRows = 1024;
const pageShift = 10;
const pageMask = pageRows - 1;

/** Storage of one page: a typed array or a plain array, indexed by row within the page. */
export interface Page<T> {
  [row: number]: T;
  readonly length: number;
}

/** How a kind of column makes and copies its pages. */
export interface ColumnKind<T> {
  readonly name: string;
  /** A page of `pageRows` rows, every row `fill`. */
  readonly make: (fill: T) => Page<T>;
  readonly copy: (page: Page<T>) => Page<T>;
}

const typed = <A extends Page<number>>(name: string, of: (n: number) => A, copy: (a: A) => A): ColumnKind<number> => ({
  name,
  make: (fill) => {
    const page = of(pageRows);
    if (fill !== 0) (page as unknown as { fill(v: number): void }).fill(fill);
    return page;
  },
  copy: (page) => copy(page as A),
});

/** The kinds of columns: doubles (exact integers up to 2^53, NaN as "none"), 32-bit integers, bytes, and any values. */
export const columnKinds = {
  float64: typed('float64', (n) => new Float64Array(n), (a) => a.slice()),
  int32: typed('int32', (n) => new Int32Array(n), (a) => a.slice()),
  uint8: typed('uint8', (n) => new Uint8Array(n), (a) => a.slice()),
  /** Any values, in plain arrays (one kind per element type: `objects<T>()`). */
  objects: <T>(): ColumnKind<T> => ({
    name: 'objects',
    make: (fill) => new Array<T>(pageRows).fill(fill),
    copy: (page) => (page as T[]).slice(),
  }),
} as const;

/**
 * A persistent column of rows.
 * @example
 * const a = Column.empty(columnKinds.float64, 0).push(5);
 * const b = a.set(0, 7); // a.get(0) === 5, b.get(0) === 7
 */
export class Column<T> {
  private constructor(
    private readonly kind: ColumnKind<T>,
    /** What a row holds before it is written (and what `push` room is filled with). */
    private readonly fill: T,
    private pages: Page<T>[],
    /** Which pages the owner edit created or copied (it may change those in place). */
    private pageOwners: (Edit | null)[],
    private count: number,
    private readonly owner: Edit | null,
  ) {}

  /** A column without rows, of `kind`, whose unwritten rows read `fill`. */
  static empty<T>(kind: ColumnKind<T>, fill: T): Column<T> {
    return new Column(kind, fill, [], [], 0, null);
  }

  /** The number of rows in this version. */
  get length(): number {
    return this.count;
  }

  /** Row `i` (0 <= i < length). */
  get(i: number): T {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`row ${i} out of 0..${this.count - 1}`);
    return (this.pages[i >>> pageShift] as Page<T>)[i & pageMask] as T;
  }

  /**
   * This version with row `i` (0 <= i < length) set to `value`. Under an open `edit` that made this
   * version, it changes in place: the previous version is no longer to be read.
   */
  set(i: number, value: T, edit: Edit | null = null): Column<T> {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`row ${i} out of 0..${this.count - 1}`);
    const p = i >>> pageShift;
    if ((this.pages[p] as Page<T>)[i & pageMask] === value) return this;
    const c = this.writable(edit);
    c.writablePage(p, edit)[i & pageMask] = value;
    return c;
  }

  /** This version with a row appended (its index is the old length). In place under the edit that made it, as `set`. */
  push(value: T, edit: Edit | null = null): Column<T> {
    const c = this.writable(edit);
    const i = c.count;
    const p = i >>> pageShift;
    if (p === c.pages.length) {
      // A new page: no other version reads it.
      const page = c.kind.make(c.fill);
      page[0] = value;
      c.pages.push(page);
      c.pageOwners.push(edit);
    } else c.writablePage(p, edit)[i & pageMask] = value;
    c.count = i + 1;
    return c;
  }

  /** The rows, first to last. */
  *values(): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield (this.pages[i >>> pageShift] as Page<T>)[i & pageMask] as T;
  }

  /** A version of this column that `edit` may change in place (this one, if the edit owns it). */
  private writable(edit: Edit | null): Column<T> {
    if (owns(this.owner, edit)) return this;
    return new Column(this.kind, this.fill, this.pages.slice(), this.pages.map(() => null), this.count, edit);
  }

  /**
   * Page `p` of a writable column, made the edit's own. A page shared with other versions is copied:
   * a version that pushes into a page another version also reads (its last, partly written page) must
   * not write rows that version could read after a `push` of its own.
   */
  private writablePage(p: number, edit: Edit | null): Page<T> {
    const page = this.pages[p] as Page<T>;
    if (owns(this.pageOwners[p] ?? null, edit)) return page;
    const copy = this.kind.copy(page);
    this.pages[p] = copy;
    this.pageOwners[p] = edit;
    return copy;
  }
}

/**
 * A persistent table of numeric records: every row has `stride` fields, stored side by side in pages
 * of `pageRows` rows (one `Float64Array` of `pageRows * stride` numbers each), so that reading a row's
 * fields costs one or two cache lines, not one per field as separate columns would. Persistent as
 * `Column` is: a page is copied once per edit, a page the edit made or copied changed in place, and a
 * version fixes its own length.
 * @example
 * const a = Records.empty(2).push([1, 2]);
 * const b = a.set(0, 1, 5); // a.get(0, 1) === 2, b.get(0, 1) === 5
 */
export class Records {
  private constructor(
    /** Fields per row. */
    readonly stride: number,
    private pages: Float64Array[],
    /** Which pages the owner edit created or copied (it may change those in place). */
    private pageOwners: (Edit | null)[],
    private count: number,
    private readonly owner: Edit | null,
  ) {}

  /** A table without rows, of `stride` fields per row. */
  static empty(stride: number): Records {
    if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`a record has at least one field, not ${stride}`);
    return new Records(stride, [], [], 0, null);
  }

  /** The number of rows in this version. */
  get length(): number {
    return this.count;
  }

  /** Field `field` (0 <= field < stride) of row `row` (0 <= row < length). */
  get(row: number, field: number): number {
    if (!(row >= 0 && row < this.count)) throw new RangeError(`row ${row} out of 0..${this.count - 1}`);
    return (this.pages[row >>> pageShift] as Float64Array)[(row & pageMask) * this.stride + field] as number;
  }

  /**
   * This version with field `field` of row `row` set to `value`. Under an open `edit` that made this
   * version, it changes in place: the previous version is no longer to be read.
   */
  set(row: number, field: number, value: number, edit: Edit | null = null): Records {
    if (!(row >= 0 && row < this.count)) throw new RangeError(`row ${row} out of 0..${this.count - 1}`);
    if (!(field >= 0 && field < this.stride)) throw new RangeError(`field ${field} out of 0..${this.stride - 1}`);
    const p = row >>> pageShift;
    const at = (row & pageMask) * this.stride + field;
    if (Object.is((this.pages[p] as Float64Array)[at], value)) return this;
    const t = this.writable(edit);
    t.writablePage(p, edit)[at] = value;
    return t;
  }

  /** This version with a row appended (its index is the old length), its fields `values` (stride of them). In place under the edit that made it, as `set`. */
  push(values: readonly number[], edit: Edit | null = null): Records {
    if (values.length !== this.stride) throw new RangeError(`a record has ${this.stride} fields, not ${values.length}`);
    const t = this.writable(edit);
    const row = t.count;
    const p = row >>> pageShift;
    let page: Float64Array;
    if (p === t.pages.length) {
      // A new page: no other version reads it.
      page = new Float64Array(pageRows * t.stride);
      t.pages.push(page);
      t.pageOwners.push(edit);
    } else page = t.writablePage(p, edit);
    page.set(values, (row & pageMask) * t.stride);
    t.count = row + 1;
    return t;
  }

  /** A version of this table that `edit` may change in place (this one, if the edit owns it). */
  private writable(edit: Edit | null): Records {
    if (owns(this.owner, edit)) return this;
    return new Records(this.stride, this.pages.slice(), this.pages.map(() => null), this.count, edit);
  }

  /** Page `p` of a writable table, made the edit's own (copied if another version may read it). */
  private writablePage(p: number, edit: Edit | null): Float64Array {
    const page = this.pages[p] as Float64Array;
    if (owns(this.pageOwners[p] ?? null, edit)) return page;
    const copy = page.slice();
    this.pages[p] = copy;
    this.pageOwners[p] = edit;
    return copy;
  }
}
