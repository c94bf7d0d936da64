/**
 * The groups package's contribution to the engine: the group and redemption events and commands,
 * and the USERGROUP2 entities it resolves (so the core's ledger accepts postings to group wallets).
 * `groupsEngine` is the core with groups; later packages compose their own from `groupsModule`.
 */
import { Engine, EngineModule, coreModule, createEngine } from '@pointfold/core';
import { createUserGroup, joinUserGroup, leaveUserGroup } from './groups/decide';
import { userGroupCreatedEvent, userGroupMemberJoinedEvent, userGroupMemberLeftEvent } from './groups/events';
import { groupOf } from './groups/queries';
import { isRedeemableCommand, issueRedemptionCode, redeemPoints } from './redemption/decide';
import { pointsRedeemedEvent } from './redemption/events';

/**
 * User groups and redemption. Compose it after the core:
 * @example const engine = createEngine([coreModule, groupsModule]);
 */
export const groupsModule: EngineModule = {
  name: 'groups',
  events: [userGroupCreatedEvent, userGroupMemberJoinedEvent, userGroupMemberLeftEvent, pointsRedeemedEvent],
  commands: [createUserGroup, joinUserGroup, leaveUserGroup, isRedeemableCommand, redeemPoints, issueRedemptionCode],
  entityExists: { USERGROUP2: (s, id) => groupOf(s, id) !== undefined },
};

/** An engine of the core and groups. */
export const groupsEngine: Engine = createEngine([coreModule, groupsModule]);
