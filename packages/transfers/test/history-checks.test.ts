/**
 * Every refusal of a transfers history line, one given/when/then row each: given the transfers world
 * (and a redemption to reverse), when one crafted `PointsTransferred` or `PointsRedemptionReversed`
 * line is replayed from its JSON, then it is refused with its code and a reason naming what does not
 * fit, and the state is the state before the line.
 */
import { EventBase, Posting } from '@pointfold/core';
import { PointsRedeemed } from '@pointfold/groups';
import { PointsRedemptionReversed, PointsTransferred } from '@pointfold/transfers';
import { LineCase, Push, lineChecks } from '../../core/test/line-checks';
import { left } from '../../groups/test/fixtures';
import { awarded, customer, days, engine, group, into, minutes, out, points, sys, transfersWorld } from './fixtures';

const { line, thenRefused, thenAccepted } = lineChecks(engine);

const tLine = minutes(3);

describe('PointsTransferred', () => {
  /** A transfer line, type-checked as one. */
  const transfer = (e: PointsTransferred): Push => line(e);
  /** c2 (a member who may transfer) moves 10 of g-fleet's points to c5: the lot a-fleet becomes c5's new lot tr-1/0. */
  const fromGroup: PointsTransferred = {
    type: 'PointsTransferred',
    id: 'tr-1',
    at: tLine,
    transferId: 'tf-1',
    from: group('g-fleet'),
    to: customer('c5'),
    transferredBy: 'c2',
    programId: 765,
    points: points('10'),
    postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '10')],
  };
  /** c1 moves 10 of their own points to c5. */
  const fromCustomer: PointsTransferred = { ...fromGroup, from: customer('c1'), transferredBy: 'c1', postings: [out(customer('c1'), 'a-c1', '10'), into(customer('c5'), 'tr-1/0', '10')] };
  const { transferredBy: _by, ...withoutInitiator } = fromGroup;
  /** c4 holds a lot that expires on day 3. */
  const withExpiring: readonly EventBase[] = [...transfersWorld, awarded('x-c4', minutes(2), customer('c4'), '40', { expiresAt: days(3) })];
  const fromC4 = (postings: Posting[]): PointsTransferred => ({ ...fromGroup, from: customer('c4'), transferredBy: 'c4', postings });

  const cases: LineCase[] = [
    {
      name: 'a transfer id already used (9907)',
      given: [...transfersWorld, fromGroup],
      when: transfer({ ...fromCustomer, id: 'tr-2', postings: [out(customer('c1'), 'a-c1', '10'), into(customer('c5'), 'tr-2/0', '10')] }),
      code: 9907,
      reason: 'already defined: transfer tf-1',
    },
    {
      // Its postings in program 765: the event's own program is what is refused, before the postings are read.
      name: 'a program no event defined (885)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, programId: 999 }),
      code: 885,
      reason: 'Invalid program id 999',
    },
    {
      name: 'a group to itself (418)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, to: group('g-fleet'), postings: [out(group('g-fleet'), 'a-fleet', '10'), into(group('g-fleet'), 'tr-1/0', '10')] }),
      code: 418,
      reason: 'From and To customers are same. (USERGROUP2 g-fleet)',
    },
    {
      // Without postings: the source is refused before the postings are read (the engine would refuse a posting of ghost's the same way).
      name: 'an unknown source customer (816)',
      given: transfersWorld,
      when: transfer({ ...withoutInitiator, from: customer('ghost'), postings: [] }),
      code: 816,
      reason: 'Unable to find customer in this organization (id ghost)',
    },
    { name: 'an unknown source group (1632)', given: transfersWorld, when: transfer({ ...fromGroup, from: group('g-ghost') }), code: 1632, reason: 'group id/externalId/primary userId g-ghost passed is not valid' },
    {
      name: 'an unknown destination customer (816)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, to: customer('ghost'), postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('ghost'), 'tr-1/0', '10')] }),
      code: 816,
      reason: 'Unable to find customer in this organization (id ghost)',
    },
    {
      name: 'an unknown destination group (1632)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, to: group('g-ghost'), postings: [out(group('g-fleet'), 'a-fleet', '10'), into(group('g-ghost'), 'tr-1/0', '10')] }),
      code: 1632,
      reason: 'group id/externalId/primary userId g-ghost passed is not valid',
    },
    {
      name: 'a transfer out of a group that does not name who made it (830)',
      given: transfersWorld,
      when: transfer(withoutInitiator),
      code: 830,
      reason: 'User lacks permissions to transfer points from this entity (a transfer from group g-fleet names the user who made it)',
    },
    {
      // Who made it is checked before the postings are read.
      name: 'a transfer out of a group that names neither who made it nor postings (830)',
      given: transfersWorld,
      when: transfer({ ...withoutInitiator, postings: [] }),
      code: 830,
      reason: 'User lacks permissions to transfer points from this entity (a transfer from group g-fleet names the user who made it)',
    },
    { name: 'a transfer out of a group by a customer who is not a member (1620)', given: transfersWorld, when: transfer({ ...fromGroup, transferredBy: 'c5' }), code: 1620, reason: 'user c5 does not belong to group g-fleet' },
    {
      name: 'a transfer out of a group by a member who left (1620)',
      given: [...transfersWorld, left('l1', minutes(2), 'g-fleet', 'c2')],
      when: transfer(fromGroup),
      code: 1620,
      reason: 'user c2 does not belong to group g-fleet',
    },
    {
      name: "a transfer out of a customer's wallet by another customer (830)",
      given: transfersWorld,
      when: transfer({ ...fromCustomer, transferredBy: 'c2' }),
      code: 830,
      reason: 'User lacks permissions to transfer points from this entity (customer c2 transferred from customer c1)',
    },
    { name: 'no postings (9906)', given: transfersWorld, when: transfer({ ...fromGroup, postings: [] }), code: 9906, reason: "invalid posting: a transfer's postings come in pairs (0 given)" },
    {
      name: 'postings that are not pairs (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '9'), sys('ISSUED', '1')] }),
      code: 9906,
      reason: "invalid posting: a transfer's postings come in pairs (3 given)",
    },
    {
      name: "a pair that takes from another wallet than the source (9906)",
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fam'), 'a-fam', '10'), into(customer('c5'), 'tr-1/0', '10')] }),
      code: 9906,
      reason: "invalid posting: posting 0 of a transfer takes a lot of USERGROUP2 g-fleet's Main points in program 765",
    },
    {
      name: 'a pair that gives to the source instead of taking (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [into(group('g-fleet'), 'a-fleet', '10'), out(customer('c5'), 'tr-1/0', '10')] }),
      code: 9906,
      reason: "invalid posting: posting 0 of a transfer takes a lot of USERGROUP2 g-fleet's Main points in program 765",
    },
    {
      name: 'a pair whose debit names no lot (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [{ ...out(group('g-fleet'), 'a-fleet', '10'), lotId: undefined }, into(customer('c5'), 'tr-1/0', '10')] }),
      code: 9906,
      reason: "invalid posting: posting 0 of a transfer takes a lot of USERGROUP2 g-fleet's Main points in program 765",
    },
    {
      name: 'a pair that gives to another receiver than the destination (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c4'), 'tr-1/0', '10')] }),
      code: 9906,
      reason: 'invalid posting: posting 1 of a transfer gives CUSTOMER c5 Main points in program 765',
    },
    {
      name: 'a pair that gives the destination points of another category than Main (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fleet', '10'), { ...into(customer('c5'), 'tr-1/0', '10'), pointsCategory: 'DelayedAccrualPointCategory' }] }),
      code: 9906,
      reason: 'invalid posting: posting 1 of a transfer gives CUSTOMER c5 Main points in program 765',
    },
    {
      name: "a pair that gives the destination points in another program than the transfer's (9906)",
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '10', undefined, 1414)] }),
      code: 9906,
      reason: 'invalid posting: posting 1 of a transfer gives CUSTOMER c5 Main points in program 765',
    },
    {
      name: 'a pair whose credit names no lot (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fleet', '10'), { ...into(customer('c5'), 'tr-1/0', '10'), lotId: undefined }] }),
      code: 9906,
      reason: 'invalid posting: posting 1 of a transfer gives CUSTOMER c5 Main points in program 765',
    },
    {
      name: 'a pair that gives other points than it takes (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, points: points('9'), postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '9')] }),
      code: 9906,
      reason: 'invalid posting: posting 1 of a transfer gives 9.000, not the 10.000 taken',
    },
    {
      name: 'a credit to a lot that exists (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'a-c2', '10')] }),
      code: 9906,
      reason: 'invalid posting: a transfer creates new lots at the receiver (a-c2 exists)',
    },
    {
      name: 'two pairs that create the same lot (9906)',
      given: transfersWorld,
      when: transfer({
        ...fromGroup,
        points: points('20'),
        postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '10'), out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '10')],
      }),
      code: 9906,
      reason: 'invalid posting: a transfer creates new lots at the receiver (tr-1/0 exists)',
    },
    {
      name: 'a new lot with an expiry its source lot does not have (9906)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '10', days(9))] }),
      code: 9906,
      reason: 'invalid posting: lot tr-1/0 must keep the expiry of lot a-fleet it was made from',
    },
    {
      name: 'a new lot without the expiry of its source lot (9906)',
      given: withExpiring,
      when: transfer(fromC4([out(customer('c4'), 'x-c4', '10'), into(customer('c5'), 'tr-1/0', '10')])),
      code: 9906,
      reason: 'invalid posting: lot tr-1/0 must keep the expiry of lot x-c4 it was made from',
    },
    { name: 'points other than the postings move (9906)', given: transfersWorld, when: transfer({ ...fromGroup, points: points('11') }), code: 9906, reason: 'invalid posting: a transfer of 11.000 moves 10.000' },
    {
      name: 'a pair that takes from the lot an earlier pair of the same line created (9906)',
      given: transfersWorld,
      when: transfer({
        ...fromGroup,
        points: points('15'),
        postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '10'), out(group('g-fleet'), 'tr-1/0', '5'), into(customer('c5'), 'tr-1/1', '5')],
      }),
      code: 9906,
      reason: 'invalid posting: lot tr-1/0 is created and changed by the same event',
    },
    {
      name: "a debit of another wallet's lot under the source's name (9906)",
      given: transfersWorld,
      when: transfer({ ...fromGroup, postings: [out(group('g-fleet'), 'a-fam', '10'), into(customer('c5'), 'tr-1/0', '10')] }),
      code: 9906,
      reason: 'invalid posting: lot a-fam belongs to USERGROUP2:g-fam|765|Main, not USERGROUP2:g-fleet|765|Main',
    },
    {
      name: 'more than the source lot holds (9905)',
      given: transfersWorld,
      when: transfer({ ...fromGroup, points: points('600'), postings: [out(group('g-fleet'), 'a-fleet', '600'), into(customer('c5'), 'tr-1/0', '600')] }),
      code: 9905,
      reason: 'lot a-fleet has 500.000 points left, 600.000 requested',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the transfers the rows are made from (out of a group, out of a customer, two lots, an expiry kept)', () => {
    thenAccepted(transfersWorld, transfer(fromGroup));
    thenAccepted(transfersWorld, transfer(fromCustomer));
    thenAccepted(transfersWorld, transfer((({ transferredBy: _c1, ...anonymous }) => anonymous)(fromCustomer)));
    thenAccepted(
      transfersWorld,
      transfer({ ...fromGroup, points: points('15'), postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'tr-1/0', '10'), out(group('g-fleet'), 'a-fleet', '5'), into(customer('c5'), 'tr-1/1', '5')] }),
    );
    thenAccepted(withExpiring, transfer(fromC4([out(customer('c4'), 'x-c4', '10'), into(customer('c5'), 'tr-1/0', '10', days(3))])));
  });
});

