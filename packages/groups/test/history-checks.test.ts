/**
 * Every refusal of a groups history line, one given/when/then row each: given the groups world, when
 * one crafted `UserGroupCreated`, `UserGroupMemberJoined`, `UserGroupMemberLeft` or `PointsRedeemed`
 * line is replayed from its JSON, then it is refused with its code and a reason naming what does not
 * fit, and the state is the state before the line.
 */
import { EntityRef, EventBase, Posting, Timestamp } from '@pointfold/core';
import { PointsRedeemed, groupsEngine, groupsLimits } from '@pointfold/groups';
import { LineCase, Push, lineChecks } from '../../core/test/line-checks';
import { created, customer, group, groupWorld, joined, left, minutes, points, registered, statusChanged } from './fixtures';

const { line, thenRefused, thenAccepted } = lineChecks(groupsEngine);

const tLine = minutes(3);

describe('UserGroupCreated', () => {
  const cases: LineCase[] = [
    { name: 'a group id already used (9907)', given: groupWorld, when: line(created('g9', tLine, 'g-fleet', 'FLEET', 'c5')), code: 9907, reason: 'already defined: group g-fleet' },
    {
      name: 'an external id another group has (9907)',
      given: groupWorld,
      when: line(created('g9', tLine, 'g-new', 'FLEET', 'c5', 'fam-ext')),
      code: 9907,
      reason: 'already defined: group externalId fam-ext (group g-fam)',
    },
    { name: 'an unknown primary user (816)', given: groupWorld, when: line(created('g9', tLine, 'g-new', 'FLEET', 'ghost')), code: 816, reason: 'Unable to find customer in this organization (id ghost)' },
    {
      name: 'a merged primary user (816, naming the survivor)',
      given: [...groupWorld, statusChanged('st-1', tLine, 'c5', 'MERGED', 'c2')],
      when: line(created('g9', tLine, 'g-new', 'FLEET', 'c5')),
      code: 816,
      reason: 'Unable to find customer in this organization (customer c5 was merged into customer c2)',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts a new group of a live primary user with a new external id', () => {
    thenAccepted(groupWorld, line(created('g9', tLine, 'g-new', 'FLEET', 'c5', 'new-ext')));
  });
});

describe('UserGroupMemberJoined', () => {
  const max = groupsLimits.groupMembersMax;
  /** g-big: primary m0 and m1..m(max-1), `max` active members; m(max) registered but not a member. */
  const people = Array.from({ length: max + 1 }, (_x, i) => registered(`reg-m${i}`, tLine, `m${i}`));
  const full: readonly EventBase[] = [
    ...groupWorld,
    ...people,
    created('grp-big', tLine, 'g-big', 'FLEET', 'm0'),
    ...people.slice(1, max).map((p, i) => joined(`join-m${i}`, tLine, 'g-big', p.customerId)),
  ];
  const cases: LineCase[] = [
    { name: 'an unknown group (1632)', given: groupWorld, when: line(joined('j9', tLine, 'g9', 'c5')), code: 1632, reason: 'group id/externalId/primary userId g9 passed is not valid' },
    { name: 'an unknown user (816)', given: groupWorld, when: line(joined('j9', tLine, 'g-fleet', 'ghost')), code: 816, reason: 'Unable to find customer in this organization (id ghost)' },
    {
      name: 'a merged user (816, naming the survivor)',
      given: [...groupWorld, statusChanged('st-1', tLine, 'c5', 'MERGED', 'c4')],
      when: line(joined('j9', tLine, 'g-fleet', 'c5')),
      code: 816,
      reason: 'Unable to find customer in this organization (customer c5 was merged into customer c4)',
    },
    { name: 'an active member joining again (9907)', given: groupWorld, when: line(joined('j9', tLine, 'g-fleet', 'c2')), code: 9907, reason: 'already defined: member c2 of group g-fleet' },
    { name: 'the primary user joining their own group (9907)', given: groupWorld, when: line(joined('j9', tLine, 'g-fam', 'c4')), code: 9907, reason: 'already defined: member c4 of group g-fam' },
    {
      name: `a member beyond the ${max} a group may have (9920)`,
      given: full,
      when: line(joined('j9', tLine, 'g-big', `m${max}`)),
      code: 9920,
      reason: `group g-big already has ${max} active members, the most a group may have`,
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts a member who left joining again, and a join to a full group once one member left', () => {
    thenAccepted([...groupWorld, left('l1', tLine, 'g-fleet', 'c2')], line(joined('j9', tLine, 'g-fleet', 'c2')));
    thenAccepted([...full, left('l1', tLine, 'g-big', 'm1')], line(joined('j9', tLine, 'g-big', `m${max}`)));
  });
});

