/**
 * Given/when/then over the group commands (CreateUserGroup, JoinUserGroup, LeaveUserGroup), the checks
 * their events pass when a history imports them, group wallets on the core ledger, and the
 * resolution of group identifiers (each kind, inconsistent pairs, an ambiguous primary user).
 */
import * as E from 'fp-ts/Either';
import { CommandBase, EventBase, LedgerCommand, balanceAt, coreEngine, coreModule, createEngine } from '@pointfold/core';
import { spec, testEpoch } from '@pointfold/core/testing';
import {
  GroupIdentifiers,
  activeMember,
  groupOf,
  groupsEngine,
  groupsLimits,
  groupsModule,
  groupsOfUser,
  resolveGroup,
} from '@pointfold/groups';
import { awarded, c6, cmd, created, customer, ev, group, groupWorld, joined, left, minutes, points, registered, statusChanged, world } from './fixtures';

const groups = spec(groupsEngine);
const t1 = minutes(1);
const base: readonly EventBase[] = [...world, c6];
const award = (c: LedgerCommand): CommandBase => c;

describe('CreateUserGroup', () => {
  it('acts: the group, its primary user its first member with every permission', () => {
    const state = groups
      .given(base)
      .when(cmd({ type: 'CreateUserGroup', groupId: 'g1', externalId: 'ext-g1', groupType: 'FLEET', primaryUserId: 'c1', name: 'Trucks' }))
      .then([ev({ type: 'UserGroupCreated', id: 'when-1', at: t1, groupId: 'g1', groupType: 'FLEET', primaryUserId: 'c1', externalId: 'ext-g1', name: 'Trucks' })]);
    expect(groupOf(state, 'g1')).toEqual({
      groupId: 'g1',
      externalId: 'ext-g1',
      groupType: 'FLEET',
      primaryUserId: 'c1',
      name: 'Trucks',
      members: [{ userId: 'c1', primary: true, permissions: { redeem: true, transfer: true }, joinedAt: t1, active: true }],
      status: 'ACTIVE',
      createdAt: t1,
    });
    expect(groupsOfUser(state, 'c1').map((g) => g.groupId)).toEqual(['g1']);
  });

  it('acts: without external id or name', () => {
    groups
      .given(base)
      .when(cmd({ type: 'CreateUserGroup', groupId: 'g1', groupType: 'FRIENDS_AND_FAMILY', primaryUserId: 'c2' }))
      .then([ev({ type: 'UserGroupCreated', id: 'when-1', at: t1, groupId: 'g1', groupType: 'FRIENDS_AND_FAMILY', primaryUserId: 'c2' })]);
  });

  it('refuses a group id already used (9907), also when repeated', () => {
    groups
      .given([...base, created('grp-1', t1, 'g1', 'FLEET', 'c1')])
      .when(cmd({ type: 'CreateUserGroup', groupId: 'g1', groupType: 'FLEET', primaryUserId: 'c1' }))
      .thenRejects(9907, /group g1/);
  });

  it('refuses an external id another group has (9907)', () => {
    groups
      .given([...base, created('grp-1', t1, 'g1', 'FLEET', 'c1', 'shared')])
      .when(cmd({ type: 'CreateUserGroup', groupId: 'g2', externalId: 'shared', groupType: 'FRIENDS_AND_FAMILY', primaryUserId: 'c2' }))
      .thenRejects(9907, /externalId shared/);
  });

  it('refuses an unknown primary user (816)', () => {
    groups.given(base).when(cmd({ type: 'CreateUserGroup', groupId: 'g1', groupType: 'FLEET', primaryUserId: 'nobody' })).thenRejects(816, /nobody/);
  });
});

