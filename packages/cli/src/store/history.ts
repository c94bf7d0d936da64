/**
 * Folding a JSONL history with an engine, line by line. The whole history is refused at its first
 * bad line (CONTRACT §1), with the line number and one sentence of reason; nothing is half-applied,
 * since the replayer's state is only returned when every line passed. Both the file store and
 * `pointfold replay` read histories through this one function, so they accept the same files.
 */
import * as E from 'fp-ts/Either';
import { DomainError, Engine, EventBase, OrgState, isDomainError, packReader } from '@pointfold/core';
import { JsonlItem, JsonlLine, JsonlTorn, isInvalid, isTorn } from './jsonl';
import { DecodedBatch, isDecodedBatch } from './decoded';

/** The first bad line of a history and why it is bad. */
export interface HistoryError {
  readonly _tag: 'HistoryError';
  /** 1-based line number in the file. */
  readonly line: number;
  readonly reason: string;
}

/** A history folded to its end (or to where `onEvent` stopped it). */
export interface FoldedHistory {
  readonly state: OrgState;
  readonly eventsRead: number;
  /** A torn last line, when there is one: the caller refuses the history or recovers from it. */
  readonly torn?: JsonlTorn['torn'];
  /** Set when `onEvent` stopped the fold before the end of the history. */
  readonly stopped?: true;
}

/**
 * Told of each event right after it was checked and folded: the event, its 1-based line, and the
 * state so far (the replayer's view: read it now, do not keep it). Returning `false` stops the fold
 * there; the history read so far is then returned with `stopped`. The queries of `pointfold` gather
 * what they need this way, on the one fold every command shares.
 */
export type OnEvent = (event: EventBase, line: number, state: OrgState) => boolean | void;

/** Options of `foldHistory`. */
export interface FoldOptions {
  readonly onEvent?: OnEvent;
}

/** Builds a HistoryError. */
export const historyError = (line: number, reason: string): HistoryError => ({ _tag: 'HistoryError', line, reason });

/**
 * The reason text of an engine refusal: a decode error is already a sentence naming the field,
 * a DomainError reads `code: message`.
 * @example describeRefusal({ _tag: 'DomainError', code: 9901, message: 'duplicate event id e1' }) // '9901: duplicate event id e1'
 */
export const describeRefusal = (e: DomainError | string): string => (isDomainError(e) ? `${e.code}: ${e.message}` : e);

/** The reason given for a torn last line (or a last append whose lines are not all there). */
export const tornReason = (bytes: number, batch?: { readonly have: number; readonly of: number }): string =>
  batch === undefined
    ? `incomplete last line (a torn write): ${bytes} bytes without a newline`
    : `incomplete last append (a torn write): ${batch.have} of its ${batch.of} events are here (${bytes} bytes)`;

/** The HistoryError of a torn last line (when it is not recovered). */
export const tornError = (torn: JsonlTorn['torn']): HistoryError => historyError(torn.lineNo, tornReason(torn.bytes, torn.batch));

/**
 * The member that marks the events of one append of several events: `"batch": "2/3"` on the second
 * of three lines written together. An append is all or nothing, so a history whose last append is
 * not all there (a crash cut it short) is treated like a torn last line. The marker is the store's,
 * not the event's: it is taken off before the event is decoded.
 */
export const batchMember = 'batch';

/** The marker of the `index`-th (0-based) of `size` events appended together. */
export const batchMarker = (index: number, size: number): string => `${index + 1}/${size}`;

/** An event's JSON and its batch marker, if any; a malformed marker is a reason. */
export const takeBatchMarker = (json: unknown): E.Either<string, { event: unknown; batch?: { k: number; n: number } }> => {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Object.prototype.hasOwnProperty.call(json, batchMember))
    return E.right({ event: json });
  const { [batchMember]: marker, ...event } = json as Record<string, unknown>;
  const m = typeof marker === 'string' ? /^([1-9]\d{0,8})\/([1-9]\d{0,8})$/.exec(marker) : null;
  const k = m === null ? 0 : Number(m[1]);
  const n = m === null ? 0 : Number(m[2]);
  if (m === null || n < 2 || k > n) return E.left(`batch: expected "K/N" with 1 <= K <= N and N >= 2, got ${shownMarker(marker)}`);
  return E.right({ event, batch: { k, n } });
};

/**
 * A malformed marker as a reason shows it: a text (cut to 40 characters) or a number as written, any
 * other value by its kind. Never `JSON.stringify` of the value, which overflows the stack on an array
 * nested a few thousand deep (`JSON.parse` takes it).
 */
const shownMarker = (marker: unknown): string => {
  if (typeof marker === 'string') return JSON.stringify(marker.length > 40 ? `${marker.slice(0, 37)}...` : marker);
  if (typeof marker === 'number' || typeof marker === 'boolean' || marker === null) return String(marker);
  if (marker === undefined) return 'nothing';
  return Array.isArray(marker) ? 'an array' : 'an object';
};

// C0 and C1 control characters, DEL included: a history is untrusted input and must not drive the terminal.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A text made safe to print on a terminal: control characters are shown as `\u001b` escapes.
 * @example printable('a\u001b[2Jb') // 'a\\u001b[2Jb'
 */
