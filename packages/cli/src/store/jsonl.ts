/**
 * Splitting a JSONL history into lines. The split is on the byte 0x0A, before any decoding, so a
 * multi-byte UTF-8 character that straddles two chunks is never decoded in halves. A last line
 * without its newline is either a complete event written by hand (it parses as a JSON object) or
 * a torn write (the tail of an append that did not finish), which is reported and never decoded.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { jsonlLineBytesMax } from '../limits';

/** A complete line: its 1-based number in the file and its text (without `\n` or a trailing `\r`). */
export interface JsonlLine {
  readonly lineNo: number;
  readonly text: string;
  /** The byte offset where the line starts. */
  readonly offset: number;
}

/** A last line without a newline that is not a JSON object: the tail of an unfinished write. */
export interface JsonlTorn {
  readonly torn: {
    readonly lineNo: number;
    /** Its length in bytes. */
    readonly bytes: number;
    /** The byte offset where it starts: the end of the last complete line. */
    readonly offset: number;
    /** Set when complete lines of an unfinished append precede the cut: how many it holds of how many. */
    readonly batch?: { readonly have: number; readonly of: number };
  };
}

/** A line that cannot be read as text at all: its bytes are not valid UTF-8, or there are too many of them. */
export interface JsonlInvalid {
  readonly invalid: {
    readonly lineNo: number;
    readonly reason: string;
  };
}

/** What the splitter yields. Blank lines are skipped (but counted in the line numbers). */
export type JsonlItem = JsonlLine | JsonlTorn | JsonlInvalid;

const newline = 0x0a;
const carriageReturn = 0x0d;
const byteOrderMark = '\uFEFF';

/** True when `text` holds nothing but whitespace (an event line starts with `{`: the quick answer). */
const isBlank = (text: string): boolean => text.charCodeAt(0) !== 0x7b && text.trim() === '';

/** True when a last line without a newline is a complete event: a JSON object (no proper prefix of one is). */
const isCompleteObject = (text: string): boolean => {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};

/** A line over `jsonlLineBytesMax`: refused at its number, its bytes never made into a text. */
const overlongLine = (lineNo: number, bytes: number): JsonlInvalid => ({
  invalid: { lineNo, reason: `a line of ${bytes.toLocaleString('en-US')} bytes: longer than the ${jsonlLineBytesMax.toLocaleString('en-US')} bytes a line may hold` },
});

/**
 * An incremental splitter: `push` each chunk as it arrives, then `end` once. It keeps only the
 * bytes of the line in progress, so a file of any size is split in bounded memory (per line).
 * @example
 * const s = new JsonlSplitter();
 * const items = [...s.push(chunk1), ...s.push(chunk2), ...s.end()];
 */
export class JsonlSplitter {
  private pending: Uint8Array[] = [];
  /** The bytes of the line in progress: kept in `pending` up to `jsonlLineBytesMax`, only counted beyond. */
  private pendingBytes = 0;
  private lineNo = 0;
  /** Byte offset of the start of the line in progress. */
  private offset = 0;
  private ended = false;

  /** The complete lines this chunk finishes, in order. */
  push(chunk: Uint8Array): JsonlItem[] {
    if (this.ended) throw new Error('JsonlSplitter.push after end');
    const out: JsonlItem[] = [];
    let start = 0;
    let triedAscii = false;
    for (;;) {
      if (!triedAscii && this.pendingBytes === 0) {
        // At a line's start (the chunk's, or right after the line the previous chunks began).
        triedAscii = true;
        start = this.pushAscii(chunk, start, out);
      }
      const nl = chunk.indexOf(newline, start);
      if (nl === -1) break;
      const piece = chunk.subarray(start, nl);
      const length = this.pendingBytes + piece.length;
      this.lineNo += 1;
      const lineStart = this.offset;
      this.offset += length + 1;
      if (length > jsonlLineBytesMax) out.push(overlongLine(this.lineNo, length));
      else {
        const bytes = this.pendingBytes === 0 ? piece : Buffer.concat([...this.pending, piece], length);
        const item = this.complete(bytes, lineStart);
        if (item !== undefined) out.push(item);
      }
      this.pending = [];
      this.pendingBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const restBytes = chunk.length - start;
      // Over the limit, the line's bytes are only counted: it is refused at its newline, whatever it holds.
      if (this.pendingBytes + restBytes > jsonlLineBytesMax) this.pending = [];
      // The chunk may be reused by its producer: keep a copy of the unfinished line's bytes.
      else this.pending.push(new Uint8Array(chunk.subarray(start)));
      this.pendingBytes += restBytes;
    }
    return out;
  }

