/**
 * The ledger queries of seed 004 over one fixture log: getCustomerLedgerBalance (closing balances
 * per program and category, filters, paging), getCustomerLedgerInfo (window defaults and limits,
 * entries per event, filters, opening balances) and closingBalances (the order of `replay --json`).
 */
import * as E from 'fp-ts/Either';
import {
  LedgerBalanceQuery,
  LedgerInfoQuery,
  Points as P,
  Timestamp,
  closingBalances,
  coreEngine,
  getCustomerLedgerBalance,
  getCustomerLedgerInfo,
  timestampMax,
  timestampMin,
} from '@pointfold/core';
import { logOf } from '@pointfold/core/testing';
import { awarded, cmd, customer, customerRegistered, days, minutes, points, world } from './fixtures';

const c1 = customer('c1');

// fx-1 .. fx-9, one command each (see the comment of each line).
const { state } = logOf(coreEngine, world, [
  // fx-1: 100 Main in 765, at till T1 of store S1, transaction tx1 / N1
  { at: minutes(1), command: cmd({ type: 'AwardPoints', entity: c1, points: points('100'), till: { code: 'T1', storeCode: 'S1', storeName: 'Store One' }, transaction: { id: 'tx1', number: 'N1' } }) },
  // fx-2: 50 promised in 765
  { at: minutes(2), command: cmd({ type: 'AwardPoints', entity: c1, points: points('50'), pointsCategory: 'DelayedAccrualPointCategory' }) },
  // fx-3: 30 Main in 1414 at till T2
  { at: minutes(3), command: cmd({ type: 'AwardPoints', entity: c1, programId: 1414, points: points('30'), till: { code: 'T2' } }) },
  // fx-4: 20 trigger-based in 1414
  { at: minutes(4), command: cmd({ type: 'AwardPoints', entity: c1, programId: 1414, points: points('20'), pointsCategory: 'ExternalTriggerBasedPointCategory' }) },
  // fx-5: 40 deducted from Main 765 at till T1
  { at: minutes(5), command: cmd({ type: 'DeductPoints', entity: c1, points: points('40'), till: { code: 'T1' } }) },
  // fx-6: 20 of the promised lot released into Main
  { at: minutes(6), command: cmd({ type: 'ReleasePromisedPoints', lotId: 'fx-2', points: points('20') }) },
  // fx-7: 10 Main in 765 that expire on day 3
  { at: minutes(7), command: cmd({ type: 'AwardPoints', entity: c1, points: points('10'), expiresAt: days(3) }) },
  // fx-8: the expiry, recorded late on day 5
  { at: days(5), command: cmd({ type: 'ExpirePoints' }) },
  // fx-9: another customer's award
  { at: days(6), command: cmd({ type: 'AwardPoints', entity: customer('c2'), points: points('5') }) },
]);

const balances = (q: Omit<LedgerBalanceQuery, 'entity'>) => getCustomerLedgerBalance(state, { entity: c1, ...q });
const rows = (q: Omit<LedgerBalanceQuery, 'entity'>): [number, string, string][] => {
  const r = balances(q);
  if (E.isLeft(r)) throw new Error(`refused: ${r.left.code} ${r.left.message}`);
  return r.right.ledgerDetails.ledgerClosingBalance.map((x) => [x.programId, x.pointsCategory, x.closingBalance]);
};
const info = (q: Omit<LedgerInfoQuery, 'entity' | 'now'> & { now?: Timestamp }) => getCustomerLedgerInfo(state, { entity: c1, now: days(6), ...q });
const entries = (q: Omit<LedgerInfoQuery, 'entity' | 'now'> & { now?: Timestamp }) => {
  const r = info(q);
  if (E.isLeft(r)) throw new Error(`refused: ${r.left.code} ${r.left.message}`);
  return r.right.ledgerEntries;
};
const ids = (q: Omit<LedgerInfoQuery, 'entity' | 'now'>) => entries(q).map((e) => e.eventLogId);
const code = (r: E.Either<{ code: number }, unknown>): number | undefined => (E.isLeft(r) ? r.left.code : undefined);

