/**
 * What rewards know of customers besides the core's reference data: the (segment, partition) pairs
 * each customer holds (replaced whole by every `CustomerSegmentsAssigned`) and the cards issued to them
 * (by card number, which belongs to one customer; a later `CardIssued` for it updates it). A card's
 * number is also claimed in the core's identifier index, so a lookup by `cardnumber` finds its holder.
 */
import { Draft, PMap, Timestamp, claimIdentifier, defineSlice, getSlice, setSlice } from '@pointfold/core';
import type { Membership } from '../catalogue/state';
// Only the events' types: their definitions import this module for their fold.
import type { CardIssued, CustomerSegmentsAssigned } from './events';

/** A card of a customer in a card series; only an `ACTIVE` card counts for a reward's card series. */
export interface Card {
  readonly cardNumber: string;
  readonly customerId: string;
  readonly series: string;
  /** `ACTIVE` or another word (`SUSPENDED`, `EXPIRED`, ...). */
  readonly status: string;
  readonly issuedAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** Segments and cards of an organisation's customers. */
export interface RewardCustomersState {
  /** customerId -> the pairs the customer holds now. */
  readonly segments: PMap<readonly Membership[]>;
  /** cardNumber -> the card. */
  readonly cards: PMap<Card>;
  /** customerId -> their card numbers, in issue order. */
  readonly cardsByCustomer: PMap<readonly string[]>;
}

/** The slice of segments and cards in the organisation state. */
export const rewardCustomersSlice = defineSlice<RewardCustomersState>('rewardCustomers', {
  segments: PMap.empty(),
  cards: PMap.empty(),
  cardsByCustomer: PMap.empty(),
});

/** Records a customer's segment memberships, replacing the previous set. */
export const recordSegmentsAssigned = (d: Draft, e: CustomerSegmentsAssigned): void => {
  const s = getSlice(d, rewardCustomersSlice);
  setSlice(d, rewardCustomersSlice, { ...s, segments: s.segments.set(e.customerId, e.memberships, d.edit) });
};

/**
 * Records a card (or its new series and status when the number is known). Its number becomes one of
 * the customer's `cardnumber` identifiers in the core's index, whatever the card's status (decision 117).
 */
export const recordCardIssued = (d: Draft, e: CardIssued): void => {
  const s = getSlice(d, rewardCustomersSlice);
  const before = s.cards.get(e.cardNumber);
  const card: Card = {
    cardNumber: e.cardNumber,
    customerId: e.customerId,
    series: e.series,
    status: e.status,
    issuedAt: before?.issuedAt ?? e.at,
    updatedAt: e.at,
  };
  const numbers = s.cardsByCustomer.get(e.customerId) ?? [];
  claimIdentifier(d.org, 'cardnumber', e.cardNumber, e.customerId);
  setSlice(d, rewardCustomersSlice, {
    ...s,
    cards: s.cards.set(e.cardNumber, card, d.edit),
    cardsByCustomer: numbers.includes(e.cardNumber) ? s.cardsByCustomer : s.cardsByCustomer.set(e.customerId, [...numbers, e.cardNumber], d.edit),
  });
};
