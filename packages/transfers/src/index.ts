/** @pointfold/transfers (being built). */
export const packageName = '@pointfold/transfers';
