/**
 * Reward issue paid from a group wallet (seed 000, "Redeeming Points from User Groups"): the group named
 * by its id, its external id or its primary user id (both spellings of each), the reward given to the
 * initiating member and the price taken from the group wallet, and the seed's refusals 828, 1632 and
 * 1620 as 8004 bodies with `partnerError`.
 */
import { EventBase, Points, balanceAt } from '@pointfold/core';
import { spec } from '@pointfold/core/testing';
import { IssueReward, RewardIssueRefusal, rewardIssueAnswer, rewardIssueFailure, rewardsEngine } from '@pointfold/rewards';
import {
  allFlags,
  awarded,
  cmd,
  configured,
  created,
  customer,
  debit,
  group,
  issuedIn,
  joined,
  minutes,
  pointsConfig,
  registered,
  rewardDefined,
  run,
  stateOf,
  toRedeemed,
  world,
} from './fixtures';

const r = spec(rewardsEngine);

/**
 * Seed 000's people and group: primary user 381798579, member 381798600 (mobile 919712709262), and
 * 381798977 (mobile 917122001239) who is in no group; group 31059 (external id famgroup11) with 3000
 * points; rewards 15465 and 15466 of brand MarvelTest at 1 point.
 */
const seedWorld: readonly EventBase[] = [
  ...world,
  configured('cfg-1', minutes(1), allFlags),
  registered('reg-p', minutes(1), '381798579', { mobile: '919700000001' }),
  registered('reg-m', minutes(1), '381798600', { mobile: '919712709262' }),
  registered('reg-o', minutes(1), '381798977', { mobile: '917122001239' }),
  created('grp-1', minutes(1), '31059', '381798579', 'famgroup11'),
  joined('join-1', minutes(1), '31059', '381798600'),
  rewardDefined('rw-1', minutes(1), '15465', { brand: 'MarvelTest', paymentConfigs: [pointsConfig(1, '1')] }),
  rewardDefined('rw-2', minutes(1), '15466', { brand: 'MarvelTest', paymentConfigs: [pointsConfig(1, '1')] }),
  awarded('a-group', minutes(2), group('31059'), '3000'),
  awarded('a-member', minutes(2), customer('381798600'), '50'),
  awarded('a-other', minutes(2), customer('381798977'), '50'),
];

const issue = (o: Partial<IssueReward>): IssueReward => ({
  type: 'IssueReward',
  rewardId: '15465',
  brand: 'MarvelTest',
  transactionNumber: '123456789',
  mobile: '919712709262',
  notes: 'xyz',
  ...o,
});

const main = (entityType: 'CUSTOMER' | 'USERGROUP2', entityId: string) => ({ entityType, entityId, programId: 765, pointsCategory: 'Main' as const });

describe('issue with a group identifier (seed 000)', () => {
  const paidByGroup = (o: Partial<IssueReward>) =>
    r
      .given(seedWorld)
      .when(cmd(issue(o)))
      .then((events) => {
        const e = issuedIn(events);
        expect([e.customerId, e.wallet, e.groupRedemption, e.points, e.postings]).toEqual([
          '381798600',
          group('31059'),
          true,
          Points.points('1'),
          [debit(group('31059'), 'a-group', '1'), toRedeemed('1')],
        ]);
      });

  it('acts with the group id: the reward to the initiating member, the price from the group wallet', () => {
    const state = paidByGroup({ userGroup2Id: '31059' });
    expect(Points.format(balanceAt(state.ledger, main('USERGROUP2', '31059'), minutes(3)))).toBe('2999.000');
    // The member's own wallet is not touched.
    expect(Points.format(balanceAt(state.ledger, main('CUSTOMER', '381798600'), minutes(3)))).toBe('50.000');
  });

  it('acts with the external id', () => {
    paidByGroup({ userGroup2ExternalId: 'famgroup11' });
  });

  it('acts with the primary user id in the query and the group id in the body', () => {
    paidByGroup({ user_group2_primary_user_id: '381798579', userGroup2Id: '31059' });
  });

  it('acts with one identifier given in both spellings with the same value', () => {
    paidByGroup({ userGroup2Id: '31059', user_group2_id: '31059' });
  });

  it('acts with each identifier in its other spelling', () => {
    paidByGroup({ user_group2_id: '31059' });
    paidByGroup({ user_group2_external_id: 'famgroup11' });
    paidByGroup({ userGroup2PrimaryUserId: '381798579' });
  });

  it("answers as seed 000's success body", () => {
    const x = run(stateOf(seedWorld), cmd(issue({ userGroup2Id: '31059' })), minutes(3), 'g');
    expect(rewardIssueAnswer(x.state, x)).toMatchObject({
      status: { success: true, code: 200, message: 'Reward issued successfully' },
      intouch: { pointsRedeemed: '1', couponCode: 'coupon-1', codeExpiry: '2027-01-02 00:00:00' },
      promotion: null,
      vendor: null,
    });
  });

  it('without a group identifier, the member pays from their own wallet', () => {
    r.given(seedWorld)
      .when(cmd(issue({})))
      .then((events) => expect([issuedIn(events).wallet, issuedIn(events).groupRedemption]).toEqual([customer('381798600'), false]));
  });
});