describe('JoinUserGroup', () => {
  const withGroup = [...base, created('grp-1', t1, 'g1', 'FLEET', 'c1')];

  it('acts: default permissions are redeem true, transfer false', () => {
    const state = groups
      .given(withGroup)
      .when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c2' }))
      .then([ev({ type: 'UserGroupMemberJoined', id: 'when-1', at: minutes(2), groupId: 'g1', userId: 'c2' })]);
    const g = groupOf(state, 'g1');
    expect(g === undefined ? undefined : activeMember(g, 'c2')).toEqual({
      userId: 'c2',
      primary: false,
      permissions: { redeem: true, transfer: false },
      joinedAt: minutes(2),
      active: true,
    });
    expect(groupsOfUser(state, 'c2').map((x) => x.groupId)).toEqual(['g1']);
  });

  it('acts: with the permissions given', () => {
    const state = groups
      .given(withGroup)
      .when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c2', permissions: { redeem: false, transfer: true } }))
      .then([ev({ type: 'UserGroupMemberJoined', id: 'when-1', at: minutes(2), groupId: 'g1', userId: 'c2', permissions: { redeem: false, transfer: true } })]);
    const g = groupOf(state, 'g1');
    expect(g === undefined ? undefined : activeMember(g, 'c2')?.permissions).toEqual({ redeem: false, transfer: true });
  });

  it('keeps the members in joining order, the primary user first', () => {
    const state = groups
      .given([...withGroup, joined('join-1', t1, 'g1', 'c2')])
      .when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c3' }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['UserGroupMemberJoined']));
    expect(groupOf(state, 'g1')?.members.map((m) => m.userId)).toEqual(['c1', 'c2', 'c3']);
  });

  it('refuses an unknown group (1632)', () => {
    groups.given(withGroup).when(cmd({ type: 'JoinUserGroup', groupId: 'g9', userId: 'c2' })).thenRejects(1632, 'group id/externalId/primary userId g9 passed is not valid');
  });

  it('refuses a merged customer as primary user or member (816, naming the survivor), as a command and as a line', () => {
    const merged = [...base, statusChanged('st-1', t1, 'c3', 'MERGED', 'c1')];
    groups.given(merged).when(cmd({ type: 'CreateUserGroup', groupId: 'g9', groupType: 'FLEET', primaryUserId: 'c3' })).thenRejects(816, /customer c3 was merged into customer c1/);
    groups.given([...merged, created('g', t1, 'g1', 'FLEET', 'c2')]).when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c3' })).thenRejects(816, /merged into customer c1/);
    const line = groupsEngine.replay([...merged, created('g', t1, 'g1', 'FLEET', 'c2'), joined('j', t1, 'g1', 'c3')]);
    expect(E.isLeft(line) && [line.left.index, line.left.error.code]).toEqual([merged.length + 1, 816]);
  });

  it('refuses an unknown user (816)', () => {
    groups.given(withGroup).when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'nobody' })).thenRejects(816, /nobody/);
  });

  it('refuses an active member joining again (9907): a repeated join has no second effect', () => {
    groups.given([...withGroup, joined('join-1', t1, 'g1', 'c2')]).when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c2' })).thenRejects(9907, /member c2 of group g1/);
    groups.given(withGroup).when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c1' })).thenRejects(9907, /member c1/);
  });

  it(`refuses a member beyond groupMembersMax (${groupsLimits.groupMembersMax}) with 9920`, () => {
    const max = groupsLimits.groupMembersMax;
    expect(max).toBe(50); // decision 34
    const many = Array.from({ length: max + 1 }, (_, i) => registered(`reg-m${i}`, testEpoch, `m${i}`));
    const members = many.slice(1, max).map((r, i) => joined(`join-m${i}`, t1, 'g1', r.customerId));
    const full = [...base, ...many, created('grp-1', t1, 'g1', 'FLEET', 'm0'), ...members];
    const g = groupOf(groups.given(full).state, 'g1');
    expect(g?.members.length).toBe(max);
    groups.given(full).when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: `m${max}` })).thenRejects(9920, new RegExp(`${max} active members`));
    // One leaves: there is room again.
    groups
      .given([...full, left('left-1', t1, 'g1', 'm1')])
      .when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: `m${max}` }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['UserGroupMemberJoined']));
  });
});

