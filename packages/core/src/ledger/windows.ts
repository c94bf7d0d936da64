/**
 * The windows in which an account's expired points were still counted: a lot whose expiry was
 * recorded after it had expired did not hold its points from its expiry to the recording. The
 * balance at a date takes them off (see `balances.ts`). Stored flat, three numbers per window in a block
 * of the ledger's `BlockArena` (no object and no boxed time per window), persistent like `LineRows`.
 */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { BlockArena, HasCanonicalForm, blockRowsMax, noBlock } from '../collections';

/** A lot whose expiry was recorded after it had expired: its points were not there from `from` to `to`. */
export interface ExpiryWindow {
  readonly from: Timestamp;
  readonly to: Timestamp;
  readonly points: P.Points;
}

/** Numbers per window: from, to, the points in thousandths. */
export const windowStride = 3;

/** The most expiry windows an account holds (a block of the ledger's arena). */
export const windowsPerAccountMax = blockRowsMax(windowStride);

/**
 * An account's expiry windows, in the order they were recorded: a view of `length` windows of a block
 * of the ledger's `BlockArena` (three numbers per window), made when read. The ledger makes these
 * views of its own blocks; elsewhere, start from `empty()` and `push`.
 * @example ExpiryWindows.empty().push({ from, to, points }).length // 1
 */
export class ExpiryWindows implements Iterable<ExpiryWindow>, HasCanonicalForm {
  private static readonly none: ExpiryWindows = new ExpiryWindows(undefined, noBlock, 0);

  constructor(
    /** The arena holding the windows (undefined only for none: a push then starts an arena). */
    private readonly arena: BlockArena | undefined,
    /** The block's address in the arena (`noBlock` for none). */
    private readonly address: number,
    /** The number of windows in this version. */
    readonly length: number,
  ) {}

  /** No windows. */
  static empty(): ExpiryWindows {
    return ExpiryWindows.none;
  }

  /** This version with `w` appended. */
  push(w: ExpiryWindow): ExpiryWindows {
    const arena = this.arena ?? BlockArena.create();
    return new ExpiryWindows(arena, arena.append(this.address, this.length, windowStride, w.from, w.to, P.toThousandths(w.points)), this.length + 1);
  }

  /**
   * The points of the windows open at `at` (from <= at < to), summed without making a window. Windows
   * are recorded in the order of their ends (an expiry is recorded at its event's time, and events never
   * go back), so the sum reads back from the last window to the first that ended by `at`: a closing
   * balance after the last expiry reads one window.
   */
  pendingAt(at: Timestamp): P.Points {
    let sum = 0;
    for (let i = this.length - 1; i >= 0 && this.field(i, 1) > at; i--) if (this.field(i, 0) <= at) sum += this.field(i, 2);
    return P.fromThousandths(sum);
  }

  *[Symbol.iterator](): IterableIterator<ExpiryWindow> {
    for (let i = 0; i < this.length; i++) yield { from: this.field(i, 0) as Timestamp, to: this.field(i, 1) as Timestamp, points: P.fromThousandths(this.field(i, 2)) };
  }

  /** The windows, for a canonical dump of a state (`canonicalValue`). */
  canonicalForm(): unknown {
    return { $windows: [...this] };
  }

  private field(i: number, f: number): number {
    return (this.arena as BlockArena).get(this.address, windowStride, i, f);
  }
}
