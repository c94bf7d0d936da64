import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { JsonlFileStore, createPointfoldEngine, foldHistory, replayFile, splitJsonl } from '@pointfold/cli';
import { EventJson, award, customer, program, release, tempDir, toJsonl } from './fixtures';
import { buildCli, root } from './build';

const engine = createPointfoldEngine();

// The worker-thread and file-store cases take seconds each (a build check, a worker, a file): the 5 s default
// is too near on a loaded machine, where a case cut short went on beside the next.
jest.setTimeout(60_000);

/** Six good lines, one of them blank: a bad line appended after them is line 7. */
const good: string =
  toJsonl([program('e1', '2026-03-01T09:00:00Z'), customer('e2', '2026-03-01T09:30:00Z', 'c1')]) +
  '\n' +
  toJsonl([
    award('e3', '2026-03-01T10:00:00Z', 'c1', '100', { expiresAt: '2026-06-01T00:00:00Z' }),
    award('e4', '2026-03-02T10:00:00Z', 'c1', '50', { category: 'DelayedAccrualPointCategory' }),
    release('e5', '2026-03-03T10:00:00Z', 'e4', '20'),
  ]);
const badLineNo = 7;
/** The decoding worker of the built command line. */
const decodeWorker = path.join(root, 'packages', 'cli', 'dist', 'store', 'decode-worker.js');
const later = '2026-03-05T10:00:00Z';

const line = (e: EventJson): string => JSON.stringify(e);
const without = (e: EventJson, key: string): EventJson => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key)) as EventJson;

/** Each kind of bad line of CONTRACT §1, and what its reason must say. */
const cases: readonly (readonly [string, string, RegExp])[] = [
  ['not JSON', '{"type":"ProgramDefined","id":"x",', /^not JSON: /],
  ['not a JSON object', '[1,2,3]', /expected a JSON object/],
  ['a missing field', line(without(customer('x', later, 'c9'), 'customerId')), /^customerId: is missing/],
  ['a missing envelope field', line(without(program('x', later, 900), 'at')), /^at: is missing/],
  ['a field of the wrong type', line({ ...program('x', later, 900), programId: '900' }), /^programId: expected a positive integer/],
  ['a nested field of the wrong type', line({ ...award('x', later, 'c1', '5'), entity: { type: 'CUSTOMER', id: 42 } }), /^entity\.id: /],
  ['an unknown type', line({ type: 'PointsConjured', id: 'x', at: later }), /unknown event type "PointsConjured"/],
  ['a duplicate id', line(program('e3', later, 900)), /^9901: duplicate event id e3/],
  ['time going back', line(program('x', '2026-03-03T09:59:59Z', 900)), /^9902: event time 2026-03-03T09:59:59Z is before/],
  ['more than 3 decimals', line(award('x', later, 'c1', '10.0001')), /^points: 878: /],
  ['zero points', line(award('x', later, 'c1', '0')), /^points: 801: .*not positive/],
  ['negative points', line(award('x', later, 'c1', '-5')), /^points: 801: .*not positive/],
  ['zero points to release', line(release('x', later, 'e4', '0.000')), /^points: 801: /],
  ['an unknown customer', line(award('x', later, 'c404', '5')), /^816: Unable to find customer .*c404/],
  ['an unknown program', line(award('x', later, 'c1', '5', { programId: 404 })), /^885: Invalid program id 404/],
  ['an unknown lot', line(release('x', later, 'lot-404')), /^9903: unknown lot lot-404/],
  ['an unknown field', line({ ...program('x', later, 900), colour: 'red' }), /^colour: is not a known field/],
  ['a __proto__ key', `{"type":"ProgramDefined","id":"x","at":"${later}","programId":900,"name":"x","__proto__":{"admin":true}}`, /^__proto__: is not a known field/],
  ['a time without a zone', line(program('x', '2026-03-05T10:00:00', 900)), /^at: .*no time zone/],
];

describe('a history with a bad line is refused at that line', () => {
  it('accepts the good lines alone (so each refusal below is the bad line\'s doing)', async () => {
    const r = await foldHistory(splitJsonl(Buffer.from(good)), engine);
    expect(E.isRight(r) && r.right.eventsRead).toBe(5);
  });

  it.each(cases)('%s', async (_name, bad, reason) => {
    // A good line after the bad one: the first bad line is the one named.
    const text = `${good}${bad}\n${line(program('after', '2026-03-06T10:00:00Z', 901))}\n`;
    const r = await foldHistory(splitJsonl(Buffer.from(text)), engine);
    if (E.isRight(r)) throw new Error('the history was accepted');
    expect(r.left.line).toBe(badLineNo);
    expect(r.left.reason).toMatch(reason);
  });

  it.each(cases)('%s: replay refuses the same line for the same reason when a worker thread decodes the history', async (_name, bad, reason) => {
    buildCli();
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      fs.writeFileSync(file, `${good}${bad}\n${line(program('after', '2026-03-06T10:00:00Z', 901))}\n`);
      const inWorker = await replayFile(file, engine, undefined, { decodeWorker });
      expect(inWorker).toEqual(await replayFile(file, engine));
      expect(inWorker).toEqual(E.left({ _tag: 'HistoryError', line: badLineNo, reason: expect.stringMatching(reason) }));
    } finally {
      tmp.remove();
    }
  });

  it.each(cases)('%s: the file store refuses to open it (decoding in its thread or in a worker), and leaves the file and no lock behind', async (_name, bad, reason) => {
    buildCli();
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'h.jsonl');
      const text = `${good}${bad}\n`;
      fs.writeFileSync(file, text);
      for (const options of [{}, { decodeWorker }]) {
        const r = await JsonlFileStore.open(file, engine, { recoverTorn: true, ...options });
        if (E.isRight(r)) throw new Error('the store opened a bad history');
        expect(r.left).toEqual({ _tag: 'HistoryError', line: badLineNo, reason: expect.stringMatching(reason) });
        expect(fs.readFileSync(file, 'utf8')).toBe(text);
        expect(fs.existsSync(`${file}.lock`)).toBe(false);
      }
    } finally {
      tmp.remove();
    }
  });
});
