/**
 * The group events of CONTRACT §1, their io-ts codecs (the storage contract: change with care) and
 * the checks every one passes before it is folded, whether a command decided it or a history
 * imported it: a group is created once with a registered primary user, members join and leave it.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Bool, DomainError, Id, OrgState, Text, defineEvent, eventCodec, oneOf, struct } from '@pointfold/core';
import { customerNotFoundOrMerged, duplicateDefinition, groupFull, invalidGroupIdentifier, notGroupMember, primaryCannotLeave } from '../errors';
import { groupMembersMax } from '../limits';
import { activeMember, activeMembers, groupByExternalId, groupOf } from './queries';
import { GroupType, MemberPermissions, defaultPermissions, groupTypes, recordGroupCreated, recordMemberJoined, recordMemberLeft } from './state';

export const GroupTypeCodec = oneOf<GroupType>('GroupType', groupTypes);

/** Permissions as an event carries them: each one optional (defaults: redeem true, transfer false). */
export const PermissionsCodec = struct({}, { redeem: Bool, transfer: Bool }, {}, 'Permissions');

/** A group was created; its primary user is its first member, with every permission. */
export const UserGroupCreated = eventCodec(
  'UserGroupCreated',
  { groupId: Id, groupType: GroupTypeCodec, primaryUserId: Id },
  { externalId: Id, name: Text },
);
export type UserGroupCreated = t.TypeOf<typeof UserGroupCreated>;

/** A registered customer joined a group (again, if they had left it). */
export const UserGroupMemberJoined = eventCodec('UserGroupMemberJoined', { groupId: Id, userId: Id }, { permissions: PermissionsCodec });
export type UserGroupMemberJoined = t.TypeOf<typeof UserGroupMemberJoined>;

/** A member other than the primary user left a group. */
export const UserGroupMemberLeft = eventCodec('UserGroupMemberLeft', { groupId: Id, userId: Id });
export type UserGroupMemberLeft = t.TypeOf<typeof UserGroupMemberLeft>;

/** The group events. */
export type GroupEvent = UserGroupCreated | UserGroupMemberJoined | UserGroupMemberLeft;

/** The permissions a join event gives: what it says, defaults for the rest. */
export const permissionsOf = (p: UserGroupMemberJoined['permissions']): MemberPermissions => ({
  redeem: p?.redeem ?? defaultPermissions.redeem,
  transfer: p?.transfer ?? defaultPermissions.transfer,
});

const ok: E.Either<DomainError, void> = E.right(undefined);

/** A registered customer who was not merged into another (816, naming the survivor: decision 26). */
const checkLiveCustomer = (s: OrgState, customerId: string): E.Either<DomainError, void> => {
  const c = s.org.customers.get(customerId);
  if (c === undefined) return E.left(customerNotFoundOrMerged(`id ${customerId}`));
  if (c.status === 'MERGED') return E.left(customerNotFoundOrMerged(`customer ${customerId}`, c.mergedInto));
  return ok;
};

const checkCreated = (s: OrgState, e: UserGroupCreated): E.Either<DomainError, void> => {
  if (groupOf(s, e.groupId) !== undefined) return E.left(duplicateDefinition(`group ${e.groupId}`));
  if (e.externalId !== undefined) {
    const other = groupByExternalId(s, e.externalId);
    if (other !== undefined) return E.left(duplicateDefinition(`group externalId ${e.externalId} (group ${other.groupId})`));
  }
  return checkLiveCustomer(s, e.primaryUserId);
};

const checkJoined = (s: OrgState, e: UserGroupMemberJoined): E.Either<DomainError, void> => {
  const group = groupOf(s, e.groupId);
  if (group === undefined) return E.left(invalidGroupIdentifier(e.groupId));
  const live = checkLiveCustomer(s, e.userId);
  if (E.isLeft(live)) return live;
  if (activeMember(group, e.userId) !== undefined) return E.left(duplicateDefinition(`member ${e.userId} of group ${e.groupId}`));
  if (activeMembers(group).length >= groupMembersMax) return E.left(groupFull(e.groupId));
  return ok;
};

const checkLeft = (s: OrgState, e: UserGroupMemberLeft): E.Either<DomainError, void> => {
  const group = groupOf(s, e.groupId);
  if (group === undefined) return E.left(invalidGroupIdentifier(e.groupId));
  if (activeMember(group, e.userId) === undefined) return E.left(notGroupMember(e.userId, e.groupId));
  if (group.primaryUserId === e.userId) return E.left(primaryCannotLeave(e.userId, e.groupId));
  return ok;
};

export const userGroupCreatedEvent = defineEvent<UserGroupCreated>({
  type: 'UserGroupCreated',
  codec: UserGroupCreated,
  check: checkCreated,
  evolve: recordGroupCreated,
});

export const userGroupMemberJoinedEvent = defineEvent<UserGroupMemberJoined>({
  type: 'UserGroupMemberJoined',
  codec: UserGroupMemberJoined,
  check: checkJoined,
  evolve: (d, e) => recordMemberJoined(d, e.at, e.groupId, e.userId, permissionsOf(e.permissions)),
});

export const userGroupMemberLeftEvent = defineEvent<UserGroupMemberLeft>({
  type: 'UserGroupMemberLeft',
  codec: UserGroupMemberLeft,
  check: checkLeft,
  evolve: (d, e) => recordMemberLeft(d, e.at, e.groupId, e.userId),
});
