/**
 * The history queries by example, in-process: what each prints (tables and JSON) on small histories,
 * and how each refuses bad input (exit 2, nothing on stdout, one line on stderr), through `main` too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { EventBase, Points, ts } from '@pointfold/core';
import {
  BalanceJson,
  EntriesJson,
  createPointfoldEngine,
  ExplainJson,
  foldHistory,
  main,
  readEntityOption,
  runBalance,
  runEntries,
  runExplain,
  runVerify,
  splitJsonl,
  VerifyJson,
  windowsOf,
} from '@pointfold/cli';
import { defaultWorld, fullEngine, runWorld, skewAccount, skewSystemAccount, toJsonl as kitJsonl, withFault } from '@pointfold/testing';
import { EventJson, award, customer, history, program, tempDir, toJsonl, wideId } from './fixtures';
import { root } from './build';
import { recorder } from './recorder';

const engine = createPointfoldEngine();
let tmp: ReturnType<typeof tempDir>;
let file: string;
let world: string;

/** The kit's default world, then a redemption, a group transfer and a reversal. */
const worldHistory = runWorld(defaultWorld, [
  { kind: 'redeem', spec: { customer: 1, initiator: 'any', idKind: 'groupId', group: 0, otherGroup: 0, program: 0, points: Points.points('40'), transaction: 1 } },
  { kind: 'groupTransfer', from: 5, to: 2, by: 0, program: 0, points: Points.points('25') },
  { kind: 'reverse', pick: 0, percent: 50 },
]);

beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'history.jsonl');
  fs.writeFileSync(file, toJsonl(history));
  world = path.join(tmp.dir, 'world.jsonl');
  fs.writeFileSync(world, kitJsonl(fullEngine, worldHistory.events));
});
afterEach(() => tmp.remove());

/**
 * The fixture's history, then c1 merged into c2, a customer c9 without names or points, a program with a
 * wide name (each character two columns, wider than its column's header) and an award in it, and an
 * award with a till but no transaction.
 */
const more: readonly EventJson[] = [
  ...history,
  { type: 'CustomerStatusChanged', id: 's1', at: '2026-03-05T00:00:00Z', customerId: 'c1', status: 'MERGED', mergedInto: 'c2' },
  customer('e20', '2026-03-05T00:00:00Z', 'c9'),
  program('p9', '2026-03-05T00:00:00Z', 909, '李小龍積分計劃'),
  award('a9', '2026-03-05T01:00:00Z', 'c2', '4', { programId: 909 }),
  { ...award('a10', '2026-03-05T02:00:00Z', 'c2', '3'), till: { code: 'web.till' } },
];

