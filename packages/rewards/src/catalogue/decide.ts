/**
 * The decider of the catalogue command: `DefineReward` builds its `RewardDefined`; the engine checks
 * the event exactly as it checks a history line, so a command can append nothing a history could not hold.
 */
import * as E from 'fp-ts/Either';
import { defineCommand } from '@pointfold/core';
import { DefineReward } from './commands';
import { RewardDefined } from './events';

/** DefineReward: appends the `RewardDefined` it describes. */
export const defineReward = defineCommand<DefineReward>({
  type: 'DefineReward',
  decide: (_s, c, ctx) => {
    const { type: _type, requestId: _requestId, ...definition } = c;
    return E.right([{ type: 'RewardDefined', id: ctx.newId(), at: ctx.now, ...definition } satisfies RewardDefined]);
  },
});
