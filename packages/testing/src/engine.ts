/**
 * The whole engine: every module Pointfold has, composed in the order the `pointfold` command line
 * composes them, so that what a test generates is what a history file holds.
 */
import { Engine, coreModule, createEngine } from '@pointfold/core';
import { spec, Spec } from '@pointfold/core/testing';
import { groupsModule } from '@pointfold/groups';
import { rewardsModule } from '@pointfold/rewards';
import { transfersModule } from '@pointfold/transfers';

/** A new engine of the core, groups, transfers and rewards. */
export const createFullEngine = (): Engine => createEngine([coreModule, groupsModule, transfersModule, rewardsModule]);

/** The engine of every module (one instance, shared: engines hold no state). */
export const fullEngine: Engine = createFullEngine();

/**
 * Given/when/then over the whole engine (the core's `spec`):
 * @example
 * pointfoldSpec.given(worldSetup(defaultWorld)).when(redeem).then((events) => expect(events).toHaveLength(1));
 * pointfoldSpec.given(worldSetup(defaultWorld)).when(tooMuch).thenRejects(803);
 */
export const pointfoldSpec: Spec = spec(fullEngine);