describe('LeaveUserGroup', () => {
  const withMember = [...base, created('grp-1', t1, 'g1', 'FLEET', 'c1'), joined('join-1', t1, 'g1', 'c2')];

  it('acts: the member is inactive and the user index drops the group', () => {
    const state = groups
      .given(withMember)
      .when(cmd({ type: 'LeaveUserGroup', groupId: 'g1', userId: 'c2' }))
      .then([ev({ type: 'UserGroupMemberLeft', id: 'when-1', at: minutes(2), groupId: 'g1', userId: 'c2' })]);
    const g = groupOf(state, 'g1');
    expect(g === undefined ? undefined : activeMember(g, 'c2')).toBeUndefined();
    expect(g?.members.find((m) => m.userId === 'c2')).toMatchObject({ active: false, leftAt: minutes(2) });
    expect(groupsOfUser(state, 'c2')).toEqual([]);
  });

  it('keeps the user in their other groups, in joining order', () => {
    const state = groups
      .given([...withMember, created('grp-2', t1, 'g2', 'FRIENDS_AND_FAMILY', 'c3'), joined('join-2', t1, 'g2', 'c2'), created('grp-3', t1, 'g3', 'FLEET', 'c4'), joined('join-3', t1, 'g3', 'c2')])
      .when(cmd({ type: 'LeaveUserGroup', groupId: 'g2', userId: 'c2' }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['UserGroupMemberLeft']));
    expect(groupsOfUser(state, 'c2').map((g) => g.groupId)).toEqual(['g1', 'g3']);
  });

  it('refuses a user who is not a member (1620), also when repeated', () => {
    groups.given(withMember).when(cmd({ type: 'LeaveUserGroup', groupId: 'g1', userId: 'c3' })).thenRejects(1620, 'user c3 does not belong to group g1');
    groups
      .given([...withMember, left('left-1', t1, 'g1', 'c2')])
      .when(cmd({ type: 'LeaveUserGroup', groupId: 'g1', userId: 'c2' }))
      .thenRejects(1620, 'user c2 does not belong to group g1');
  });

  it('refuses the primary user (9908)', () => {
    groups.given(withMember).when(cmd({ type: 'LeaveUserGroup', groupId: 'g1', userId: 'c1' })).thenRejects(9908, /primary user of group g1/);
  });

  it('refuses an unknown group (1632)', () => {
    groups.given(withMember).when(cmd({ type: 'LeaveUserGroup', groupId: 'g9', userId: 'c2' })).thenRejects(1632, /g9/);
  });

  it('lets a member who left join again, with the new permissions', () => {
    const state = groups
      .given([...withMember, left('left-1', t1, 'g1', 'c2')])
      .when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c2', permissions: { redeem: false } }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['UserGroupMemberJoined']));
    const g = groupOf(state, 'g1');
    expect(g?.members.filter((m) => m.userId === 'c2')).toEqual([
      { userId: 'c2', primary: false, permissions: { redeem: false, transfer: false }, joinedAt: minutes(2), active: true },
    ]);
  });
});

describe('group wallets on the core ledger', () => {
  const withGroup = [...base, created('grp-1', t1, 'g1', 'FLEET', 'c1')];

  it('accepts awards to a group wallet (entityExists.USERGROUP2)', () => {
    const state = groups
      .given(withGroup)
      .when(award({ type: 'AwardPoints', entity: group('g1'), points: points('40') }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['PointsAwarded']));
    expect(balanceAt(state.ledger, { entityType: 'USERGROUP2', entityId: 'g1', programId: 765, pointsCategory: 'Main' }, minutes(2))).toEqual(points('40'));
  });

  it('refuses an award to an unknown group (1632), in a command and in a history', () => {
    groups.given(withGroup).when(award({ type: 'AwardPoints', entity: group('g9'), points: points('40') })).thenRejects(1632, /g9/);
    const r = groupsEngine.replay([...withGroup, awarded('a1', t1, group('g9'), '5')]);
    expect(E.isLeft(r) ? [r.left.index, r.left.error.code] : 'ok').toEqual([withGroup.length, 1632]);
  });

  it('is unknown to an engine without the groups module', () => {
    const r = coreEngine.replay([...base, awarded('a1', t1, customer('c1'), '5'), awarded('a2', t1, group('g1'), '5')]);
    expect(E.isLeft(r) ? [r.left.index, r.left.error.code] : 'ok').toEqual([base.length + 1, 1632]);
    expect(coreEngine.decodeEvent(groupsEngine.encodeEvent(created('grp-1', t1, 'g1', 'FLEET', 'c1')))).toEqual(E.left('type: unknown event type "UserGroupCreated"'));
    expect(createEngine([coreModule, groupsModule]).eventTypes).toEqual(groupsEngine.eventTypes);
  });
});

