/**
 * Given/when/then over IssueReward (seed 002): what an issue appends and answers, the prices (POINTS,
 * CONV_RATIO with seed 002's examples), quantity, payment configurations, brand and reward validity,
 * the customer, segments (seed 002's table), card series, constraints, the points refusals (8004 with
 * the ledger's code), vendor fulfilment, idempotency by request id, and RewardIssued as a history line.
 */
import * as E from 'fp-ts/Either';
import { AwardPoints, EventBase, OrgState, Points, Timestamp, accountOf, balanceAt, limits } from '@pointfold/core';
import { spec, testClock } from '@pointfold/core/testing';
import {
  IssueReward,
  RewardIssued,
  RewardIssueRefusal,
  answerOfIssue,
  couponExpiry,
  formerPointsPrice,
  issueOf,
  planRewardIssue,
  priceOf,
  receivedTimes,
  rewardIssueAnswer,
  rewardIssueFailure,
  rewardIssueRefusalOf,
  rewardRequestRecord,
  rewardsEngine,
  rewardsLimits,
} from '@pointfold/rewards';
import {
  allFlags,
  awarded,
  cardIssued,
  cmd,
  configured,
  customer,
  days,
  debit,
  ev,
  issue,
  issuedIn,
  minutes,
  mobileOf,
  points,
  pointsConfig,
  refusalOf,
  registered,
  rewardDefined,
  rewardsWorld,
  run,
  segmentsAssigned,
  stateOf,
  tWhen,
  toRedeemed,
  world,
} from './fixtures';

const r = spec(rewardsEngine);
const main = (entityId: string, programId = 765) => ({ entityType: 'CUSTOMER' as const, entityId, programId, pointsCategory: 'Main' as const });
const worldState = stateOf(rewardsWorld);
const balance = (s: OrgState, customerId: string): string => Points.format(balanceAt(s.ledger, main(customerId), s.lastAt ?? tWhen));

/** The points of the one RewardIssued a command appends (as text). */
const pricePaid = (c: IssueReward, given: readonly EventBase[] = rewardsWorld): string => {
  let paid = '';
  r.given(given)
    .when(c)
    .then((events) => {
      paid = Points.format(issuedIn(events).points);
    });
  return paid;
};

