/**
 * Given/when/then over group transfers (seeds 003 and 004): TransferGroupPoints in every direction
 * (group to customer, customer to group, group to group, customer to customer), every identifier type
 * of a group and of a customer, who may transfer, the lots moved with their expiry,
 * IsGroupTransferrable, every refusal with its code and message, and the order of the checks.
 */
import * as E from 'fp-ts/Either';
import { EventBase, Points, accountsOfEntity } from '@pointfold/core';
import { logOf, spec, testClock } from '@pointfold/core/testing';
import { PointsTransferred, TransferEntityInput, isGroupTransferrable } from '@pointfold/transfers';
import {
  awarded,
  balance,
  byId,
  c6,
  cmd,
  configured,
  created,
  customer,
  days,
  engine,
  ev,
  group,
  groupTransfer,
  into,
  minutes,
  mobileOf,
  only,
  out,
  points,
  spendable,
  statusChanged,
  tWhen,
  transfersWorld,
} from './fixtures';

const g = spec(engine);
const given = () => g.given(transfersWorld);

const fleet = byId('USERGROUP2', 'g-fleet');
const fam = byId('USERGROUP2', 'g-fam');
const cust = (id: string): TransferEntityInput => byId('CUSTOMER', id);
const transferIn = (events: readonly EventBase[]): PointsTransferred => only<PointsTransferred>(events, 'PointsTransferred');

describe('TransferGroupPoints: each direction', () => {
  it('acts: group to customer, by the group primary user', () => {
    const state = given()
      .when(groupTransfer(fleet, cust('c5'), 'c1', '10', { notes: 'notes123' }))
      .then([
        ev({
          type: 'PointsTransferred',
          id: 'when-1',
          at: tWhen,
          transferId: 'when-2',
          from: group('g-fleet'),
          to: customer('c5'),
          transferredBy: 'c1',
          programId: 765,
          points: points('10'),
          postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'when-1/0', '10')],
          notes: 'notes123',
        }),
      ]);
    expect([balance(state, group('g-fleet'), tWhen), balance(state, customer('c5'), tWhen)]).toEqual([points('490'), points('10')]);
  });

  it('acts: customer to group, by that customer (who need not be a member)', () => {
    const state = given()
      .when(groupTransfer(cust('c1'), fam, 'c1', '25'))
      .then((events) => expect(transferIn(events).postings).toEqual([out(customer('c1'), 'a-c1', '25'), into(group('g-fam'), 'when-1/0', '25')]));
    expect([balance(state, customer('c1'), tWhen), balance(state, group('g-fam'), tWhen)]).toEqual([points('75'), points('325')]);
  });

  it('acts: group to group, by a member with the transfer permission', () => {
    const state = given()
      .when(groupTransfer(fleet, fam, 'c2', '10'))
      .then((events) => {
        const e = transferIn(events);
        expect([e.from, e.to, e.transferredBy, e.postings]).toEqual([group('g-fleet'), group('g-fam'), 'c2', [out(group('g-fleet'), 'a-fleet', '10'), into(group('g-fam'), 'when-1/0', '10')]]);
      });
    expect([balance(state, group('g-fleet'), tWhen), balance(state, group('g-fam'), tWhen)]).toEqual([points('490'), points('310')]);
  });

  it('acts: nine lots to a customer who had no wallet (a movement of 18 postings), replayed with its checks, make one account of nine points', () => {
    const nine = Array.from({ length: 9 }, (_, i) => awarded(`c4-${i}`, minutes(2), customer('c4'), '1', { expiresAt: days(10 + i) }));
    const log = logOf(engine, [...transfersWorld, ...nine], [{ at: tWhen, command: groupTransfer(cust('c4'), cust('c5'), 'c4', '9') }], testClock('t')).events;
    expect(transferIn(log).postings).toHaveLength(18);
    const replayed = engine.replay(log);
    if (E.isLeft(replayed)) throw new Error(replayed.left.error.message);
    const accounts = accountsOfEntity(replayed.right.ledger, 'CUSTOMER', 'c5');
    expect(accounts.map((a) => [a.key, Points.format(a.balance), a.expiring.size])).toEqual([['CUSTOMER:c5|765|Main', '9.000', 9]]);
    expect(balance(replayed.right, customer('c5'), tWhen)).toEqual(points('9'));
  });

  it('acts: customer to customer through the group endpoint (no code: transferredBy is the source)', () => {
    const state = given()
      .when(groupTransfer(cust('c1'), cust('c2'), 'c1', '5'))
      .then((events) => expect([transferIn(events).from, transferIn(events).to, transferIn(events).transferredBy]).toEqual([customer('c1'), customer('c2'), 'c1']));
    expect([balance(state, customer('c1'), tWhen), balance(state, customer('c2'), tWhen)]).toEqual([points('95'), points('55')]);
  });

  it('acts: expiry dates travel with the points, group to group and on to a customer', () => {
    const w = g.given([
      ...transfersWorld,
      awarded('f-soon', minutes(2), group('g-fam'), '20', { expiresAt: days(5) }),
      awarded('f-late', minutes(2), group('g-fam'), '20', { expiresAt: days(30) }),
    ]);
    const s1 = w.when(groupTransfer(fam, fleet, 'c4', '30')).then((events) =>
      expect(transferIn(events).postings).toEqual([
        out(group('g-fam'), 'f-soon', '20'),
        into(group('g-fleet'), 'when-1/0', '20', days(5)),
        out(group('g-fam'), 'f-late', '10'),
        into(group('g-fleet'), 'when-1/1', '10', days(30)),
      ]),
    );
    // g-fleet now holds 500 without expiry and 30 with; its next debit takes the expiring lots first.
    const r = engine.execute(s1, groupTransfer(fleet, cust('c5'), 'c1', '25'), testClock('n').at(minutes(5)));
    const moved = E.isRight(r) ? transferIn(r.right.events).postings : [];
    expect(moved).toEqual([out(group('g-fleet'), 'when-1/0', '20'), into(customer('c5'), 'n-1/0', '20', days(5)), out(group('g-fleet'), 'when-1/1', '5'), into(customer('c5'), 'n-1/1', '5', days(30))]);
    const after = E.isRight(r) ? r.right.state : s1;
    expect([spendable(after, customer('c5'), days(4)), spendable(after, customer('c5'), days(5)), spendable(after, customer('c5'), days(30))]).toEqual([points('25'), points('5'), points('0')]);
  });
});