describe('history lines of the group events', () => {
  it('refuses, naming the line, a join to a group created later, a leave by a non-member, a group of an unknown primary', () => {
    const code = (events: readonly EventBase[]): [number, number] | 'ok' => {
      const r = groupsEngine.replay(events);
      return E.isLeft(r) ? [r.left.index, r.left.error.code] : 'ok';
    };
    expect(code([...base, joined('j', t1, 'g1', 'c2'), created('g', t1, 'g1', 'FLEET', 'c1')])).toEqual([base.length, 1632]);
    expect(code([...base, created('g', t1, 'g1', 'FLEET', 'c1'), left('l', t1, 'g1', 'c2')])).toEqual([base.length + 1, 1620]);
    expect(code([...base, created('g', t1, 'g1', 'FLEET', 'ghost')])).toEqual([base.length, 816]);
    expect(code([...base, created('g', t1, 'g1', 'FLEET', 'c1'), joined('j', t1, 'g1', 'c2')])).toBe('ok');
  });

  it('decodes and encodes the group events (round trip), refusing an unknown group type or field', () => {
    for (const e of groupWorld) {
      const json = JSON.parse(JSON.stringify(groupsEngine.encodeEvent(e))) as unknown;
      expect(groupsEngine.decodeEvent(json)).toEqual(E.right(e));
    }
    const json = { type: 'UserGroupCreated', id: 'g', at: '2026-01-01T00:00:00Z', groupId: 'g1', groupType: 'CLUB', primaryUserId: 'c1' };
    expect(groupsEngine.decodeEvent(json)).toEqual(E.left('groupType: expected one of FLEET, FRIENDS_AND_FAMILY, got "CLUB"'));
    expect(groupsEngine.decodeEvent({ ...json, groupType: 'FLEET', members: [] })).toEqual(E.left('members: is not a known field'));
  });
});

