/**
 * Deciders of the group commands. Each builds its event from the command; the engine then checks
 * the event against the state exactly as it checks an imported history line (`events.ts`), so a
 * refusal has one source and a command can never append what a history could not hold.
 */
import * as E from 'fp-ts/Either';
import { CommandContext, defineCommand } from '@pointfold/core';
import { CreateUserGroup, JoinUserGroup, LeaveUserGroup } from './commands';
import { UserGroupCreated, UserGroupMemberJoined, UserGroupMemberLeft } from './events';

const envelope = <T extends string>(type: T, ctx: CommandContext) => ({ type, id: ctx.newId(), at: ctx.now });

export const createUserGroup = defineCommand<CreateUserGroup>({
  type: 'CreateUserGroup',
  decide: (_s, c, ctx) =>
    E.right([
      {
        ...envelope('UserGroupCreated', ctx),
        groupId: c.groupId,
        groupType: c.groupType,
        primaryUserId: c.primaryUserId,
        ...(c.externalId === undefined ? {} : { externalId: c.externalId }),
        ...(c.name === undefined ? {} : { name: c.name }),
      } satisfies UserGroupCreated,
    ]),
});

export const joinUserGroup = defineCommand<JoinUserGroup>({
  type: 'JoinUserGroup',
  decide: (_s, c, ctx) =>
    E.right([
      {
        ...envelope('UserGroupMemberJoined', ctx),
        groupId: c.groupId,
        userId: c.userId,
        ...(c.permissions === undefined ? {} : { permissions: c.permissions }),
      } satisfies UserGroupMemberJoined,
    ]),
});

export const leaveUserGroup = defineCommand<LeaveUserGroup>({
  type: 'LeaveUserGroup',
  decide: (_s, c, ctx) => E.right([{ ...envelope('UserGroupMemberLeft', ctx), groupId: c.groupId, userId: c.userId } satisfies UserGroupMemberLeft]),
});
