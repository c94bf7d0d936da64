/**
 * The transfer history (seed 004, Get Points Transfer Details) and the transfer answer: DEDUCTION rows
 * for the source and ADDITION rows for the receiver, newest first, with the seed samples' fields; the
 * query by identifiers and its refusals; the ledger entry of a transfer.
 */
import * as E from 'fp-ts/Either';
import { getCustomerLedgerInfo } from '@pointfold/core';
import { logOf, testClock } from '@pointfold/core/testing';
import { findTransferHistory, transferHistory, transferOf, transferOutcome } from '@pointfold/transfers';
import { left } from '../../groups/test/fixtures';
import { awarded, byId, created, customer, days, engine, group, groupTransfer, minutes, points, statusChanged, transfersWorld } from './fixtures';

const fleet = byId('USERGROUP2', 'g-fleet');
const fam = byId('USERGROUP2', 'g-fam');

/** Three transfers: g-fleet -> c5 (10, by c1, minute 5), c5 -> g-fam (4, by c5, minute 6, program 765), g-fleet -> g-fam (20, by c2, minute 7). */
const history = () =>
  logOf(
    engine,
    transfersWorld,
    [
      { at: minutes(5), command: groupTransfer(fleet, byId('CUSTOMER', 'c5'), 'c1', '10', { notes: 'notes123' }) },
      { at: minutes(6), command: groupTransfer(byId('CUSTOMER', 'c5'), fam, 'c5', '4') },
      { at: minutes(7), command: groupTransfer(fleet, fam, 'c2', '20') },
    ],
    testClock('h'),
  );

const fleetSummary = {
  id: 'g-fleet',
  groupStatus: 'ACTIVE',
  fleetGroupUsers: [
    { userId: 'c1', groupId: 'g-fleet', defaultGroup: true, active: true, primaryMember: true },
    { userId: 'c2', groupId: 'g-fleet', defaultGroup: true, active: true, primaryMember: false },
    { userId: 'c3', groupId: 'g-fleet', defaultGroup: true, active: true, primaryMember: false },
  ],
  createdOn: '2026-01-01T00:01:00Z',
};

