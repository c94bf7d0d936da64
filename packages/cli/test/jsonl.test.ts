import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { Points, closingBalances, formatTimestamp } from '@pointfold/core';
import { JsonlItem, JsonlLine, JsonlSplitter, createPointfoldEngine, foldHistory, isInvalid, isTorn, limits, readJsonl, splitJsonl } from '@pointfold/cli';
import { decodeAll, history, toJsonl } from './fixtures';

const engine = createPointfoldEngine();
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const linesOf = (items: readonly JsonlItem[]): JsonlLine[] => items.filter((i): i is JsonlLine => 'text' in i);

/** Splits `buf` pushed in the given chunk sizes (cycling), then ended. */
const splitInChunks = (buf: Buffer, cuts: readonly number[]): JsonlItem[] => {
  const s = new JsonlSplitter();
  const out: JsonlItem[] = [];
  let prev = 0;
  for (const cut of [...cuts, buf.length]) {
    out.push(...s.push(buf.subarray(prev, cut)));
    prev = cut;
  }
  out.push(...s.end());
  return out;
};

/** The canonical JSON of the event a line holds (decoded by the engine, encoded back). */
const canonical = (text: string): string => {
  const [event] = decodeAll(engine, [JSON.parse(text)]);
  if (event === undefined) throw new Error('nothing decoded');
  return JSON.stringify(engine.encodeEvent(event));
};

/** Balances as plain text rows, for comparing two states. */
const balanceRows = (s: Parameters<typeof closingBalances>[0], at: Parameters<typeof closingBalances>[1]): string[] =>
  closingBalances(s, at).map((b) => `${b.entityType} ${b.entityId} ${b.programId} ${b.pointsCategory} ${Points.format(b.closingBalance)}`);

