/**
 * The engine the command line folds histories with. It is the one place where the packages'
 * modules are composed for the CLI, so that `replay` and `serve` read the same events: the groups,
 * transfers and rewards packages add their modules here as they arrive.
 */
import { Engine, coreModule, createEngine } from '@pointfold/core';

/**
 * A new engine of every module Pointfold has (today: the core's reference data and ledger).
 * @example const state = (await foldHistory(readJsonl(stream), createPointfoldEngine())).right.state
 */
export const createPointfoldEngine = (): Engine => createEngine([coreModule]);
