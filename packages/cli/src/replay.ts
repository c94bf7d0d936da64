/**
 * `pointfold replay FILE [--at ISO] [--json]` (CONTRACT §2): streams a history file through the
 * engine and prints the closing balances at a date. The file is read in chunks, never whole, and a
 * bad history prints nothing on stdout: only `FILE:LINE: reason` on stderr and exit status 2.
 */
import * as fs from 'node:fs';
import * as E from 'fp-ts/Either';
import { SingleBar } from 'cli-progress';
import { ClosingBalance, Engine, Points, Timestamp, closingBalances, formatTimestamp, parseTimestamp } from '@pointfold/core';
import { FoldOptions, FoldedHistory, HistoryError, foldHistory, formatHistoryError, printable, tornError } from './store/history';
import { readJsonlBatches } from './store/jsonl';
import { DecodedBatch, readDecoded } from './store/decoded';
import { exitBadInput, exitOk } from './exit-codes';
import { progressBarMinBytes } from './limits';

/** Options of the replay command, as given on the command line. */
export interface ReplayOptions {
  /** The date of the balances (ISO-8601; without a zone it is UTC). Default: the last event's time. */
  readonly at?: string;
  /** Print one JSON object instead of a table. */
  readonly json?: boolean;
}

/** Where the command writes. `progress` is the terminal a progress bar may be drawn on, if any. */
export interface ReplayIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly progress?: NodeJS.WritableStream;
  /** Files at least this large get a progress bar (default `progressBarMinBytes`). */
  readonly progressMinBytes?: number;
  /** Decode histories in a worker thread running this script (see `ReplayFileOptions.decodeWorker`). */
  readonly decodeWorker?: string;
}

/** A file that could not be read at all (missing, a directory, no permission). */
export interface FileError {
  readonly _tag: 'FileError';
  readonly reason: string;
}

/** What a replay prints: the events read, the date, and one row per account. */
export interface ReplayReport {
  readonly eventsRead: number;
  /** The date of the balances; undefined only for an empty history replayed without `--at`. */
  readonly at: Timestamp | undefined;
  readonly balances: readonly ClosingBalance[];
}

/** One row of `--json`, with the contract's keys in the contract's order. */
export interface BalanceRowJson {
  readonly entityType: string;
  readonly entityId: string;
  readonly programId: number;
  readonly pointsCategory: string;
  readonly closingBalance: string;
}

/** The `--json` document. `at` is null only for an empty history replayed without `--at`. */
export interface ReplayJson {
  readonly eventsRead: number;
  readonly at: string | null;
  readonly balances: readonly BalanceRowJson[];
}

const fileError = (reason: string): FileError => ({ _tag: 'FileError', reason });

const errorCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;

/** A short reason for a failed open or read, in words rather than errno names where they are common. */
const describeIoError = (e: unknown): string => {
  switch (errorCode(e)) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
};

/** Options of `replayFile`. */
export interface ReplayFileOptions extends FoldOptions {
  /**
   * Decode the history in a worker thread running this script (`defaultDecodeWorkerScript()`), while
   * this thread checks and folds: the same result, sooner on a machine of two cores or more. Only for
   * an engine of Pointfold's modules (`createPointfoldEngine`), which the worker decodes with.
   */
  readonly decodeWorker?: string;
}

/** Tells `onBytes` how much of the file each decoded batch read (for the progress bar). */
async function* countingBatches(batches: AsyncIterable<DecodedBatch>, onBytes: (n: number) => void): AsyncGenerator<DecodedBatch> {
  for await (const batch of batches) {
    onBytes(batch.bytes);
    yield batch;
  }
}

