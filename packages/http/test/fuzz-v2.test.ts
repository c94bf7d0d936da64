/** Fuzz of the v2 endpoints (transfers, transfer history, reversal, ledger): see `fuzz-kit.ts`. */
import { fuzzSuite, v2Endpoints } from './fuzz-kit';

// app.inject (light-my-request) requires `cookie`, an ES module that jest 29 cannot require; these
// requests send no cookies, so a stand-in of the one function it imports will do.
jest.mock('cookie', () => ({ stringifySetCookie: (name: string, value: string) => `${name}=${value}` }));
jest.setTimeout(120_000);

fuzzSuite(v2Endpoints);
