/**
 * Every refusal of a rewards history line, one given/when/then row each: given the rewards world, when
 * one crafted `RewardDefined`, `CustomerSegmentsAssigned`, `CardIssued`, `RewardIssued` or
 * `RewardIssueRefused` line is replayed from its JSON, then it is refused with its code and a reason
 * naming what does not fit, and the state is the state before the line.
 */
import * as E from 'fp-ts/Either';
import { CommandRecorded, EventBase, Posting } from '@pointfold/core';
import { RewardIssueRefused, RewardIssued, rewardsEngine, rewardsLimits } from '@pointfold/rewards';
import { LineCase, Push, lineChecks } from '../../core/test/line-checks';
import { awarded, cardIssued, created, customer, days, debit, group, minutes, points, pointsConfig, registered, rewardDefined, rewardsWorld, segmentsAssigned, toRedeemed } from './fixtures';

const { line, json, thenRefused, thenAccepted, whenReplayed } = lineChecks(rewardsEngine);

const tLine = minutes(3);

describe('RewardDefined', () => {
  const defined = (o: Parameters<typeof rewardDefined>[3]): Push => line(rewardDefined('rw-9', tLine, 'r9', o));
  const configsMax = rewardsLimits.paymentConfigsPerRewardMax;
  const segmentsMax = rewardsLimits.segmentsPerRewardMax;
  const constraintsMax = rewardsLimits.constraintsPerRewardMax;
  const configs = (n: number) => Array.from({ length: n }, (_x, i) => pointsConfig(i + 1, '10'));
  const segments = (n: number) => Array.from({ length: n }, (_x, i) => ({ segment: `s${i}`, partition: 'p' }));
  const constraints = (n: number) => Array.from({ length: n }, () => ({ level: 'CUSTOMER' as const, periodDays: 7, maxIssues: 2 }));

  const cases: LineCase[] = [
    { name: 'no payment configuration (9908)', given: rewardsWorld, when: defined({ paymentConfigs: [] }), code: 9908, reason: `reward r9 has 0 payment configurations: from 1 to ${configsMax}` },
    {
      name: `more than ${configsMax} payment configurations (9908)`,
      given: rewardsWorld,
      when: defined({ paymentConfigs: configs(configsMax + 1) }),
      code: 9908,
      reason: `reward r9 has ${configsMax + 1} payment configurations: from 1 to ${configsMax}`,
    },
    {
      name: 'two payment configurations with one id, as a number and a text (9907)',
      given: rewardsWorld,
      when: defined({ paymentConfigs: [pointsConfig(55, '1'), pointsConfig('55', '2')] }),
      code: 9907,
      reason: 'already defined: payment configuration 55 of reward r9',
    },
    {
      name: 'an end at its start (9908)',
      given: rewardsWorld,
      when: defined({ startsAt: minutes(5), endsAt: minutes(5) }),
      code: 9908,
      reason: 'reward r9 ends (2026-01-01T00:05:00Z) at or before it starts (2026-01-01T00:05:00Z)',
    },
    {
      name: `more than ${segmentsMax} segment partitions (9908)`,
      given: rewardsWorld,
      when: defined({ segments: segments(segmentsMax + 1) }),
      code: 9908,
      reason: `reward r9 names more than ${segmentsMax} segment partitions`,
    },
    {
      name: `more than ${constraintsMax} constraints (9908)`,
      given: rewardsWorld,
      when: defined({ constraints: constraints(constraintsMax + 1) }),
      code: 9908,
      reason: `reward r9 has more than ${constraintsMax} constraints`,
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts a reward at each limit (configurations, segments, constraints) that starts before it ends', () => {
    thenAccepted(rewardsWorld, defined({ paymentConfigs: configs(configsMax), segments: segments(segmentsMax), constraints: constraints(constraintsMax), startsAt: minutes(5), endsAt: minutes(6) }));
  });
});

