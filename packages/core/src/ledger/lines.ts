/**
 * An account's lines: one per event that changed the account, with the balance after it. They are
 * the ledger's largest part (a line per account an event touches, kept forever), so they are stored
 * compactly: one shared array holding, per line, the balance after it (a number: a small one takes
 * no allocation of its own) and its event's meta (shared by all the lines of the event). A line's
 * change is the difference of two balances and its time is its event's, so neither is stored; a
 * `LedgerLine` is made when a line is read. Persistent: a version fixes its own length, and appends
 * in place while it is the last version written into its array (`arrayToAppend`). Under an `Edit` that
 * made a `Lines` object, a push changes that object instead of making a new one (as the fold changes
 * its own accounts).
 */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { LedgerEventMeta } from './postings';
import { Edit, HasCanonicalForm, arrayToAppend, owns } from '../collections';

/** One line of an account: the event, its net change on the account and the balance after it. */
export interface LedgerLine {
  readonly at: Timestamp;
  readonly delta: P.Points;
  readonly balance: P.Points;
  readonly event: LedgerEventMeta;
}

/** A line as `Lines` hands it out: its time is its event's. */
class Line implements LedgerLine {
  constructor(
    readonly delta: P.Points,
    readonly balance: P.Points,
    readonly event: LedgerEventMeta,
  ) {}

  get at(): Timestamp {
    return this.event.at;
  }
}

/** Slot 0 counts the lines written into the array (see `arrayToAppend`); then, per line, two slots: the balance after it and its event's meta. */
type Slot = P.Points | LedgerEventMeta | number;

const freshSlots = (size: number): Slot[] => new Array<Slot>(size);

/** The first slot of line `i`. */
const at0 = (i: number): number => 1 + i * 2;

/**
 * The lines of one version of an account, oldest first.
 * @example const a = Lines.empty().push(points('5'), meta); a.last()?.delta // 5
 */
export class Lines implements Iterable<LedgerLine>, HasCanonicalForm {
  // Most accounts start here: they share it (never written: see `push`).
  private static readonly none: Lines = new Lines([0], 0, null);

  private constructor(
    private slots: Slot[],
    private count: number,
    /** The edit that made this object: while it is open, pushes change the object itself. */
    private readonly owner: Edit | null,
  ) {}

  /** The number of lines in this version. */
  get length(): number {
    return this.count;
  }

  /** No lines (one shared instance: appending to it starts a new array). */
  static empty(): Lines {
    return Lines.none;
  }

  /**
   * This version with a line appended: `balance` after the line, the line's event `event`. Under an open
   * `edit` that made this object, the object itself changes: the previous version is no longer to be read.
   */
  push(balance: P.Points, event: LedgerEventMeta, edit: Edit | null = null): Lines {
    const out = arrayToAppend(this.slots, this.count, 2, freshSlots);
    const k = at0(this.count);
    out[k] = balance;
    out[k + 1] = event;
    if (!owns(this.owner, edit)) return new Lines(out, this.count + 1, edit);
    this.slots = out;
    this.count += 1;
    return this;
  }

  /** The balance after line `i` (0 <= i < length). */
  balanceAt(i: number): P.Points {
    this.check(i);
    return this.slots[at0(i)] as P.Points;
  }

  /** The event of line `i` (0 <= i < length). */
  eventAt(i: number): LedgerEventMeta {
    this.check(i);
    return this.eventOf(i);
  }

  /** The time of line `i` (its event's). */
  timeAt(i: number): Timestamp {
    return this.eventAt(i).at;
  }

  /** Line `i` (0 <= i < length). */
  at(i: number): LedgerLine {
    this.check(i);
    return this.line(i);
  }

  /** The last line, or undefined when there is none. */
  last(): LedgerLine | undefined {
    return this.length === 0 ? undefined : this.line(this.length - 1);
  }

  /** The balance after the last line (zero when there is none). */
  lastBalance(): P.Points {
    return this.length === 0 ? P.zero : (this.slots[at0(this.length - 1)] as P.Points);
  }

  /** The number of lines at or before `at` (binary search on the lines' times, which never go back). */
  countUntil(at: Timestamp): number {
    return this.countLeading((i) => this.eventOf(i).at <= at);
  }

  /** The number of lines strictly before `at`. */
  countBefore(at: Timestamp): number {
    return this.countLeading((i) => this.eventOf(i).at < at);
  }

  /**
   * The number of leading lines for which `pred` holds, for a predicate that holds on a prefix
   * (binary search, O(log n)).
   */
  countWhile(pred: (line: LedgerLine) => boolean): number {
    return this.countLeading((i) => pred(this.line(i)));
  }

  /** Lines from `from` (inclusive) to `to` (exclusive). */
  *slice(from = 0, to = this.length): IterableIterator<LedgerLine> {
    const end = Math.min(to, this.length);
    for (let i = Math.max(0, from); i < end; i++) yield this.line(i);
  }

  /** The lines as an array. */
  toArray(): LedgerLine[] {
    return [...this.slice()];
  }

  [Symbol.iterator](): IterableIterator<LedgerLine> {
    return this.slice();
  }

  /** The lines, for a canonical dump of a state (`canonicalValue`): not the shared array's count or spare room. */
  canonicalForm(): unknown {
    return { $lines: this.toArray() };
  }

  /** The number of leading lines (by index) for which `holds` holds, for a predicate that holds on a prefix (binary search). */
  private countLeading(holds: (i: number) => boolean): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (holds(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private eventOf(i: number): LedgerEventMeta {
    return this.slots[at0(i) + 1] as LedgerEventMeta;
  }

  private line(i: number): LedgerLine {
    const balance = this.slots[at0(i)] as P.Points;
    const before = i === 0 ? P.zero : (this.slots[at0(i - 1)] as P.Points);
    return new Line(P.sub(balance, before), balance, this.eventOf(i));
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`line ${i} out of 0..${this.length - 1}`);
  }
}
