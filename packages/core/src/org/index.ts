/** The organisation's reference data: configuration, programs, customers. */
export * from './config';
export * from './state';
export * from './events';
export * from './commands';
export * from './decide';
