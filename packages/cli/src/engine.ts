/**
 * The engine the command line folds histories with. It is the one place where the packages'
 * modules are composed for the CLI, so that `replay` and `serve` read the same events: each package
 * adds its module here as it arrives.
 */
import { Engine, coreModule, createEngine } from '@pointfold/core';
import { groupsModule } from '@pointfold/groups';
import { rewardsModule } from '@pointfold/rewards';
import { transfersModule } from '@pointfold/transfers';

/**
 * A new engine of every module Pointfold has: the core's reference data and ledger, user groups and
 * redemption, transfers and reversals, rewards.
 * @example const folded = await foldHistory(readJsonl(stream), createPointfoldEngine()); // E.right({ state, ... }) or E.left(HistoryError)
 */
export const createPointfoldEngine = (): Engine => createEngine([coreModule, groupsModule, transfersModule, rewardsModule]);
