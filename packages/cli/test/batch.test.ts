/**
 * An append of several events is all or nothing on disk too: its lines carry a batch marker, and a
 * history whose last append is not all there (a crash cut it at any byte) opens as if the append
 * never happened, or is refused at the append's first line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { OrgState, Points, closingBalances } from '@pointfold/core';
import { JsonlFileStore, createPointfoldEngine, foldHistory, splitJsonl } from '@pointfold/cli';
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

  it('refuses a malformed or out-of-order marker with its line', async () => {
    const lines = toJsonl(history).split('\n').filter((l) => l.length > 0);
    const bad = (marker: unknown, at = 2): string => [...lines.slice(0, at), JSON.stringify({ ...JSON.parse(lines[at] as string), batch: marker }), ...lines.slice(at + 1)].join('\n') + '\n';
    for (const marker of ['1/1', '0/2', '3/2', 'x', 7, '2/2']) {
      const folded = await foldHistory(splitJsonl(Buffer.from(bad(marker))), engine);
      expect(E.isLeft(folded) ? folded.left.line : -1).toBe(3);
    }
  });
});
