/**
 * The history queries end to end: the packages are built first, then `bin/pointfold.js` runs in a
 * child process on the example history (`examples/retail.jsonl`, 511 events), as a user would run it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import * as E from 'fp-ts/Either';
import { Points, accountsOfEntity, recordedBalanceAt, ts } from '@pointfold/core';
import { BalanceJson, EntriesJson, ReplayJson, ExplainJson, VerifyJson, createPointfoldEngine, foldHistory, splitJsonl } from '@pointfold/cli';
import { award, history, tempDir, toJsonl } from './fixtures';
import { buildCli, root } from './build';

const bin = path.join(root, 'packages', 'cli', 'bin', 'pointfold.js');
const retail = path.join('examples', 'retail.jsonl');
let tmp: ReturnType<typeof tempDir>;

const pointfold = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: 'Pacific/Kiritimati' } });

/** Runs a command that must succeed quietly; its stdout. */
const ok = (...args: string[]): string => {
  const r = pointfold(...args);
  expect([r.status, r.stderr]).toEqual([0, '']);
  return r.stdout;
};

beforeAll(() => {
  buildCli();
  tmp = tempDir();
}, 240_000);

afterAll(() => tmp?.remove());

describe('pointfold balance, entries, verify and explain on examples/retail.jsonl', () => {
  it('balance: a table of the customer found by mobile number', () => {
    const out = ok('balance', retail, '--customer', 'mobile:919740010000');
    const lines = out.split('\n');
    expect(lines[0]).toBe('CUSTOMER 502522200 (Asha Sawyer)');
    expect(lines[1]).toMatch(/^PROGRAM {2}PROGRAM NAME +CATEGORY +CLOSING BALANCE$/);
    expect(out).toMatch(/\n {3}1745 {2}Playground +Main +731\.000\n/);
    expect(lines[lines.length - 2]).toBe('511 events read; 5 closing balances at 2026-07-15T00:00:00Z.');
  });

  it('balance --json agrees with replay --json at the same date', () => {
    const j = JSON.parse(ok('balance', retail, '--customer', 'externalId:tomanatest0', '--program', '1745', '--at', '2026-03-01', '--json')) as BalanceJson;
    expect(Object.keys(j)).toEqual(['eventsRead', 'at', 'entities']);
    expect([j.eventsRead, j.at, j.entities.map((e) => e.entityId)]).toEqual([511, '2026-03-01T00:00:00Z', ['502522200']]);
    const replay = JSON.parse(ok('replay', retail, '--at', '2026-03-01', '--json')) as ReplayJson;
    const fromReplay = replay.balances.filter((b) => b.entityId === '502522200' && b.programId === 1745).map((b) => `${b.pointsCategory} ${b.closingBalance}`);
    // The same accounts and amounts; replay sorts categories by name, the query Main first.
    expect(j.entities[0]?.ledgerClosingBalance.map((b) => `${b.pointsCategory} ${b.closingBalance}`).sort()).toEqual(fromReplay);
  });

  it('entries: a window of half a year, every entry in it once, their net what the accounts moved', async () => {
    const j = JSON.parse(ok('entries', retail, '--customer', 'id:502522200', '--from', '2026-01-01', '--to', '2026-07-15T00:00:00Z', '--json')) as EntriesJson;
    const entries = j.entities[0]?.ledgerEntries ?? [];
    expect(entries.length).toBeGreaterThan(10);
    expect(new Set(entries.map((e) => e.eventLogId)).size).toBe(entries.length);
    const dates = entries.map((e) => e.ledgerCreatedDate);
    expect(dates).toEqual([...dates].sort());
    const folded = await foldHistory(splitJsonl(fs.readFileSync(path.join(root, retail))), createPointfoldEngine());
    if (E.isLeft(folded)) throw new Error(folded.left.reason);
    const moved = accountsOfEntity(folded.right.state.ledger, 'CUSTOMER', '502522200').reduce((t, a) => t + Points.toMillis(recordedBalanceAt(a, ts('2026-07-15T00:00:00Z'))), 0n);
    expect(entries.reduce((t, e) => t + Points.toMillis(Points.points(e.netPointsOnEvent)), 0n)).toBe(moved);
    const table = ok('entries', retail, '--customer', 'id:502522200', '--from', '2026-01-01', '--to', '2026-02-01');
    expect(table).toMatch(/^CUSTOMER 502522200 \(Asha Sawyer\): 3 entries\nDATE +EVENT +NAME +PROGRAM +CATEGORY +TYPE +POINTS +NET +TRANSACTION\/TILL\n2026-01-09 09:43:22\.79 +ev-00054 +TransactionAdd +1414 +Main +CREDIT +394\.000 +394\.000 +bill-4-1\n/);
  });

  it('verify: every invariant held, and the summary of the history', () => {
    const out = ok('verify', retail);
    expect(out.split('\n').slice(0, 2)).toEqual(['examples/retail.jsonl: 511 events verified; every balance invariant held after every event.', '40 customers, 0 groups, 3 programs, 0 rewards.']);
    expect(out).toMatch(/\n {4}all {2}62990\.000 +0\.000 +29520\.000 +0\.000 +4440\.000\n/);
    const j = JSON.parse(ok('verify', retail, '--json')) as VerifyJson;
    expect([j.eventsRead, j.at, j.total.issued]).toEqual([511, '2026-07-15T00:00:00Z', '62990.000']);
  });

  it('explain: the lots of the balance, what expired, what was released from promised lots', () => {
    const out = ok('explain', retail, '--customer', 'id:502522200', '--program', '1745');
    expect(out.split('\n')[0]).toBe('CUSTOMER 502522200 (Asha Sawyer), program 1745 (Playground), at 2026-07-15T00:00:00Z');
    expect(out).toContain('Main: 731.000 in 3 open lots (of 7 lots)');
    expect(out).toMatch(/\n {2}ev-00298 +2026-04-28T09:04:30\.856Z +-92\.000 +PointsExpired: expired\n/);
    expect(out).toContain('PromisedPointsReleased: released from promised lot ev-00340');
    const j = JSON.parse(ok('explain', retail, '--customer', 'email:asha.sawyer0@example.com', '--program', '1745', '--at', '2026-03-01', '--json')) as ExplainJson;
    expect(j.categories.map((c) => [c.pointsCategory, c.balance, c.lots.map((l) => `${l.lotId} ${l.left} ${l.status}`)])).toEqual([['Main', '303.000', ['ev-00091 92.000 open', 'ev-00102 211.000 open']]]);
  });

  it.each(['balance', 'entries', 'verify', 'explain'])('%s --help: usage and an example, status 0', (command) => {
    const out = ok(command, '--help');
    expect(out).toContain(`Usage: pointfold ${command} [options] <file>`);
    expect(out).toContain('Examples:');
  });

  it('bad input: exit 2, nothing on stdout, one line on stderr', () => {
    const r1 = pointfold('balance', retail, '--customer', 'mobile:000');
    expect([r1.status, r1.stdout, r1.stderr]).toEqual([2, '', 'pointfold balance: --customer mobile:000: no customer has mobile "000" in the history\n']);
    const r2 = pointfold('explain', retail, '--customer', 'passport:1', '--program', '1745');
    expect([r2.status, r2.stdout]).toEqual([2, '']);
    expect(r2.stderr).toContain('invalid --customer "passport:1"');
    const bad = path.join(tmp.dir, 'bad.jsonl');
    fs.writeFileSync(bad, `${toJsonl(history.slice(0, 4))}${JSON.stringify(award('x', '2026-03-05T00:00:00Z', 'c1', '-1'))}\n`);
    for (const args of [['verify', bad], ['entries', bad, '--customer', 'id:c1', '--from', '2026-01-01', '--to', '2026-12-31']]) {
      const r = pointfold(...args);
      expect([r.status, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: points: 801: `));
    }
  });
});

describe('pointfold on examples/demo.jsonl (groups, rewards, segments, cards, redemptions)', () => {
  const demo = path.join('examples', 'demo.jsonl');

  it('replay folds its group and reward events; verify counts them', () => {
    const j = JSON.parse(ok('replay', demo, '--json')) as ReplayJson;
    expect([j.eventsRead, j.at]).toEqual([552, '2026-07-16T09:40:00Z']);
    const out = ok('verify', demo);
    expect(out.split('\n').slice(0, 2)).toEqual(['examples/demo.jsonl: 552 events verified; every balance invariant held after every event.', '52 customers, 2 groups, 3 programs, 4 rewards.']);
  });

  it('balance --group finds the FLEET group by id and by external id, beside its primary member', () => {
    const byId = JSON.parse(ok('balance', demo, '--customer', 'id:502522249', '--group', 'id:2626', '--json')) as BalanceJson;
    const byExternal = JSON.parse(ok('balance', demo, '--customer', 'id:502522249', '--group', 'externalId:fleet-2626', '--json')) as BalanceJson;
    expect(byId.entities.map((e) => `${e.entityType} ${e.entityId}`)).toEqual(['CUSTOMER 502522249', 'USERGROUP2 2626']);
    expect(byExternal).toEqual(byId);
    const unknown = pointfold('balance', demo, '--customer', 'id:502522249', '--group', 'id:nope');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/nope/);
  });

  it('explain names the redemption that took points from a lot', () => {
    const j = JSON.parse(ok('explain', demo, '--customer', 'id:502522244', '--program', '1745', '--json')) as ExplainJson;
    const lot = j.categories.flatMap((c) => c.lots).find((l) => l.lotId === 'demo-0011');
    const taken = lot?.movements.find((m) => m.eventId === 'demo-redeem-event-1');
    expect([taken?.points, taken?.what]).toEqual(['-100.000', expect.stringContaining('demo-redemption-1')]);
  });
});