describe('transferHistory', () => {
  it('a group source: DEDUCTION rows, newest first, with the group, the customer and the program breakup', () => {
    const { state } = history();
    const rows = transferHistory(state, group('g-fleet'));
    expect(rows.map((r) => [r.transferType, r.toEntityId, r.pointsTransferred])).toEqual([
      ['DEDUCTION', 'g-fam', '20.000'],
      ['DEDUCTION', 'c5', '10.000'],
    ]);
    expect(rows[1]).toEqual({
      toEntityId: 'c5',
      toEntityType: 'CUSTOMER',
      fromEntityId: 'g-fleet',
      fromEntityType: 'USERGROUP2',
      pointsTransferDate: '2026-01-01 00:05:00',
      pointsTransferred: '10.000',
      transferId: 'h-2',
      transferType: 'DEDUCTION',
      transferredFromUserGroup2: fleetSummary,
      transferredTo: { userId: 'c5', firstName: 'First4', lastName: 'Last4' },
      transferredBy: 'c1',
      notes: 'notes123',
      programId: 765,
      programName: 'Program 765',
      pointsTransferBreakupByEarningPrograms: [{ programId: 765, deductedPoints: '10.000', programCurrentPoints: '490.000' }],
    });
    // c2 is in two groups; g-fleet, joined first, is their default.
    const fam = transferHistory(state, group('g-fam'))[0]?.transferredToUserGroup2?.fleetGroupUsers;
    expect(fam).toEqual([
      { userId: 'c4', groupId: 'g-fam', defaultGroup: true, active: true, primaryMember: true },
      { userId: 'c2', groupId: 'g-fam', defaultGroup: false, active: true, primaryMember: false },
    ]);
  });

  it("a group's summary keeps a member who left, shown inactive and not their default group", () => {
    const { state } = logOf(
      engine,
      [...transfersWorld, left('leave-1', minutes(2), 'g-fleet', 'c3')],
      [{ at: minutes(5), command: groupTransfer(fleet, byId('CUSTOMER', 'c5'), 'c1', '10') }],
      testClock('l'),
    );
    expect(transferHistory(state, group('g-fleet'))[0]?.transferredFromUserGroup2?.fleetGroupUsers).toEqual([
      { userId: 'c1', groupId: 'g-fleet', defaultGroup: true, active: true, primaryMember: true },
      { userId: 'c2', groupId: 'g-fleet', defaultGroup: true, active: true, primaryMember: false },
      { userId: 'c3', groupId: 'g-fleet', defaultGroup: false, active: false, primaryMember: false },
    ]);
  });

  it('a customer on both sides: ADDITION for what it received, DEDUCTION for what it gave, each with its balance right after', () => {
    const rows = transferHistory(history().state, customer('c5'));
    expect(rows.map((r) => [r.transferType, r.fromEntityId, r.toEntityId, r.pointsTransferBreakupByEarningPrograms])).toEqual([
      ['DEDUCTION', 'c5', 'g-fam', [{ programId: 765, deductedPoints: '4.000', programCurrentPoints: '6.000' }]],
      ['ADDITION', 'g-fleet', 'c5', [{ programId: 765, deductedPoints: '10.000', programCurrentPoints: '10.000' }]],
    ]);
    expect(rows[0]?.transferredFrom).toEqual({ userId: 'c5', firstName: 'First4', lastName: 'Last4' });
    expect(rows[0]?.transferredToUserGroup2?.id).toBe('g-fam');
  });

  it("a row's balance leaves out points expired by then whose expiry the history does not hold yet (decision 12)", () => {
    // g-fleet: a 100-point lot expiring at minute 4, then a transfer of 10 at minute 5. The live log
    // appends the expiry before the transfer; an imported history may not hold it (yet).
    const { events } = logOf(
      engine,
      [...transfersWorld, awarded('a-exp', minutes(2), group('g-fleet'), '100', { expiresAt: minutes(4) })],
      [{ at: minutes(5), command: groupTransfer(fleet, byId('CUSTOMER', 'c5'), 'c1', '10') }],
      testClock('x'),
    );
    const imported = engine.replay(events.filter((e) => e.type !== 'PointsExpired'));
    if (E.isLeft(imported)) throw new Error(imported.left.error.message);
    const rowBalance = (st: typeof imported.right) => transferHistory(st, group('g-fleet'))[0]?.pointsTransferBreakupByEarningPrograms[0]?.programCurrentPoints;
    const live = engine.replay(events);
    // The expiry written after the transfer, at the same time (the live log writes it before).
    const expiry = events.find((e) => e.type === 'PointsExpired');
    const after = engine.replay([...events.filter((e) => e !== expiry), ...(expiry === undefined ? [] : [{ ...expiry, at: minutes(5) }])]);
    if (E.isLeft(after)) throw new Error(after.left.error.message);
    expect([E.isRight(live) && rowBalance(live.right), rowBalance(imported.right), rowBalance(after.right)]).toEqual(['490.000', '490.000', '490.000']);
  });

  it('only one program when asked, nothing for an entity that never transferred', () => {
    const { state } = history();
    expect(transferHistory(state, group('g-fam'), { programId: 765 }).length).toBe(2);
    expect(transferHistory(state, group('g-fam'), { programId: 1414 })).toEqual([]);
    expect(transferHistory(state, customer('c3'))).toEqual([]);
  });

  it('the query by identifiers (seed 004: identifierName, identifierValue, userEntityType)', () => {
    const { state } = history();
    const byMobile = findTransferHistory(state, { identifierName: 'mobile', identifierValue: '919000000004' });
    expect(E.isRight(byMobile) && byMobile.right.map((r) => r.transferId)).toEqual(['h-4', 'h-2']);
    const byExternal = findTransferHistory(state, { userEntityType: 'USERGROUP2', identifierName: 'externalId', identifierValue: 'fleet-ext', programId: 765 });
    expect(E.isRight(byExternal) && byExternal.right.length).toBe(2);
    const code = (r: ReturnType<typeof findTransferHistory>) => (E.isLeft(r) ? r.left.code : 'rows');
    expect(code(findTransferHistory(state, { userEntityType: 'FLEET', identifierName: 'id', identifierValue: 'g-fleet' }))).toBe(1208);
    expect(code(findTransferHistory(state, { identifierName: 'phone', identifierValue: '1' }))).toBe(434);
    expect(code(findTransferHistory(state, { identifierName: 'mobile', identifierValue: '' }))).toBe(434);
    expect(code(findTransferHistory(state, { identifierName: 'mobile', identifierValue: '1' }))).toBe(8015);
    expect(findTransferHistory(state, { userEntityType: 'USERGROUP2', identifierName: 'id', identifierValue: 'nope' })).toEqual(
      E.left(expect.objectContaining({ code: 1632, message: 'group id/externalId/primary userId nope passed is not valid' })),
    );
    // A program the organisation never defined is 885 (decision 119), after the entity; a defined one without transfers is no rows.
    expect(code(findTransferHistory(state, { identifierName: 'mobile', identifierValue: '919000000004', programId: 99 }))).toBe(885);
    expect(code(findTransferHistory(state, { identifierName: 'mobile', identifierValue: '1', programId: 99 }))).toBe(8015);
    const defined = findTransferHistory(state, { userEntityType: 'USERGROUP2', identifierName: 'id', identifierValue: 'g-fam', programId: 1414 });
    expect(E.isRight(defined) && defined.right).toEqual([]);
  });

  it('a transfer from a group to the customer that has its id is an ADDITION for the customer and a DEDUCTION for the group', () => {
    const { state } = logOf(
      engine,
      [...transfersWorld, created('grp-c1', minutes(2), 'c1', 'FRIENDS_AND_FAMILY', 'c4'), awarded('a-gc1', minutes(2), group('c1'), '40')],
      [{ at: minutes(5), command: groupTransfer(byId('USERGROUP2', 'c1'), byId('CUSTOMER', 'c1'), 'c4', '10') }],
      testClock('s'),
    );
    expect(transferHistory(state, customer('c1')).map((r) => [r.transferType, r.pointsTransferBreakupByEarningPrograms[0]?.programCurrentPoints])).toEqual([['ADDITION', '110.000']]);
    expect(transferHistory(state, group('c1')).map((r) => [r.transferType, r.pointsTransferBreakupByEarningPrograms[0]?.programCurrentPoints])).toEqual([['DEDUCTION', '30.000']]);
  });

  it('a merged customer is named by the query (419)', () => {
    const { events } = history();
    const merged = engine.replay([...events, statusChanged('st-9', minutes(8), 'c5', 'MERGED', 'c4')]);
    const state = E.isRight(merged) ? merged.right : history().state;
    const r = findTransferHistory(state, { identifierName: 'id', identifierValue: 'c5' });
    expect(E.isLeft(r) && r.left.code).toBe(419);
  });
});

