/**
 * Folding a JSONL history with an engine, line by line. The whole history is refused at its first
 * bad line (CONTRACT §1), with the line number and one sentence of reason; nothing is half-applied,
 * since the replayer's state is only returned when every line passed. Both the file store and
 * `pointfold replay` read histories through this one function, so they accept the same files.
 */
import * as E from 'fp-ts/Either';
import { DomainError, Engine, OrgState, isDomainError } from '@pointfold/core';
import { JsonlItem, JsonlTorn, isInvalid, isTorn } from './jsonl';

/** The first bad line of a history and why it is bad. */
export interface HistoryError {
  readonly _tag: 'HistoryError';
  /** 1-based line number in the file. */
  readonly line: number;
  readonly reason: string;
}

/** A history folded to its end. */
export interface FoldedHistory {
  readonly state: OrgState;
  readonly eventsRead: number;
  /** A torn last line, when there is one: the caller refuses the history or recovers from it. */
  readonly torn?: JsonlTorn['torn'];
}

/** Builds a HistoryError. */
export const historyError = (line: number, reason: string): HistoryError => ({ _tag: 'HistoryError', line, reason });

/**
 * The reason text of an engine refusal: a decode error is already a sentence naming the field,
 * a DomainError reads `code: message`.
 * @example describeRefusal({ _tag: 'DomainError', code: 9901, message: 'duplicate event id e1' }) // '9901: duplicate event id e1'
 */
export const describeRefusal = (e: DomainError | string): string => (isDomainError(e) ? `${e.code}: ${e.message}` : e);

/** The reason given for a torn last line. */
export const tornReason = (bytes: number): string => `incomplete last line (a torn write): ${bytes} bytes without a newline`;

/** The HistoryError of a torn last line (when it is not recovered). */
export const tornError = (torn: JsonlTorn['torn']): HistoryError => historyError(torn.lineNo, tornReason(torn.bytes));

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

/**
 * Folds the lines of a history with `engine`, each checked before it is folded. The first bad line
 * refuses the whole history; a torn last line is returned in `torn` (never folded).
 * @example const r = await foldHistory(readJsonl(fs.createReadStream(path)), engine);
 */
export const foldHistory = async (
  items: AsyncIterable<JsonlItem> | Iterable<JsonlItem>,
  engine: Engine,
  from: OrgState = engine.initialState,
): Promise<E.Either<HistoryError, FoldedHistory>> => {
  const replayer = engine.replayer(from);
  let torn: JsonlTorn['torn'] | undefined;
  for await (const item of items) {
    if (isTorn(item)) {
      torn = item.torn;
      continue;
    }
    if (isInvalid(item)) return E.left(historyError(item.invalid.lineNo, item.invalid.reason));
    const json = parseJsonLine(item.text);
    if (E.isLeft(json)) return E.left(historyError(item.lineNo, json.left));
    const r = replayer.pushJson(json.right);
    if (E.isLeft(r)) return E.left(historyError(item.lineNo, describeRefusal(r.left)));
  }
  const eventsRead = replayer.count;
  const state = replayer.finish();
  return E.right(torn === undefined ? { state, eventsRead } : { state, eventsRead, torn });
};