/** Counts the bytes of a stream as they pass (for the progress bar). */
async function* counting(chunks: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * Folds a history file with `engine`, streaming it. A torn last line is refused like any bad line
 * (replay never repairs a file). `onBytes` is told how many bytes each chunk held; `options.onEvent`
 * of each event folded (the other commands gather what they need with it).
 * @example const r = await replayFile('history.jsonl', createPointfoldEngine());
 */
export const replayFile = async (
  file: string,
  engine: Engine,
  onBytes: (n: number) => void = () => undefined,
  options: ReplayFileOptions = {},
): Promise<E.Either<HistoryError | FileError, FoldedHistory>> => {
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory()) return E.left(fileError('is a directory'));
    const input =
      options.decodeWorker === undefined
        ? readJsonlBatches(counting(fs.createReadStream(file) as AsyncIterable<Buffer>, onBytes))
        : countingBatches(readDecoded(file, options.decodeWorker, engine.eventTypes), onBytes);
    const r = await foldHistory(input, engine, engine.initialState, options);
    if (E.isRight(r) && r.right.torn !== undefined) return E.left(tornError(r.right.torn));
    return r;
  } catch (e) {
    // Only the system's errors (an errno name: ENOENT, EIO, ELOOP...) are the file's fault; anything else,
    // Node's own errors (ERR_...) included, is a bug.
    if (!/^E[A-Z0-9]+$/.test(errorCode(e) ?? '')) throw e;
    return E.left(fileError(describeIoError(e)));
  }
};

/** The closing balances of a folded history at `at` (default: its last event's time). */
export const replayReport = (folded: FoldedHistory, at?: Timestamp): ReplayReport => {
  const when = at ?? folded.state.lastAt;
  return { eventsRead: folded.eventsRead, at: when, balances: when === undefined ? [] : closingBalances(folded.state.ledger, when) };
};

/**
 * The `--json` document of a report: the contract's shape, balances as `"30000.000"` texts.
 * @example JSON.stringify(reportJson(report)) // {"eventsRead":3,"at":"2026-03-01T10:00:00Z","balances":[...]}
 */
export const reportJson = (r: ReplayReport): ReplayJson => ({
  eventsRead: r.eventsRead,
  at: r.at === undefined ? null : formatTimestamp(r.at),
  balances: r.balances.map(balanceRowJson),
});

/** One balance as a row of `--json`. */
const balanceRowJson = (b: ClosingBalance): BalanceRowJson => ({
  entityType: b.entityType,
  entityId: b.entityId,
  programId: b.programId,
  pointsCategory: b.pointsCategory,
  closingBalance: Points.format(b.closingBalance),
});

/**
 * `JSON.stringify(balanceRowJson(b))`, without the object: the keys in the same order, the entity id
 * escaped by `JSON.stringify`; the entity type and category are names of fixed sets (nothing to escape),
 * the program id an integer and the balance a `Points` text.
 */
const balanceRowText = (b: ClosingBalance): string =>
  `{"entityType":"${b.entityType}","entityId":${JSON.stringify(b.entityId)},"programId":${b.programId},"pointsCategory":"${b.pointsCategory}","closingBalance":"${Points.format(b.closingBalance)}"}`;

/** Rows per piece of `writeReportJson`'s output. */
const jsonRowsPerPiece = 10_000;

/**
 * Writes the `--json` document of a report and a newline, in pieces of `jsonRowsPerPiece` rows: the
 * same text as `JSON.stringify(reportJson(r))`, without holding the whole document (a million-event
 * history has hundreds of thousands of rows).
 * @example writeReportJson(report, (text) => process.stdout.write(text))
 */
export const writeReportJson = (r: ReplayReport, out: (text: string) => void): void => {
  // The document without its rows ends with `[]}`: the rows go between the brackets.
  const empty = JSON.stringify(reportJson({ ...r, balances: [] }));
  out(empty.slice(0, -2));
  for (let i = 0; i < r.balances.length; i += jsonRowsPerPiece) {
    const end = Math.min(i + jsonRowsPerPiece, r.balances.length);
    let piece = '';
    for (let k = i; k < end; k++) piece += (k === i ? '' : ',') + balanceRowText(r.balances[k] as ClosingBalance);
    out(`${i === 0 ? '' : ','}${piece}`);
  }
  out(']}\n');
};

// Code points a terminal draws two columns wide (CJK, Hangul, full-width forms, most emoji) or not at all
// (combining marks, zero-width characters, variation selectors). An approximation of Unicode's East Asian
// Width that keeps tables aligned for the names loyalty programs actually hold.
type Ranges = readonly (readonly [number, number])[];
const wideRanges: Ranges = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];
const zeroWidthRanges: Ranges = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
];
const inRanges = (cp: number, ranges: Ranges): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/**
 * The number of terminal columns a text takes (wide characters count 2, combining marks 0).
 * @example displayWidth('李a') // 3
 */
