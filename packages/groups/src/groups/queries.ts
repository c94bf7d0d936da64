/**
 * Questions about groups, answered from folded state: a group by id or external id, a user's groups,
 * membership, and the resolution of the group identifiers a request may carry (seeds 000, 001:
 * group id, external id, primary user id, or the primary user's identifier) to one group, or 1632.
 */
import * as E from 'fp-ts/Either';
import { CustomerIdentifierType, DomainError, OrgState, findCustomer, getSlice } from '@pointfold/core';
import { invalidGroupIdentifier } from '../errors';
import { Group, Member, groupsSlice } from './state';

/** The group with this id, if any. */
export const groupOf = (s: OrgState, groupId: string): Group | undefined => getSlice(s, groupsSlice).groups.get(groupId);

/** The group with this external id, if any. */
export const groupByExternalId = (s: OrgState, externalId: string): Group | undefined => {
  const id = getSlice(s, groupsSlice).byExternalId.get(externalId);
  return id === undefined ? undefined : groupOf(s, id);
};

/** The groups a user is an active member of, in the order they joined them. */
export const groupsOfUser = (s: OrgState, userId: string): readonly Group[] =>
  (getSlice(s, groupsSlice).byUser.get(userId) ?? []).flatMap((id) => {
    const g = groupOf(s, id);
    return g === undefined ? [] : [g];
  });

/** The groups whose primary user is this user. */
export const groupsWithPrimary = (s: OrgState, userId: string): readonly Group[] => groupsOfUser(s, userId).filter((g) => g.primaryUserId === userId);

/** The active membership of a user in a group, if any. */
export const activeMember = (g: Group, userId: string): Member | undefined => g.members.find((m) => m.userId === userId && m.active);

/** The active members of a group (the primary user included). */
export const activeMembers = (g: Group): readonly Member[] => g.members.filter((m) => m.active);

/** Identifier types a group's primary user may be given by (seed 001). */
export type PrimaryUserIdentifierType = 'mobile' | 'email' | 'cardnumber' | 'cardExternalId' | 'id';
export const primaryUserIdentifierTypes: readonly PrimaryUserIdentifierType[] = ['mobile', 'email', 'cardnumber', 'cardExternalId', 'id'];

/**
 * The primary user by one of their identifiers (seed 001's `user_group2_primary_user_identifier_type`
 * and `_value`). `source` and `accountId` are accepted and not needed: Pointfold's customer identifiers
 * are unique in the organisation whatever their source (docs/decisions.md).
 */
export interface PrimaryUserIdentifier {
  readonly identifierType: PrimaryUserIdentifierType;
  readonly identifierValue: string;
  readonly source?: string;
  readonly accountId?: string;
}

/**
 * The group identifiers a request may carry; any one present makes it a group request.
 * `groupId` is the seeds' `user_group2_id` / `userGroup2Id`, `externalId` their
 * `user_group2_external_id` / `userGroup2ExternalId`, `primaryUserId` their
 * `user_group2_primary_user_id` / `userGroup2PrimaryUserId`.
 */
export interface GroupIdentifiers {
  readonly groupId?: string;
  readonly externalId?: string;
  readonly primaryUserId?: string;
  readonly primaryUser?: PrimaryUserIdentifier;
}

/** True when at least one group identifier is present (the request is then a group request: seed 000, note 5). */
export const hasGroupIdentifiers = (ids: GroupIdentifiers | undefined): boolean =>
  ids !== undefined && (ids.groupId !== undefined || ids.externalId !== undefined || ids.primaryUserId !== undefined || ids.primaryUser !== undefined);

/** One present identifier: its value (for the message) and the groups it can name. */
interface Candidate {
  readonly what: string;
  readonly value: string;
  readonly groups: readonly Group[];
  /** Why it names no group, when the seed's sentence alone would not say. */
  readonly why?: string;
}

const candidatesOf = (s: OrgState, ids: GroupIdentifiers): Candidate[] => {
  const out: Candidate[] = [];
  if (ids.groupId !== undefined) {
    const g = groupOf(s, ids.groupId);
    out.push({ what: 'groupId', value: ids.groupId, groups: g === undefined ? [] : [g] });
  }
  if (ids.externalId !== undefined) {
    const g = groupByExternalId(s, ids.externalId);
    out.push({ what: 'externalId', value: ids.externalId, groups: g === undefined ? [] : [g] });
  }
  if (ids.primaryUserId !== undefined) {
    out.push({ what: 'primaryUserId', value: ids.primaryUserId, groups: groupsWithPrimary(s, ids.primaryUserId) });
  }
  if (ids.primaryUser !== undefined) {
    const { identifierType, identifierValue } = ids.primaryUser;
    if (identifierType === 'cardExternalId') {
      out.push({ what: 'primaryUser', value: identifierValue, groups: [], why: 'customers are not known by cardExternalId in Pointfold' });
    } else {
      const c = findCustomer(s.org, identifierType satisfies CustomerIdentifierType, identifierValue);
      out.push({ what: 'primaryUser', value: identifierValue, groups: c === undefined ? [] : groupsWithPrimary(s, c.customerId) });
    }
  }
  return out;
};

/**
 * The one group that the given identifiers name. The first present of groupId, externalId,
 * primaryUserId, primaryUser names it; every other one given must name the same group. Anything
 * unknown, inconsistent or ambiguous (a primary user of several groups given alone) is 1632, naming
 * the offending value.
 * @example resolveGroup(state, { externalId: 'famgroup11', primaryUserId: '381798579' })
 */
export const resolveGroup = (s: OrgState, ids: GroupIdentifiers): E.Either<DomainError, Group> => {
  const [first, ...others] = candidatesOf(s, ids);
  if (first === undefined) return E.left(invalidGroupIdentifier('(none)', 'no group identifier was given'));
  if (first.groups.length === 0) return E.left(invalidGroupIdentifier(first.value, first.why));
  if (first.groups.length > 1)
    return E.left(
      invalidGroupIdentifier(first.value, `the user is the primary user of ${first.groups.length} groups: give the group id or external id`),
    );
  const group = first.groups[0] as Group;
  for (const o of others) {
    if (!o.groups.some((g) => g.groupId === group.groupId))
      return E.left(invalidGroupIdentifier(o.value, o.why ?? `${o.what} does not name group ${group.groupId}, which ${first.what} ${first.value} names`));
  }
  return E.right(group);
};
