/**
 * The windows in which an account's expired points were still counted: a lot whose expiry was
 * recorded after it had expired did not hold its points from its expiry to the recording. The
 * balance at a date takes them off (see `balances.ts`). Stored flat, three numbers per window in one
 * shared array (no object and no boxed time per window), persistent like `Lines` (`arrayToAppend`).
 */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { HasCanonicalForm, arrayToAppend } from '../collections';

/** A lot whose expiry was recorded after it had expired: its points were not there from `from` to `to`. */
export interface ExpiryWindow {
  readonly from: Timestamp;
  readonly to: Timestamp;
  readonly points: P.Points;
}

/** Its own allocation site: V8 keeps these arrays' numbers unboxed (see `arrayToAppend`). */
const freshSlots = (size: number): number[] => new Array<number>(size);

/**
 * An account's expiry windows, in the order they were recorded.
 * @example ExpiryWindows.empty().push({ from, to, points }).length // 1
 */
export class ExpiryWindows implements Iterable<ExpiryWindow>, HasCanonicalForm {
  // Most accounts have none: they share this one (never written: see `push`).
  private static readonly none: ExpiryWindows = new ExpiryWindows([0], 0);

  private constructor(
    /** Slot 0 counts the windows written into the array (see `arrayToAppend`); then per window: from, to, and the points in thousandths. */
    private readonly slots: number[],
    /** The number of windows in this version. */
    readonly length: number,
  ) {}

  /** No windows (one shared instance). */
  static empty(): ExpiryWindows {
    return ExpiryWindows.none;
  }

  /** This version with `w` appended. */
  push(w: ExpiryWindow): ExpiryWindows {
    const used = 1 + this.length * 3;
    const out = arrayToAppend(this.slots, this.length, 3, freshSlots);
    out[used] = w.from;
    out[used + 1] = w.to;
    out[used + 2] = P.toThousandths(w.points);
    return new ExpiryWindows(out, this.length + 1);
  }

  /**
   * The points of the windows open at `at` (from <= at < to), summed without making a window. Windows
   * are recorded in the order of their ends (an expiry is recorded at its event's time, and events never
   * go back), so the sum reads back from the last window to the first that ended by `at`: a closing
   * balance after the last expiry reads one window.
   */
  pendingAt(at: Timestamp): P.Points {
    let sum = 0;
    for (let i = 1 + (this.length - 1) * 3; i >= 1 && (this.slots[i + 1] as number) > at; i -= 3) if ((this.slots[i] as number) <= at) sum += this.slots[i + 2] as number;
    return P.fromThousandths(sum);
  }

  *[Symbol.iterator](): IterableIterator<ExpiryWindow> {
    for (let i = 1; i < 1 + this.length * 3; i += 3)
      yield { from: this.slots[i] as Timestamp, to: this.slots[i + 1] as Timestamp, points: P.fromThousandths(this.slots[i + 2] as number) };
  }

  /** The windows, for a canonical dump of a state (`canonicalValue`): not the shared array's spare room. */
  canonicalForm(): unknown {
    return { $windows: [...this] };
  }
}
