/**
 * @pointfold/transfers: points transfers (seed 004 customer to customer with a one-time code; seeds 003
 * and 004 group to customer, customer to group, group to group), the transfer history, and reversals of
 * redeemed points (one redemption in full or in part, or a whole transaction number).
 */
export * from './transfer';
export * from './reversal';
export * as transfersLimits from './limits';
export {
  alreadyReversed,
  alreadyReverted,
  customerNotFoundForIdentifiers,
  destinationIsFraud,
  invalidCustomerDetails,
  invalidDestination,
  invalidEntityType,
  invalidGroupDetails,
  invalidPayloadField,
  invalidReversalRequest,
  invalidSource,
  invalidTransactionNumber,
  invalidTransferPoints,
  mergedCustomer,
  noTransferPermission,
  nothingRedeemedOnTransaction,
  redemptionNotFound,
  reversalDisabled,
  reversalMismatch,
  sameSourceAndDestination,
  sourceIsFraud,
} from './errors';
export * from './module';