describe('group refusals (seeds 000 and 002), as 8004 with partnerError', () => {
  const refused = (given: readonly EventBase[], o: Partial<IssueReward>): RewardIssueRefusal => r.given(given).when(cmd(issue(o))).thenRejects(8004);

  it('828: the configuration does not allow group redemption (seed body)', () => {
    const e = refused([...seedWorld, configured('cfg-off', minutes(2), { ENABLE_USER_GROUP_LOYALTY: false })], { userGroup2Id: '31059' });
    expect(rewardIssueFailure(e)).toEqual({
      status: {
        success: false,
        code: 8004,
        message: 'fail to issue reward as  points are not redeemable',
        partnerError: { codes: ['828'], messages: ['points redemption rules/configuration not allowing redemption'] },
      },
      intouch: null,
      promotion: null,
      vendor: null,
    });
  });

  it('1632: an identifier that names no group (seed body)', () => {
    const e = refused(seedWorld, { rewardId: '15466', userGroup2Id: '381751178' });
    expect(rewardIssueFailure(e)).toEqual({
      status: {
        success: false,
        code: 8004,
        message: 'fail to issue reward as  points are not redeemable',
        partnerError: { codes: ['1632'], messages: ['group id/externalId/primary userId 381751178 passed is not valid'] },
      },
      intouch: null,
      promotion: null,
      vendor: null,
    });
  });

  it('1632: one identifier given in both spellings with two values', () => {
    const e = refused(seedWorld, { userGroup2Id: '31059', user_group2_id: '31060' });
    expect(e.partnerError?.codes).toEqual(['1632']);
    expect(e.partnerError?.messages[0]).toMatch(/^group id\/externalId\/primary userId 31060 passed is not valid/);
    expect(e.partnerError?.messages[0]).toContain('the group id was given twice, as 31059 and as 31060');
    for (const [twice, what] of [
      [{ userGroup2ExternalId: 'ext-a', user_group2_external_id: 'ext-b' }, 'the group external id'],
      [{ userGroup2PrimaryUserId: '381798579', user_group2_primary_user_id: '381798580' }, 'the primary user id'],
    ] as const) {
      const other = refused(seedWorld, twice);
      expect(other.partnerError?.codes).toEqual(['1632']);
      expect(other.partnerError?.messages[0]).toContain(`${what} was given twice`);
    }
  });

  it("1620: the initiator is not in the group (seed 002's message names user and group)", () => {
    const e = refused(seedWorld, { rewardId: '15466', mobile: '917122001239', userGroup2PrimaryUserId: '381798579' });
    expect(e).toEqual({
      _tag: 'DomainError',
      code: 8004,
      message: 'fail to issue reward as user 381798977 does not belong to group 31059',
      partnerError: { codes: ['1620'], messages: ['user 381798977 does not belong to group 31059'] },
    });
  });

  it('830: a member without the redeem permission; 803: more than the group wallet holds', () => {
    const noRedeem = [...seedWorld, { type: 'UserGroupMemberLeft', id: 'l-1', at: minutes(2), groupId: '31059', userId: '381798600' } as EventBase, { ...joined('j-2', minutes(2), '31059', '381798600'), permissions: { redeem: false } } as EventBase];
    expect(refused(noRedeem, { userGroup2Id: '31059' }).partnerError?.codes).toEqual(['830']);
    const dear = [...seedWorld, rewardDefined('rw-3', minutes(2), 'dear', { brand: 'MarvelTest', paymentConfigs: [pointsConfig(1, '3001')] })];
    expect(refused(dear, { rewardId: 'dear', userGroup2Id: '31059' }).partnerError?.codes).toEqual(['803']);
  });
});
