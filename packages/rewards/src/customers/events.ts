/**
 * `CustomerSegmentsAssigned` and `CardIssued` (CONTRACT §1), their io-ts codecs and checks: both name
 * a registered customer (816); a card number belongs to one customer: an issued card claims it among
 * the core's `cardnumber` identifiers (9907, decision 117).
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { DomainError, Id, OrgState, arrayOf, defineEvent, eventCodec, findCustomer } from '@pointfold/core';
import { MembershipCodec } from '../catalogue/events';
import { customerNotFoundOrMerged, duplicateDefinition, invalidReference } from '../errors';
import { membershipsPerCustomerMax } from '../limits';
import { recordCardIssued, recordSegmentsAssigned } from './state';

/** A customer's (segment, partition) pairs, replacing those they held (an empty list clears them). */
export const CustomerSegmentsAssigned = eventCodec('CustomerSegmentsAssigned', { customerId: Id, memberships: arrayOf(MembershipCodec) });
export type CustomerSegmentsAssigned = t.TypeOf<typeof CustomerSegmentsAssigned>;

/** A card was issued to a customer (or the card's series or status changed). */
export const CardIssued = eventCodec('CardIssued', { customerId: Id, cardNumber: Id, series: Id, status: Id });
export type CardIssued = t.TypeOf<typeof CardIssued>;

/** The customer events of the rewards package. */
export type RewardCustomerEvent = CustomerSegmentsAssigned | CardIssued;

const ok: E.Either<DomainError, void> = E.right(undefined);

const known = (s: OrgState, customerId: string): E.Either<DomainError, void> =>
  s.org.customers.has(customerId) ? ok : E.left(customerNotFoundOrMerged(`id ${customerId}`));

/** The definition of `CustomerSegmentsAssigned` for the engine: codec, checks (816, list size), fold. */
export const customerSegmentsAssignedEvent = defineEvent<CustomerSegmentsAssigned>({
  type: 'CustomerSegmentsAssigned',
  codec: CustomerSegmentsAssigned,
  check: (s, e) => {
    if (e.memberships.length > membershipsPerCustomerMax)
      return E.left(invalidReference(`customer ${e.customerId} is given more than ${membershipsPerCustomerMax} segment partitions`));
    return known(s, e.customerId);
  },
  evolve: recordSegmentsAssigned,
});

/** The definition of `CardIssued` for the engine: codec, checks (816, 9907), fold. */
export const cardIssuedEvent = defineEvent<CardIssued>({
  type: 'CardIssued',
  codec: CardIssued,
  check: (s, e) => {
    const customer = known(s, e.customerId);
    if (E.isLeft(customer)) return customer;
    // A card issued before claims its number in the core's index too (decision 117): one lookup sees both.
    const holder = findCustomer(s.org, 'cardnumber', e.cardNumber);
    if (holder !== undefined && holder.customerId !== e.customerId)
      return E.left(duplicateDefinition(`card ${e.cardNumber} (the card number of customer ${holder.customerId})`));
    return ok;
  },
  evolve: recordCardIssued,
});
