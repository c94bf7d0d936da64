/** What every endpoint needs: the engine, the executor of commands, the runtime, and the reward vendor. */
import { Engine } from '@pointfold/core';
import { Executor } from './executor';
import { Runtime } from './runtime';
import { RewardVendor } from './vendor';

export interface ServerDeps {
  readonly engine: Engine;
  readonly executor: Executor;
  readonly runtime: Runtime;
  /** Asked for the voucher of a VENDOR reward (seed 002). */
  readonly vendor: RewardVendor;
  /** How long a vendor may take before its answer counts as a failure. */
  readonly vendorTimeoutMs: number;
}