describe('transfer answers and ledger entries', () => {
  it('answers with the DEDUCTION row, as the seed 004 group transfer sample', () => {
    const state = engine.fold(transfersWorld);
    const r = transferOutcome(engine.execute(state, groupTransfer(fleet, byId('CUSTOMER', 'c2'), 'c1', '10', { notes: 'notes123' }), testClock('t').at(minutes(3))));
    expect(E.isRight(r) && [r.right.transferType, r.right.fromEntityType, r.right.toEntityType, r.right.transferredFromUserGroup2?.id, r.right.transferredTo]).toEqual([
      'DEDUCTION',
      'USERGROUP2',
      'CUSTOMER',
      'g-fleet',
      { userId: 'c2', firstName: 'First1', lastName: 'Last1' },
    ]);
    expect(E.isRight(r) && r.right.pointsTransferBreakupByEarningPrograms).toEqual([{ programId: 765, deductedPoints: '10.000', programCurrentPoints: '490.000' }]);
    expect(transferOutcome(engine.execute(state, groupTransfer(fleet, byId('CUSTOMER', 'c2'), 'c3', '10'), testClock('t').at(minutes(3))))).toEqual(E.left(expect.objectContaining({ code: 830 })));
  });

  it('a customer registered without names shows empty names; the transfer is kept by id with the lots it moved', () => {
    const c7 = { type: 'CustomerRegistered' as const, id: 'customer-c7', at: minutes(2), customerId: 'c7', identifiers: {} };
    const { state } = logOf(engine, [...transfersWorld, c7], [{ at: minutes(5), command: groupTransfer(fleet, byId('CUSTOMER', 'c7'), 'c1', '1') }], testClock('n'));
    expect(transferHistory(state, customer('c7'))[0]?.transferredTo).toEqual({ userId: 'c7', firstName: '', lastName: '' });
    expect(transferOf(state, 'n-2')?.lots).toEqual([{ fromLot: 'a-fleet', toLot: 'n-1/0', points: points('1') }]);
  });

  it('a transfer is kept by id with the expiry of each lot it moved', () => {
    const { state } = logOf(
      engine,
      [...transfersWorld, awarded('x-c5', minutes(2), customer('c5'), '40', { expiresAt: days(3) })],
      [{ at: minutes(5), command: groupTransfer(byId('CUSTOMER', 'c5'), byId('CUSTOMER', 'c2'), 'c5', '10') }],
      testClock('e'),
    );
    expect(transferOf(state, 'e-2')?.lots).toEqual([{ fromLot: 'x-c5', toLot: 'e-1/0', points: points('10'), expiresAt: days(3) }]);
  });

  it('appears in both ledgers as a PointsTransfer entry: a debit for the source, a credit for the receiver', () => {
    const { state } = history();
    const info = (entity: ReturnType<typeof customer>) =>
      getCustomerLedgerInfo(state, { entity, now: minutes(10) }, { paging: false });
    const fleetInfo = info(group('g-fleet'));
    const c5Info = info(customer('c5'));
    const entries = (r: typeof fleetInfo) => (E.isRight(r) ? r.right.ledgerEntries.filter((e) => e.eventName === 'PointsTransfer').map((e) => [e.eventLogId, e.netPointsOnEvent]) : []);
    expect(entries(fleetInfo)).toEqual([
      ['h-1', '-10.000'],
      ['h-5', '-20.000'],
    ]);
    expect(entries(c5Info)).toEqual([
      ['h-1', '10.000'],
      ['h-3', '-4.000'],
    ]);
  });
});
