/** Commands of the catalogue: define (or redefine) a reward, as `RewardDefined` records it. */
import { CommandBase } from '@pointfold/core';
import { RewardDefined } from './events';

/** What a reward's definition holds: the fields of `RewardDefined` without its envelope. */
export type RewardDefinition = Omit<RewardDefined, 'type' | 'id' | 'at'>;

/** Defines a reward, or replaces its definition (appends `RewardDefined`). */
export type DefineReward = RewardDefinition & CommandBase & { readonly type: 'DefineReward' };

/** The catalogue's commands. */
export type CatalogueCommand = DefineReward;
