/**
 * An append of several events is all or nothing on disk too: its lines carry a batch marker, and a
 * history whose last append is not all there (a crash cut it at any byte) opens as if the append
 * never happened, or is refused at the append's first line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { OrgState, Points, closingBalances } from '@pointfold/core';
import { JsonlFileStore, batchMarker, createPointfoldEngine, foldHistory, splitJsonl } from '@pointfold/cli';
import { award, customer, decodeAll, history, tempDir, toJsonl } from './fixtures';

const engine = createPointfoldEngine();

const balances = (s: OrgState): string[] =>
  s.lastAt === undefined ? [] : closingBalances(s.ledger, s.lastAt).map((b) => `${b.entityId}|${b.programId}|${b.pointsCategory}|${Points.format(b.closingBalance)}`);

const batch = decodeAll(engine, [
  customer('b1', '2026-03-05T10:00:00Z', 'c9', 'Nine'),
  award('b2', '2026-03-05T10:00:00Z', 'c9', '40'),
  award('b3', '2026-03-05T10:00:00Z', 'c1', '5.5'),
]);

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const writeWithBatch = async (file: string): Promise<{ before: Buffer; after: Buffer; stateBefore: string[] }> => {
  fs.writeFileSync(file, toJsonl(history));
  const before = fs.readFileSync(file);
  const opened = await JsonlFileStore.open(file, engine);
  if (E.isLeft(opened)) throw new Error(opened.left.reason);
  const { store } = opened.right;
  const stateBefore = balances(store.state);
  const r = await store.append(store.version, batch);
  expect(E.isRight(r)).toBe(true);
  await store.close();
  return { before, after: fs.readFileSync(file), stateBefore };
};

describe('appends of several events', () => {
  it('write one marker per line, "K/N", and replay to the same state', async () => {
    const file = path.join(tmp.dir, 'h.jsonl');
    const { before, after } = await writeWithBatch(file);
    const added = after.subarray(before.length).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { batch?: string });
    expect(added.map((l) => l.batch)).toEqual(['1/3', '2/3', '3/3']);
    const folded = await foldHistory(splitJsonl(after), engine);
    expect(E.isRight(folded) && folded.right.eventsRead).toBe(history.length + 3);
  });

  it('cut at any byte of the last append: recovered to the state before it, or refused at its first line', async () => {
    const file = path.join(tmp.dir, 'h.jsonl');
    const { before, after, stateBefore } = await writeWithBatch(file);
    const firstLine = history.length + 1;
    // Cutting only the final newline leaves a complete append (its last line is a whole JSON object).
    for (let cut = before.length + 1; cut < after.length - 1; cut++) {
      const cutFile = path.join(tmp.dir, `cut-${cut}.jsonl`);
      fs.writeFileSync(cutFile, after.subarray(0, cut));
      const refused = await JsonlFileStore.open(cutFile, engine);
      if (E.isRight(refused)) {
        await refused.right.store.close();
        throw new Error(`cut ${cut} opened with ${refused.right.store.version} events`);
      }
      if (refused.left._tag !== 'HistoryError') throw new Error(`cut ${cut}: ${refused.left.reason}`);
      expect(refused.left.line).toBe(firstLine);
      const recovered = await JsonlFileStore.open(cutFile, engine, { recoverTorn: true });
      if (E.isLeft(recovered)) throw new Error(`cut ${cut}: ${recovered.left.reason}`);
      expect(recovered.right.store.version).toBe(history.length);
      expect(balances(recovered.right.store.state)).toEqual(stateBefore);
      expect(recovered.right.notice).toMatch(/removed an incomplete last (append|line)/);
      await recovered.right.store.close();
      expect(fs.readFileSync(cutFile).equals(before)).toBe(true);
    }
    // Two opens for each of some 300 cut points: slow on a busy machine, never close to this limit when idle.
  }, 60_000);

  it('refuses a malformed or out-of-order marker with its line and why, showing a text marker up to 40 characters', async () => {
    const lines = toJsonl(history).split('\n').filter((l) => l.length > 0);
    const bad = (marker: unknown, at = 2): string => [...lines.slice(0, at), JSON.stringify({ ...JSON.parse(lines[at] as string), batch: marker }), ...lines.slice(at + 1)].join('\n') + '\n';
    const malformed = (shown: string): string => `batch: expected "K/N" with 1 <= K <= N and N >= 2, got ${shown}`;
    const cases: readonly (readonly [unknown, string])[] = [
      ['1/1', malformed('"1/1"')],
      ['0/2', malformed('"0/2"')],
      ['3/2', malformed('"3/2"')],
      ['x', malformed('"x"')],
      [7, malformed('7')],
      ['y'.repeat(40), malformed(`"${'y'.repeat(40)}"`)],
      ['y'.repeat(41), malformed(`"${'y'.repeat(37)}..."`)],
      ['2/2', 'batch 2/2 does not continue an append'],
    ];
    for (const [marker, reason] of cases) {
      const folded = await foldHistory(splitJsonl(Buffer.from(bad(marker))), engine);
      expect([marker, E.isLeft(folded) ? folded.left : 'accepted']).toEqual([marker, { _tag: 'HistoryError', line: 3, reason }]);
    }
  });

  it('refuses a line without a marker inside an append, a marker of another size, a new append or a skipped marker, at that line', async () => {
    const lines = toJsonl(history).split('\n').filter((l) => l.length > 0);
    const marked = (at: number, marker: string): string => JSON.stringify({ ...JSON.parse(lines[at] as string), batch: marker });
    const fold = async (text: readonly string[]) => foldHistory(splitJsonl(Buffer.from(`${text.join('\n')}\n`)), engine);
    const interrupted = await fold([...lines.slice(0, 2), marked(2, '1/2'), lines[3] as string, marked(4, '2/2')]);
    expect(interrupted).toEqual(E.left({ _tag: 'HistoryError', line: 4, reason: 'the append that starts at line 3 is interrupted (1 of 2 events)' }));
    const resized = await fold([...lines.slice(0, 2), marked(2, '1/3'), marked(3, '2/2')]);
    expect(resized).toEqual(E.left({ _tag: 'HistoryError', line: 4, reason: 'batch 2/2 does not continue an append' }));
    // A new append inside an open one would drop the lines of the first: refused at its first line.
    const restarted = await fold([...lines.slice(0, 2), marked(2, '1/3'), marked(3, '2/3'), marked(4, '1/2'), marked(5, '2/2')]);
    expect(restarted).toEqual(E.left({ _tag: 'HistoryError', line: 5, reason: 'the append that starts at line 3 is interrupted (2 of 3 events)' }));
    const skipped = await fold([...lines.slice(0, 2), marked(2, '1/3'), marked(3, '3/3')]);
    expect(skipped).toEqual(E.left({ _tag: 'HistoryError', line: 4, reason: 'batch 3/3 does not continue an append' }));
  });

  it('stops inside an append where the reader stops it, folding none of its later events', async () => {
    const text = toJsonl(history) + batch.map((e, k) => `${JSON.stringify({ ...engine.encodeEvent(e), batch: batchMarker(k, batch.length) })}\n`).join('');
    const lines: number[] = [];
    const folded = await foldHistory(splitJsonl(Buffer.from(text)), engine, undefined, { onEvent: (_e, line) => lines.push(line) <= history.length });
    expect(E.isRight(folded) && [folded.right.eventsRead, folded.right.stopped]).toEqual([history.length + 1, true]);
    expect(lines.at(-1)).toBe(history.length + 1);
  });

  it('counts the bytes of an unfinished last append of complete lines in UTF-8, not in characters', async () => {
    const text = toJsonl(history);
    const tail = [customer('n1', '2026-03-05T10:00:00Z', 'c8', '李小龍'), customer('n2', '2026-03-05T10:00:00Z', 'c7', 'Zoë')].map((e, k) => `${JSON.stringify({ ...e, batch: batchMarker(k, 3) })}\n`).join('');
    const folded = await foldHistory(splitJsonl(Buffer.from(text + tail)), engine);
    const offset = Buffer.byteLength(text);
    expect(E.isRight(folded) && folded.right.torn).toEqual({ lineNo: history.length + 1, bytes: Buffer.byteLength(tail), offset, batch: { have: 2, of: 3 } });
  });
});