describe('resolveGroup', () => {
  const state = groups.given(groupWorld).state;
  const resolved = (ids: GroupIdentifiers): string => {
    const r = resolveGroup(state, ids);
    return E.isRight(r) ? r.right.groupId : `${r.left.code}: ${r.left.message}`;
  };

  it('finds a group by each kind of identifier', () => {
    expect(resolved({ groupId: 'g-fleet' })).toBe('g-fleet');
    expect(resolved({ externalId: 'fam-ext' })).toBe('g-fam');
    expect(resolved({ primaryUserId: 'c1' })).toBe('g-fleet');
    expect(resolved({ primaryUser: { identifierType: 'id', identifierValue: 'c4' } })).toBe('g-fam');
    expect(resolved({ primaryUser: { identifierType: 'mobile', identifierValue: '919000000000' } })).toBe('g-fleet');
    expect(resolved({ primaryUser: { identifierType: 'email', identifierValue: 'C4@Example.com' } })).toBe('g-fam');
    expect(resolved({ primaryUser: { identifierType: 'mobile', identifierValue: '919000000003', source: 'WECHAT', accountId: 'acc-1' } })).toBe('g-fam');
  });

  it('finds a group by its primary user card number', () => {
    const s = groups.given([...groupWorld, created('grp-9', minutes(3), 'g-card', 'FRIENDS_AND_FAMILY', 'c6')]).state;
    const r = resolveGroup(s, { primaryUser: { identifierType: 'cardnumber', identifierValue: 'CARD-0006' } });
    expect(E.isRight(r) ? r.right.groupId : r.left.code).toBe('g-card');
  });

  it('accepts identifiers that all name the same group', () => {
    expect(resolved({ groupId: 'g-fleet', externalId: 'fleet-ext', primaryUserId: 'c1', primaryUser: { identifierType: 'email', identifierValue: 'c1@example.com' } })).toBe('g-fleet');
  });

  it('refuses unknown identifiers with 1632 naming the value', () => {
    expect(resolved({ groupId: 'g-nope' })).toBe('1632: group id/externalId/primary userId g-nope passed is not valid');
    expect(resolved({ externalId: 'ext-nope' })).toBe('1632: group id/externalId/primary userId ext-nope passed is not valid');
    expect(resolved({ primaryUserId: 'c2' })).toBe('1632: group id/externalId/primary userId c2 passed is not valid');
    expect(resolved({ primaryUserId: 'nobody' })).toBe('1632: group id/externalId/primary userId nobody passed is not valid');
    expect(resolved({ primaryUser: { identifierType: 'mobile', identifierValue: '000' } })).toBe('1632: group id/externalId/primary userId 000 passed is not valid');
    expect(resolved({ primaryUser: { identifierType: 'cardExternalId', identifierValue: 'CE-1' } })).toMatch(/^1632: group id\/externalId\/primary userId CE-1 passed is not valid \(.*cardExternalId/);
  });

  it('refuses an inconsistent pair with 1632 naming the value that does not fit', () => {
    expect(resolved({ groupId: 'g-fleet', externalId: 'fam-ext' })).toBe(
      '1632: group id/externalId/primary userId fam-ext passed is not valid (externalId does not name group g-fleet, which groupId g-fleet names)',
    );
    expect(resolved({ externalId: 'fleet-ext', primaryUserId: 'c4' })).toBe(
      '1632: group id/externalId/primary userId c4 passed is not valid (primaryUserId does not name group g-fleet, which externalId fleet-ext names)',
    );
    expect(resolved({ groupId: 'g-fam', primaryUser: { identifierType: 'id', identifierValue: 'c1' } })).toMatch(/primary userId c1 passed is not valid/);
    expect(resolved({ groupId: 'g-fleet', externalId: 'ext-nope' })).toMatch(/primary userId ext-nope passed is not valid/);
    // A second identifier that names no group for a reason of its own says that reason.
    expect(resolved({ groupId: 'g-fleet', primaryUser: { identifierType: 'cardExternalId', identifierValue: 'CE-1' } })).toBe(
      '1632: group id/externalId/primary userId CE-1 passed is not valid (customers are not known by cardExternalId in Pointfold)',
    );
  });

  it('refuses a primary user of several groups given alone as ambiguous (1632), and accepts them beside a group id', () => {
    const s = groups.given([...groupWorld, created('grp-9', minutes(3), 'g-two', 'FRIENDS_AND_FAMILY', 'c1')]).state;
    const r = resolveGroup(s, { primaryUserId: 'c1' });
    expect(E.isLeft(r) ? `${r.left.code}: ${r.left.message}` : r.right.groupId).toBe(
      '1632: group id/externalId/primary userId c1 passed is not valid (the user is the primary user of 2 groups: give the group id or external id)',
    );
    const both = resolveGroup(s, { groupId: 'g-two', primaryUserId: 'c1' });
    expect(E.isRight(both) ? both.right.groupId : both.left.code).toBe('g-two');
  });

  it('refuses an empty set of identifiers (1632)', () => {
    expect(resolved({})).toBe('1632: group id/externalId/primary userId (none) passed is not valid (no group identifier was given)');
  });
});

describe('the order of the group checks', () => {
  it('CreateUserGroup: the group id (9907), then the external id (9907), then the primary user (816)', () => {
    const withExternal = [...base, created('grp-1', t1, 'g1', 'FLEET', 'c1', 'shared')];
    groups.given(withExternal).when(cmd({ type: 'CreateUserGroup', groupId: 'g1', externalId: 'shared', groupType: 'FLEET', primaryUserId: 'nobody' })).thenRejects(9907, 'already defined: group g1');
    groups
      .given(withExternal)
      .when(cmd({ type: 'CreateUserGroup', groupId: 'g2', externalId: 'shared', groupType: 'FLEET', primaryUserId: 'nobody' }))
      .thenRejects(9907, 'already defined: group externalId shared (group g1)');
  });

  it('JoinUserGroup: the group (1632), then the user (816), then an active member (9907), then room in the group (9920)', () => {
    groups.given([...base, created('grp-1', t1, 'g1', 'FLEET', 'c1')]).when(cmd({ type: 'JoinUserGroup', groupId: 'g9', userId: 'nobody' })).thenRejects(1632, /g9/);
    // c2 joined, then was merged into c3: joining again is refused for the merge, not the membership.
    const mergedMember = [...base, created('grp-1', t1, 'g1', 'FLEET', 'c1'), joined('join-1', t1, 'g1', 'c2'), statusChanged('st-1', t1, 'c2', 'MERGED', 'c3')];
    groups.given(mergedMember).when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'c2' })).thenRejects(816, /customer c2 was merged into customer c3/);
    const max = groupsLimits.groupMembersMax;
    const many = Array.from({ length: max }, (_, i) => registered(`reg-m${i}`, testEpoch, `m${i}`));
    const full = [...base, ...many, created('grp-1', t1, 'g1', 'FLEET', 'm0'), ...many.slice(1).map((r, i) => joined(`join-m${i}`, t1, 'g1', r.customerId))];
    groups.given(full).when(cmd({ type: 'JoinUserGroup', groupId: 'g1', userId: 'm1' })).thenRejects(9907, 'already defined: member m1 of group g1');
  });
});