export const displayWidth = (text: string): number => {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // Everything below U+0300 is one column: the quick answer for ids and numbers.
    n += cp < 0x0300 ? 1 : inRanges(cp, zeroWidthRanges) ? 0 : inRanges(cp, wideRanges) ? 2 : 1;
  }
  return n;
};

const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The readable form of a report: an aligned table (numbers right-aligned) and a summary line.
 * Ids are printed with control characters escaped: a history is untrusted input.
 */
export const formatReportTable = (r: ReplayReport): string => {
  const j = reportJson(r);
  const header = ['ENTITY TYPE', 'ENTITY ID', 'PROGRAM', 'CATEGORY', 'CLOSING BALANCE'] as const;
  const rightAligned = [false, false, true, false, true];
  const rows = j.balances.map((b) => [b.entityType, printable(b.entityId), String(b.programId), b.pointsCategory, b.closingBalance]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => displayWidth(row[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (rightAligned[i] === true ? padStart(c, widths[i] ?? 0) : padEnd(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const summary =
    j.at === null
      ? `${plural(j.eventsRead, 'event')} read; the history is empty.`
      : `${plural(j.eventsRead, 'event')} read; ${plural(j.balances.length, 'closing balance')} at ${j.at}.`;
  if (rows.length === 0) return `${summary}\n`;
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${summary}\n`;
};

/** Draws a progress bar of bytes read on a terminal; a no-op without one. */
export const progressBar = (io: ReplayIo, totalBytes: number): { add: (n: number) => void; stop: () => void } => {
  if (io.progress === undefined || totalBytes < (io.progressMinBytes ?? progressBarMinBytes)) return { add: () => undefined, stop: () => undefined };
  const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1);
  const bar = new SingleBar({
    stream: io.progress,
    format: 'replaying {bar} {percentage}% | {read}/{size} MB | ETA {eta_formatted}',
    clearOnComplete: true,
    hideCursor: true,
  });
  bar.start(totalBytes, 0, { read: mb(0), size: mb(totalBytes) });
  let done = 0;
  return {
    add: (n) => {
      done += n;
      bar.update(done, { read: mb(done) });
    },
    stop: () => bar.stop(),
  };
};

/**
 * Folds a history file for a command (`replay` and the queries), with the progress bar on a terminal. A
 * file that cannot be read or a bad history is reported on stderr (`FILE:LINE: reason`), after the bar
 * is taken down (else its last redraw would erase the message), and gives `left(2)`.
 */
export const foldForCommand = async (file: string, io: ReplayIo, engine: Engine, options: FoldOptions = {}): Promise<E.Either<number, FoldedHistory>> => {
  let size = 0;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch {
    // replayFile reports the file's trouble in its own words.
  }
  const bar = progressBar(io, size);
  let folded: E.Either<HistoryError | FileError, FoldedHistory>;
  try {
    folded = await replayFile(file, engine, bar.add, io.decodeWorker === undefined ? options : { ...options, decodeWorker: io.decodeWorker });
  } finally {
    bar.stop();
  }
  if (E.isRight(folded)) return folded;
  const e = folded.left;
  io.err(`${e._tag === 'HistoryError' ? formatHistoryError(file, e) : `${printable(file)}: ${e.reason}`}\n`);
  return E.left(exitBadInput);
};

/**
 * Runs `pointfold replay`: validates `--at`, replays the file, prints the report (stdout) or the
 * first bad line (stderr). Returns the exit status: 0, or 2 for bad input of any kind.
 * @example process.exitCode = await runReplay('history.jsonl', { json: true }, io, createPointfoldEngine());
 */
export const runReplay = async (file: string, options: ReplayOptions, io: ReplayIo, engine: Engine): Promise<number> => {
  let at: Timestamp | undefined;
  if (options.at !== undefined) {
    const parsed = parseTimestamp(options.at.trim());
    if (E.isLeft(parsed)) {
      io.err(`pointfold replay: invalid --at: ${printable(parsed.left)}\n`);
      return exitBadInput;
    }
    at = parsed.right;
  }
  const folded = await foldForCommand(file, io, engine);
  if (E.isLeft(folded)) return folded.left;
  const report = replayReport(folded.right, at);
  if (options.json === true) writeReportJson(report, io.out);
  else io.out(formatReportTable(report));
  return exitOk;
};
