/** Commands that record what rewards need to know of customers: their segments and their cards. */
import { CommandBase } from '@pointfold/core';
import { Membership } from '../catalogue/state';

/** Replaces a customer's (segment, partition) pairs (appends `CustomerSegmentsAssigned`). */
export interface AssignCustomerSegments extends CommandBase {
  readonly type: 'AssignCustomerSegments';
  readonly customerId: string;
  readonly memberships: readonly Membership[];
}

/** Issues a card to a customer, or changes its series or status (appends `CardIssued`). */
export interface IssueCard extends CommandBase {
  readonly type: 'IssueCard';
  readonly customerId: string;
  readonly cardNumber: string;
  readonly series: string;
  readonly status: string;
}

/** The customer commands of rewards. */
export type RewardCustomerCommand = AssignCustomerSegments | IssueCard;