  /**
   * The complete lines of a chunk from `from` (where a line starts) to its last newline, when those
   * bytes are ASCII (a history's usually are): one check and one decoding for all of them, each line
   * then a slice of that text (in ASCII a character is a byte, so the offsets hold). Returns where the
   * bytes left to split start: `from` when they are not ASCII, and the byte-by-byte split does it all.
   */
  private pushAscii(chunk: Uint8Array, from: number, out: JsonlItem[]): number {
    const end = chunk.lastIndexOf(newline);
    if (end < from) return from;
    const region = Buffer.from(chunk.buffer, chunk.byteOffset + from, end - from);
    if (!isAscii(region)) return from;
    const text = region.toString('latin1');
    const length = end - from;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const stop = nl === -1 ? length : nl;
      this.lineNo += 1;
      const offset = this.offset;
      this.offset += stop - start + 1;
      const line = text.slice(start, stop > start && text.charCodeAt(stop - 1) === carriageReturn ? stop - 1 : stop);
      if (!isBlank(line)) out.push({ lineNo: this.lineNo, text: line, offset });
      if (nl === -1) return end + 1;
      start = nl + 1;
    }
  }

  /** The last line, when the input did not end with a newline: a complete line, a torn write, or nothing. */
  end(): JsonlItem[] {
    if (this.ended) return [];
    this.ended = true;
    if (this.pendingBytes === 0) return [];
    if (this.pendingBytes > jsonlLineBytesMax) return [overlongLine(this.lineNo + 1, this.pendingBytes)];
    const bytes = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    const lineNo = this.lineNo + 1;
    const torn: JsonlTorn = { torn: { lineNo, bytes: bytes.length, offset: this.offset } };
    const text = this.text(lineNo, bytes);
    // A write torn inside a multi-byte character is not text, so certainly not a complete event.
    if (text === undefined) return [torn];
    if (isBlank(text)) return [];
    return isCompleteObject(text) ? [{ lineNo, text, offset: this.offset }] : [torn];
  }

  /** The number of lines finished so far (blank ones included). */
  get lines(): number {
    return this.lineNo;
  }

  private complete(bytes: Uint8Array, offset: number): JsonlItem | undefined {
    const lineNo = this.lineNo;
    const text = this.text(lineNo, bytes);
    if (text === undefined) return { invalid: { lineNo, reason: 'not valid UTF-8' } };
    return isBlank(text) ? undefined : { lineNo, text, offset };
  }

  /**
   * Decodes a line without a trailing `\r` or, on line 1, a byte-order mark; undefined when it is not
   * valid UTF-8 (an error to report, never text with a silent U+FFFD in it).
   */
  private text(lineNo: number, bytes: Uint8Array): string | undefined {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === carriageReturn ? bytes.length - 1 : bytes.length;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, end);
    if (!isUtf8(view)) return undefined;
    const text = view.toString('utf8');
    return lineNo === 1 && text.startsWith(byteOrderMark) ? text.slice(1) : text;
  }
}

/**
 * Splits a whole JSONL buffer.
 * @example [...splitJsonl(Buffer.from('{"a":1}\n\n{"b":2}'))] // lines 1 and 3
 */
export function* splitJsonl(buffer: Uint8Array): Generator<JsonlItem> {
  const s = new JsonlSplitter();
  yield* s.push(buffer);
  yield* s.end();
}

/**
 * Splits a stream of chunks (a `fs.createReadStream` without encoding, or any async iterable of
 * bytes), yielding each line as soon as its newline arrives. String chunks are taken as UTF-8.
 * @example for await (const item of readJsonl(fs.createReadStream(path))) ...
 */
export async function* readJsonl(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<JsonlItem> {
  const s = new JsonlSplitter();
  for await (const chunk of chunks) yield* s.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  yield* s.end();
}

/** True for a torn last line. */
export const isTorn = (item: JsonlItem): item is JsonlTorn => 'torn' in item;

/** True for a line that is not valid UTF-8. */
export const isInvalid = (item: JsonlItem): item is JsonlInvalid => 'invalid' in item;

/**
 * Splits a stream of chunks like `readJsonl`, yielding the lines of each chunk together: a history of
 * a million lines then costs a few hundred awaits instead of a million.
 * @example for await (const items of readJsonlBatches(fs.createReadStream(path))) for (const item of items) ...
 */
export async function* readJsonlBatches(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<readonly JsonlItem[]> {
  const s = new JsonlSplitter();
  for await (const chunk of chunks) {
    const items = s.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    if (items.length > 0) yield items;
  }
  const last = s.end();
  if (last.length > 0) yield last;
}