describe('getCustomerLedgerBalance', () => {
  it('gives one row per program and category the customer ever had, program then category order', () => {
    expect(balances({ endDate: days(6) })).toEqual(
      E.right({
        entity: c1,
        ledgerDetails: {
          pageNumber: 0,
          pageSize: 10,
          totalEntries: 4,
          pageCount: 1,
          ledgerClosingBalance: [
            { pointsCategory: 'Main', programName: 'Program 765', programId: 765, closingBalance: '80.000' },
            { pointsCategory: 'DelayedAccrualPointCategory', programName: 'Program 765', programId: 765, closingBalance: '30.000' },
            { pointsCategory: 'Main', programName: 'Program 1414', programId: 1414, closingBalance: '30.000' },
            { pointsCategory: 'ExternalTriggerBasedPointCategory', programName: 'Program 1414', programId: 1414, closingBalance: '20.000' },
          ],
        },
      }),
    );
  });

  it('closes at endDate inclusive, and zero before the first event', () => {
    expect(rows({ endDate: minutes(5) })).toEqual([[765, 'Main', '60.000'], [765, 'DelayedAccrualPointCategory', '50.000'], [1414, 'Main', '30.000'], [1414, 'ExternalTriggerBasedPointCategory', '20.000']]);
    expect(rows({ endDate: (minutes(5) - 1) as Timestamp })[0]).toEqual([765, 'Main', '100.000']);
    expect(rows({ endDate: minutes(0) }).map((r) => r[2])).toEqual(['0.000', '0.000', '0.000', '0.000']);
  });

  it('leaves out points expired by endDate even before their expiry was recorded', () => {
    expect(rows({ endDate: (days(3) - 1) as Timestamp })[0]).toEqual([765, 'Main', '90.000']);
    expect(rows({ endDate: days(3) })[0]).toEqual([765, 'Main', '80.000']);
    expect(rows({ endDate: days(4) })[0]).toEqual([765, 'Main', '80.000']);
  });

  it('filters by pointCategoryType and programId', () => {
    expect(rows({ endDate: days(6), pointCategoryType: 'REGULAR' })).toEqual([[765, 'Main', '80.000'], [1414, 'Main', '30.000']]);
    expect(rows({ endDate: days(6), pointCategoryType: 'PROMISED' })).toEqual([[765, 'DelayedAccrualPointCategory', '30.000']]);
    expect(rows({ endDate: days(6), pointCategoryType: 'TRIGGER_BASED' })).toEqual([[1414, 'ExternalTriggerBasedPointCategory', '20.000']]);
    expect(rows({ endDate: days(6), programId: 1414 })).toEqual([[1414, 'Main', '30.000'], [1414, 'ExternalTriggerBasedPointCategory', '20.000']]);
    expect(rows({ endDate: days(6), programId: 4 })).toEqual([]);
  });

  it('sums only the credits or only the debits with ledgerEntryType', () => {
    expect(rows({ endDate: days(6), ledgerEntryType: 'CREDIT' }).map((r) => r[2])).toEqual(['130.000', '50.000', '30.000', '20.000']);
    expect(rows({ endDate: days(6), ledgerEntryType: 'DEBIT' }).map((r) => r[2])).toEqual(['50.000', '20.000', '0.000', '0.000']);
  });

  it('counts points expired by endDate among the debits before their expiry was recorded: credits less debits is the balance (decision 113)', () => {
    // fx-7's 10 points expired on day 3; their expiry was recorded on day 5.
    const at = (endDate: Timestamp, ledgerEntryType?: 'CREDIT' | 'DEBIT') => rows({ endDate, ...(ledgerEntryType === undefined ? {} : { ledgerEntryType }) })[0]?.[2];
    expect([at(days(4), 'CREDIT'), at(days(4), 'DEBIT'), at(days(4))]).toEqual(['130.000', '50.000', '80.000']);
    expect([at((days(3) - 1) as Timestamp, 'DEBIT'), at(days(3), 'DEBIT'), at(days(6), 'DEBIT')]).toEqual(['40.000', '50.000', '50.000']);
    // A till's sums never count an expiry (it has no till).
    expect(rows({ endDate: days(4), tillId: 'T1', ledgerEntryType: 'DEBIT' })[0]?.[2]).toBe('40.000');
  });

  it('sums only the entries of one till with tillId', () => {
    expect(rows({ endDate: days(6), tillId: 'T1' }).map((r) => r[2])).toEqual(['60.000', '0.000', '0.000', '0.000']);
    expect(rows({ endDate: days(6), tillId: 'T2' }).map((r) => r[2])).toEqual(['0.000', '0.000', '30.000', '0.000']);
    // endDate is inclusive: fx-5's debit at exactly minute 5 is in, a millisecond before it is not.
    expect([rows({ endDate: minutes(5), tillId: 'T1' })[0]?.[2], rows({ endDate: (minutes(5) - 1) as Timestamp, tillId: 'T1' })[0]?.[2]]).toEqual(['60.000', '100.000']);
  });

  it('pages with limit 1..10 and offset as the page number', () => {
    const r = balances({ endDate: days(6), limit: 3, offset: 1 });
    expect(r).toEqual(E.right(expect.objectContaining({ ledgerDetails: { pageNumber: 1, pageSize: 3, totalEntries: 4, pageCount: 2, ledgerClosingBalance: [expect.objectContaining({ programId: 1414, pointsCategory: 'ExternalTriggerBasedPointCategory' })] } })));
    expect(rows({ endDate: days(6), limit: 1, offset: 2 })).toEqual([[1414, 'Main', '30.000']]);
    expect(rows({ endDate: days(6), limit: 10, offset: 1 })).toEqual([]);
  });

  it.each([0, 11, -1, 1.5, Number.NaN])('refuses limit %p (9913)', (limit) => {
    expect(code(balances({ endDate: days(6), limit }))).toBe(9913);
  });

  it.each([-1, 0.5])('refuses offset %p (9913)', (offset) => {
    expect(code(balances({ endDate: days(6), offset }))).toBe(9913);
  });

  it('answers an entity without accounts with no rows', () => {
    expect(getCustomerLedgerBalance(state, { entity: customer('nobody'), endDate: days(6) })).toEqual(
      E.right({ entity: customer('nobody'), ledgerDetails: { pageNumber: 0, pageSize: 10, totalEntries: 0, pageCount: 0, ledgerClosingBalance: [] } }),
    );
  });
});

