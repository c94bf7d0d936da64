/**
 * @pointfold/http: the seed endpoints as a thin adapter over the engine and an event store: io-ts
 * codecs of the seed payloads, mapping to commands, responses in the seeds' shapes, and a fastify
 * server that decides one command at a time and appends durably before it answers.
 */
export * from './server';
export * from './executor';
export * from './runtime';
export * from './codecs';
export * from './responses';
export * from './body';
export * from './request';
export * from './vendor';
export type { ServerDeps } from './deps';