describe('IssueReward: a POINTS reward (seed 002, "Mobile")', () => {
  it('acts: the customer own lots into REDEEMED, a coupon valid 365 days, recorded as RewardIssued', () => {
    const state = r
      .given(rewardsWorld)
      .when(cmd(issue({ transactionNumber: '23444', notes: 'test' })))
      .then([
        ev({
          type: 'RewardIssued',
          id: 'when-1',
          at: tWhen,
          issueId: 'when-2',
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
          transactionNumber: '23444',
          notes: 'test',
          // Issued on day 0 and valid 365 days after it: it expires at the midnight that ends day 365.
          coupon: { code: 'coupon-1', expiresAt: days(366) },
        }),
      ]);
    expect(balance(state, 'c1')).toBe('4500.000');
    expect(issueOf(state, 'when-2')?.lots).toEqual([{ lotId: 'a-c1', points: points('500') }]);
  });

  it("acts: the ledger line is a RewardRedemption with the request's transaction number", () => {
    const state = r.given(rewardsWorld).when(cmd(issue({ transactionNumber: 'bill-7' }))).then(() => undefined);
    const line = accountOf(state.ledger, main('c1'))?.lines.last();
    expect([line?.event.eventName, line?.event.transaction]).toEqual(['RewardRedemption', { number: 'bill-7' }]);
  });

  it('acts: answers with seed 002\'s success body, every field the request carried echoed', () => {
    const x = run(
      worldState,
      cmd(
        issue({
          transactionNumber: '123456789',
          customFields: { 'issue-reward-3': 'issue-reward-values' },
          fulfillmentDetails: { status: 'DELIVERED' },
          eventLogId: 'log-1',
          requestId: 'req-1',
          eventDateTime: minutes(2),
        }),
      ),
      tWhen,
      'ans',
    );
    expect(rewardIssueAnswer(x.state, x)).toEqual({
      status: { success: true, code: 200, message: 'Reward issued successfully' },
      intouch: { pointsRedeemed: '500', couponCode: 'coupon-1', codeExpiry: '2027-01-02 00:00:00' },
      transactionId: 'ans-2',
      promotion: null,
      vendor: null,
      paymentConfig: { paymentMode: 'POINTS', id: 55, points: '500' },
      redemptionDetails: null,
      fulfillmentDetails: { status: 'DELIVERED' },
      customFields: { 'issue-reward-3': 'issue-reward-values' },
      eventLogId: 'log-1',
      requestId: 'req-1',
      eventDateTime: '2026-01-01T00:02:00Z',
      issueDateTime: '2026-01-01T00:03:00Z',
    });
  });

  it('answers with its times to the second, their milliseconds dropped', () => {
    const x = run(worldState, cmd(issue({ eventDateTime: (minutes(2) + 500) as Timestamp })), (tWhen + 250) as Timestamp);
    const answer = rewardIssueAnswer(x.state, x);
    expect([answer?.eventDateTime, answer?.issueDateTime]).toEqual(['2026-01-01T00:02:00Z', '2026-01-01T00:03:00Z']);
  });

  it('acts: the customer named by email (any case) or external id, as by mobile', () => {
    for (const named of [{ email: 'C1@Example.com' }, { externalId: 'ext-c1' }, { mobile: mobileOf('c1'), email: 'c1@example.com', externalId: 'ext-c1' }]) {
      r.given(rewardsWorld)
        .when(cmd({ type: 'IssueReward', rewardId: 'r-points', brand: 'BUKL', ...named }))
        .then((events) => expect(issuedIn(events).customerId).toBe('c1'));
    }
  });

  it('refuses (9909) custom fields or fulfilment details with a prototype key, keeping nothing of them', () => {
    const hostile = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as IssueReward['customFields'];
    r.given(rewardsWorld).when(cmd(issue({ customFields: hostile }))).thenRejects(9909);
    r.given(rewardsWorld).when(cmd(issue({ fulfillmentDetails: hostile }))).thenRejects(9909);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('acts: in the program given, and with a coupon validity of the reward own', () => {
    r.given([...rewardsWorld, rewardDefined('rw-week', minutes(2), 'r-week', { couponValidityDays: 7 }), awarded('b-c1', minutes(2), customer('c1'), '600', { programId: 1414 })])
      .when(cmd(issue({ rewardId: 'r-week', programId: 1414 })))
      .then((events) => {
        const e = issuedIn(events);
        expect([e.programId, e.postings, e.coupon?.expiresAt]).toEqual([1414, [debit(customer('c1'), 'b-c1', '500', 1414), toRedeemed('500', 1414)], days(8)]);
      });
  });
});

const ratioConfig33 = { id: 3799, mode: 'CONV_RATIO' as const, conversionRatio: '0.33', redemptionType: 'MILES' };

describe('prices', () => {
  it('POINTS: the points, whatever the quantity (seed 002: the quantity applies only to CONV_RATIO; decision 115)', () => {
    expect(pricePaid(issue({ quantity: 3 }))).toBe('500.000');
    expect(priceOf({ id: 1, mode: 'POINTS', points: points('10.125') }, 3)).toEqual(points('10.125'));
    // What such an issue cost before decision 115, which histories written then record.
    expect(formerPointsPrice({ id: 1, mode: 'POINTS', points: points('10.125') }, 3)).toEqual(points('30.375'));
    expect(formerPointsPrice({ id: 1, mode: 'POINTS', points: points('10.125') }, 1)).toBeUndefined();
    expect(formerPointsPrice({ id: 1, mode: 'POINTS', points: points('999999999999.999') }, 2)).toBeUndefined();
  });

  it('CONV_RATIO (seed 002, "quantity and redemption value"): 1000 / 0.44 x 1 = 2273 points', () => {
    expect(pricePaid(issue({ rewardId: 'r-miles', quantity: 1, paymentConfig: { redemptionValue: 1000 } }))).toBe('2273.000');
  });

  it('CONV_RATIO (seed 002, "only quantity"): without a redemption value the value is 1: quantity 1 is 1 / 0.44 = 2 points', () => {
    expect(pricePaid(issue({ rewardId: 'r-miles', quantity: 1 }))).toBe('2.000');
    expect(pricePaid(issue({ rewardId: 'r-miles' }))).toBe('2.000');
  });

  it('CONV_RATIO (seed 002, "only quantity", its payload): quantity 2 is round(1 / 0.44 x 2) = 5 points', () => {
    expect(pricePaid(issue({ rewardId: 'r-miles', quantity: 2 }))).toBe('5.000');
  });

  it('CONV_RATIO rounds HALF_UP once, at the end, not per unit', () => {
    // 1 / 0.44 x 3 = 6.818...: 7 points, where rounding each unit first would give 2 x 3 = 6.
    expect(pricePaid(issue({ rewardId: 'r-miles', quantity: 3 }))).toBe('7.000');
    // 1.1 / 0.44 = 2.5 exactly: HALF_UP gives 3.
    expect(priceOf({ id: 1, mode: 'CONV_RATIO', conversionRatio: '0.44', redemptionValue: '1.1' }, 1)).toEqual(points('3'));
    // 2.4999... stays below the half: 2.
    expect(priceOf({ id: 1, mode: 'CONV_RATIO', conversionRatio: '1', redemptionValue: '2.499999999999' }, 1)).toEqual(points('2'));
  });

  it('CONV_RATIO answers with the configuration and the total redemption value (seed 002, "With Redemption Value")', () => {
    const state = stateOf([...rewardsWorld, rewardDefined('rw-m33', minutes(2), 'r-m33', { paymentConfigs: [ratioConfig33] })]);
    const x = run(state, cmd(issue({ rewardId: 'r-m33', paymentConfig: { redemptionValue: 500 }, quantity: 2 })), tWhen);
    const answer = rewardIssueAnswer(x.state, x);
    expect([answer?.paymentConfig, answer?.redemptionDetails, answer?.intouch?.pointsRedeemed]).toEqual([
      { paymentMode: 'CONV_RATIO', id: 3799, conversionRatio: 0.33 },
      { redemptionType: 'MILES', totalRedemptionValue: 1000 },
      // 500 / 0.33 x 2 = 3030.30...
      '3030',
    ]);
  });
});

describe('quantity', () => {
  it('drops the decimal part: 1.56 is 1, "2.9" is 2', () => {
    // CONV_RATIO 0.44, a value of 1: 1 unit is 2 points, 2 units round(4.545...) = 5.
    expect(pricePaid(issue({ rewardId: 'r-miles', quantity: 1.56 }))).toBe('2.000');
    expect(pricePaid(issue({ rewardId: 'r-miles', quantity: '2.9' }))).toBe('5.000');
    r.given(rewardsWorld).when(cmd(issue({ quantity: 2.99 }))).then((events) => expect(issuedIn(events).quantity).toBe(2));
  });

  it(`acts on the largest quantity (${rewardsLimits.quantityMax}), as a number and as a text`, () => {
    for (const quantity of [rewardsLimits.quantityMax, String(rewardsLimits.quantityMax)]) {
      r.given(rewardsWorld).when(cmd(issue({ quantity }))).then((events) => expect(issuedIn(events).quantity).toBe(rewardsLimits.quantityMax));
    }
  });

  it('says why a quantity is refused (400): its decimal part dropped toward zero (-1.5 is -1, not -2), an infinite number or "2." not a number, -1e16 too large', () => {
    r.given(rewardsWorld).when(cmd(issue({ quantity: -1.5 }))).thenRejects(400, /: -1\.5 is -1 without its decimal part$/);
    r.given(rewardsWorld).when(cmd(issue({ quantity: '-1.5' }))).thenRejects(400, /: "-1\.5" is -1 without its decimal part$/);
    r.given(rewardsWorld).when(cmd(issue({ quantity: Number.POSITIVE_INFINITY }))).thenRejects(400, /: Infinity is not a number$/);
    r.given(rewardsWorld).when(cmd(issue({ quantity: -1e16 }))).thenRejects(400, /: -10000000000000000 is too large$/);
    r.given(rewardsWorld).when(cmd(issue({ quantity: '2.' }))).thenRejects(400, /: "2\." is not a number$/);
  });

  it('refuses (400) a quantity below 1 once truncated, above the maximum, or not a number', () => {
    for (const quantity of [0, 0.5, '0.99', -1, '-3', 10_001, 1e16, -1e16, 'two', ' 1', Number.NaN]) {
      const e = r.given(rewardsWorld).when(cmd(issue({ quantity }))).thenRejects(400);
      expect(e.message).toMatch(/^Invalid quantity passed\./);
    }
  });
});

describe('payment configuration', () => {
  it('refuses (400, seed wording) a reward with several configurations when the request names none', () => {
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-two' }))).thenRejects(400, 'Invalid payment mode passed.,Payment configuration id is mandatory');
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-two', paymentConfig: { redemptionValue: 3 } }))).thenRejects(400);
  });

  it('acts: the configuration named, by number or text ("With payment config")', () => {
    expect(pricePaid(issue({ rewardId: 'r-two', paymentConfig: { id: 1 } }))).toBe('100.000');
    // Config 2: 10 / 0.5 = 20 points.
    expect(pricePaid(issue({ rewardId: 'r-two', paymentConfig: { id: '2', redemptionValue: '10' } }))).toBe('20.000');
    expect(pricePaid(issue({ paymentConfig: { id: 55 } }))).toBe('500.000');
  });

  it('refuses (12016, seed wording) an id the reward does not have', () => {
    r.given(rewardsWorld).when(cmd(issue({ paymentConfig: { id: 56 } }))).thenRejects(12016, 'Invalid payment mode passed.');
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-two', paymentConfig: { id: 3 } }))).thenRejects(12016);
  });

  it('refuses (12016) a redemption value for a fixed-price configuration', () => {
    r.given(rewardsWorld).when(cmd(issue({ paymentConfig: { redemptionValue: 1000 } }))).thenRejects(12016, 'Invalid payment mode passed.');
  });

  it('refuses (400) a redemption value that is not a positive decimal', () => {
    for (const redemptionValue of [0, -5, '1e3', 'ten', '']) {
      r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-miles', paymentConfig: { redemptionValue } }))).thenRejects(400, /^Invalid redemption value passed\./);
    }
    r.given(rewardsWorld)
      .when(cmd(issue({ rewardId: 'r-miles', paymentConfig: { redemptionValue: 'ten' } })))
      .thenRejects(400, 'Invalid redemption value passed. The redemption value must be a positive decimal: "ten"');
  });
});

describe('brand and reward', () => {
  it('refuses (3004) a brand with no reward, and a reward of another brand', () => {
    r.given(rewardsWorld).when(cmd(issue({ brand: 'NOPE' }))).thenRejects(3004, 'Brand not found');
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-other' }))).thenRejects(3004, 'Brand not found');
    // The brand is checked first: an unknown reward of an unknown brand is 3004.
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-ghost', brand: 'NOPE' }))).thenRejects(3004);
  });

  it('refuses (8003) an unknown reward, a disabled one, one not started, one ended', () => {
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-ghost' }))).thenRejects(8003, /^Fail to issue reward as reward is disabled or not started yet or expired \(reward r-ghost does not exist\)$/);
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-off' }))).thenRejects(8003, 'Fail to issue reward as reward is disabled or not started yet or expired (reward r-off is disabled)');
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-later' }))).thenRejects(8003, /starts at 2026-01-11T00:00:00Z/);
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-over' }))).thenRejects(8003, /ended at 2026-01-01T00:02:00Z/);
  });

  it("judges the reward's dates at the request's eventDateTime", () => {
    // Ended at minute 2, for an event at minute 1: issued.
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-over', eventDateTime: minutes(1) }))).then((events) => expect(issuedIn(events).eventDateTime).toBe(minutes(1)));
    // Starts on day 10, for an event on day 10 reported 12 hours before it: issued.
    const now = (days(10) - 12 * 3_600_000) as Timestamp;
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-later', eventDateTime: days(10) })), { now }).then((events) => expect(issuedIn(events).rewardId).toBe('r-later'));
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-later' })), { now }).thenRejects(8003);
  });

  it('refuses (8003) an event at the very time the reward ends: it is issuable up to, not at, its end', () => {
    // r-over ends at minute 2: an event a millisecond before is issued, one at minute 2 is not.
    r.given(rewardsWorld)
      .when(cmd(issue({ rewardId: 'r-over', eventDateTime: (minutes(2) - 1) as Timestamp })))
      .then((events) => expect(issuedIn(events).rewardId).toBe('r-over'));
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-over', eventDateTime: minutes(2) }))).thenRejects(8003, /ended at 2026-01-01T00:02:00Z/);
  });

  it('refuses (400) an eventDateTime more than 24 hours after now; 24 hours exactly is fine', () => {
    const dayAhead = (tWhen + 24 * 3_600_000) as Timestamp;
    r.given(rewardsWorld).when(cmd(issue({ eventDateTime: dayAhead }))).then((events) => expect(issuedIn(events).eventDateTime).toBe(dayAhead));
    r.given(rewardsWorld)
      .when(cmd(issue({ eventDateTime: (dayAhead + 1000) as Timestamp })))
      .thenRejects(400, 'Invalid eventDateTime passed. It can be at most 24 hours after the current time: 2026-01-02T00:03:01Z is after 2026-01-02T00:03:00Z');
  });
});

describe('the customer', () => {
  it('refuses (816) an identifier that names nobody, none at all, or two identifiers naming two customers', () => {
    r.given(rewardsWorld).when(cmd(issue({ mobile: '910000000000' }))).thenRejects(816, 'Unable to find customer in this organization (mobile 910000000000)');
    r.given(rewardsWorld).when(cmd({ type: 'IssueReward', rewardId: 'r-points', brand: 'BUKL' })).thenRejects(816);
    r.given(rewardsWorld).when(cmd(issue({ email: 'c2@example.com' }))).thenRejects(816, /email c2@example.com names customer c2, not customer c1/);
  });

  it('refuses (816) a second identifier that names nobody, even when the first names the customer', () => {
    r.given(rewardsWorld).when(cmd(issue({ email: 'nobody@example.com' }))).thenRejects(816, 'Unable to find customer in this organization (email nobody@example.com)');
  });

  it('refuses (816) a merged customer, naming the customer it was merged into', () => {
    r.given([...rewardsWorld, { type: 'CustomerStatusChanged', id: 'm-1', at: minutes(2), customerId: 'c1', status: 'MERGED', mergedInto: 'c3' } as EventBase])
      .when(cmd(issue()))
      .thenRejects(816, /was merged into customer c3/);
  });

  it("refuses (8004) a request with only secondary identifiers when the organisation has a primary identifier (seed 002's last row)", () => {
    const given = [...rewardsWorld, configured('cfg-p', minutes(2), { rewards: { primaryIdentifier: 'mobile' } })];
    const e = r.given(given).when(cmd({ type: 'IssueReward', rewardId: 'r-points', brand: 'BUKL', email: 'c1@example.com' })).thenRejects(8004);
    expect(e).toEqual({
      _tag: 'DomainError',
      code: 8004,
      message: 'fail to issue reward as  points are not redeemable',
      partnerError: { codes: ['816'], messages: ['only secondary identifiers passed'] },
    });
    r.given(given).when(cmd(issue({ email: 'c1@example.com' }))).then((events) => expect(issuedIn(events).customerId).toBe('c1'));
  });

  it('refuses (816) a request with no identifier at all, also when the organisation has a primary identifier (not 8004: nothing secondary was given)', () => {
    const given = [...rewardsWorld, configured('cfg-p', minutes(2), { rewards: { primaryIdentifier: 'mobile' } })];
    const e: RewardIssueRefusal = r.given(given).when(cmd({ type: 'IssueReward', rewardId: 'r-points', brand: 'BUKL' })).thenRejects(816, /no mobile, email or externalId was given/);
    expect(e.partnerError).toBeUndefined();
  });

  it('refuses (8004 with 809 / 881) a fraud customer and one not enrolled, as the redemption would', () => {
    const fraud: RewardIssueRefusal = r
      .given([...rewardsWorld, { type: 'CustomerStatusChanged', id: 'f-1', at: minutes(2), customerId: 'c1', status: 'FRAUD' } as EventBase])
      .when(cmd(issue()))
      .thenRejects(8004);
    expect(fraud.partnerError?.codes).toEqual(['809']);
    const unenrolled: RewardIssueRefusal = r
      .given([...rewardsWorld, { ...registered('c-x', minutes(2), 'cx', { mobile: '915555' }), loyaltyEnrolled: false } as EventBase, awarded('a-cx', minutes(2), customer('cx'), '900')])
      .when(cmd(issue({ mobile: '915555' })))
      .thenRejects(8004);
    expect(unenrolled.partnerError?.codes).toEqual(['881']);
  });
});

describe('segments (seed 002, "Issuing reward created for customer segment")', () => {
  const users = ['user1', 'user2', 'user3'];
  const segmentWorld: readonly EventBase[] = [
    ...rewardsWorld,
    ...users.map((u, i) => registered(`reg-${u}`, minutes(2), u, { mobile: `9177${i}` })),
    ...users.map((u) => awarded(`a-${u}`, minutes(2), customer(u), '5000')),
    rewardDefined('rw-1', minutes(2), 'r1', { segments: [{ segment: 's1', partition: 'p1' }, { segment: 's2', partition: 'p2' }] }),
    rewardDefined('rw-2', minutes(2), 'r2', { segments: [{ segment: 's1', partition: 'p2' }, { segment: 's2', partition: 'p1' }] }),
    rewardDefined('rw-3', minutes(2), 'r3', { segments: [{ segment: 's1', partition: 'p1' }, { segment: 's3', partition: 'p1' }] }),
    rewardDefined('rw-4', minutes(2), 'r4'),
    segmentsAssigned('seg-1', minutes(2), 'user1', [['s2', 'p1'], ['s3', 'p2']]),
    segmentsAssigned('seg-2', minutes(2), 'user2', [['s1', 'p1']]),
  ];
  const mobile = (u: string) => `9177${users.indexOf(u)}`;

  // The seed's "Reward details" column: which rewards each user's segments contain.
  const table: readonly [string, readonly string[]][] = [
    ['user1', ['r2', 'r4']],
    ['user2', ['r1', 'r3', 'r4']],
    ['user3', ['r4']],
  ];
  for (const [user, contains] of table) {
    for (const reward of ['r1', 'r2', 'r3', 'r4']) {
      const passes = contains.includes(reward);
      it(`${user} ${passes ? 'receives' : 'is refused (12034)'} ${reward}`, () => {
        const then = r.given(segmentWorld).when(cmd(issue({ rewardId: reward, mobile: mobile(user) })));
        if (passes) then.then((events) => expect([issuedIn(events).customerId, issuedIn(events).rewardId]).toEqual([user, reward]));
        else then.thenRejects(12034, "User doesn't belong to segment partition defined for reward segment");
      });
    }
  }

  it('a new assignment replaces the previous set', () => {
    r.given([...segmentWorld, segmentsAssigned('seg-3', minutes(2), 'user1', [['s1', 'p1']])])
      .when(cmd(issue({ rewardId: 'r2', mobile: mobile('user1') })))
      .thenRejects(12034);
  });
});

describe('card series', () => {
  it('refuses (12050, seed wording) a customer without an ACTIVE card of the series', () => {
    const refused = 'User has no valid cards from card series linked to the reward.';
    r.given(rewardsWorld).when(cmd(issue({ rewardId: 'r-card' }))).thenRejects(12050, refused);
    r.given([...rewardsWorld, cardIssued('card-1', minutes(2), 'c1', '4000-1', 'SILVER')]).when(cmd(issue({ rewardId: 'r-card' }))).thenRejects(12050, refused);
    r.given([...rewardsWorld, cardIssued('card-1', minutes(2), 'c1', '4000-1', 'GOLD', 'SUSPENDED')]).when(cmd(issue({ rewardId: 'r-card' }))).thenRejects(12050, refused);
    // Another customer's GOLD card does not count.
    r.given([...rewardsWorld, cardIssued('card-1', minutes(2), 'c2', '4000-2', 'GOLD')]).when(cmd(issue({ rewardId: 'r-card' }))).thenRejects(12050, refused);
  });

  it('checks the segments before the card series: a customer in neither is refused 12034', () => {
    const both = [...rewardsWorld, rewardDefined('rw-sc', minutes(2), 'r-sc', { segments: [{ segment: 's1', partition: 'p1' }], cardSeries: 'GOLD', paymentConfigs: [pointsConfig(1, '10')] })];
    r.given(both).when(cmd(issue({ rewardId: 'r-sc' }))).thenRejects(12034, "User doesn't belong to segment partition defined for reward segment");
    // In the segment, without the card: 12050.
    r.given([...both, segmentsAssigned('seg-1', minutes(2), 'c1', [['s1', 'p1']])]).when(cmd(issue({ rewardId: 'r-sc' }))).thenRejects(12050);
  });

  it('acts: an ACTIVE card of the series; a card blocked later stops counting', () => {
    const withCard = [...rewardsWorld, cardIssued('card-1', minutes(2), 'c1', '4000-1', 'GOLD')];
    r.given(withCard).when(cmd(issue({ rewardId: 'r-card' }))).then((events) => expect(issuedIn(events).points).toEqual(points('10')));
    r.given([...withCard, cardIssued('card-2', minutes(2), 'c1', '4000-1', 'GOLD', 'BLOCKED')]).when(cmd(issue({ rewardId: 'r-card' }))).thenRejects(12050);
  });
});

describe('constraints', () => {
  it('acts twice, refuses the third issue in 7 days (12005, seed wording), acts again once the first leaves the window', () => {
    let s = worldState;
    for (const [i, at] of [minutes(3), minutes(4)].entries()) s = run(s, cmd(issue({ rewardId: 'r-limited' })), at, `lim-${i}`).state;
    expect(receivedTimes(s, 'c1', 'r-limited')).toEqual([minutes(3), minutes(4)]);
    const refused = refusalOf(s, cmd(issue({ rewardId: 'r-limited' })), days(7));
    expect(refused).toMatchObject({ code: 12005, message: 'Reward constraint evaluation failed. Request failed. Max limit for the DAYS is reached. Allowed limit is 2 for level CUSTOMER' });
    // Another customer, or another reward, is not counted.
    expect(run(s, cmd(issue({ rewardId: 'r-limited', mobile: mobileOf('c2') })), days(7)).refusal).toBeUndefined();
    // Seven days after the first issue, it is out of the window.
    const later = run(s, cmd(issue({ rewardId: 'r-limited' })), (minutes(3) + 7 * 86_400_000) as Timestamp);
    expect(issuedIn(later.events).rewardId).toBe('r-limited');
  });

  it("counts each customer's issues of each reward apart, whatever characters their ids hold", () => {
    // Customer "u|v" receiving reward "w", and customer "u" receiving reward "v|w".
    const given = [
      ...rewardsWorld,
      registered('reg-uv', minutes(2), 'u|v', { mobile: '9188001' }),
      registered('reg-u', minutes(2), 'u', { mobile: '9188002' }),
      awarded('a-u', minutes(2), customer('u'), '100'),
      rewardDefined('rw-vw', minutes(2), 'v|w', { paymentConfigs: [pointsConfig(1, '10')] }),
    ];
    const x = run(stateOf(given), cmd(issue({ rewardId: 'v|w', mobile: '9188002' })), tWhen);
    expect([receivedTimes(x.state, 'u', 'v|w'), receivedTimes(x.state, 'u|v', 'w')]).toEqual([[tWhen], []]);
  });

  it("counts the window back from the command's time, not the eventDateTime: a request dated a day ahead does not dodge the limit (decision 42)", () => {
    let s = worldState;
    for (const [i, at] of [minutes(3), minutes(4)].entries()) s = run(s, cmd(issue({ rewardId: 'r-limited' })), at, `lim-${i}`).state;
    // An hour before the first issue leaves the window, dated 23 hours later (when both would have left it).
    const now = (minutes(3) + 7 * 86_400_000 - 3_600_000) as Timestamp;
    const refused = refusalOf(s, cmd(issue({ rewardId: 'r-limited', eventDateTime: (now + 23 * 3_600_000) as Timestamp })), now);
    expect(refused.code).toBe(12005);
  });
});

describe('the points (8004 with the ledger code in partnerError)', () => {
  const partner = (given: readonly EventBase[], c: IssueReward): RewardIssueRefusal => {
    const e: RewardIssueRefusal = r.given(given).when(cmd(c)).thenRejects(8004);
    expect(e.message).toBe('fail to issue reward as  points are not redeemable');
    return e;
  };

  it('804: a wallet with no redeemable points at all; 803: fewer than the price', () => {
    expect(partner(rewardsWorld, issue({ mobile: mobileOf('c5') })).partnerError?.codes).toEqual(['804']);
    const e = partner(rewardsWorld, issue({ mobile: mobileOf('c2') }));
    expect(e.partnerError).toEqual({
      codes: ['803'],
      messages: ['Unable to redeem. The points you are trying to redeem (500.000) is more than the available points (100.000)'],
    });
  });

  it('804 in a program where the customer has nothing; 885 for an unknown program', () => {
    expect(partner(rewardsWorld, issue({ programId: 1414 })).partnerError?.codes).toEqual(['804']);
    expect(partner(rewardsWorld, issue({ programId: 999 })).partnerError?.codes).toEqual(['885']);
  });

  it('801: a price that rounds to zero points', () => {
    // 0.1 / 0.44 = 0.227...: 0 points.
    expect(partner(rewardsWorld, issue({ rewardId: 'r-miles', paymentConfig: { redemptionValue: '0.1' } })).partnerError?.codes).toEqual(['801']);
  });

  it('808: the organisation does not allow skipping validation, or the request asks for validation', () => {
    const noSkip = [...rewardsWorld, configured('cfg-v', minutes(2), { ALLOW_SKIPPING_VALIDATION: false })];
    expect(partner(noSkip, issue()).partnerError?.codes).toEqual(['808']);
    expect(partner(rewardsWorld, issue({ skipValidation: false })).partnerError?.codes).toEqual(['808']);
  });

  it("821 / 819 / 807: the organisation's redemption limits apply to the price", () => {
    expect(partner([...rewardsWorld, configured('l', minutes(2), { redemption: { maxPoints: points('499') } })], issue()).partnerError?.codes).toEqual(['819']);
    expect(partner([...rewardsWorld, configured('l', minutes(2), { redemption: { minPoints: points('100000') } })], issue()).partnerError?.codes).toEqual(['821']);
    expect(partner([...rewardsWorld, configured('l', minutes(2), { redemption: { multipleOf: points('300') } })], issue()).partnerError?.codes).toEqual(['807']);
  });

  it('renders as seed 002\'s failure body', () => {
    const e = partner(rewardsWorld, issue({ mobile: mobileOf('c5') }));
    expect(rewardIssueFailure(e)).toEqual({
      status: { success: false, code: 8004, message: 'fail to issue reward as  points are not redeemable', partnerError: { codes: ['804'], messages: [e.partnerError?.messages[0]] } },
      intouch: null,
      promotion: null,
      vendor: null,
    });
    expect(rewardIssueFailure(refusalOf(worldState, cmd(issue({ brand: 'NOPE' }))))).toEqual({
      status: { success: false, code: 3004, message: 'Brand not found' },
      intouch: null,
      promotion: null,
      vendor: null,
    });
  });
});

describe('vendor fulfilment: one decision that takes the vendor answer', () => {
  const vendorIssue = (o: Partial<IssueReward> = {}) => issue({ rewardId: 'r-vendor', ...o });

  it('planRewardIssue says yes and asks for the vendor; IssueReward with a voucher debits and records it', () => {
    const plan = planRewardIssue(worldState, vendorIssue(), tWhen);
    expect(E.isRight(plan) && [plan.right.needsVendor, plan.right.points, plan.right.choice.wallet]).toEqual([true, points('200'), customer('c1')]);
    const x = run(worldState, cmd(vendorIssue({ vendor: { voucher: 'VCH-1' } })), tWhen);
    const e = issuedIn(x.events);
    expect([e.fulfillment, e.vendor, e.coupon, e.postings]).toEqual(['VENDOR', { voucher: 'VCH-1' }, undefined, [debit(customer('c1'), 'a-c1', '200'), toRedeemed('200')]]);
    const answer = rewardIssueAnswer(x.state, x);
    expect([answer?.vendor, answer?.intouch]).toEqual([{ pointsRedeemed: '200', voucher: 'VCH-1' }, null]);
  });

  it('refuses (8003) a vendor failure or a missing answer, and debits nothing', () => {
    r.given(rewardsWorld).when(cmd(vendorIssue({ vendor: { failure: 'HTTP 503' } }))).thenRejects(8003, /the voucher is not present \(reward r-vendor: the vendor failed: HTTP 503\)/);
    r.given(rewardsWorld).when(cmd(vendorIssue())).thenRejects(8003, /the vendor gave no answer/);
    r.given(rewardsWorld).when(cmd(vendorIssue({ vendor: { voucher: '' } }))).thenRejects(8003, /the vendor failed: an empty voucher/);
  });

  it('refuses (8003) a voucher of blanks only, as the HTTP adapter does (decision 126), and debits nothing', () => {
    for (const voucher of [' ', '  \t ', '\n'])
      r.given(rewardsWorld).when(cmd(vendorIssue({ vendor: { voucher } }))).thenRejects(8003, /the vendor failed: a voucher of blanks only/);
    const x = run(worldState, cmd(vendorIssue({ vendor: { voucher: ' VCH-4 ' } })), tWhen);
    expect(issuedIn(x.events).vendor).toEqual({ voucher: ' VCH-4 ' });
  });

  it('a planned refusal is the refusal IssueReward gives (the vendor is then not asked)', () => {
    const c = vendorIssue({ mobile: mobileOf('c5'), vendor: { voucher: 'VCH-2' } });
    const plan = planRewardIssue(worldState, c, tWhen);
    expect(E.isLeft(plan) ? plan.left : 'planned').toEqual(refusalOf(worldState, cmd(c), tWhen));
  });

  it('refuses (9908) a vendor answer for a reward fulfilled with a coupon', () => {
    r.given(rewardsWorld).when(cmd(issue({ vendor: { voucher: 'VCH-3' } }))).thenRejects(9908, /takes no vendor answer/);
  });
});

describe('idempotency by request id', () => {
  it('a retry returns the first outcome: nothing appended, debited once, the same answer', () => {
    const first = run(worldState, cmd(issue({ requestId: 'req-1' })), tWhen, 'one');
    expect(first.events.map((e) => e.type)).toEqual(['RewardIssued', 'CommandRecorded']);
    const again = run(first.state, cmd(issue({ requestId: 'req-1' })), days(3), 'two');
    expect([again.events, again.state === first.state, again.replayed?.eventIds]).toEqual([[], true, [first.events[0]?.id]]);
    expect(balance(again.state, 'c1')).toBe('4500.000');
    expect(rewardIssueAnswer(again.state, again)).toEqual(rewardIssueAnswer(first.state, first));
    expect(rewardRequestRecord(again.state, 'req-1')).toEqual({});
  });

  it('refuses (9930) the same request id with another body', () => {
    const first = run(worldState, cmd(issue({ requestId: 'req-1' })), tWhen);
    expect(refusalOf(first.state, cmd(issue({ requestId: 'req-1', quantity: 2 })))).toMatchObject({ code: 9930 });
    expect(refusalOf(first.state, cmd(issue({ requestId: 'req-1', rewardId: 'r-miles' })))).toMatchObject({ code: 9930 });
  });

  it('a refused request is recorded with its partner details, and stays refused after a top-up', () => {
    const c = cmd(issue({ mobile: mobileOf('c2'), requestId: 'req-2' }));
    const first = run(worldState, c, tWhen, 'one');
    expect(first.events.map((e) => e.type)).toEqual(['RewardIssueRefused', 'CommandRecorded']);
    const refusal = rewardIssueRefusalOf(first.state, first);
    expect([refusal?.code, refusal?.partnerError?.codes, rewardIssueAnswer(first.state, first)]).toEqual([8004, ['803'], undefined]);
    const topUp: AwardPoints = { type: 'AwardPoints', entity: customer('c2'), points: points('1000') };
    const topped = run(first.state, topUp, minutes(5));
    const retry = run(topped.state, c, minutes(6), 'two');
    expect([retry.events, rewardIssueRefusalOf(retry.state, retry)]).toEqual([[], refusal]);
    expect(balance(retry.state, 'c2')).toBe('1100.000');
  });

  it('tells the HTTP layer what the first execution carried from the vendor', () => {
    expect(rewardRequestRecord(worldState, 'req-v')).toBeUndefined();
    const issued = run(worldState, cmd(issue({ rewardId: 'r-vendor', requestId: 'req-v', vendor: { voucher: 'V-1' } })), tWhen);
    expect(rewardRequestRecord(issued.state, 'req-v')).toEqual({ vendor: { voucher: 'V-1' } });
    const failed = run(worldState, cmd(issue({ rewardId: 'r-vendor', requestId: 'req-w', vendor: { failure: 'timeout' } })), tWhen);
    expect(rewardRequestRecord(failed.state, 'req-w')).toEqual({ vendor: { failure: 'timeout' } });
    // The same request with the recorded answer is the retry; the vendor is not asked again.
    const retry = run(issued.state, cmd(issue({ rewardId: 'r-vendor', requestId: 'req-v', ...rewardRequestRecord(issued.state, 'req-v') })), minutes(9));
    expect([retry.events.length, rewardIssueAnswer(retry.state, retry)?.vendor]).toEqual([0, { pointsRedeemed: '200', voucher: 'V-1' }]);
  });

  it('records with its vendor answer a request whose fields would not make a well-formed RewardIssued (9909), so its retry finds it', () => {
    const c = cmd(issue({ rewardId: 'r-vendor', requestId: 'req-long', vendor: { voucher: 'V-1' }, notes: 'n'.repeat(limits.textLengthMax + 1) }));
    const first = run(worldState, c, tWhen, 'long');
    expect([first.events.map((e) => e.type), first.refusal?.code, first.refusal?.message]).toEqual([
      ['RewardIssueRefused', 'CommandRecorded'],
      9909,
      expect.stringMatching(/^the request does not make a well-formed RewardIssued: notes: /),
    ]);
    expect(rewardRequestRecord(first.state, 'req-long')).toEqual({ vendor: { voucher: 'V-1' } });
    const retry = run(first.state, cmd(issue({ rewardId: 'r-vendor', requestId: 'req-long', notes: 'n'.repeat(limits.textLengthMax + 1), ...rewardRequestRecord(first.state, 'req-long') })), minutes(9));
    expect([retry.events, retry.refusal?.code]).toEqual([[], 9909]);
  });
});

describe('RewardIssued as a history line', () => {
  const log = (): { events: readonly EventBase[]; issued: RewardIssued } => {
    const x = run(worldState, cmd(issue({ requestId: 'h-1' })), tWhen, 'h');
    return { events: [...rewardsWorld, ...x.events], issued: issuedIn(x.events) };
  };
  const refusedLine = (change: (e: RewardIssued) => EventBase): { code: number; message: string } => {
    const { issued } = log();
    const res = rewardsEngine.replay([...rewardsWorld, change(issued)]);
    if (E.isRight(res)) throw new Error('the changed line was accepted');
    return res.left.error;
  };

  it('what the engine appended replays, to the same answer', () => {
    const { events } = log();
    const s = stateOf(events);
    expect(issueOf(s, 'h-2')?.points).toEqual(points('500'));
    const json = events.map((e) => JSON.parse(JSON.stringify(rewardsEngine.encodeEvent(e))) as unknown);
    const decoded = json.map((j) => rewardsEngine.decodeEvent(j));
    expect(decoded.every(E.isRight)).toBe(true);
  });

  it('refuses an unknown customer (816), an unknown reward (8003), a used issue id (9907), an unknown program (885)', () => {
    expect(refusedLine((e) => ({ ...e, customerId: 'ghost' })).code).toBe(816);
    expect(refusedLine((e) => ({ ...e, rewardId: 'r-ghost' })).code).toBe(8003);
    expect(refusedLine((e) => ({ ...e, programId: 999 })).code).toBe(885);
    const { events, issued } = log();
    const dup = rewardsEngine.replay([...events, { ...issued, id: 'again', postings: [debit(customer('c1'), 'a-c1', '500'), toRedeemed('500')] } as EventBase]);
    expect(E.isLeft(dup) && dup.left.error.code).toBe(9907);
  });

  it('refuses postings that are not the wallet Main lots into REDEEMED for exactly the points (9906)', () => {
    expect(refusedLine((e) => ({ ...e, postings: [debit(customer('c1'), 'a-c1', '400'), toRedeemed('400')] })).code).toBe(9906);
    expect(refusedLine((e) => ({ ...e, wallet: customer('c2'), postings: [debit(customer('c2'), 'a-c2', '500'), toRedeemed('500')] })).code).toBe(9906);
    expect(refusedLine((e) => ({ ...e, groupRedemption: true })).code).toBe(9906);
  });

  it('refuses (9906) postings whose lots and REDEEMED move different points, one of them the price (not left to the core sum, 9904)', () => {
    expect(refusedLine((e) => ({ ...e, postings: [debit(customer('c1'), 'a-c1', '400'), toRedeemed('500')] })).code).toBe(9906);
    expect(refusedLine((e) => ({ ...e, postings: [debit(customer('c1'), 'a-c1', '500'), toRedeemed('400')] })).code).toBe(9906);
  });

  it('refuses (9906) a REDEEMED posting that gives points back, even when the postings sum to the price', () => {
    expect(refusedLine((e) => ({ ...e, postings: [debit(customer('c1'), 'a-c1', '500'), toRedeemed('600'), { ...toRedeemed('100'), points: points('-100') }] })).code).toBe(9906);
  });

  it('records the lots of a line whatever the order of its postings (REDEEMED first)', () => {
    const { issued } = log();
    const reordered: RewardIssued = { ...issued, postings: [toRedeemed('500'), debit(customer('c1'), 'a-c1', '500')] };
    const s = stateOf([...rewardsWorld, reordered]);
    expect(issueOf(s, issued.issueId)?.lots).toEqual([{ lotId: 'a-c1', points: points('500') }]);
  });

  it('replays a POINTS issue written before decision 115, at its points times its quantity', () => {
    const { issued } = log();
    // Given the line of an issue of quantity 2 that cost 2 x 500 points then,
    const former = { ...issued, quantity: 2, points: points('1000'), postings: [debit(customer('c1'), 'a-c1', '1000'), toRedeemed('1000')] };
    // when a history holds it, then it replays, and the issue keeps its price.
    const s = stateOf([...rewardsWorld, former]);
    expect([issueOf(s, issued.issueId)?.quantity, issueOf(s, issued.issueId)?.points]).toEqual([2, points('1000')]);
    // Its answer shows the configuration's points beside the points redeemed.
    const recorded = issueOf(s, issued.issueId);
    const answer = recorded === undefined ? undefined : answerOfIssue(recorded);
    expect([answer?.paymentConfig, answer?.intouch?.pointsRedeemed]).toEqual([{ paymentMode: 'POINTS', id: 55, points: '500' }, '1000']);
  });

  it('refuses points that are not the price (9908), and fulfilment fields that do not fit (9908)', () => {
    expect(refusedLine((e) => ({ ...e, points: points('600') })).code).toBe(9908);
    // Neither the price (500) nor what a quantity of 2 cost before decision 115 (1,000).
    expect(refusedLine((e) => ({ ...e, quantity: 2, points: points('600') })).code).toBe(9908);
    expect(refusedLine((e) => ({ ...e, coupon: undefined })).code).toBe(9908);
    expect(refusedLine((e) => ({ ...e, vendor: { voucher: 'x' } })).code).toBe(9908);
  });

  it('refuses a group issue whose receiver is not a member (1620)', () => {
    const line = refusedLine((e) => ({ ...e, customerId: 'c3', wallet: { type: 'USERGROUP2', id: 'g-fam' }, groupRedemption: true, postings: [debit({ type: 'USERGROUP2', id: 'g-fam' }, 'a-fam', '500'), toRedeemed('500')] }));
    expect(line.code).toBe(1620);
  });

  it('refuses (9930) a RewardIssueRefused line for a request id already recorded', () => {
    const first = run(worldState, cmd(issue({ mobile: mobileOf('c2'), requestId: 'req-r' })), tWhen, 'one');
    const [refused] = first.events;
    if (refused?.type !== 'RewardIssueRefused') throw new Error(`expected a RewardIssueRefused, got ${first.events.map((e) => e.type).join(', ')}`);
    // The same refusal once more, under a new event id, after the request was recorded.
    const res = rewardsEngine.replay([...rewardsWorld, ...first.events, { ...refused, id: 'refused-again', at: minutes(4) }]);
    expect(E.isLeft(res) && [res.left.index, res.left.error.code]).toEqual([rewardsWorld.length + first.events.length, 9930]);
  });

  it('the coupon is valid from the day of issue, not the day of a back-dated eventDateTime', () => {
    r.given(rewardsWorld)
      .when(cmd(issue({ eventDateTime: minutes(3) })), { now: days(2) })
      .then((events) => expect(issuedIn(events).coupon?.expiresAt).toBe(days(368)));
  });

  it('the coupon expiry: the midnight after the last valid day', () => {
    expect(couponExpiry(minutes(3), 365)).toBe(days(366));
    expect(couponExpiry((days(1) - 1) as Timestamp, 1)).toBe(days(2));
  });

  it('keeps the answer of a request in a new process (fold of the log)', () => {
    const { events } = log();
    const s = stateOf(events);
    const x = rewardsEngine.execute(s, cmd(issue({ requestId: 'h-1' })), testClock('p').at(days(1)));
    expect(E.isRight(x) && rewardIssueAnswer(x.right.state, x.right)?.transactionId).toBe('h-2');
  });
});

describe('IssueReward: the price range', () => {
  const s = stateOf([
    ...world,
    configured('cfg', minutes(1), allFlags),
    awarded('rich', minutes(1), customer('c1'), '999999999999'),
    rewardDefined('rw-x', minutes(1), 'px', { paymentConfigs: [{ id: 1, mode: 'CONV_RATIO', conversionRatio: '1' }] }),
  ]);
  const main = { entityType: 'CUSTOMER' as const, entityId: 'c1', programId: 765, pointsCategory: 'Main' as const };

  it('issues the largest whole price a point amount holds (999999999999), and refuses half a point more (8004, 801: more integer digits), debiting nothing', () => {
    const at = minutes(2);
    const largest = rewardsEngine.execute(s, issue({ rewardId: 'px', quantity: 1, paymentConfig: { redemptionValue: '999999999999' } }), testClock('max').at(at));
    const e = E.isRight(largest) ? largest.right.events.find((x): x is RewardIssued => x.type === 'RewardIssued') : undefined;
    expect([E.isRight(largest), e === undefined ? undefined : Points.format(e.points)]).toEqual([true, '999999999999.000']);
    const beyond = rewardsEngine.execute(s, issue({ rewardId: 'px', quantity: 1, paymentConfig: { redemptionValue: '999999999999.5' } }), testClock('beyond').at(at));
    expect(E.isLeft(beyond) && beyond.left).toMatchObject({ code: 8004, partnerError: { codes: ['801'], messages: [expect.stringMatching(/1000000000000\.000 has more integer digits than a point amount may have/)] } });
    expect(Points.format(balanceAt(s.ledger, main, at))).toBe('999999999999.000');
  });

  it('issues a POINTS reward priced at the very largest point amount (999999999999.999)', () => {
    const top = [
      ...world,
      configured('cfg', minutes(1), allFlags),
      awarded('rich', minutes(1), customer('c1'), '999999999999.999'),
      rewardDefined('rw-top', minutes(1), 'top', { paymentConfigs: [pointsConfig(1, '999999999999.999')] }),
    ];
    expect(pricePaid(issue({ rewardId: 'top' }), top)).toBe('999999999999.999');
    // Its quantity does not multiply it (decision 115), so a quantity above 1 still fits.
    expect(pricePaid(issue({ rewardId: 'top', quantity: 2 }), top)).toBe('999999999999.999');
  });
});
