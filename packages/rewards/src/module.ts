/**
 * The rewards package's contribution to the engine: the catalogue, customers' segments and cards, and
 * reward issuance (events and commands). Issuance spends points through groups' redemption policy, so
 * `rewardsEngine` composes the core, groups and rewards; later packages compose their own from `rewardsModule`.
 */
import { Engine, EngineModule, coreModule, createEngine } from '@pointfold/core';
import { groupsModule } from '@pointfold/groups';
import { defineReward } from './catalogue/decide';
import { rewardDefinedEvent } from './catalogue/events';
import { assignCustomerSegments, issueCard } from './customers/decide';
import { cardIssuedEvent, customerSegmentsAssignedEvent } from './customers/events';
import { issueReward } from './issue/decide';
import { rewardIssueRefusedEvent, rewardIssuedEvent } from './issue/events';

/**
 * Rewards. Compose it after the core and groups (it needs groups' USERGROUP2 wallets):
 * @example const engine = createEngine([coreModule, groupsModule, rewardsModule]);
 */
export const rewardsModule: EngineModule = {
  name: 'rewards',
  events: [rewardDefinedEvent, customerSegmentsAssignedEvent, cardIssuedEvent, rewardIssuedEvent, rewardIssueRefusedEvent],
  commands: [defineReward, assignCustomerSegments, issueCard, issueReward],
};

/** An engine of the core, groups and rewards. */
export const rewardsEngine: Engine = createEngine([coreModule, groupsModule, rewardsModule]);
