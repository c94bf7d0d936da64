/**
 * An account's lines: one per event that changed the account, with the balance after it. They are
 * the ledger's largest part (a line per account an event touches, kept forever), so they are stored
 * as numbers only, outside the garbage collector's heap (a block of the ledger's `BlockArena`, decision 110): per line, the
 * balance after it (in thousandths) and the row of its event's meta in the ledger's `EventMetas`
 * (decision 109). A line's change is the difference of two balances and its time is its event's, so
 * neither is stored. `LineRows` is a version of an account's stored lines (a block of the arena and a
 * count); `Lines` reads it against the metas of the ledger version it belongs to, and makes a
 * `LedgerLine` when a line is read.
 */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { LedgerEventMeta } from './postings';
import { EventMetas } from './metas';
import { BlockArena, HasCanonicalForm, blockRowsMax, noBlock } from '../collections';

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

/** Numbers per line: the balance after it (thousandths), its event's meta row. */
export const lineStride = 2;

/** The most lines an account holds (a block of the ledger's arena). */
export const linesPerAccountMax = blockRowsMax(lineStride);

/**
 * The stored lines of one version of an account, oldest first: a view of `count` lines of a block of the
 * ledger's `BlockArena` (two numbers per line: the balance after it in thousandths, its event's meta
 * row), made when read. Pushing makes a new view; the arena keeps every version's lines. The ledger makes
 * these views of its own blocks; elsewhere, start from `empty()` and `push`.
 * @example const a = LineRows.empty().push(5000, 0); a.balanceAt(0) // 5000
 */
export class LineRows {
  private static readonly none: LineRows = new LineRows(undefined, noBlock, 0);

  constructor(
    /** The arena holding the lines (undefined only for no lines: a push then starts an arena). */
    readonly arena: BlockArena | undefined,
    /** The block's address in the arena (`noBlock` for no lines). */
    readonly address: number,
    private readonly count: number,
  ) {}

  /** No lines. */
  static empty(): LineRows {
    return LineRows.none;
  }

  /** The number of lines in this version. */
  get length(): number {
    return this.count;
  }

  /** This version with a line appended: `balance` (thousandths) after the line, its event's meta row `meta`. */
  push(balance: number, meta: number): LineRows {
    const arena = this.arena ?? BlockArena.create();
    return new LineRows(arena, arena.append(this.address, this.count, lineStride, balance, meta), this.count + 1);
  }

  /** The balance after line `i` in thousandths (0 <= i < length). */
  balanceAt(i: number): number {
    this.check(i);
    return (this.arena as BlockArena).get(this.address, lineStride, i, 0);
  }

  /** The meta row of line `i`'s event (0 <= i < length). */
  metaAt(i: number): number {
    this.check(i);
    return (this.arena as BlockArena).get(this.address, lineStride, i, 1);
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`line ${i} out of 0..${this.count - 1}`);
  }
}

/**
 * The lines of one version of an account, oldest first, read against the metas of the ledger
 * version they belong to (a meta row means one event only in the version that wrote it).
 * @example const a = new Lines(LineRows.empty().push(5000, 0), metas); a.last()?.delta // 5
 */
export class Lines implements Iterable<LedgerLine>, HasCanonicalForm {
  private static readonly none: Lines = new Lines(LineRows.empty(), EventMetas.empty());

  constructor(
    /** The stored lines (the object a cache keyed by an account version's lines keys on). */
    readonly rows: LineRows,
    private readonly metas: EventMetas,
  ) {}

  /** The number of lines in this version. */
  get length(): number {
    return this.rows.length;
  }

  /** No lines (one shared instance). */
  static empty(): Lines {
    return Lines.none;
  }

  /** The balance after line `i` (0 <= i < length). */
  balanceAt(i: number): P.Points {
    return P.fromThousandths(this.rows.balanceAt(i));
  }

  /** The event of line `i` (0 <= i < length). */
  eventAt(i: number): LedgerEventMeta {
    return this.metas.at(this.rows.metaAt(i));
  }

  /** The time of line `i` (its event's). */
  timeAt(i: number): Timestamp {
    return this.metas.timeAt(this.rows.metaAt(i));
  }

  /** Line `i` (0 <= i < length). */
  at(i: number): LedgerLine {
    return this.line(i);
  }

  /** The last line, or undefined when there is none. */
  last(): LedgerLine | undefined {
    return this.length === 0 ? undefined : this.line(this.length - 1);
  }

  /** The balance after the last line (zero when there is none). */
  lastBalance(): P.Points {
    return this.length === 0 ? P.zero : this.balanceAt(this.length - 1);
  }

  /** The number of lines at or before `at` (binary search on the lines' times, which never go back). */
  countUntil(at: Timestamp): number {
    return this.countLeading((i) => this.timeAt(i) <= at);
  }

  /** The number of lines strictly before `at`. */
  countBefore(at: Timestamp): number {
    return this.countLeading((i) => this.timeAt(i) < at);
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

  private line(i: number): LedgerLine {
    const balance = this.rows.balanceAt(i);
    const before = i === 0 ? 0 : this.rows.balanceAt(i - 1);
    return new Line(P.fromThousandths(balance - before), P.fromThousandths(balance), this.eventAt(i));
  }
}
