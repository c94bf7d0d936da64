/** The event-store port and the in-memory store. */
export * from './port';