describe('getCustomerLedgerInfo: the window', () => {
  const window = (q: Omit<LedgerInfoQuery, 'entity' | 'now'> & { now?: Timestamp }): [Timestamp, Timestamp] | number => {
    const r = info(q);
    return E.isLeft(r) ? r.left.code : [r.right.startDate, r.right.endDate];
  };

  it('is now - 7 days .. now when neither date is given', () => {
    expect(window({ now: days(20) })).toEqual([days(13), days(20)]);
  });

  it('ends 7 days after startDate when only startDate is given', () => {
    expect(window({ startDate: days(2) })).toEqual([days(2), days(9)]);
  });

  it('starts 7 days before endDate when only endDate is given', () => {
    expect(window({ endDate: days(2) })).toEqual([days(-5), days(2)]);
  });

  it('may span 30 days, not one millisecond more (9914)', () => {
    expect(window({ startDate: days(0), endDate: days(30) })).toEqual([days(0), days(30)]);
    expect(window({ startDate: days(0), endDate: (days(30) + 1) as Timestamp })).toBe(9914);
  });

  it('refuses a start after the end (9914)', () => {
    expect(window({ startDate: days(2), endDate: (days(2) - 1) as Timestamp })).toBe(9914);
    expect(window({ startDate: days(2), endDate: days(2) })).toEqual([days(2), days(2)]);
  });

  it('holds the entries made from startDate to endDate, both included', () => {
    expect(ids({ startDate: minutes(5), endDate: minutes(6) })).toEqual(['fx-5', 'fx-6']);
    expect(ids({ startDate: (minutes(5) + 1) as Timestamp, endDate: (minutes(6) - 1) as Timestamp })).toEqual([]);
  });
});

