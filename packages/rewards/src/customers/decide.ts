/**
 * Deciders of the customer commands of rewards: each builds its event, which the engine checks
 * exactly as it checks a history line (816 for an unknown customer, 9907 for another's card).
 */
import * as E from 'fp-ts/Either';
import { defineCommand } from '@pointfold/core';
import { AssignCustomerSegments, IssueCard } from './commands';
import { CardIssued, CustomerSegmentsAssigned } from './events';

/** AssignCustomerSegments: appends `CustomerSegmentsAssigned`. */
export const assignCustomerSegments = defineCommand<AssignCustomerSegments>({
  type: 'AssignCustomerSegments',
  decide: (_s, c, ctx) =>
    E.right([
      {
        type: 'CustomerSegmentsAssigned',
        id: ctx.newId(),
        at: ctx.now,
        customerId: c.customerId,
        memberships: c.memberships.map((m) => ({ segment: m.segment, partition: m.partition })),
      } satisfies CustomerSegmentsAssigned,
    ]),
});

/** IssueCard: appends `CardIssued`. */
export const issueCard = defineCommand<IssueCard>({
  type: 'IssueCard',
  decide: (_s, c, ctx) =>
    E.right([
      { type: 'CardIssued', id: ctx.newId(), at: ctx.now, customerId: c.customerId, cardNumber: c.cardNumber, series: c.series, status: c.status } satisfies CardIssued,
    ]),
});