export const printable = (text: string): string =>
  text.replace(controls, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The `FILE:LINE: reason` form of a history error, as `pointfold replay` prints it.
 * @example formatHistoryError('h.jsonl', historyError(4, 'not JSON: ...')) // 'h.jsonl:4: not JSON: ...'
 */
export const formatHistoryError = (file: string, e: HistoryError): string => `${printable(file)}:${e.line}: ${printable(e.reason)}`;

/** Parses one line as JSON: the value, or the syntax error as a reason. */
export const parseJsonLine = (text: string): E.Either<string, unknown> => {
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (e) {
    return E.left(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
};

/** An append of several events being read: its first line, its size, and its events so far. */
interface Append {
  readonly first: JsonlLine;
  readonly of: number;
  readonly events: { lineNo: number; json: unknown }[];
}

/**
 * Folds the lines of a history with `engine`, each checked before it is folded. The first bad line
 * refuses the whole history; a torn last line is returned in `torn` (never folded).
 * @example const r = await foldHistory(readJsonl(fs.createReadStream(path)), engine);
 */
export const foldHistory = async (
  items: AsyncIterable<JsonlItem | readonly JsonlItem[] | DecodedBatch> | Iterable<JsonlItem>,
  engine: Engine,
  from: OrgState = engine.initialState,
  options: FoldOptions = {},
): Promise<E.Either<HistoryError, FoldedHistory>> => {
  const replayer = engine.replayer(from);
  const onEvent = options.onEvent;
  let stopped = false;
  /** Pushes one event line; tells `onEvent`, which may stop the fold. */
  const push = (json: unknown, lineNo: number): HistoryError | undefined => told(replayer.pushJson(json), lineNo);
  /** What became of one event: its refusal, or `onEvent` told. */
  const told = (r: E.Either<DomainError | string, EventBase>, lineNo: number): HistoryError | undefined => {
    if (E.isLeft(r)) return historyError(lineNo, describeRefusal(r.left));
    if (onEvent !== undefined && onEvent(r.right, lineNo, replayer.view) === false) stopped = true;
    return undefined;
  };
  let torn: JsonlTorn['torn'] | undefined;
  // The append in progress: its lines are folded only once all of them are here.
  let open: Append | undefined;
  let last: JsonlLine | undefined;
  /** The error of a line that is not part of the append in progress. */
  const interrupted = (lineNo: number, append: Append): HistoryError =>
    historyError(lineNo, `the append that starts at line ${append.first.lineNo} is interrupted (${append.events.length} of ${append.of} events)`);
  /**
   * A batch decoded in a worker (see `readDecoded`): its packed events are folded as the lines they
   * were (an event line is never part of an append), its other items as read.
   */
  const foldDecoded = (b: DecodedBatch): HistoryError | undefined => {
    const packed = packReader(b.nums, b.strs);
    for (let i = 0; i < b.order.length; i++) {
      const o = b.order[i] as number;
      const bad = o < 0 ? fold(b.items[-o - 1] as JsonlItem) : open !== undefined ? interrupted(o, open) : told(replayer.pushPacked(packed, b.freshIds), o);
      if (bad !== undefined) return bad;
      if (stopped) break;
    }
    return undefined;
  };
  const fold = (item: JsonlItem): HistoryError | undefined => {
    if (isTorn(item)) {
      torn = item.torn;
      return undefined;
    }
    if (isInvalid(item)) return historyError(item.invalid.lineNo, item.invalid.reason);
    last = item;
    const json = parseJsonLine(item.text);
    if (E.isLeft(json)) return historyError(item.lineNo, json.left);
    const marked = takeBatchMarker(json.right);
    if (E.isLeft(marked)) return historyError(item.lineNo, marked.left);
    const { event, batch } = marked.right;
    if (batch === undefined) {
      if (open !== undefined) return interrupted(item.lineNo, open);
      return push(event, item.lineNo);
    }
    if (batch.k === 1) {
      if (open !== undefined) return interrupted(item.lineNo, open);
      open = { first: item, of: batch.n, events: [] };
    } else if (open === undefined || batch.n !== open.of || batch.k !== open.events.length + 1) {
      return historyError(item.lineNo, `batch ${batch.k}/${batch.n} does not continue an append`);
    }
    open.events.push({ lineNo: item.lineNo, json: event });
    if (batch.k === batch.n) {
      for (const e of open.events) {
        const bad = push(e.json, e.lineNo);
        if (bad !== undefined) return bad;
        if (stopped) break;
      }
      open = undefined;
    }
    return undefined;
  };
  for await (const x of items) {
    if (isDecodedBatch(x)) {
      const bad = foldDecoded(x);
      if (bad !== undefined) return E.left(bad);
    } else if (Array.isArray(x)) {
      for (const item of x as readonly JsonlItem[]) {
        const bad = fold(item);
        if (bad !== undefined) return E.left(bad);
        if (stopped) break;
      }
    } else {
      const bad = fold(x as JsonlItem);
      if (bad !== undefined) return E.left(bad);
    }
    if (stopped) {
      const eventsRead = replayer.count;
      return E.right({ state: replayer.finish(), eventsRead, stopped: true });
    }
  }
  if (open !== undefined) {
    // The last append is not all there: what of it is here is cut off with it, like a torn line.
    const start = open.first.offset;
    const tornTail: JsonlTorn['torn'] | undefined = torn;
    const lastLine = last as JsonlLine | undefined;
    const end = tornTail !== undefined ? tornTail.offset + tornTail.bytes : lastLine === undefined ? start : lastLine.offset + Buffer.byteLength(lastLine.text, 'utf8') + 1;
    torn = { lineNo: open.first.lineNo, bytes: end - start, offset: start, batch: { have: open.events.length, of: open.of } };
  }
  const eventsRead = replayer.count;
  const state = replayer.finish();
  return E.right(torn === undefined ? { state, eventsRead } : { state, eventsRead, torn });
};