describe('getCustomerLedgerInfo: the entries', () => {
  const all = { startDate: days(-1), endDate: days(6) };

  it('gives one entry per event of the customer, oldest first, with its details, net, transaction, store and till', () => {
    const r = info(all);
    expect(E.isRight(r) && r.right.ledgerDetails).toEqual({ pageNumber: 0, pageSize: 10, totalEntries: 8, pageCount: 1 });
    const list = entries(all);
    expect(list.map((e) => [e.eventLogId, e.eventName, e.netPointsOnEvent])).toEqual([
      ['fx-1', 'TransactionAdd', '100.000'],
      ['fx-2', 'TransactionAdd', '50.000'],
      ['fx-3', 'TransactionAdd', '30.000'],
      ['fx-4', 'TransactionAdd', '20.000'],
      ['fx-5', 'PointsDeduction', '-40.000'],
      ['fx-6', 'DelayedAccrual', '0.000'],
      ['fx-7', 'TransactionAdd', '10.000'],
      ['fx-8', 'PointsExpiry', '-10.000'],
    ]);
    expect(list[0]).toEqual({
      eventLogId: 'fx-1',
      eventName: 'TransactionAdd',
      ledgerCreatedDate: '2026-01-01 00:01:00.0',
      entryDetails: [{ ledgerEntryType: 'CREDIT', points: '100.000', pointsCategory: 'Main', programName: 'Program 765', programId: 765 }],
      netPointsOnEvent: '100.000',
      transactionDetails: { transactionId: 'tx1', transactionNumber: 'N1' },
      store: 'Store One',
      storeCode: 'S1',
      tillCode: 'T1',
    });
    expect(list[2]).toEqual(expect.objectContaining({ tillCode: 'T2' }));
    expect(list[2]).not.toHaveProperty('store');
    expect(list[2]).not.toHaveProperty('transactionDetails');
    expect(list[4]?.entryDetails).toEqual([{ ledgerEntryType: 'DEBIT', points: '40.000', pointsCategory: 'Main', programName: 'Program 765', programId: 765 }]);
  });

  it('groups the lines of one event: a release debits the promised category and credits Main', () => {
    expect(entries(all)[5]?.entryDetails).toEqual([
      { ledgerEntryType: 'DEBIT', points: '20.000', pointsCategory: 'DelayedAccrualPointCategory', programName: 'Program 765', programId: 765 },
      { ledgerEntryType: 'CREDIT', points: '20.000', pointsCategory: 'Main', programName: 'Program 765', programId: 765 },
    ]);
  });

  it('filters details by ledgerEntryType, leaving out events without any', () => {
    expect(entries({ ...all, ledgerEntryType: 'CREDIT' }).map((e) => [e.eventLogId, e.netPointsOnEvent])).toEqual([
      ['fx-1', '100.000'],
      ['fx-2', '50.000'],
      ['fx-3', '30.000'],
      ['fx-4', '20.000'],
      ['fx-6', '20.000'],
      ['fx-7', '10.000'],
    ]);
    expect(entries({ ...all, ledgerEntryType: 'DEBIT' }).map((e) => [e.eventLogId, e.netPointsOnEvent])).toEqual([
      ['fx-5', '-40.000'],
      ['fx-6', '-20.000'],
      ['fx-8', '-10.000'],
    ]);
  });

  it('filters by tillId, pointCategoryType and programId', () => {
    expect(ids({ ...all, tillId: 'T1' })).toEqual(['fx-1', 'fx-5']);
    expect(ids({ ...all, pointCategoryType: 'PROMISED' })).toEqual(['fx-2', 'fx-6']);
    expect(ids({ ...all, pointCategoryType: 'TRIGGER_BASED' })).toEqual(['fx-4']);
    expect(ids({ ...all, programId: 1414 })).toEqual(['fx-3', 'fx-4']);
  });

  it('pages with limit and offset as the page number', () => {
    expect(ids({ ...all, limit: 3, offset: 2 })).toEqual(['fx-7', 'fx-8']);
    const r = info({ ...all, limit: 3, offset: 2 });
    expect(E.isRight(r) && r.right.ledgerDetails).toEqual({ pageNumber: 2, pageSize: 3, totalEntries: 8, pageCount: 3 });
    expect(code(info({ ...all, limit: 11 }))).toBe(9913);
  });

  it('gives one opening balance per account at the window start with OPENING_BALANCE', () => {
    expect(entries({ startDate: minutes(5), endDate: days(1), ledgerEntryType: 'OPENING_BALANCE' })).toEqual(
      (
        [
          [765, 'Main', '100.000'],
          [765, 'DelayedAccrualPointCategory', '50.000'],
          [1414, 'Main', '30.000'],
          [1414, 'ExternalTriggerBasedPointCategory', '20.000'],
        ] as const
      ).map(([programId, pointsCategory, amount]) => ({
        eventLogId: `opening:CUSTOMER:c1|${programId}|${pointsCategory}`,
        eventName: 'OpeningBalance',
        ledgerCreatedDate: '2026-01-01 00:05:00.0',
        entryDetails: [{ ledgerEntryType: 'OPENING_BALANCE', points: amount, pointsCategory, programName: `Program ${programId}`, programId }],
        netPointsOnEvent: amount,
      })),
    );
  });

  it("with a tillId, opens each account with that till's sum before the window, as getCustomerLedgerBalance sums it", () => {
    const opening = (tillId: string) =>
      entries({ startDate: days(6), endDate: days(7), ledgerEntryType: 'OPENING_BALANCE', tillId }).map((e) => [e.entryDetails[0]?.programId, e.entryDetails[0]?.pointsCategory, e.netPointsOnEvent]);
    expect(opening('T1')).toEqual([[765, 'Main', '60.000'], [765, 'DelayedAccrualPointCategory', '0.000'], [1414, 'Main', '0.000'], [1414, 'ExternalTriggerBasedPointCategory', '0.000']]);
    expect(opening('T1').map((r) => r[2])).toEqual(rows({ endDate: (days(6) - 1) as Timestamp, tillId: 'T1', ledgerEntryType: 'OPENING_BALANCE' }).map((r) => r[2]));
    expect(opening('NO-SUCH-TILL').map((r) => r[2])).toEqual(['0.000', '0.000', '0.000', '0.000']);
  });

  it('keeps a defaulted window end or start within years 0000 to 9999', () => {
    const early = info({ endDate: (timestampMin + 2 * 86_400_000) as Timestamp, ledgerEntryType: 'OPENING_BALANCE' });
    expect(E.isRight(early) && [early.right.startDate, early.right.ledgerEntries[0]?.ledgerCreatedDate]).toEqual([timestampMin, '0000-01-01 00:00:00.0']);
    const late = info({ startDate: (timestampMax - 86_400_000) as Timestamp });
    expect(E.isRight(late) && late.right.endDate).toBe(timestampMax);
  });

  it('writes ledgerCreatedDate with the fraction of a second, without trailing zeros', () => {
    const { state: s } = logOf(coreEngine, world, [{ at: (minutes(1) + 120) as Timestamp, command: cmd({ type: 'AwardPoints', entity: c1, points: points('1') }) }]);
    const r = getCustomerLedgerInfo(s, { entity: c1, now: days(1) });
    expect(E.isRight(r) && r.right.ledgerEntries.map((e) => e.ledgerCreatedDate)).toEqual(['2026-01-01 00:01:00.12']);
  });
});