describe('TransferGroupPoints: identifiers', () => {
  const withC6Group = () =>
    g.given([...transfersWorld, created('grp-6', minutes(2), 'g-six', 'FRIENDS_AND_FAMILY', 'c6', 'six-ext'), awarded('a-six', minutes(2), group('g-six'), '40')]);

  it('acts: the source group by id, externalId, primaryUserId, primaryUserCardnumber, primaryUserMobile, primaryUserEmail', () => {
    const cases: [string, string, string][] = [
      ['id', 'g-six', 'g-six'],
      ['externalId', 'six-ext', 'g-six'],
      ['primaryUserId', 'c6', 'g-six'],
      ['primaryUserCardnumber', 'CARD-0006', 'g-six'],
      ['primaryUserMobile', '919000000099', 'g-six'],
      ['primaryUserEmail', 'C4@example.com', 'g-fam'],
    ];
    for (const [identifierType, identifierValue, groupId] of cases) {
      const by = groupId === 'g-six' ? 'c6' : 'c4';
      withC6Group()
        .when(groupTransfer({ type: 'USERGROUP2', identifierType, identifierValue }, cust('c5'), by, '1'))
        .then((events) => expect(transferIn(events).from).toEqual(group(groupId)));
    }
  });

  it('acts: a customer by mobile, email, externalId, cardnumber or id (a whole number is an id too)', () => {
    const cases: [string, unknown, string][] = [
      ['mobile', mobileOf('c5'), 'c5'],
      ['email', 'c5@example.com', 'c5'],
      ['externalId', 'ext-c5', 'c5'],
      ['cardnumber', 'CARD-0006', 'c6'],
      ['id', 'c5', 'c5'],
    ];
    for (const [identifierType, identifierValue, id] of cases)
      given()
        .when(groupTransfer(fleet, { type: 'CUSTOMER', identifierType, identifierValue, source: 'WECHAT', accountId: 'WECHAT-SN' }, 'c1', '1'))
        .then((events) => expect(transferIn(events).to).toEqual(customer(id)));
    g.given(transfersWorld.map((e) => (e === c6 ? { ...c6, customerId: '418400980' } : e)))
      .when(groupTransfer(fleet, { type: 'CUSTOMER', identifierType: 'id', identifierValue: 418400980 }, 'c1', '1'))
      .then((events) => expect(transferIn(events).to).toEqual(customer('418400980')));
  });

  it('acts: transferredBy by mobile (seed 003 sample shape, source and accountId ignored)', () => {
    given()
      .when(cmd({ type: 'TransferGroupPoints', points: 10, programId: 765, transferredBy: { identifierType: 'mobile', identifierValue: mobileOf('c2'), source: 'WECHAT', accountId: 'WECHAT-SN' }, toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: mobileOf('c5'), accountId: 'WECHAT-SN', source: 'WECHAT' }, fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: 'g-fleet' } }))
      .then((events) => expect([transferIn(events).transferredBy, transferIn(events).to]).toEqual(['c2', customer('c5')]));
  });
});

