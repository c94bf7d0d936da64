/** @pointfold/rewards (being built). */
export const packageName = '@pointfold/rewards';