describe('closingBalances', () => {
  it('lists every account sorted by entity type, entity id, program (numerically) and category', () => {
    const more = coreEngine.replay([
      ...world,
      customerRegistered('r10', minutes(0), 'c10'),
      awarded('b1', minutes(1), 'c2', '1'),
      awarded('b2', minutes(1), 'c10', '2', { programId: 1414 }),
      awarded('b3', minutes(1), 'c10', '3', { category: 'ExternalTriggerBasedPointCategory' }),
      awarded('b4', minutes(1), 'c1', '4', { programId: 1414 }),
      awarded('b5', minutes(1), 'c1', '5'),
      awarded('b6', minutes(1), 'c1', '6', { category: 'DelayedAccrualPointCategory', expiresAt: minutes(3) }),
    ]);
    if (E.isLeft(more)) throw new Error(more.left.error.message);
    const listed = (at: Timestamp) => closingBalances(more.right.ledger, at).map((b) => [b.entityId, b.programId, b.pointsCategory, P.format(b.closingBalance)]);
    expect(listed(minutes(2))).toEqual([
      ['c1', 765, 'DelayedAccrualPointCategory', '6.000'],
      ['c1', 765, 'Main', '5.000'],
      ['c1', 1414, 'Main', '4.000'],
      ['c10', 765, 'ExternalTriggerBasedPointCategory', '3.000'],
      ['c10', 1414, 'Main', '2.000'],
      ['c2', 765, 'Main', '1.000'],
    ]);
    expect(listed(minutes(3))[0]).toEqual(['c1', 765, 'DelayedAccrualPointCategory', '0.000']);
    expect(closingBalances(more.right.ledger, minutes(2)).every((b) => b.entityType === 'CUSTOMER')).toBe(true);
  });
});
