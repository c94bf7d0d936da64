/**
 * Questions about customers that reward issuance asks: which (segment, partition) pairs they hold,
 * which cards they have, and whether they may receive a reward limited to segments or a card series.
 */
import { OrgState, getSlice } from '@pointfold/core';
import { Membership, Reward } from '../catalogue/state';
import { Card, rewardCustomersSlice } from './state';

/** The (segment, partition) pairs a customer holds now (none when never assigned). */
export const segmentsOf = (s: OrgState, customerId: string): readonly Membership[] => getSlice(s, rewardCustomersSlice).segments.get(customerId) ?? [];

/** A card by its number, if issued. */
export const cardOf = (s: OrgState, cardNumber: string): Card | undefined => getSlice(s, rewardCustomersSlice).cards.get(cardNumber);

/** A customer's cards, in issue order. */
export const cardsOf = (s: OrgState, customerId: string): readonly Card[] =>
  (getSlice(s, rewardCustomersSlice).cardsByCustomer.get(customerId) ?? []).flatMap((n) => {
    const c = cardOf(s, n);
    return c === undefined ? [] : [c];
  });

/**
 * Whether the customer may receive the reward as far as segments go: the reward names none, or the
 * customer holds at least one of its (segment, partition) pairs, both parts equal (seed 002's table).
 * @example inRewardSegments(state, r2, 'user1') // true: user1 holds (s2, p1)
 */
export const inRewardSegments = (s: OrgState, reward: Reward, customerId: string): boolean => {
  if (reward.segments.length === 0) return true;
  const held = segmentsOf(s, customerId);
  return reward.segments.some((r) => held.some((m) => m.segment === r.segment && m.partition === r.partition));
};

/** The status a card must have to count for a reward's card series. */
export const activeCardStatus = 'ACTIVE';

/** Whether the customer holds an ACTIVE card of the reward's card series (true when the reward names none). */
export const holdsRewardCard = (s: OrgState, reward: Reward, customerId: string): boolean =>
  reward.cardSeries === undefined || cardsOf(s, customerId).some((c) => c.series === reward.cardSeries && c.status === activeCardStatus);
