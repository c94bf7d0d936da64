/**
 * Questions about the catalogue, answered from folded state: a reward by id, the rewards of a brand,
 * whether a reward can be issued at a time, and which payment configuration a request means.
 */
import * as E from 'fp-ts/Either';
import { OrgState, Timestamp, getSlice } from '@pointfold/core';
import { PaymentConfigId, samePaymentConfigId } from '../codecs';
import { RewardIssueRefusal, badRequest, invalidPaymentMode, rewardNotIssuable } from '../errors';
import { PaymentConfig, Reward, catalogueSlice } from './state';

/** The reward with this id, if any. */
export const rewardOf = (s: OrgState, rewardId: string): Reward | undefined => getSlice(s, catalogueSlice).rewards.get(rewardId);

/** The rewards of a brand, in definition order (none for an unknown brand). */
export const rewardsOfBrand = (s: OrgState, brand: string): readonly Reward[] =>
  (getSlice(s, catalogueSlice).byBrand.get(brand) ?? []).flatMap((id) => {
    const r = rewardOf(s, id);
    return r === undefined ? [] : [r];
  });

/**
 * Whether a reward can be issued at `at`: enabled, started (`startsAt <= at`) and not ended
 * (`at < endsAt`), or the 8003 that says which it is not.
 */
export const rewardActiveAt = (r: Reward, at: Timestamp): E.Either<RewardIssueRefusal, Reward> => {
  if (!r.enabled) return E.left(rewardNotIssuable({ kind: 'disabled', rewardId: r.rewardId }));
  if (r.startsAt !== undefined && at < r.startsAt) return E.left(rewardNotIssuable({ kind: 'notStarted', rewardId: r.rewardId, startsAt: r.startsAt }));
  if (r.endsAt !== undefined && at >= r.endsAt) return E.left(rewardNotIssuable({ kind: 'ended', rewardId: r.rewardId, endsAt: r.endsAt }));
  return E.right(r);
};

/**
 * The payment configuration a request means: the one whose id it gives (12016 when the reward has none
 * of that id), or the reward's only one; a reward with several needs the id (400).
 * @example paymentConfigOf(reward, 55) // right({ id: 55, mode: 'POINTS', points })
 */
export const paymentConfigOf = (r: Reward, id: PaymentConfigId | undefined): E.Either<RewardIssueRefusal, PaymentConfig> => {
  if (id === undefined) {
    const [only, ...others] = r.paymentConfigs;
    if (only === undefined || others.length > 0) return E.left(badRequest({ kind: 'paymentConfigIdMandatory' }));
    return E.right(only);
  }
  const found = r.paymentConfigs.find((p) => samePaymentConfigId(p.id, id));
  return found === undefined ? E.left(invalidPaymentMode()) : E.right(found);
};