describe('UserGroupMemberLeft', () => {
  const cases: LineCase[] = [
    { name: 'an unknown group (1632)', given: groupWorld, when: line(left('l9', tLine, 'g9', 'c2')), code: 1632, reason: 'group id/externalId/primary userId g9 passed is not valid' },
    { name: 'a user who never was a member (1620)', given: groupWorld, when: line(left('l9', tLine, 'g-fleet', 'c5')), code: 1620, reason: 'user c5 does not belong to group g-fleet' },
    {
      name: 'a member who left already (1620)',
      given: [...groupWorld, left('l1', tLine, 'g-fleet', 'c3')],
      when: line(left('l9', tLine, 'g-fleet', 'c3')),
      code: 1620,
      reason: 'user c3 does not belong to group g-fleet',
    },
    { name: 'the primary user (9908)', given: groupWorld, when: line(left('l9', tLine, 'g-fleet', 'c1')), code: 9908, reason: 'user c1 is the primary user of group g-fleet and cannot leave it' },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts an active member other than the primary user leaving', () => {
    thenAccepted(groupWorld, line(left('l9', tLine, 'g-fleet', 'c3')));
  });
});

describe('PointsRedeemed', () => {
  const take = (wallet: EntityRef, lotId: string, amount: string, o: Partial<Posting> = {}): Posting => ({
    entityType: wallet.type,
    entityId: wallet.id,
    programId: 765,
    pointsCategory: 'Main',
    points: points(`-${amount}`),
    lotId,
    ...o,
  });
  const credit = (amount: string, o: Partial<Posting> = {}): Posting => ({ entityType: 'SYSTEM', entityId: 'REDEEMED', programId: 765, pointsCategory: 'Main', points: points(amount), ...o });
  /** c2 redeems 40 from g-fleet's lot, as RedeemPoints appends it. */
  const fromGroup: PointsRedeemed = {
    type: 'PointsRedeemed',
    id: 'rd-1',
    at: tLine,
    redemptionId: 'red-1',
    customerId: 'c2',
    wallet: group('g-fleet'),
    groupRedemption: true,
    programId: 765,
    points: points('40'),
    postings: [take(group('g-fleet'), 'a-fleet', '40'), credit('40')],
  };
  /** c1 redeems 30 from their own lot. */
  const own: PointsRedeemed = {
    ...fromGroup,
    customerId: 'c1',
    wallet: customer('c1'),
    groupRedemption: false,
    points: points('30'),
    postings: [take(customer('c1'), 'a-c1', '30'), credit('30')],
  };
  const at = (t: Timestamp, e: PointsRedeemed): PointsRedeemed => ({ ...e, at: t });
  /** A redemption line, type-checked as one. */
  const redemption = (e: PointsRedeemed): Push => line(e);

  const cases: LineCase[] = [
    { name: 'an unknown customer (816)', given: groupWorld, when: redemption({ ...fromGroup, customerId: 'ghost' }), code: 816, reason: 'Unable to find customer in this organization (id ghost)' },
    {
      name: 'a redemption id already used (9907)',
      given: [...groupWorld, fromGroup],
      when: line(at(minutes(4), { ...own, id: 'rd-2' })),
      code: 9907,
      reason: 'already defined: redemption red-1',
    },
    {
      // Its postings in program 765: the event's own program is what is refused, before the postings are read.
      name: 'a program no event defined (885)',
      given: groupWorld,
      when: redemption({ ...fromGroup, programId: 999 }),
      code: 885,
      reason: 'Invalid program id 999',
    },
    {
      name: "an individual redemption said to be a group redemption (9906)",
      given: groupWorld,
      when: redemption({ ...own, groupRedemption: true }),
      code: 9906,
      reason: "invalid posting: an individual redemption spends the initiator's own wallet (c1), not CUSTOMER c1",
    },
    {
      name: "an individual redemption from another customer's wallet (9906)",
      given: groupWorld,
      when: redemption({ ...own, wallet: customer('c2'), postings: [take(customer('c2'), 'a-c2', '30'), credit('30')] }),
      code: 9906,
      reason: "invalid posting: an individual redemption spends the initiator's own wallet (c1), not CUSTOMER c2",
    },
    {
      name: 'a redemption from a group wallet not said to be a group redemption (9906)',
      given: groupWorld,
      when: redemption({ ...fromGroup, groupRedemption: false }),
      code: 9906,
      reason: 'invalid posting: a redemption from group g-fleet is a group redemption',
    },
    {
      name: 'a redemption from an unknown group (1632)',
      given: groupWorld,
      when: redemption({ ...fromGroup, wallet: group('g-ghost'), postings: [take(group('g-ghost'), 'a-fleet', '40'), credit('40')] }),
      code: 1632,
      reason: 'group id/externalId/primary userId g-ghost passed is not valid',
    },
    { name: 'a group redemption by a customer who is not a member (1620)', given: groupWorld, when: redemption({ ...fromGroup, customerId: 'c5' }), code: 1620, reason: 'user c5 does not belong to group g-fleet' },
    {
      name: 'a group redemption by a member who left (1620)',
      given: [...groupWorld, left('l1', minutes(2), 'g-fleet', 'c2')],
      when: line(fromGroup),
      code: 1620,
      reason: 'user c2 does not belong to group g-fleet',
    },
    {
      name: 'postings in another program than the redemption (9906)',
      given: groupWorld,
      when: redemption({ ...fromGroup, postings: [take(group('g-fleet'), 'a-fleet', '40', { programId: 1414 }), credit('40', { programId: 1414 })] }),
      code: 9906,
      reason: 'invalid posting: a redemption moves Main points of program 765 only',
    },
    {
      name: 'postings of promised points (9906)',
      given: groupWorld,
      when: redemption({
        ...fromGroup,
        postings: [take(group('g-fleet'), 'a-fleet', '40', { pointsCategory: 'DelayedAccrualPointCategory' }), credit('40', { pointsCategory: 'DelayedAccrualPointCategory' })],
      }),
      code: 9906,
      reason: 'invalid posting: a redemption moves Main points of program 765 only',
    },
    {
      name: 'a credit to a system account other than REDEEMED (9906)',
      given: groupWorld,
      when: redemption({ ...fromGroup, postings: [take(group('g-fleet'), 'a-fleet', '40'), credit('40', { entityId: 'ADJUSTED' })] }),
      code: 9906,
      reason: 'invalid posting: a redemption credits REDEEMED only',
    },
    {
      name: 'a debit of REDEEMED (9906)',
      given: groupWorld,
      when: redemption({ ...fromGroup, postings: [credit('-40'), { ...take(group('g-fleet'), 'a-fleet', '40'), points: points('40') }] }),
      code: 9906,
      reason: 'invalid posting: a redemption credits REDEEMED only',
    },
    {
      name: "a debit of another wallet's lot (9906)",
      given: groupWorld,
      when: redemption({ ...fromGroup, postings: [take(group('g-fam'), 'a-fam', '40'), credit('40')] }),
      code: 9906,
      reason: 'invalid posting: a redemption debits only the lots of USERGROUP2 g-fleet',
    },
    {
      name: 'a credit to the wallet (9906)',
      given: groupWorld,
      when: redemption({ ...fromGroup, postings: [{ ...take(group('g-fleet'), 'a-fleet', '40'), points: points('40') }, credit('-40')] }),
      code: 9906,
      reason: 'invalid posting: a redemption debits only the lots of USERGROUP2 g-fleet',
    },
    {
      name: 'points other than the postings move (9906)',
      given: groupWorld,
      when: redemption({ ...fromGroup, points: points('41') }),
      code: 9906,
      reason: 'invalid posting: a redemption of 41.000 takes 40.000 and gives REDEEMED 40.000',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the group and individual redemptions the rows are made from', () => {
    thenAccepted(groupWorld, line(fromGroup));
    thenAccepted(groupWorld, line(own));
    thenAccepted([...groupWorld, fromGroup], line(at(minutes(4), { ...own, id: 'rd-2', redemptionId: 'red-2' })));
  });
});