describe('pointfold balance', () => {
  it('prints a table per entity: program, name, category, closing balance, and a summary', async () => {
    const r = recorder();
    expect(await runBalance(file, { customer: 'id:c1' }, r.io, engine)).toBe(0);
    expect(r.out().split('\n')).toEqual([
      'CUSTOMER c1 (Bo)',
      'PROGRAM  PROGRAM NAME  CATEGORY                     CLOSING BALANCE',
      '    765  Main program  Main                               30000.000',
      '    765  Main program  DelayedAccrualPointCategory          100.250',
      '',
      '10 events read; 2 closing balances at 2026-03-04T10:00:00Z.',
      '',
    ]);
  });

  it('finds a customer by any identifier, a group by id or external id, both at once with --group', async () => {
    const r = recorder();
    expect(await runBalance(world, { customer: 'email:c2@example.com', group: 'externalId:x1', json: true }, r.io, engine)).toBe(0);
    const j = JSON.parse(r.out()) as BalanceJson;
    expect(j.entities.map((e) => [e.entityType, e.entityId, e.ledgerClosingBalance.map((row) => `${row.programId} ${row.pointsCategory} ${row.closingBalance}`)])).toEqual([
      ['CUSTOMER', 'c2', ['765 Main 500.000']],
      ['USERGROUP2', 'g1', ['765 Main 755.000']],
    ]);
  });

  it('reads every page: more than ten rows come back whole', async () => {
    const many = [
      ...history.slice(0, 4),
      ...Array.from({ length: 12 }, (_, i) => program(`p${i}`, '2026-03-05T00:00:00Z', 900 + i, `P${i}`)),
      ...Array.from({ length: 12 }, (_, i) => award(`a${i}`, '2026-03-06T00:00:00Z', 'c2', '1', { programId: 900 + i })),
    ];
    fs.writeFileSync(file, toJsonl(many));
    const r = recorder();
    expect(await runBalance(file, { customer: 'id:c2', json: true }, r.io, engine)).toBe(0);
    expect((JSON.parse(r.out()) as BalanceJson).entities[0]?.ledgerClosingBalance).toHaveLength(12);
  });

  it('names a program whose id has 16 digits, as a history may define it (up to 2^53 - 1)', async () => {
    const big = 9007199254740991;
    fs.writeFileSync(file, toJsonl([...history.slice(0, 4), program('pbig', '2026-03-05T00:00:00Z', big, 'Big'), award('abig', '2026-03-06T00:00:00Z', 'c2', '7', { programId: big })]));
    const r = recorder();
    expect(await runBalance(file, { customer: 'id:c2', program: String(big), json: true }, r.io, engine)).toBe(0);
    expect((JSON.parse(r.out()) as BalanceJson).entities[0]?.ledgerClosingBalance).toEqual([expect.objectContaining({ programId: big, closingBalance: '7.000' })]);
    const over = recorder();
    expect(await runBalance(file, { customer: 'id:c2', program: '9007199254740992' }, over.io, engine)).toBe(2);
  });

  it('heads a section with the names and status, or the id alone, and says so when there are no points', async () => {
    fs.writeFileSync(file, toJsonl(more));
    const table = async (customerOption: string): Promise<string> => {
      const r = recorder();
      expect(await runBalance(file, { customer: customerOption }, r.io, engine)).toBe(0);
      return r.out();
    };
    expect((await table('id:c1')).split('\n')[0]).toBe('CUSTOMER c1 (Bo, MERGED into c2)');
    expect(await table('id:c9')).toBe('CUSTOMER c9\n(no points ever)\n\n15 events read; 0 closing balances at 2026-03-05T02:00:00Z.\n');
  });

  it('aligns the columns in terminal columns: a wide character takes two', async () => {
    fs.writeFileSync(file, toJsonl(more));
    const r = recorder();
    expect(await runBalance(file, { customer: 'id:c2' }, r.io, engine)).toBe(0);
    expect(r.out().split('\n')).toEqual([
      'CUSTOMER c2 (Ana)',
      'PROGRAM  PROGRAM NAME    CATEGORY  CLOSING BALANCE',
      '    765  Main program    Main                3.000',
      '    801  Fuel program    Main               12.500',
      '    909  李小龍積分計劃  Main                4.000',
      '',
      '15 events read; 3 closing balances at 2026-03-05T02:00:00Z.',
      '',
    ]);
  });

  it('prints a group\'s section after the customer\'s, headed by its type, external id and primary user', async () => {
    const r = recorder();
    expect(await runBalance(world, { customer: 'id:c2', group: 'externalId:x1' }, r.io, engine)).toBe(0);
    expect(r.out().split('\n')).toEqual([
      'CUSTOMER c2 (First1 Last1)',
      'PROGRAM  PROGRAM NAME  CATEGORY  CLOSING BALANCE',
      '    765  Program 765   Main              500.000',
      '',
      'USERGROUP2 g1 (FLEET, external id x1, primary user c1)',
      'PROGRAM  PROGRAM NAME  CATEGORY  CLOSING BALANCE',
      '    765  Program 765   Main              755.000',
      '',
      `${worldHistory.events.length} events read; 2 closing balances at 2026-01-01T00:03:00Z.`,
      '',
    ]);
  });

  it('escapes the control characters of ids and names in its table', async () => {
    fs.writeFileSync(file, toJsonl([program('p1', '2026-03-01T00:00:00Z', 765, 'Main\u001b[2J'), customer('c', '2026-03-01T00:00:00Z', 'c\u0007', 'Bo\u009b'), award('a', '2026-03-02T00:00:00Z', 'c\u0007', '1')]));
    const r = recorder();
    expect(await runBalance(file, { customer: 'id:c\u0007' }, r.io, engine)).toBe(0);
    expect(r.out().split('\n').slice(0, 3)).toEqual([
      'CUSTOMER c\\u0007 (Bo\\u009b)',
      'PROGRAM  PROGRAM NAME   CATEGORY  CLOSING BALANCE',
      '    765  Main\\u001b[2J  Main                1.000',
    ]);
  });

  it('reads its dates and program id with blanks around them', async () => {
    const r = recorder();
    expect(await runBalance(file, { customer: 'id:c1', program: ' 765 ', at: ' 2026-03-02 ', json: true }, r.io, engine)).toBe(0);
    const j = JSON.parse(r.out()) as BalanceJson;
    expect([j.at, j.entities[0]?.ledgerClosingBalance.map((row) => `${row.programId} ${row.pointsCategory} ${row.closingBalance}`)]).toEqual(['2026-03-02T00:00:00Z', ['765 Main 30000.000', '765 DelayedAccrualPointCategory 0.000']]);
  });

  it('reads TYPE:VALUE at the first colon: the value may hold colons', () => {
    expect(readEntityOption('customer', 'externalId:shop:42')).toEqual(E.right({ kind: 'CUSTOMER', type: 'externalId', value: 'shop:42', text: 'externalId:shop:42' }));
    expect(readEntityOption('group', 'id:a:b')).toEqual(E.right({ kind: 'USERGROUP2', type: 'id', value: 'a:b', text: 'id:a:b' }));
  });

  it.each([
    [{ customer: 'phone:1' }, 'pointfold balance: invalid --customer "phone:1": expected TYPE:VALUE with TYPE one of id, mobile, email, externalId, cardnumber'],
    [{ customer: 'id:' }, 'pointfold balance: invalid --customer "id:": expected TYPE:VALUE with TYPE one of id, mobile, email, externalId, cardnumber'],
    [{ group: 'mobile:1' }, 'pointfold balance: invalid --group "mobile:1": expected TYPE:VALUE with TYPE one of id, externalId'],
    [{}, 'pointfold balance: name a customer (--customer TYPE:VALUE) or a group (--group TYPE:VALUE)'],
    [{ customer: 'id:c1', program: 'x' }, 'pointfold balance: invalid --program "x": expected a positive integer program id'],
    [{ customer: 'id:c1', at: 'soon' }, 'pointfold balance: invalid --at: "soon" is not an ISO-8601 date-time'],
    [{ customer: 'id:nobody' }, 'pointfold balance: --customer id:nobody: no customer has id "nobody" in the history'],
    [{ customer: 'id:c1', program: '404' }, 'pointfold balance: --program 404: no such program in the history'],
    [{ customer: 'id:c1', program: '0' }, 'pointfold balance: invalid --program "0": expected a positive integer program id'],
    [{ customer: 'id:c1', program: '0765' }, 'pointfold balance: invalid --program "0765": expected a positive integer program id'],
    [{ customer: 'id:c1', program: '9007199254740992' }, 'pointfold balance: invalid --program "9007199254740992": expected a positive integer program id'],
    [{ group: 'id:nope' }, 'pointfold balance: --group id:nope: no group has id "nope" in the history'],
    [{ customer: 'id:a\u001b[2Jb' }, 'pointfold balance: --customer id:a\\u001b[2Jb: no customer has id "a\\u001b[2Jb" in the history'],
  ])('refuses bad input %j: exit 2, nothing on stdout', async (options, message) => {
    const r = recorder();
    expect([await runBalance(file, options, r.io, engine), r.out(), r.err()]).toEqual([2, '', `${message}\n`]);
  });

  it('refuses a bad history as replay does: FILE:LINE: reason', async () => {
    fs.writeFileSync(file, `${toJsonl(history.slice(0, 4))}${JSON.stringify(award('x', '2026-03-05T00:00:00Z', 'c1', '1.2345'))}\n`);
    const r = recorder();
    expect(await runBalance(file, { customer: 'id:c1' }, r.io, engine)).toBe(2);
    expect([r.out(), r.err()]).toEqual(['', `${file}:5: points: 878: Invalid decimal precision in points: 1.2345 has more than three decimal places\n`]);
  });
});