describe('CustomerSegmentsAssigned and CardIssued', () => {
  const membershipsMax = rewardsLimits.membershipsPerCustomerMax;
  const pairs = (n: number) => Array.from({ length: n }, (_x, i) => [`s${i}`, 'p'] as const);
  /** c1 holds card CARD-1 (issued); c9 is registered with the card number CARD-9 (an identifier). */
  const withCards: readonly EventBase[] = [...rewardsWorld, cardIssued('card-1', tLine, 'c1', 'CARD-1', 'GOLD'), registered('reg-c9', tLine, 'c9', { cardnumber: 'CARD-9' })];

  const cases: LineCase[] = [
    {
      name: `more than ${membershipsMax} segment partitions for a customer (9908)`,
      given: rewardsWorld,
      when: line(segmentsAssigned('sg-1', tLine, 'c1', pairs(membershipsMax + 1))),
      code: 9908,
      reason: `customer c1 is given more than ${membershipsMax} segment partitions`,
    },
    { name: 'segments of an unknown customer (816)', given: rewardsWorld, when: line(segmentsAssigned('sg-1', tLine, 'ghost', [['s', 'p']])), code: 816, reason: 'Unable to find customer in this organization (id ghost)' },
    { name: 'a card of an unknown customer (816)', given: rewardsWorld, when: line(cardIssued('card-2', tLine, 'ghost', 'CARD-2', 'GOLD')), code: 816, reason: 'Unable to find customer in this organization (id ghost)' },
    {
      name: 'a card number issued to another customer before (9907)',
      given: withCards,
      when: line(cardIssued('card-2', tLine, 'c2', 'CARD-1', 'GOLD')),
      code: 9907,
      reason: 'already defined: card CARD-1 (the card number of customer c1)',
    },
    {
      name: "a card number another customer was registered with (9907)",
      given: withCards,
      when: line(cardIssued('card-2', tLine, 'c2', 'CARD-9', 'GOLD')),
      code: 9907,
      reason: 'already defined: card CARD-9 (the card number of customer c9)',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the most segment partitions a customer may hold, and a card issued again to its holder', () => {
    thenAccepted(rewardsWorld, line(segmentsAssigned('sg-1', tLine, 'c1', pairs(membershipsMax))));
    thenAccepted(withCards, line(cardIssued('card-2', tLine, 'c1', 'CARD-1', 'GOLD', 'BLOCKED')));
    thenAccepted(withCards, line(cardIssued('card-2', tLine, 'c9', 'CARD-9', 'GOLD')));
  });
});