describe('IsGroupTransferrable', () => {
  it('acts: appends nothing and answers yes with the source balance', () => {
    given().when(cmd({ type: 'IsGroupTransferrable', points: '10', fromEntity: fleet, toEntity: cust('c5'), transferredBy: { identifierType: 'id', identifierValue: 'c3' } })).thenRejects(830);
    given().when(cmd({ type: 'IsGroupTransferrable', points: '10', fromEntity: fleet, toEntity: cust('c5'), transferredBy: { identifierType: 'id', identifierValue: 'c2' } })).thenNothingHappened();
    const r = isGroupTransferrable(engine, given().state, { points: 10, fromEntity: fleet, toEntity: cust('c5'), transferredBy: { identifierType: 'id', identifierValue: 'c1' } }, testClock('x').at(tWhen));
    expect(r).toEqual(E.right({ pointsTobeTransferred: '10.000', transferrable: true, balance: '500.000' }));
    const no = isGroupTransferrable(engine, given().state, { points: 600, fromEntity: fleet, toEntity: cust('c5'), transferredBy: { identifierType: 'id', identifierValue: 'c1' } }, testClock('x').at(tWhen));
    expect(E.isLeft(no) && no.left.code).toBe(803);
  });
});

describe('group transfer refusals', () => {
  const by = { identifierType: 'id', identifierValue: 'c1' };
  const req = (o: object) => cmd({ type: 'TransferGroupPoints', points: '10', programId: 765, fromEntity: fleet, toEntity: cust('c5'), transferredBy: by, ...o });

  it('422: pointsTobeTransferred missing, not a number, zero, negative or with more than three decimals', () => {
    for (const bad of [undefined, 'ten', 0, -1, '0.0001', null, {}]) given().when(req({ points: bad })).thenRejects(422, 'pointsToBeTransferred value is invalid');
  });

  it('1206: fromEntity missing, not an object, or a group that does not exist', () => {
    given().when(req({ fromEntity: undefined })).thenRejects(1206, /fromEntity is missing/);
    given().when(req({ fromEntity: 'g-fleet' })).thenRejects(1206);
    given().when(req({ fromEntity: byId('USERGROUP2', 'nope') })).thenRejects(1206, /fromEntity: id nope/);
  });

  it('1207: toEntity missing or not an object', () => {
    given().when(req({ toEntity: undefined })).thenRejects(1207, /toEntity is missing/);
    given().when(req({ toEntity: [] })).thenRejects(1207);
  });

  it('1208: an entity type missing, or neither CUSTOMER nor USERGROUP2', () => {
    given().when(req({ fromEntity: { identifierType: 'id', identifierValue: 'g-fleet' } })).thenRejects(1208, 'Entity type not set or invalid (fromEntity.type)');
    given().when(req({ fromEntity: { type: 'FLEET', identifierType: 'id', identifierValue: 'g-fleet' } })).thenRejects(1208);
    given().when(req({ toEntity: { type: 'customer', identifierType: 'id', identifierValue: 'c5' } })).thenRejects(1208, 'Entity type not set or invalid (toEntity.type)');
  });

  it('434: each identifier type and value field, named as seed 003 names it', () => {
    const cases: [object, string][] = [
      [{ fromEntity: { type: 'USERGROUP2', identifierType: 'groupId', identifierValue: 'g-fleet' } }, 'fromEntity.identifierType'],
      [{ fromEntity: { type: 'USERGROUP2', identifierType: 'mobile', identifierValue: mobileOf('c1') } }, 'fromEntity.identifierType'],
      [{ fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: { id: 1 } } }, 'fromEntity.identifierValue'],
      [{ toEntity: { type: 'CUSTOMER', identifierType: 'primaryUserId', identifierValue: 'c5' } }, 'toEntity.identifierType'],
      [{ toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '' } }, 'toEntity.identifierValue'],
      [{ toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: 1.5 } }, 'toEntity.identifierValue'],
      // Both unreadable: the type is named first.
      [{ toEntity: { type: 'CUSTOMER', identifierType: 'phone', identifierValue: '' } }, 'toEntity.identifierType'],
      [{ transferredBy: { identifierType: 'phone', identifierValue: mobileOf('c1') } }, 'transferredBy.identifierType'],
      [{ transferredBy: { identifierType: 'mobile', identifierValue: true } }, 'transferredBy.identifierValue'],
      [{ transferredBy: { identifierType: 'id', identifierValue: 'x'.repeat(257) } }, 'transferredBy.identifierValue'],
    ];
    for (const [o, field] of cases) given().when(req(o)).thenRejects(434, `Invalid ${field} set in the request payload`);
  });

  it('830: transferredBy missing, a member without the transfer permission, a non-member, someone else for a customer', () => {
    given().when(req({ transferredBy: undefined })).thenRejects(830, /transferredBy is missing/);
    given().when(req({ transferredBy: { identifierType: 'id', identifierValue: 'c3' } })).thenRejects(830, /user c3 may not transfer points from group g-fleet/);
    given().when(req({ transferredBy: { identifierType: 'id', identifierValue: 'c5' } })).thenRejects(830, /not an active member of group g-fleet/);
    given().when(req({ fromEntity: cust('c1'), transferredBy: { identifierType: 'id', identifierValue: 'c2' } })).thenRejects(830, /user c2 is not customer c1/);
    given().when(req({ fromEntity: fam, toEntity: fleet, transferredBy: { identifierType: 'id', identifierValue: 'c2' } })).thenRejects(830);
  });

  it('885: a program that does not exist', () => {
    given().when(req({ programId: 42 })).thenRejects(885, 'Invalid program id 42');
    given().when(req({ programId: -1 })).thenRejects(885);
  });

  it('807: not a whole number without transfer.multipleOf; not a multiple of it with one', () => {
    given().when(req({ points: '10.5' })).thenRejects(807, 'Unable to redeem. Make sure that the points you are trying to redeem is a multiple of 1. Check the points redemption configuration of your organization.');
    g.given([...transfersWorld, configured('cfg-u', minutes(2), { transfer: { multipleOf: points('0.5') } })]).when(req({ points: '10.25' })).thenRejects(807, /multiple of 0\.5\./);
    g.given([...transfersWorld, configured('cfg-u', minutes(2), { transfer: { multipleOf: points('0.5') } })])
      .when(groupTransfer(fleet, fam, 'c2', '10.5'))
      .then((events) => expect([transferIn(events).from, transferIn(events).to, transferIn(events).points]).toEqual([group('g-fleet'), group('g-fam'), points('10.5')]));
  });

  it('8015: no customer answers (destination, transferredBy, source), or an identifier Pointfold does not keep', () => {
    given().when(req({ toEntity: cust('ghost') })).thenRejects(8015, 'Customer not found for given identifiers (toEntity: id ghost)');
    given().when(req({ transferredBy: { identifierType: 'email', identifierValue: 'nobody@example.com' } })).thenRejects(8015, /transferredBy: email nobody@example\.com/);
    given().when(req({ fromEntity: { type: 'CUSTOMER', identifierType: 'cardnumber', identifierValue: 'CARD-9' } })).thenRejects(8015, /fromEntity/);
    for (const identifierType of ['wechat', 'martjackId', 'fbId']) given().when(req({ toEntity: { type: 'CUSTOMER', identifierType, identifierValue: 'c5' } })).thenRejects(8015);
  });

  it("1645: a group toEntity whose identifierType is missing or not a group's, or whose identifierValue is invalid (seed 003's table)", () => {
    const cases: [object, string][] = [
      [{ toEntity: { type: 'USERGROUP2', identifierValue: 'g-fam' } }, 'toEntity.identifierType'],
      [{ toEntity: { type: 'USERGROUP2', identifierType: 'mobile', identifierValue: mobileOf('c4') } }, 'toEntity.identifierType'],
      [{ toEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: '' } }, 'toEntity.identifierValue'],
      [{ toEntity: { type: 'USERGROUP2', identifierType: 'id' } }, 'toEntity.identifierValue'],
    ];
    for (const [o, field] of cases) given().when(req(o)).thenRejects(1645, `Invalid group details (Invalid ${field} set in the request payload)`);
  });

  it('1645: a destination group that does not exist, or identifiers that name no single group', () => {
    given().when(req({ toEntity: byId('USERGROUP2', 'nope') })).thenRejects(1645, /^Invalid group details \(toEntity: id nope/);
    given().when(req({ toEntity: { type: 'USERGROUP2', identifierType: 'externalId', identifierValue: 'nope-ext' } })).thenRejects(1645);
    g.given([...transfersWorld, created('grp-3', minutes(2), 'g-two', 'FLEET', 'c4')])
      .when(req({ toEntity: { type: 'USERGROUP2', identifierType: 'primaryUserId', identifierValue: 'c4' } }))
      .thenRejects(1645, /primary user of 2 groups/);
  });

  it('419: a merged customer on either side or transferring', () => {
    const merged = g.given([...transfersWorld, statusChanged('st-1', minutes(2), 'c5', 'MERGED', 'c4')]);
    merged.when(req({ toEntity: cust('c5') })).thenRejects(419, 'Merged customer found with id: c5');
    merged.when(req({ fromEntity: cust('c5'), toEntity: cust('c1'), transferredBy: { identifierType: 'id', identifierValue: 'c5' } })).thenRejects(419);
    const mergedMember = g.given([...transfersWorld, statusChanged('st-1', minutes(2), 'c2', 'MERGED', 'c4')]);
    mergedMember.when(req({ transferredBy: { identifierType: 'id', identifierValue: 'c2' } })).thenRejects(419, 'Merged customer found with id: c2');
  });

  it('418: the same group (however named) or the same customer on both sides', () => {
    given().when(req({ toEntity: { type: 'USERGROUP2', identifierType: 'externalId', identifierValue: 'fleet-ext' } })).thenRejects(418, 'From and To customers are same. (USERGROUP2 g-fleet)');
    given().when(req({ fromEntity: cust('c1'), toEntity: { type: 'CUSTOMER', identifierType: 'email', identifierValue: 'c1@example.com' } })).thenRejects(418, /CUSTOMER c1/);
  });

  it('415 / 414: a FRAUD source customer, a FRAUD user transferring out of a group, a FRAUD destination (only with the flag)', () => {
    const on = configured('cfg-f', minutes(2), { CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER: true });
    g.given([...transfersWorld, on, statusChanged('st', minutes(2), 'c1', 'FRAUD')]).when(req({ fromEntity: cust('c1') })).thenRejects(415, /customer c1/);
    g.given([...transfersWorld, on, statusChanged('st', minutes(2), 'c2', 'FRAUD')]).when(req({ transferredBy: { identifierType: 'id', identifierValue: 'c2' } })).thenRejects(415, /customer c2/);
    g.given([...transfersWorld, on, statusChanged('st', minutes(2), 'c5', 'FRAUD')]).when(req({})).thenRejects(414, /customer c5/);
    g.given([...transfersWorld, statusChanged('st', minutes(2), 'c5', 'FRAUD')]).when(req({})).then((events) => expect(transferIn(events).to).toEqual(customer('c5')));
    // A FRAUD member of a destination group is no FRAUD destination customer.
    g.given([...transfersWorld, on, statusChanged('st', minutes(2), 'c4', 'FRAUD')]).when(req({ toEntity: fam })).then((events) => expect(transferIn(events).to).toEqual(group('g-fam')));
  });

  it('804 / 803: a source with no spendable points in the program / fewer than asked', () => {
    given().when(req({ programId: 1414 })).thenRejects(804);
    given().when(req({ points: '501' })).thenRejects(803);
    given().when(req({ fromEntity: cust('c5'), transferredBy: { identifierType: 'id', identifierValue: 'c5' }, toEntity: fleet })).thenRejects(804);
  });

  it('the order of the checks: 422, 1206/1208/434 (from), 1207/1208/434/1645 (to), 830/434 (transferredBy), 885, 807, 8015/419/1206 (from), 8015/419/1645 (to), 8015/419 (by), 418, 830, 415, 414, 804/803', () => {
    const w = g.given([
      ...transfersWorld,
      configured('cfg-f', minutes(2), { CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER: true }),
      statusChanged('st-1', minutes(2), 'c3', 'FRAUD'),
      statusChanged('st-2', minutes(2), 'c5', 'FRAUD'),
      statusChanged('st-3', minutes(2), 'c6', 'MERGED', 'c4'),
    ]);
    const nobody = { identifierType: 'id', identifierValue: 'ghost' };
    w.when(req({ points: 0, fromEntity: undefined })).thenRejects(422);
    w.when(req({ fromEntity: undefined, toEntity: undefined })).thenRejects(1206);
    w.when(req({ fromEntity: { type: 'X' }, toEntity: undefined })).thenRejects(1208);
    w.when(req({ fromEntity: { type: 'USERGROUP2', identifierType: 'mobile', identifierValue: '1' }, toEntity: undefined })).thenRejects(434);
    w.when(req({ toEntity: undefined, transferredBy: undefined })).thenRejects(1207);
    w.when(req({ toEntity: { type: 'CUSTOMER', identifierType: 'groupId', identifierValue: '1' }, transferredBy: undefined })).thenRejects(434);
    w.when(req({ toEntity: { type: 'USERGROUP2', identifierType: 'email', identifierValue: '1' }, transferredBy: undefined })).thenRejects(1645);
    w.when(req({ transferredBy: undefined, programId: 42 })).thenRejects(830);
    w.when(req({ transferredBy: { identifierType: 'x', identifierValue: 'c1' }, programId: 42 })).thenRejects(434);
    w.when(req({ programId: 42, points: '0.5' })).thenRejects(885);
    w.when(req({ points: '0.5', fromEntity: byId('USERGROUP2', 'nope') })).thenRejects(807);
    w.when(req({ fromEntity: byId('USERGROUP2', 'nope'), toEntity: cust('ghost') })).thenRejects(1206);
    w.when(req({ fromEntity: cust('c6'), toEntity: cust('ghost') })).thenRejects(419);
    w.when(req({ toEntity: byId('USERGROUP2', 'nope'), transferredBy: nobody })).thenRejects(1645);
    w.when(req({ toEntity: cust('c6'), transferredBy: nobody })).thenRejects(419);
    w.when(req({ transferredBy: nobody, toEntity: fleet })).thenRejects(8015);
    w.when(req({ toEntity: fleet, transferredBy: { identifierType: 'id', identifierValue: 'c3' } })).thenRejects(418);
    w.when(req({ transferredBy: { identifierType: 'id', identifierValue: 'c3' } })).thenRejects(830);
    w.when(req({ fromEntity: cust('c3'), transferredBy: { identifierType: 'id', identifierValue: 'c3' }, points: '1000' })).thenRejects(415);
    w.when(req({ points: '1000' })).thenRejects(414);
    w.when(req({ toEntity: fam, points: '1000' })).thenRejects(803);
  });
});

