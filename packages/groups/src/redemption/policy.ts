/**
 * The redemption policy: from which wallet an initiator may redeem in a program, as one pure function
 * of the state (docs/groups.md has it as a decision table). It knows nothing of amounts, limits or
 * codes: those come after it in `decide.ts`. A redemption and a reward paid with points (rewards call
 * `planRedemption`) ask it; a transfer asks its own question, the member's `transfer` permission.
 */
import * as E from 'fp-ts/Either';
import { Customer, DomainError, EntityRef, OrgFlag, OrgState, programOf } from '@pointfold/core';
import { groupRedemptionRequired, invalidProgram, noRedeemPermission, notGroupMember, redemptionNotConfigured } from '../errors';
import { activeMember } from '../groups/queries';
import { Group, GroupType } from '../groups/state';

/** The wallet a redemption spends: the initiator's own, or a group's with the member who initiated it. */
export type WalletChoice =
  | { readonly kind: 'INDIVIDUAL'; readonly wallet: EntityRef; readonly customerId: string }
  | { readonly kind: 'GROUP'; readonly wallet: EntityRef; readonly group: Group; readonly memberId: string };

/** What the policy decides on. */
export interface PolicyInput {
  readonly initiator: Customer;
  /** The group the request named (already resolved), or none for an individual redemption. */
  readonly group?: Group;
  readonly programId: number;
}

/**
 * The flags an organisation must set for a group of this type to redeem from its wallet (seeds 001
 * and 003): user group loyalty and group programs redemption, and for a fleet, fleet loyalty too.
 */
export const groupRedemptionFlags = (groupType: GroupType): readonly OrgFlag[] =>
  groupType === 'FLEET'
    ? ['ENABLE_USER_GROUP_LOYALTY', 'ENABLE_GROUP_PROGRAMS_REDEMPTION', 'ENABLE_FLEET_LOYALTY']
    : ['ENABLE_USER_GROUP_LOYALTY', 'ENABLE_GROUP_PROGRAMS_REDEMPTION'];

/**
 * The wallet an initiator redeems from, or why not:
 * a program the organisation does not have: 885 (`planRedemption` resolves the program first; a library caller may not);
 * no group: 3316 when the program redeems only from groups and group program redemption is on (seed 001's
 * remedy for 3316 is to turn `ENABLE_GROUP_PROGRAMS_REDEMPTION` off: decision 120), else the initiator's
 * own wallet;
 * a group: 828 without the flags, 1620 for a non-member, 830 for a member without the redeem
 * permission (the primary user always has it), else the group's wallet.
 * @example redemptionPolicy(state, { initiator, group, programId: 765 }) // right({ kind: 'GROUP', ... })
 */
export const redemptionPolicy = (s: OrgState, input: PolicyInput): E.Either<DomainError, WalletChoice> => {
  const { initiator, group, programId } = input;
  const program = programOf(s.org, programId);
  if (program === undefined) return E.left(invalidProgram(String(programId)));
  const flags = s.org.config.flags;
  if (group === undefined) {
    if (program.groupRedemptionOnly && flags.ENABLE_GROUP_PROGRAMS_REDEMPTION) return E.left(groupRedemptionRequired());
    return E.right({ kind: 'INDIVIDUAL', wallet: { type: 'CUSTOMER', id: initiator.customerId }, customerId: initiator.customerId });
  }
  if (!groupRedemptionFlags(group.groupType).every((f) => flags[f])) return E.left(redemptionNotConfigured());
  const member = activeMember(group, initiator.customerId);
  if (member === undefined) return E.left(notGroupMember(initiator.customerId, group.groupId));
  if (!member.primary && !member.permissions.redeem) return E.left(noRedeemPermission(initiator.customerId, group.groupId));
  return E.right({ kind: 'GROUP', wallet: { type: 'USERGROUP2', id: group.groupId }, group, memberId: initiator.customerId });
};