describe('RewardIssued', () => {
  /** A reward issue line, type-checked as one. */
  const issue = (e: RewardIssued): Push => line(e);
  /** c1 gets r-points (500 points, config 55) with an Intouch coupon, paid from their lot a-c1, as IssueReward appends it. */
  const issued: RewardIssued = {
    type: 'RewardIssued',
    id: 'ri-1',
    at: tLine,
    issueId: 'iss-1',
    rewardId: 'r-points',
    brand: 'BUKL',
    customerId: 'c1',
    wallet: customer('c1'),
    groupRedemption: false,
    programId: 765,
    fulfillment: 'INTOUCH_COUPON',
    paymentConfig: { id: 55, mode: 'POINTS', points: points('500') },
    quantity: 1,
    points: points('500'),
    postings: [debit(customer('c1'), 'a-c1', '500'), toRedeemed('500')],
    coupon: { code: 'cpn-1', expiresAt: days(366) },
  };
  /** c2 gets it paid from g-fam's lot. */
  const fromGroup: RewardIssued = { ...issued, customerId: 'c2', wallet: group('g-fam'), groupRedemption: true, postings: [debit(group('g-fam'), 'a-fam', '500'), toRedeemed('500')] };
  const { coupon: _coupon, ...withoutCoupon } = issued;
  /** c1 gets r-vendor (200 points, config 7) with the vendor's voucher. */
  const byVendor: RewardIssued = {
    ...withoutCoupon,
    rewardId: 'r-vendor',
    fulfillment: 'VENDOR',
    paymentConfig: { id: 7, mode: 'POINTS', points: points('200') },
    points: points('200'),
    postings: [debit(customer('c1'), 'a-c1', '200'), toRedeemed('200')],
    vendor: { voucher: 'VCH-1' },
  };
  const { vendor: _voucher, ...vendorWithoutVoucher } = byVendor;
  const postings = (...ps: Posting[]): Pick<RewardIssued, 'postings'> => ({ postings: ps });
  const notPaidByReceiver = (wallet: string) => `invalid posting: a reward issue that is not a group redemption is paid by its receiver (c1), not ${wallet}`;

  const cases: LineCase[] = [
    { name: 'an unknown customer (816)', given: rewardsWorld, when: issue({ ...issued, customerId: 'ghost' }), code: 816, reason: 'Unable to find customer in this organization (id ghost)' },
    {
      name: 'an unknown reward (8003)',
      given: rewardsWorld,
      when: issue({ ...issued, rewardId: 'r-ghost' }),
      code: 8003,
      reason: 'Fail to issue reward as reward is disabled or not started yet or expired (reward r-ghost does not exist)',
    },
    { name: 'an issue id already used (9907)', given: [...rewardsWorld, issued], when: issue({ ...issued, id: 'ri-2', at: minutes(4) }), code: 9907, reason: 'already defined: reward issue iss-1' },
    {
      // Its postings in program 765: the event's own program is what is refused, before the postings are read.
      name: 'a program no event defined (885)',
      given: rewardsWorld,
      when: issue({ ...issued, programId: 999 }),
      code: 885,
      reason: 'Invalid program id 999',
    },
    {
      name: 'a price beyond what a point amount holds (9908)',
      given: rewardsWorld,
      when: issue({ ...issued, rewardId: 'r-miles', paymentConfig: { id: 3799, mode: 'CONV_RATIO', conversionRatio: '0.44', redemptionValue: '999999999999' }, quantity: 10 }),
      code: 9908,
      reason: 'reward issue iss-1 costs more points with its payment configuration and quantity than a point amount may hold, not 500.000',
    },
    {
      name: 'points other than the price (9908)',
      given: rewardsWorld,
      when: issue({ ...issued, points: points('600'), ...postings(debit(customer('c1'), 'a-c1', '600'), toRedeemed('600')) }),
      code: 9908,
      reason: 'reward issue iss-1 costs 500.000 points with its payment configuration and quantity, not 600.000',
    },
    {
      name: 'points that are neither the price nor what the quantity cost before decision 115 (9908)',
      given: rewardsWorld,
      when: issue({ ...issued, quantity: 2, points: points('600'), ...postings(debit(customer('c1'), 'a-c1', '600'), toRedeemed('600')) }),
      code: 9908,
      reason: 'reward issue iss-1 costs 500.000 points with its payment configuration and quantity, not 600.000',
    },
    { name: "the receiver's own wallet said to be a group redemption (9906)", given: rewardsWorld, when: issue({ ...issued, groupRedemption: true }), code: 9906, reason: notPaidByReceiver('CUSTOMER c1') },
    {
      name: "another customer's wallet (9906)",
      given: rewardsWorld,
      when: issue({ ...issued, wallet: customer('c2'), ...postings(debit(customer('c2'), 'a-c2', '500'), toRedeemed('500')) }),
      code: 9906,
      reason: notPaidByReceiver('CUSTOMER c2'),
    },
    { name: 'a group wallet not said to be a group redemption (9906)', given: rewardsWorld, when: issue({ ...fromGroup, groupRedemption: false }), code: 9906, reason: 'invalid posting: a reward paid by group g-fam is a group redemption' },
    {
      name: 'the wallet of an unknown group (1632)',
      given: rewardsWorld,
      when: issue({ ...fromGroup, wallet: group('g-ghost'), ...postings(debit(group('g-ghost'), 'a-fam', '500'), toRedeemed('500')) }),
      code: 1632,
      reason: 'group id/externalId/primary userId g-ghost passed is not valid',
    },
    { name: 'a group wallet paying for a customer who is not a member (1620)', given: rewardsWorld, when: issue({ ...fromGroup, customerId: 'c3' }), code: 1620, reason: 'user c3 does not belong to group g-fam' },
    {
      name: 'an Intouch coupon reward without its coupon (9908)',
      given: rewardsWorld,
      when: issue(withoutCoupon),
      code: 9908,
      reason: 'reward issue iss-1 is fulfilled by an Intouch coupon: it carries a coupon and no voucher',
    },
    {
      name: 'an Intouch coupon reward with a voucher (9908)',
      given: rewardsWorld,
      when: issue({ ...issued, vendor: { voucher: 'VCH-1' } }),
      code: 9908,
      reason: 'reward issue iss-1 is fulfilled by an Intouch coupon: it carries a coupon and no voucher',
    },
    {
      // The fulfilment is checked before the postings.
      name: 'an Intouch coupon reward without its coupon, with postings for other than its points (9908)',
      given: rewardsWorld,
      when: issue({ ...withoutCoupon, ...postings(debit(customer('c1'), 'a-c1', '400'), toRedeemed('400')) }),
      code: 9908,
      reason: 'reward issue iss-1 is fulfilled by an Intouch coupon: it carries a coupon and no voucher',
    },
    { name: 'a vendor reward without its voucher (9908)', given: rewardsWorld, when: issue(vendorWithoutVoucher), code: 9908, reason: 'reward issue iss-1 is fulfilled by a vendor: it carries a voucher and no coupon' },
    {
      name: 'a vendor reward with a coupon (9908)',
      given: rewardsWorld,
      when: issue({ ...byVendor, coupon: { code: 'cpn-1', expiresAt: days(366) } }),
      code: 9908,
      reason: 'reward issue iss-1 is fulfilled by a vendor: it carries a voucher and no coupon',
    },
    {
      name: 'postings in another program than the issue (9906)',
      given: rewardsWorld,
      when: issue({ ...issued, ...postings(debit(customer('c1'), 'a-c1', '500', 1414), toRedeemed('500', 1414)) }),
      code: 9906,
      reason: 'invalid posting: a reward issue moves Main points of program 765 only',
    },
    {
      name: 'postings of promised points (9906)',
      given: rewardsWorld,
      when: issue({ ...issued, ...postings({ ...debit(customer('c1'), 'a-c1', '500'), pointsCategory: 'DelayedAccrualPointCategory' }, { ...toRedeemed('500'), pointsCategory: 'DelayedAccrualPointCategory' }) }),
      code: 9906,
      reason: 'invalid posting: a reward issue moves Main points of program 765 only',
    },
    {
      name: 'a credit to a system account other than REDEEMED (9906)',
      given: rewardsWorld,
      when: issue({ ...issued, ...postings(debit(customer('c1'), 'a-c1', '500'), { ...toRedeemed('500'), entityId: 'ADJUSTED' }) }),
      code: 9906,
      reason: 'invalid posting: a reward issue credits REDEEMED only',
    },
    {
      name: 'a debit of REDEEMED (9906)',
      given: rewardsWorld,
      when: issue({ ...issued, ...postings(toRedeemed('-500'), { ...debit(customer('c1'), 'a-c1', '500'), points: points('500') }) }),
      code: 9906,
      reason: 'invalid posting: a reward issue credits REDEEMED only',
    },
    {
      name: "a debit of another wallet's lot (9906)",
      given: rewardsWorld,
      when: issue({ ...issued, ...postings(debit(customer('c2'), 'a-c2', '100'), debit(customer('c1'), 'a-c1', '400'), toRedeemed('500')) }),
      code: 9906,
      reason: 'invalid posting: a reward issue debits only the lots of CUSTOMER c1',
    },
    {
      // A group may have the id of a customer: its lots are not the customer's.
      name: "a debit of a group's lot where the group has the receiver's id (9906)",
      given: [...rewardsWorld, created('grp-c1', minutes(2), 'c1', 'c3'), awarded('a-gc1', minutes(2), group('c1'), '500')],
      when: issue({ ...issued, ...postings(debit(group('c1'), 'a-gc1', '500'), toRedeemed('500')) }),
      code: 9906,
      reason: 'invalid posting: a reward issue debits only the lots of CUSTOMER c1',
    },
    {
      name: 'a credit to the wallet (9906)',
      given: rewardsWorld,
      when: issue({ ...issued, ...postings({ ...debit(customer('c1'), 'a-c1', '500'), points: points('500') }, toRedeemed('-500')) }),
      code: 9906,
      reason: 'invalid posting: a reward issue debits only the lots of CUSTOMER c1',
    },
    {
      name: 'postings for other than its points (9906)',
      given: rewardsWorld,
      when: issue({ ...issued, ...postings(debit(customer('c1'), 'a-c1', '400'), toRedeemed('400')) }),
      code: 9906,
      reason: 'invalid posting: a reward issue of 500.000 points takes 400.000 and gives REDEEMED 400.000',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it(`refuses, as its codec does, a quantity above ${rewardsLimits.quantityMax}, and accepts ${rewardsLimits.quantityMax}`, () => {
    const max = rewardsLimits.quantityMax;
    const { answer, unchanged } = whenReplayed(rewardsWorld, issue({ ...issued, quantity: max + 1 }));
    expect([answer, unchanged]).toEqual([E.left(`quantity: expected a whole number from 1 to ${max}`), true]);
    thenAccepted(rewardsWorld, issue({ ...issued, quantity: max }));
  });

  it('accepts the issues the rows are made from (own wallet, group wallet, vendor, a POINTS quantity priced as before decision 115)', () => {
    thenAccepted(rewardsWorld, issue(issued));
    thenAccepted(rewardsWorld, issue(fromGroup));
    thenAccepted(rewardsWorld, issue(byVendor));
    thenAccepted(rewardsWorld, issue({ ...issued, quantity: 2, points: points('1000'), ...postings(debit(customer('c1'), 'a-c1', '1000'), toRedeemed('1000')) }));
  });
});

describe('RewardIssueRefused', () => {
  const refused = (id: string, requestId: string): RewardIssueRefused => ({ type: 'RewardIssueRefused', id, at: tLine, requestId, rewardId: 'r-off', code: 8003, message: 'Fail to issue reward' });
  const recorded: CommandRecorded = {
    type: 'CommandRecorded',
    id: 'rec-1',
    at: tLine,
    requestId: 'req-1',
    commandType: 'IssueReward',
    fingerprint: 'f1',
    eventIds: ['rf-1'],
    refusal: { code: 8003, message: 'Fail to issue reward' },
  };
  const withRecord: readonly EventBase[] = [...rewardsWorld, refused('rf-1', 'req-1'), recorded];

  it('refuses a request id already recorded (9930)', () => {
    thenRefused({ name: 'a request id already recorded', given: withRecord, when: line(refused('rf-2', 'req-1')), code: 9930, reason: 'request id req-1 was already used for another IssueReward request' });
  });

  it('refuses, as its codec does, a vendor answer with both a voucher and a failure', () => {
    const both = { ...rewardsEngine.encodeEvent(refused('rf-2', 'req-2')), vendor: { voucher: 'V-1', failure: 'timeout' } };
    const { answer, unchanged } = whenReplayed(rewardsWorld, json(both));
    expect([answer, unchanged]).toEqual([E.left('vendor: expected exactly one of voucher and failure'), true]);
  });

  it('accepts the refusal of a request with a new request id', () => {
    thenAccepted(withRecord, line(refused('rf-2', 'req-2')));
  });
});
