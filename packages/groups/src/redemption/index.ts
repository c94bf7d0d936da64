/** Redemption (seed 001, v1.1): the wallet policy, IsRedeemable and RedeemPoints, the redemption event and its queries. */
export * from './commands';
export * from './events';
export * from './state';
export * from './policy';
export * from './decide';
export * from './queries';