describe('PointsRedemptionReversed', () => {
  /** A reversal line, type-checked as one. */
  const reversal = (e: PointsRedemptionReversed): Push => line(e);
  /** A lot of c1 besides a-c1 (100): b-c1 (20). */
  const withTwoLots: readonly EventBase[] = [...transfersWorld, awarded('b-c1', minutes(2), customer('c1'), '20')];
  /** c1 redeems 30 on bill-1: 20 from a-c1, 10 from b-c1. */
  const redeemed: PointsRedeemed = {
    type: 'PointsRedeemed',
    id: 'rd-1',
    at: tLine,
    redemptionId: 'red-1',
    customerId: 'c1',
    wallet: customer('c1'),
    groupRedemption: false,
    programId: 765,
    points: points('30'),
    transactionNumber: 'bill-1',
    postings: [out(customer('c1'), 'a-c1', '20'), out(customer('c1'), 'b-c1', '10'), sys('REDEEMED', '30')],
  };
  const withRedemption: readonly EventBase[] = [...withTwoLots, redeemed];
  const lots = (...parts: [string, string][]): PointsRedemptionReversed['lots'] => parts.map(([lotId, amount]) => ({ lotId, points: points(amount) }));
  /** 10 of it given back to a-c1, at minute 4. */
  const reversed: PointsRedemptionReversed = {
    type: 'PointsRedemptionReversed',
    id: 'rv-1',
    at: minutes(4),
    reversalId: 'rev-1',
    redemptionId: 'red-1',
    customerId: 'c1',
    wallet: customer('c1'),
    programId: 765,
    points: points('10'),
    lots: lots(['a-c1', '10']),
    postings: [sys('REDEEMED', '-10'), into(customer('c1'), 'a-c1', '10')],
  };
  /** The remaining 20: 10 to a-c1, 10 to b-c1. */
  const rest: PointsRedemptionReversed = {
    ...reversed,
    id: 'rv-2',
    at: minutes(5),
    reversalId: 'rev-2',
    points: points('20'),
    lots: lots(['a-c1', '10'], ['b-c1', '10']),
    postings: [sys('REDEEMED', '-20'), into(customer('c1'), 'a-c1', '10'), into(customer('c1'), 'b-c1', '10')],
  };
  /** c5 redeems 40 from a lot that expires on day 3; reversed on day 4, its points go to EXPIRED. */
  const { transactionNumber: _bill, ...withoutBill } = redeemed;
  const redeemedByC5: PointsRedeemed = { ...withoutBill, redemptionId: 'red-5', customerId: 'c5', wallet: customer('c5'), points: points('40'), postings: [out(customer('c5'), 'e-c5', '40'), sys('REDEEMED', '40')] };
  const expiring: readonly EventBase[] = [...transfersWorld, awarded('e-c5', minutes(2), customer('c5'), '40', { expiresAt: days(3) }), redeemedByC5];
  const lateReversal = (postings: Posting[]): PointsRedemptionReversed => ({
    ...reversed,
    at: days(4),
    redemptionId: 'red-5',
    customerId: 'c5',
    wallet: customer('c5'),
    points: points('40'),
    lots: lots(['e-c5', '40']),
    postings,
  });

  const cases: LineCase[] = [
    { name: 'a reversal id already used (9907)', given: [...withRedemption, reversed], when: reversal({ ...rest, reversalId: 'rev-1' }), code: 9907, reason: 'already defined: reversal rev-1' },
    { name: 'an unknown redemption (902)', given: withRedemption, when: reversal({ ...reversed, redemptionId: 'red-9' }), code: 902, reason: 'Redemption ID does not exist. (red-9)' },
    {
      name: 'another customer than the redemption (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, customerId: 'c2' }),
      code: 9906,
      reason: 'invalid posting: a reversal of redemption red-1 names its customer c1, wallet CUSTOMER c1 and program 765',
    },
    {
      name: 'another wallet than the redemption (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, wallet: group('g-fleet') }),
      code: 9906,
      reason: 'invalid posting: a reversal of redemption red-1 names its customer c1, wallet CUSTOMER c1 and program 765',
    },
    {
      name: 'another wallet of the same type than the redemption (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, wallet: customer('c2') }),
      code: 9906,
      reason: 'invalid posting: a reversal of redemption red-1 names its customer c1, wallet CUSTOMER c1 and program 765',
    },
    {
      name: 'another program than the redemption (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, programId: 1414 }),
      code: 9906,
      reason: 'invalid posting: a reversal of redemption red-1 names its customer c1, wallet CUSTOMER c1 and program 765',
    },
    {
      name: 'another transaction number than the redemption (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, transactionNumber: 'bill-2' }),
      code: 9906,
      reason: 'invalid posting: redemption red-1 was not recorded with transaction number bill-2',
    },
    {
      name: 'more than was redeemed (810)',
      given: withRedemption,
      when: reversal({ ...reversed, points: points('31'), lots: lots(['a-c1', '21'], ['b-c1', '10']) }),
      code: 810,
      reason: 'Mismatch in points for revert API call (31.000 requested, 30.000 left to reverse)',
    },
    {
      name: 'more than is left after an earlier reversal (810)',
      given: [...withRedemption, reversed],
      when: reversal({ ...rest, points: points('21'), lots: lots(['a-c1', '11'], ['b-c1', '10']) }),
      code: 810,
      reason: 'Mismatch in points for revert API call (21.000 requested, 20.000 left to reverse)',
    },
    {
      name: 'more to a lot than the redemption took from it (810)',
      given: withRedemption,
      when: reversal({ ...reversed, points: points('15'), lots: lots(['b-c1', '15']), postings: [sys('REDEEMED', '-15'), into(customer('c1'), 'b-c1', '15')] }),
      code: 810,
      reason: 'Mismatch in points for revert API call (15.000 to lot b-c1 requested, 10.000 left to reverse)',
    },
    {
      name: 'more to a lot than is left to give it after an earlier reversal (810)',
      given: [...withRedemption, reversed],
      when: reversal({ ...rest, points: points('20'), lots: lots(['a-c1', '11'], ['b-c1', '9']) }),
      code: 810,
      reason: 'Mismatch in points for revert API call (11.000 to lot a-c1 requested, 10.000 left to reverse)',
    },
    {
      name: 'a lot named twice (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, lots: lots(['a-c1', '5'], ['a-c1', '5']) }),
      code: 9906,
      reason: 'invalid posting: lot a-c1 is named twice in reversal rev-1',
    },
    {
      name: 'a lot the redemption took nothing from (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, lots: lots(['a-c2', '10']), postings: [sys('REDEEMED', '-10'), into(customer('c2'), 'a-c2', '10')] }),
      code: 9906,
      reason: 'invalid posting: redemption red-1 took nothing from lot a-c2',
    },
    {
      name: 'lots for other than its points (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, lots: lots(['a-c1', '9']) }),
      code: 9906,
      reason: 'invalid posting: a reversal of 10.000 names lots for 9.000',
    },
    {
      name: 'postings to EXPIRED for a lot that has not expired (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, postings: [sys('REDEEMED', '-10'), sys('EXPIRED', '10')] }),
      code: 9906,
      reason: 'invalid posting: the postings of reversal rev-1 are not REDEEMED back to the lots named (expired ones to EXPIRED)',
    },
    {
      name: 'postings that give the lot an expiry (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, postings: [sys('REDEEMED', '-10'), into(customer('c1'), 'a-c1', '10', days(9))] }),
      code: 9906,
      reason: 'invalid posting: the postings of reversal rev-1 are not REDEEMED back to the lots named (expired ones to EXPIRED)',
    },
    {
      name: 'postings to another lot than those named (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, postings: [sys('REDEEMED', '-10'), into(customer('c1'), 'b-c1', '10')] }),
      code: 9906,
      reason: 'invalid posting: the postings of reversal rev-1 are not REDEEMED back to the lots named (expired ones to EXPIRED)',
    },
    {
      name: 'postings beyond those of the lots named, balanced among themselves (9906)',
      given: withRedemption,
      when: reversal({ ...reversed, postings: [sys('REDEEMED', '-10'), into(customer('c1'), 'a-c1', '10'), sys('REDEEMED', '-1'), sys('ISSUED', '1')] }),
      code: 9906,
      reason: 'invalid posting: the postings of reversal rev-1 are not REDEEMED back to the lots named (expired ones to EXPIRED)',
    },
    {
      name: 'postings to a lot that has expired by the reversal (9906)',
      given: expiring,
      when: reversal(lateReversal([sys('REDEEMED', '-40'), into(customer('c5'), 'e-c5', '40')])),
      code: 9906,
      reason: 'invalid posting: the postings of reversal rev-1 are not REDEEMED back to the lots named (expired ones to EXPIRED)',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the reversals the rows are made from (part, then the rest over two lots; an expired lot to EXPIRED)', () => {
    thenAccepted(withRedemption, reversal(reversed));
    thenAccepted([...withRedemption, reversed], reversal(rest));
    thenAccepted(withRedemption, reversal({ ...reversed, transactionNumber: 'bill-1' }));
    thenAccepted(expiring, reversal(lateReversal([sys('REDEEMED', '-40'), sys('EXPIRED', '40')])));
  });
});