describe('a customer and a group that share an id', () => {
  // Group `c1` (primary c4) has the id of customer c1: an entity is its type and its id, never its id alone.
  const shared = () => g.given([...transfersWorld, created('grp-c1', minutes(2), 'c1', 'FRIENDS_AND_FAMILY', 'c4'), awarded('a-gc1', minutes(2), group('c1'), '40')]);

  it('acts: customer c1 to group c1 is no transfer to itself (not 418)', () => {
    shared()
      .when(groupTransfer(cust('c1'), byId('USERGROUP2', 'c1'), 'c1', '10'))
      .then((events) => expect([transferIn(events).from, transferIn(events).to]).toEqual([customer('c1'), group('c1')]));
  });

  it('acts: group c1 to customer c1, by its primary user', () => {
    shared()
      .when(groupTransfer(byId('USERGROUP2', 'c1'), cust('c1'), 'c4', '10'))
      .then((events) => expect(transferIn(events).postings).toEqual([out(group('c1'), 'a-gc1', '10'), into(customer('c1'), 'when-1/0', '10')]));
  });
});

describe('TransferGroupPoints: edges', () => {
  it('acts: a program id of 16 digits (up to 2^53 - 1), given as its digits, names its program', () => {
    const big = 9_007_199_254_740_991;
    g.given([
      ...transfersWorld,
      ev({ type: 'ProgramDefined', id: 'program-big', at: minutes(2), programId: big, name: 'Program big' }),
      awarded('a-big', minutes(2), customer('c1'), '10', { programId: big }),
    ])
      .when(groupTransfer(cust('c1'), cust('c2'), 'c1', '5', { programId: String(big) }))
      .then((events) => expect([transferIn(events).programId, transferIn(events).points]).toEqual([big, points('5')]));
  });
});
