/**
 * The transfers package's contribution to the engine: the transfer and reversal events and commands.
 * It resolves no entity type of its own (customers are the core's, groups the groups package's), so an
 * engine with transfers composes all three: `transfersEngine`.
 */
import { Engine, EngineModule, coreModule, createEngine } from '@pointfold/core';
import { groupsModule } from '@pointfold/groups';
import { isGroupTransferrableCommand, isTransferrableCommand, transferGroupPointsCommand, transferPointsCommand } from './transfer/decide';
import { pointsTransferredEvent } from './transfer/events';
import { reverseRedemptionCommand, revertRedemptionCommand } from './reversal/decide';
import { pointsRedemptionReversedEvent } from './reversal/events';

/**
 * Transfers and reversals. Compose it after the core and groups:
 * @example const engine = createEngine([coreModule, groupsModule, transfersModule]);
 */
export const transfersModule: EngineModule = {
  name: 'transfers',
  events: [pointsTransferredEvent, pointsRedemptionReversedEvent],
  commands: [
    isTransferrableCommand,
    transferPointsCommand,
    isGroupTransferrableCommand,
    transferGroupPointsCommand,
    reverseRedemptionCommand,
    revertRedemptionCommand,
  ],
};

/** An engine of the core, groups and transfers. */
export const transfersEngine: Engine = createEngine([coreModule, groupsModule, transfersModule]);
