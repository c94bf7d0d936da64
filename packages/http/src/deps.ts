/** What every endpoint needs: the engine, the executor of commands, and the runtime. */
import { Engine } from '@pointfold/core';
import { Executor } from './executor';
import { Runtime } from './runtime';

export interface ServerDeps {
  readonly engine: Engine;
  readonly executor: Executor;
  readonly runtime: Runtime;
}