describe('pointfold entries', () => {
  it('prints one line per entry detail, the event on its first', async () => {
    const r = recorder();
    expect(await runEntries(file, { customer: `id:${wideId}`, from: '2026-03-01', to: '2026-03-31' }, r.io, engine)).toBe(0);
    const lines = r.out().split('\n');
    expect(lines[0]).toBe(`CUSTOMER ${wideId} (Zoë Ångström 李小龍 🎉): 2 entries`);
    expect(lines.slice(2, 5).map((l) => l.split(/ {2,}/))).toEqual([
      ['2026-03-03 09:00:00.0', 'e9', 'TransactionAdd', '765', 'ExternalTriggerBasedPointCategory', 'CREDIT', '7.125', '7.125'],
      ['2026-03-04 10:00:00.0', 'e10-é', 'DelayedAccrual', '765', 'ExternalTriggerBasedPointCategory', 'DEBIT', '2.125', '0.000'],
      ['', '765', 'Main', 'CREDIT', '2.125'],
    ]);
  });

  it('reads a window of any length, 30 days at a time', async () => {
    expect(windowsOf(ts('2026-01-01T00:00:00Z'), ts('2026-03-15T00:00:00Z')).map((w) => [w.start, w.end].map((t) => new Date(t).toISOString()))).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-01-31T00:00:00.000Z'],
      ['2026-01-31T00:00:00.001Z', '2026-03-02T00:00:00.001Z'],
      ['2026-03-02T00:00:00.002Z', '2026-03-15T00:00:00.000Z'],
    ]);
    const r = recorder();
    expect(await runEntries(file, { customer: 'id:c1', from: '1970-01-01', to: '2999-12-31', json: true }, r.io, engine)).toBe(0);
    const j = JSON.parse(r.out()) as EntriesJson;
    expect([j.from, j.to, j.entities[0]?.ledgerEntries.map((e) => e.eventLogId)]).toEqual(['1970-01-01T00:00:00Z', '2999-12-31T00:00:00Z', ['e5', 'e7']]);
  });

  it('reads a window of one instant, and the entries of an account whose lines are all at one instant', async () => {
    const ids = async (customer: string, from: string, to: string): Promise<string[] | undefined> => {
      const r = recorder();
      expect([await runEntries(file, { customer, from, to, json: true }, r.io, engine), r.err()]).toEqual([0, '']);
      return (JSON.parse(r.out()) as EntriesJson).entities[0]?.ledgerEntries.map((e) => e.eventLogId);
    };
    expect(await ids(`id:${wideId}`, '2026-03-03T09:00:00Z', '2026-03-03T09:00:00Z')).toEqual(['e9']);
    expect(await ids('id:c2', '2026-03-01', '2026-03-31')).toEqual(['e6']);
  });

  it('names the till of an entry without a transaction, says so when a window holds nothing, and ends with the window', async () => {
    fs.writeFileSync(file, toJsonl(more));
    const table = async (customerOption: string): Promise<string> => {
      const r = recorder();
      expect(await runEntries(file, { customer: customerOption, from: '2026-03-05', to: '2026-03-06' }, r.io, engine)).toBe(0);
      return r.out();
    };
    expect((await table('id:c2')).split('\n')).toEqual([
      'CUSTOMER c2 (Ana): 2 entries',
      'DATE                   EVENT  NAME            PROGRAM  CATEGORY  TYPE    POINTS    NET  TRANSACTION/TILL',
      '2026-03-05 01:00:00.0  a9     TransactionAdd      909  Main      CREDIT   4.000  4.000',
      '2026-03-05 02:00:00.0  a10    TransactionAdd      765  Main      CREDIT   3.000  3.000  web.till',
      '',
      '15 events read; entries from 2026-03-05T00:00:00Z to 2026-03-06T00:00:00Z.',
      '',
    ]);
    expect(await table('id:c9')).toBe('CUSTOMER c9: 0 entries\n(no entries in the window)\n\n15 events read; entries from 2026-03-05T00:00:00Z to 2026-03-06T00:00:00Z.\n');
  });

  it('refuses a window backwards, or without its ends', async () => {
    for (const [options, message] of [
      [{ customer: 'id:c1', from: '2026-03-02', to: '2026-03-01' }, 'pointfold entries: --from 2026-03-02T00:00:00Z is after --to 2026-03-01T00:00:00Z'],
      [{ customer: 'id:c1', from: '2026-03-02' }, 'pointfold entries: give the window: --from ISO --to ISO'],
      [{ customer: 'id:c1', from: 'monday', to: '2026-03-01' }, 'pointfold entries: invalid --from: "monday" is not an ISO-8601 date-time'],
      [{ customer: 'id:c1', from: '2026-03-01', to: 'friday' }, 'pointfold entries: invalid --to: "friday" is not an ISO-8601 date-time'],
    ] as const) {
      const r = recorder();
      expect([await runEntries(file, options, r.io, engine), r.out(), r.err()]).toEqual([2, '', `${message}\n`]);
    }
  });
});