describe('the JSONL splitter', () => {
  it('numbers lines from 1, skips blank lines but counts them, and drops a trailing \\r', () => {
    const items = [...splitJsonl(bytes('{"a":1}\n\n   \n{"b":2}\r\n\r\n{"c":3}\n'))];
    expect(items).toEqual([
      { lineNo: 1, text: '{"a":1}', offset: 0 },
      { lineNo: 4, text: '{"b":2}', offset: 13 },
      { lineNo: 6, text: '{"c":3}', offset: 24 },
    ]);
  });

  it('takes a last line without a newline as complete when it is a JSON object', () => {
    expect([...splitJsonl(bytes('{"a":1}\n{"b":2}'))]).toEqual([
      { lineNo: 1, text: '{"a":1}', offset: 0 },
      { lineNo: 2, text: '{"b":2}', offset: 8 },
    ]);
    expect([...splitJsonl(bytes('{"a":1}\n{"b":2}\r'))]).toEqual([
      { lineNo: 1, text: '{"a":1}', offset: 0 },
      { lineNo: 2, text: '{"b":2}', offset: 8 },
    ]);
  });

  it('reports a last line without a newline that is not a JSON object as torn, with its line and bytes', () => {
    const items = [...splitJsonl(bytes('{"a":1}\n\n{"b":"é'))];
    expect(items).toEqual([{ lineNo: 1, text: '{"a":1}', offset: 0 }, { torn: { lineNo: 3, bytes: 8, offset: 9 } }]);
    // A JSON value that is not an object may be the prefix of a longer one ("12" of "123"): torn too.
    expect([...splitJsonl(bytes('{"a":1}\n12'))]).toEqual([{ lineNo: 1, text: '{"a":1}', offset: 0 }, { torn: { lineNo: 2, bytes: 2, offset: 8 } }]);
    // A complete JSON array is not an event line: torn as well, never taken for a line and refused as one.
    expect([...splitJsonl(bytes('{"a":1}\n[1]'))]).toEqual([{ lineNo: 1, text: '{"a":1}', offset: 0 }, { torn: { lineNo: 2, bytes: 3, offset: 8 } }]);
    // Nor is `null`, although its `typeof` is "object": never an event line.
    expect([...splitJsonl(bytes('{"a":1}\nnull'))]).toEqual([{ lineNo: 1, text: '{"a":1}', offset: 0 }, { torn: { lineNo: 2, bytes: 4, offset: 8 } }]);
  });

  it('reports a last line torn inside a multi-byte character as torn, never decoding it', () => {
    const full = bytes('{"a":1}\n{"name":"李"}');
    const cut = full.subarray(0, full.length - 3); // inside the 3 bytes of 李
    const items = [...splitJsonl(cut)];
    expect(items).toEqual([{ lineNo: 1, text: '{"a":1}', offset: 0 }, { torn: { lineNo: 2, bytes: cut.length - 8, offset: 8 } }]);
  });

  it('ignores a last line holding only whitespace, and an empty input', () => {
    expect([...splitJsonl(bytes('{"a":1}\n  '))]).toEqual([{ lineNo: 1, text: '{"a":1}', offset: 0 }]);
    expect([...splitJsonl(bytes(''))]).toEqual([]);
  });

  it('strips a byte-order mark from line 1 only', () => {
    const items = [...splitJsonl(bytes('\uFEFF{"a":1}\n\uFEFF{"b":2}\n'))];
    expect(items).toEqual([
      { lineNo: 1, text: '{"a":1}', offset: 0 },
      { lineNo: 2, text: '\uFEFF{"b":2}', offset: 11 },
    ]);
  });

  it('reports a complete line that is not valid UTF-8 (no silent replacement character)', () => {
    const buf = Buffer.concat([bytes('{"a":1}\n{"b":"'), Buffer.from([0xc3, 0x28]), bytes('"}\n')]);
    const items = [...splitJsonl(buf)];
    expect(items[1]).toEqual({ invalid: { lineNo: 2, reason: 'not valid UTF-8' } });
    expect(items.some(isInvalid)).toBe(true);
  });

  it('refuses a line over the limit at its number without keeping its bytes, and reads on after it', () => {
    const max = limits.jsonlLineBytesMax;
    const long = Buffer.alloc(max + 1, 0x78);
    const at = Buffer.alloc(max, 0x20);
    // In 64 KiB chunks, as a file is read: a line one byte over the limit, one at the limit (blank), a line after them.
    const buf = Buffer.concat([bytes('{"a":1}\n'), long, bytes('\n'), at, bytes('\n{"b":2}\n'), long]);
    const cuts = Array.from({ length: Math.floor(buf.length / 65_536) }, (_, i) => (i + 1) * 65_536);
    const items = splitInChunks(buf, cuts);
    // The limit is 64 MiB, as the message says.
    const reason = (n: number) => `a line of ${n.toLocaleString('en-US')} bytes: longer than the 67,108,864 bytes a line may hold`;
    expect(items.map((i) => ('text' in i ? [i.lineNo, i.text, i.offset] : i))).toEqual([
      [1, '{"a":1}', 0],
      { invalid: { lineNo: 2, reason: reason(max + 1) } },
      [4, '{"b":2}', 8 + max + 2 + max + 1],
      // The last line, without its newline and over the limit: refused, not taken for a torn write.
      { invalid: { lineNo: 5, reason: reason(max + 1) } },
    ]);
  });

  it('reads a line of exactly the limit whole, its newline in the next chunk or missing at the end', () => {
    const max = limits.jsonlLineBytesMax;
    const text = `{"a":"${'x'.repeat(max - 8)}"}`;
    const line = bytes(text);
    /** What a splitter gave, made small: each item's number and kind, and whether its text is `text`. */
    const seen = (items: readonly JsonlItem[]): unknown[] => items.map((i) => ('text' in i ? [i.lineNo, i.offset, i.text.length, i.text === text] : i));
    const s = new JsonlSplitter();
    expect(seen([...s.push(line), ...s.push(bytes('\n{"b":2}\n')), ...s.end()])).toEqual([[1, 0, max, true], [2, max + 1, 7, false]]);
    const last = new JsonlSplitter();
    expect(seen([...last.push(bytes('{"b":2}\n')), ...last.push(line), ...last.end()])).toEqual([[1, 0, 7, false], [2, 8, max, true]]);
  });

  it('splits multi-byte UTF-8 names identically wherever a chunk boundary falls', () => {
    const text = toJsonl(history);
    const buf = bytes(text);
    const expected = text.trimEnd().split('\n');
    // Every split point of the whole file into two chunks...
    for (let cut = 0; cut <= buf.length; cut++) {
      const texts = linesOf(splitInChunks(buf, [cut])).map((l) => l.text);
      expect(texts).toEqual(expected);
    }
    // ...and one byte at a time.
    const oneByOne = Array.from({ length: buf.length - 1 }, (_, i) => i + 1);
    expect(linesOf(splitInChunks(buf, oneByOne)).map((l) => l.text)).toEqual(expected);
  });

  it('property: the items do not depend on how the bytes are chunked (whole ASCII chunks are split as one text)', () => {
    // Lines of ASCII, blanks, CRLF endings, non-ASCII text, a byte-order mark and bytes that are not UTF-8.
    const piece = fc.oneof(
      fc.constantFrom('{"a":1}', '', '   ', '{"b":"x y"}\r', '{"name":"李"}', '\uFEFF{"c":3}', '{"d":4', '12'),
      fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')),
    );
    const input = fc.record({
      lines: fc.array(fc.oneof(piece.map((s) => bytes(s)), fc.constant(Buffer.from([0x7b, 0xff, 0x7d]))), { maxLength: 12 }),
      endsWithNewline: fc.boolean(),
      cuts: fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(input, ({ lines, endsWithNewline, cuts }) => {
        const parts = lines.flatMap((l, i) => (i < lines.length - 1 || endsWithNewline ? [l, bytes('\n')] : [l]));
        const buf = Buffer.concat(parts);
        const oneByOne = Array.from({ length: Math.max(0, buf.length - 1) }, (_, i) => i + 1);
        const reference = splitInChunks(buf, oneByOne);
        expect(splitInChunks(buf, [])).toEqual(reference);
        const sorted = [...new Set(cuts.map((c) => Math.min(c, buf.length)))].sort((a, b) => a - b);
        expect(splitInChunks(buf, sorted)).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a stream of chunks, strings included', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array | string> {
      yield bytes('{"name":"');
      yield Buffer.from('李', 'utf8').subarray(0, 1);
      yield Buffer.from('李', 'utf8').subarray(1);
      yield '"}\n{"x":';
      yield '2}';
    }
    const items: JsonlItem[] = [];
    for await (const item of readJsonl(chunks())) items.push(item);
    expect(items).toEqual([
      { lineNo: 1, text: '{"name":"李"}', offset: 0 },
      { lineNo: 2, text: '{"x":2}', offset: 15 },
    ]);
  });

  it('refuses to be pushed after its end', () => {
    const s = new JsonlSplitter();
    s.end();
    expect(() => s.push(bytes('{}\n'))).toThrow(/after end/);
  });
});

/**
 * A history cut at every byte offset of its last three events is either folded to exactly the
 * complete events (the cut line reported as torn, or complete when only its newline is missing) or
 * refused: never misread. The reference is the intact file's events.
 */
describe.each([
  ['LF', '\n'],
  ['CRLF', '\r\n'],
])('a history cut at every byte offset of its last 3 events (%s)', (_name, eol) => {
  const full = bytes(toJsonl(history, eol));
  const intact = decodeAll(engine, history);
  const intactJson = intact.map((e) => JSON.stringify(engine.encodeEvent(e)));
  // Byte offset where each line starts, and where its JSON text ends (before `eol`).
  const starts: number[] = [];
  const jsonEnds: number[] = [];
  let offset = 0;
  for (const e of history) {
    starts.push(offset);
    const len = Buffer.byteLength(JSON.stringify(e), 'utf8');
    jsonEnds.push(offset + len);
    offset += len + Buffer.byteLength(eol);
  }
  const firstCut = starts[history.length - 3] as number;

  it('is never misread', async () => {
    expect(offset).toBe(full.length);
    let torn = 0;
    let complete = 0;
    for (let cut = firstCut; cut <= full.length; cut++) {
      const buf = full.subarray(0, cut);
      // The reference: lines whose newline is inside the cut are complete; the next line is complete
      // when all its JSON is inside the cut, otherwise torn.
      const ended = jsonEnds.filter((end) => end + Buffer.byteLength(eol) <= cut).length;
      const next = starts[ended];
      const nextComplete = next !== undefined && cut > next && cut >= (jsonEnds[ended] as number);
      const expectedEvents = ended + (nextComplete ? 1 : 0);
      const expectTorn = next !== undefined && cut > next && !nextComplete;

      const items = [...splitJsonl(buf)];
      const lineTexts = linesOf(items).map((l) => l.text);
      expect(lineTexts.map(canonical)).toEqual(intactJson.slice(0, expectedEvents));
      const tornItems = items.filter(isTorn);
      expect(tornItems).toEqual(expectTorn ? [{ torn: { lineNo: ended + 1, bytes: cut - (next as number), offset: next } }] : []);

      const folded = await foldHistory(items, engine);
      if (E.isLeft(folded)) throw new Error(`cut at ${cut}: refused at line ${folded.left.line}: ${folded.left.reason}`);
      expect(folded.right.eventsRead).toBe(expectedEvents);
      expect(folded.right.torn?.lineNo).toBe(expectTorn ? ended + 1 : undefined);
      const reference = engine.replay(intact.slice(0, expectedEvents));
      if (E.isLeft(reference)) throw new Error('the intact history does not replay');
      const at = intact[expectedEvents - 1]?.at;
      if (at === undefined) throw new Error('no events');
      expect(balanceRows(folded.right.state.ledger, at)).toEqual(balanceRows(reference.right.ledger, at));
      expect(formatTimestamp(folded.right.state.lastAt ?? at)).toBe(formatTimestamp(at));
      if (expectTorn) torn++;
      else complete++;
    }
    // Both outcomes occurred: the loop did test cuts inside lines and at their ends.
    expect(torn).toBeGreaterThan(100);
    expect(complete).toBeGreaterThanOrEqual(4);
  });
});
