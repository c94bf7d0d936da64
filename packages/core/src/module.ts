/**
 * The core's own module: reference data and the ledger. Every engine starts from it; other
 * packages add theirs (`createEngine([coreModule, groupsModule, ...])`).
 */
import { EngineModule } from './engine/module';
import { createEngine, Engine } from './engine/engine';
import { changeCustomerStatus, configureOrg, defineProgram, registerCustomer } from './org/decide';
import { customerRegisteredEvent, customerStatusChangedEvent, orgConfiguredEvent, programDefinedEvent } from './org/events';
import { awardPoints, deductPoints, expirePoints, releasePromisedPoints } from './ledger/decide';
import { commandRecordedEvent } from './idempotency';
import { oneTimeCodeIssuedEvent, oneTimeCodeRejectedEvent, oneTimeCodeUsedEvent } from './otp';
import { pointsAwardedEvent, pointsDeductedEvent, pointsExpiredEvent, promisedPointsReleasedEvent } from './ledger/events';

/** Reference data (config, programs, customers), the ledger (awards, releases, expiries, deductions) and one-time codes. */
export const coreModule: EngineModule = {
  name: 'core',
  events: [
    orgConfiguredEvent,
    programDefinedEvent,
    customerRegisteredEvent,
    customerStatusChangedEvent,
    pointsAwardedEvent,
    promisedPointsReleasedEvent,
    pointsExpiredEvent,
    pointsDeductedEvent,
    oneTimeCodeIssuedEvent,
    oneTimeCodeRejectedEvent,
    oneTimeCodeUsedEvent,
    commandRecordedEvent,
  ],
  commands: [configureOrg, defineProgram, registerCustomer, changeCustomerStatus, awardPoints, releasePromisedPoints, expirePoints, deductPoints],
  entityExists: { CUSTOMER: (s, id) => s.org.customers.has(id) },
};

/** An engine of the core alone (group wallets are then unknown entities). */
export const coreEngine: Engine = createEngine([coreModule]);