describe('pointfold verify', () => {
  it('summarises a sound history: entities, points held, points that flowed', async () => {
    const r = recorder();
    expect(await runVerify(world, { json: true }, r.io, engine)).toBe(0);
    const j = JSON.parse(r.out()) as VerifyJson;
    expect(j.entities).toEqual({ customers: 5, groups: 2, programs: 2, rewards: 6 });
    expect(j.total).toEqual({ issued: '4100.000', redeemed: '20.000', expired: '0.000', transferred: '25.000', adjusted: '0.000' });
    const table = recorder();
    expect(await runVerify(world, {}, table.io, engine)).toBe(0);
    expect(table.out()).toContain(`${world}: ${worldHistory.events.length} events verified; every balance invariant held after every event.\n5 customers, 2 groups, 2 programs, 6 rewards.\n`);
  });

  it('prints points held and flowed per program in order, then for all: issued, redeemed, expired, transferred (each transfer) and adjusted, in the table and in JSON', async () => {
    const flows = runWorld(defaultWorld, [
      // Program 1414's promised points before its Main ones: Main is still printed first.
      { kind: 'award', customer: 0, program: 1, category: 'DelayedAccrualPointCategory', points: Points.points('2') },
      { kind: 'award', customer: 0, program: 1, category: 'Main', points: Points.points('10') },
      { kind: 'award', customer: 1, program: 0, category: 'DelayedAccrualPointCategory', points: Points.points('5') },
      { kind: 'award', customer: 2, program: 0, category: 'Main', points: Points.points('7'), expiresInDays: 1 },
      { kind: 'deduct', customer: 3, program: 0, points: Points.points('3') },
      { kind: 'groupTransfer', from: 5, to: 2, by: 0, program: 0, points: Points.points('25') },
      { kind: 'groupTransfer', from: 5, to: 1, by: 0, program: 0, points: Points.points('10') },
      { kind: 'advance', ms: 2 * 86_400_000 },
      { kind: 'award', customer: 0, program: 0, category: 'Main', points: Points.points('1') },
    ]);
    fs.writeFileSync(file, kitJsonl(fullEngine, flows.events));
    const r = recorder();
    expect(await runVerify(file, {}, r.io, engine)).toBe(0);
    expect(r.out().split('\n').slice(2)).toEqual([
      '',
      'Points held by customers and groups at 2026-01-03T00:09:00Z:',
      'PROGRAM  CATEGORY                         HELD',
      '    765  Main                         4098.000',
      '    765  DelayedAccrualPointCategory     5.000',
      '   1414  Main                           10.000',
      '   1414  DelayedAccrualPointCategory     2.000',
      '',
      'Points that flowed (redeemed: net of reversals):',
      'PROGRAM    ISSUED  REDEEMED  EXPIRED  TRANSFERRED  ADJUSTED',
      '    765  4113.000     0.000    7.000       35.000     3.000',
      '   1414    12.000     0.000    0.000        0.000     0.000',
      '    all  4125.000     0.000    7.000       35.000     3.000',
      '',
    ]);
    const json = recorder();
    expect(await runVerify(file, { json: true }, json.io, engine)).toBe(0);
    const j = JSON.parse(json.out()) as VerifyJson;
    expect(j.flows).toEqual([
      { programId: 765, issued: '4113.000', redeemed: '0.000', expired: '7.000', transferred: '35.000', adjusted: '3.000' },
      { programId: 1414, issued: '12.000', redeemed: '0.000', expired: '0.000', transferred: '0.000', adjusted: '0.000' },
    ]);
    expect(j.total).toEqual({ issued: '4125.000', redeemed: '0.000', expired: '7.000', transferred: '35.000', adjusted: '3.000' });
  });

  it('holds nothing of a lot whose expiry came before the last event, recorded or not', async () => {
    fs.writeFileSync(file, toJsonl([...history.slice(0, 4), award('x', '2026-03-01T10:00:00Z', 'c1', '9', { expiresAt: '2026-03-02T00:00:00Z' }), customer('e9', '2026-03-03T00:00:00Z', 'c9')]));
    const r = recorder();
    expect(await runVerify(file, { json: true }, r.io, engine)).toBe(0);
    expect((JSON.parse(r.out()) as VerifyJson).balances).toEqual([{ programId: 765, pointsCategory: 'Main', held: '0.000' }]);
  });

  it('names the line and the event number of the first broken event, which differ after a blank line', async () => {
    fs.writeFileSync(file, `${toJsonl(history.slice(0, 2))}\n${toJsonl(history.slice(2))}`);
    const buggy = withFault(engine, (e) => e.id === 'e6', skewSystemAccount(Points.points('1')));
    const r = recorder();
    expect([await runVerify(file, {}, r.io, buggy), r.out()]).toEqual([3, '']);
    expect(r.err()).toBe(`${file}:7: balance invariant broken after event e6 (PointsAwarded, event 6): program 765's balances sum to 1.000, not zero\n`);
  });

  it('names every broken invariant of the first broken event, joined by semicolons', async () => {
    const buggy = withFault(engine, (e) => e.id === 'e6', skewAccount({ entityType: 'CUSTOMER', entityId: 'c2', programId: 801, pointsCategory: 'Main' }, Points.points('1')));
    const r = recorder();
    expect([await runVerify(file, {}, r.io, buggy), r.out()]).toEqual([3, '']);
    expect(r.err()).toBe(
      `${file}:6: balance invariant broken after event e6 (PointsAwarded, event 6): account CUSTOMER:c2|801|Main is at 13.500 but its lots hold 12.500; ` +
        "account CUSTOMER:c2|801|Main's last line does not show its balance; program 801's balances sum to 1.000, not zero\n",
    );
  });

  it('passes an empty history', async () => {
    fs.writeFileSync(file, '');
    const r = recorder();
    expect([await runVerify(file, {}, r.io, engine), r.out()]).toEqual([0, `${file}: 0 events verified; every balance invariant held after every event.\n0 customers, 0 groups, 0 programs, 0 rewards.\n`]);
  });

  it('refuses a bad history with exit 2, not 3: the file is wrong, not the engine', async () => {
    fs.writeFileSync(file, `${toJsonl(history.slice(0, 3))}{"type":\n`);
    const r = recorder();
    expect([await runVerify(file, {}, r.io, engine), r.out()]).toEqual([2, '']);
    expect(r.err()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: not JSON`));
  });
});

describe('pointfold explain', () => {
  it('names the redemption, the transfer and the reversal that moved a group wallet\'s lot', async () => {
    const r = recorder();
    expect(await runExplain(world, { group: 'id:g1', program: '765', json: true }, r.io, engine)).toBe(0);
    const j = JSON.parse(r.out()) as ExplainJson;
    const lot = j.categories[0]?.lots[0];
    expect([j.categories[0]?.balance, lot?.lotId, lot?.original, lot?.left, lot?.status]).toEqual(['755.000', 'seed-g1', '800.000', '755.000', 'open']);
    expect(lot?.movements.map((m) => [m.eventType, m.points, m.what.replace(/gen-\d+/g, 'ID')])).toEqual([
      ['PointsAwarded', '800.000', 'awarded (TransactionAdd)'],
      ['PointsRedeemed', '-40.000', 'redeemed: redemption ID, transaction bill-1, by member c2'],
      ['PointsTransferred', '-25.000', 'transferred to CUSTOMER c3: transfer ID'],
      ['PointsRedemptionReversed', '20.000', 'given back: reversal ID of redemption ID'],
    ]);
  });

  it('names where a received lot came from, and shows a lot as of an earlier date', async () => {
    const r = recorder();
    expect(await runExplain(world, { customer: 'id:c3', program: '765', json: true }, r.io, engine)).toBe(0);
    const lots = (JSON.parse(r.out()) as ExplainJson).categories[0]?.lots ?? [];
    expect(lots.map((l) => [l.left, l.movements[0]?.what.replace(/gen-\d+/g, 'ID')])).toEqual([
      ['500.000', 'awarded (TransactionAdd)'],
      ['25.000', 'transferred from USERGROUP2 g1 (lot seed-g1): transfer ID'],
    ]);
    const before = recorder();
    expect(await runExplain(world, { customer: 'id:c3', program: '765', at: '2026-01-01T00:00:00Z' }, before.io, engine)).toBe(0);
    expect(before.out()).toContain('Main: 500.000 in 1 open lot (of 1 lot)');
  });

  it('shows a lot that expired without its expiry being recorded as expired, counting for nothing', async () => {
    const r = recorder();
    expect(await runExplain(file, { customer: 'id:c1', program: '765', at: '2026-06-01' }, r.io, engine)).toBe(0);
    expect(r.out()).toContain('Main: 0.000 in 0 open lots (of 1 lot)');
    expect(r.out()).toMatch(/e5 +2026-03-01T10:00:00Z +30000\.000 +30000\.000 +2026-06-01T00:00:00Z +expired/);
  });

  it('prints the README\'s example: each lot, then what awarded it (transaction, till) and what took from it (a deduction and its reason)', async () => {
    const r = recorder();
    expect(await runExplain(path.join(root, 'examples', 'retail.jsonl'), { customer: 'mobile:919740010010', program: '1745', at: '2026-03-01' }, r.io, engine)).toBe(0);
    expect(r.out().split('\n')).toEqual([
      'CUSTOMER 502522210 (Priya Sawyer), program 1745 (Playground), at 2026-03-01T00:00:00Z',
      '',
      'Main: 707.000 in 2 open lots (of 2 lots)',
      'LOT / EVENT  AT                         POINTS     LEFT  EXPIRES                   STATUS / WHAT',
      'ev-00048     2026-01-06T09:17:50.380Z  312.000  254.000  2026-04-06T09:17:50.380Z  open',
      '  ev-00048   2026-01-06T09:17:50.380Z  312.000                                     PointsAwarded: awarded (TransactionAdd, transaction bill-1-0, till web.till)',
      '  ev-00049   2026-01-06T09:46:29.451Z  -58.000                                     PointsDeducted: deducted (PointsDeduction: return of goods)',
      'ev-00050     2026-01-07T09:21:00.773Z  453.000  453.000  2026-04-07T09:21:00.773Z  open',
      '  ev-00050   2026-01-07T09:21:00.773Z  453.000                                     PointsAwarded: awarded (TransactionAdd, transaction bill-2-0, till demo.till.2)',
      '',
      '511 events read.',
      '',
    ]);
  });

  it('names a release on the promised lot and on the lot it made, and a customer\'s own redemption without a member', async () => {
    const movements = async (f: string, customerOption: string): Promise<string[][]> => {
      const r = recorder();
      expect(await runExplain(f, { customer: customerOption, program: '765', json: true }, r.io, engine)).toBe(0);
      return (JSON.parse(r.out()) as ExplainJson).categories.flatMap((c) => c.lots.map((l) => [l.lotId, ...l.movements.map((m) => m.what.replace(/gen-\d+/g, 'ID'))]));
    };
    expect(await movements(file, `id:${wideId}`)).toEqual([
      ['e10-é', 'released from promised lot e9'],
      ['e9', 'awarded (TransactionAdd)', 'released into lot e10-é'],
    ]);
    const own = runWorld(defaultWorld, [{ kind: 'redeem', spec: { customer: 1, initiator: 'any', idKind: 'none', group: 0, otherGroup: 0, program: 0, points: Points.points('40'), transaction: 2 } }]);
    fs.writeFileSync(world, kitJsonl(fullEngine, own.events));
    expect(await movements(world, 'id:c2')).toEqual([['seed-c2', 'awarded (TransactionAdd)', 'redeemed: redemption ID, transaction bill-2']]);
  });

  it('names the reward paid from a lot, its issue and its transaction', async () => {
    const issue = runWorld(defaultWorld, [{ kind: 'issue', spec: { customer: 1, reward: 3, config: 'none', group: 'none', vendor: 'none', program: 0 } }]);
    // The issue's request named a transaction, as a client's may.
    fs.writeFileSync(world, kitJsonl(fullEngine, issue.events.map((e): EventBase => (e.type === 'RewardIssued' ? ({ ...e, transactionNumber: 'bill-9' } as EventBase) : e))));
    const r = recorder();
    expect(await runExplain(world, { customer: 'id:c2', program: '765', json: true }, r.io, engine)).toBe(0);
    expect((JSON.parse(r.out()) as ExplainJson).categories[0]?.lots[0]?.movements.map((m) => [m.eventType, m.points, m.what.replace(/gen-\d+/g, 'ID')])).toEqual([
      ['PointsAwarded', '500.000', 'awarded (TransactionAdd)'],
      ['RewardIssued', '-20.000', 'paid reward r-seg: issue ID, transaction bill-9'],
    ]);
  });

  it('marks a lot whose expiry was recorded as expired, not spent', async () => {
    const h = runWorld(defaultWorld, [
      { kind: 'award', customer: 0, program: 0, category: 'Main', points: Points.points('7'), expiresInDays: 1 },
      { kind: 'advance', ms: 2 * 86_400_000 },
      // The next command appends the expiry first.
      { kind: 'award', customer: 0, program: 0, category: 'Main', points: Points.points('1') },
    ]);
    fs.writeFileSync(world, kitJsonl(fullEngine, h.events));
    const r = recorder();
    expect(await runExplain(world, { customer: 'id:c1', program: '765', json: true }, r.io, engine)).toBe(0);
    const lots = (JSON.parse(r.out()) as ExplainJson).categories[0]?.lots ?? [];
    expect(lots.map((l) => [l.original, l.left, l.status, l.movements.map((m) => m.eventType).join(' ')])).toEqual([
      ['500.000', '500.000', 'open', 'PointsAwarded'],
      ['7.000', '0.000', 'expired', 'PointsAwarded PointsExpired'],
      ['1.000', '1.000', 'open', 'PointsAwarded'],
    ]);
  });

  it('keeps a group\'s lots apart from those of a customer with the same id', async () => {
    const twins = { ...defaultWorld, customers: [...defaultWorld.customers, 'g1'], startingPoints: { groups: '800' } };
    const h = runWorld(twins, [{ kind: 'award', customer: 5, program: 0, category: 'Main', points: Points.points('3') }]);
    fs.writeFileSync(world, kitJsonl(fullEngine, h.events));
    const lots = async (options: { readonly customer?: string; readonly group?: string }): Promise<string[]> => {
      const r = recorder();
      expect(await runExplain(world, { ...options, program: '765', json: true }, r.io, engine)).toBe(0);
      return (JSON.parse(r.out()) as ExplainJson).categories.flatMap((c) => c.lots.map((l) => `${l.lotId} ${l.left}`));
    };
    expect([await lots({ group: 'id:g1' }), await lots({ customer: 'id:g1' })]).toEqual([['seed-g1 800.000'], ['gen-1 3.000']]);
  });

  it('says when there are no lots and how many events it read (naming a program without a name by its id alone), and gives a lot without expiry as never (null in JSON)', async () => {
    fs.writeFileSync(file, toJsonl(more));
    const none = recorder();
    expect(await runExplain(file, { customer: 'id:c9', program: '765' }, none.io, engine)).toBe(0);
    expect(none.out()).toBe('CUSTOMER c9, program 765 (Main program), at 2026-03-05T02:00:00Z\n\nNo lots in this program by then.\n15 events read.\n');
    fs.writeFileSync(file, toJsonl([program('p', '2026-03-01T00:00:00Z', 765, ''), customer('c', '2026-03-01T00:00:00Z', 'c1')]));
    const unnamed = recorder();
    expect(await runExplain(file, { customer: 'id:c1', program: '765' }, unnamed.io, engine)).toBe(0);
    expect(unnamed.out().split('\n')[0]).toBe('CUSTOMER c1, program 765, at 2026-03-01T00:00:00Z');
    fs.writeFileSync(file, toJsonl(more));
    const table = recorder();
    expect(await runExplain(file, { customer: 'id:c1', program: '765' }, table.io, engine)).toBe(0);
    expect(table.out()).toMatch(/\ne7 +2026-03-02T11:00:00Z +100\.250 +100\.250 +never +open\n/);
    const json = recorder();
    expect(await runExplain(file, { customer: 'id:c1', program: '765', json: true }, json.io, engine)).toBe(0);
    expect((JSON.parse(json.out()) as ExplainJson).categories.map((c) => c.lots.map((l) => [l.lotId, l.expiresAt]))).toEqual([[['e5', '2026-06-01T00:00:00Z']], [['e7', null]]]);
  });

  it('refuses without a program, with two entities, or an unknown program', async () => {
    for (const [options, message] of [
      [{ customer: 'id:c1' }, 'pointfold explain: give the program: --program ID'],
      [{ customer: 'id:c1', group: 'id:g1', program: '765' }, 'pointfold explain: name one customer (--customer TYPE:VALUE) or one group (--group TYPE:VALUE), not both'],
      [{ customer: 'id:c1', program: '999' }, 'pointfold explain: --program 999: no such program in the history'],
    ] as const) {
      const r = recorder();
      expect([await runExplain(file, options, r.io, engine), r.out(), r.err()]).toEqual([2, '', `${message}\n`]);
    }
  });
});

describe('the queries on the command line (in-process)', () => {
  it.each(['balance', 'entries', 'verify', 'explain'])('%s --help shows usage and an example, with status 0', async (command) => {
    const r = recorder();
    expect(await main(['node', 'pointfold', command, '--help'], r.io)).toBe(0);
    expect(r.out()).toContain(`Usage: pointfold ${command} [options] <file>`);
    expect(r.out()).toContain(`$ pointfold ${command} examples/retail.jsonl`);
  });

  it('runs a query and returns its status; a usage error is 2', async () => {
    const r = recorder();
    expect(await main(['node', 'pointfold', 'balance', file, '--customer', 'mobile:91e4', '--json'], r.io)).toBe(0);
    expect((JSON.parse(r.out()) as BalanceJson).entities[0]?.entityId).toBe('c1');
    const bad = recorder();
    expect(await main(['node', 'pointfold', 'verify', file, '--frobnicate'], bad.io)).toBe(2);
    expect(bad.out()).toBe('');
  });
});

describe("the fold's onEvent", () => {
  it('is told each event with its own line, and stops the fold when it answers false', async () => {
    const text = `${toJsonl(history.slice(0, 2))}\n${toJsonl(history.slice(2, 6))}`;
    const lines: string[] = [];
    const r = await foldHistory(splitJsonl(Buffer.from(text)), engine, engine.initialState, {
      onEvent: (e, line) => {
        lines.push(`${line}:${e.id}`);
        return e.id !== 'e4';
      },
    });
    expect(lines).toEqual(['1:e1', '2:e2', '4:e3', '5:e4']);
    expect(E.isRight(r) && [r.right.eventsRead, r.right.stopped]).toEqual([4, true]);
  });
});
