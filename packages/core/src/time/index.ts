/** Recorded time: `Timestamp`, its parsing and formatting (UTC, independent of the host's zone). */
export * from './timestamp';
