/**
 * The groups slice of the organisation's state: every user group by id, with indexes by external id
 * and by member, folded from the group events. `evolve` only records what the events say; whether an
 * event may happen at all was checked before (`events.ts`).
 */
import { Draft, PMap, Timestamp, assert, defineSlice, getSlice, setSlice } from '@pointfold/core';

/** The two kinds of USERGROUP2 groups (seed 003). */
export type GroupType = 'FLEET' | 'FRIENDS_AND_FAMILY';
export const groupTypes: readonly GroupType[] = ['FLEET', 'FRIENDS_AND_FAMILY'];

/** What a member may do with the group wallet. The primary user may do everything. */
export interface MemberPermissions {
  readonly redeem: boolean;
  readonly transfer: boolean;
}

/** Permissions of a member who joined without saying (CONTRACT §1). */
export const defaultPermissions: MemberPermissions = { redeem: true, transfer: false };
/** Permissions of the primary user. */
export const primaryPermissions: MemberPermissions = { redeem: true, transfer: true };

/** A member of a group, current or past (a member who left keeps their record, inactive). */
export interface Member {
  readonly userId: string;
  readonly primary: boolean;
  readonly permissions: MemberPermissions;
  readonly joinedAt: Timestamp;
  readonly active: boolean;
  readonly leftAt?: Timestamp;
}

/** A user group: a shared wallet (entity USERGROUP2 with the group id) and its members. */
export interface Group {
  readonly groupId: string;
  readonly externalId?: string;
  readonly groupType: GroupType;
  readonly primaryUserId: string;
  readonly name?: string;
  /** In joining order; the primary user first. */
  readonly members: readonly Member[];
  readonly status: 'ACTIVE';
  readonly createdAt: Timestamp;
}

/** The groups of an organisation. */
export interface GroupsState {
  readonly groups: PMap<Group>;
  /** externalId -> groupId. */
  readonly byExternalId: PMap<string>;
  /** userId -> the ids of the groups the user is an active member of, in joining order. */
  readonly byUser: PMap<readonly string[]>;
}

export const groupsSlice = defineSlice<GroupsState>('groups', { groups: PMap.empty(), byExternalId: PMap.empty(), byUser: PMap.empty() });

const activeIndex = (g: Group, userId: string): number => g.members.findIndex((m) => m.userId === userId && m.active);

const addMembership = (d: Draft, s: GroupsState, userId: string, groupId: string): PMap<readonly string[]> => {
  const current = s.byUser.get(userId) ?? [];
  return current.includes(groupId) ? s.byUser : s.byUser.set(userId, [...current, groupId], d.edit);
};

/** Records a new group with its primary user as its first member. */
export const recordGroupCreated = (
  d: Draft,
  e: { readonly at: Timestamp; readonly groupId: string; readonly externalId?: string; readonly groupType: GroupType; readonly primaryUserId: string; readonly name?: string },
): void => {
  const s = getSlice(d, groupsSlice);
  const group: Group = {
    groupId: e.groupId,
    ...(e.externalId === undefined ? {} : { externalId: e.externalId }),
    groupType: e.groupType,
    primaryUserId: e.primaryUserId,
    ...(e.name === undefined ? {} : { name: e.name }),
    members: [{ userId: e.primaryUserId, primary: true, permissions: primaryPermissions, joinedAt: e.at, active: true }],
    status: 'ACTIVE',
    createdAt: e.at,
  };
  setSlice(d, groupsSlice, {
    groups: s.groups.set(e.groupId, group, d.edit),
    byExternalId: e.externalId === undefined ? s.byExternalId : s.byExternalId.set(e.externalId, e.groupId, d.edit),
    byUser: addMembership(d, s, e.primaryUserId, e.groupId),
  });
};

/** Records a member joining (or joining again, with the permissions given now). */
export const recordMemberJoined = (d: Draft, at: Timestamp, groupId: string, userId: string, permissions: MemberPermissions): void => {
  const s = getSlice(d, groupsSlice);
  const group = s.groups.get(groupId);
  assert(group !== undefined, () => `member joined unknown group ${groupId}`);
  const member: Member = { userId, primary: false, permissions, joinedAt: at, active: true };
  assert(activeIndex(group, userId) < 0, () => `${userId} is already an active member of ${groupId}`);
  // A member who left and joins again keeps one record: the new one replaces the old.
  const others = group.members.filter((m) => m.userId !== userId);
  setSlice(d, groupsSlice, {
    ...s,
    groups: s.groups.set(groupId, { ...group, members: [...others, member] }, d.edit),
    byUser: addMembership(d, s, userId, groupId),
  });
};

/** Records a member leaving: the record stays, inactive, and the user's index drops the group. */
export const recordMemberLeft = (d: Draft, at: Timestamp, groupId: string, userId: string): void => {
  const s = getSlice(d, groupsSlice);
  const group = s.groups.get(groupId);
  assert(group !== undefined, () => `member left unknown group ${groupId}`);
  assert(group.primaryUserId !== userId, () => `the primary user ${userId} left group ${groupId}`);
  const members = group.members.map((m): Member => (m.userId === userId && m.active ? { ...m, active: false, leftAt: at } : m));
  const remaining = (s.byUser.get(userId) ?? []).filter((g) => g !== groupId);
  setSlice(d, groupsSlice, {
    ...s,
    groups: s.groups.set(groupId, { ...group, members }, d.edit),
    byUser: remaining.length === 0 ? s.byUser.delete(userId, d.edit) : s.byUser.set(userId, remaining, d.edit),
  });
};
