#!/usr/bin/env node
// Folds history files with the domain packages alone (core, groups, transfers, rewards: not the command
// line, not the HTTP adapter) while the clock and randomness throw, and prints one JSON line: for each file
// the number of events, the last event's time and the SHA-256 of the state's digest (closing balances, lots,
// slices: @pointfold/reliability's `stateDigest`). The determinism test (docs/reliability.md) runs it in
// child processes under different time zones and compares the hashes. Files are read before the domain
// packages are loaded, and the hash is taken after: only the fold itself runs with Date.now, Date(),
// new Date() and Math.random made to throw. POINTFOLD_FOLD_HASH_PURE=0 leaves them alone (a control run).
// Usage, after `npm run build`: node packages/reliability/bin/fold-hash.js examples/retail.jsonl ...
'use strict';
const fs = require('fs');

/** Ends the run with status 1 and one line on stderr: a history that cannot be read or folded is no crash. */
const fail = (message) => {
  process.stderr.write(`fold-hash: ${message}\n`);
  process.exit(1);
};

const files = process.argv.slice(2);
const texts = files.map((f) => {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch (e) {
    return fail(`${f}: cannot be read (${e.code ?? e.message})`);
  }
});
const pure = process.env.POINTFOLD_FOLD_HASH_PURE !== '0';

const RealDate = Date;
const realNow = Date.now;
const realRandom = Math.random;
const forbidden = [];
const forbid = (what) => () => {
  forbidden.push(what);
  throw new Error(`${what} called inside the domain packages`);
};
/** True when `f` throws now (the guards are in place). */
const throws = (f) => {
  try {
    f();
    return false;
  } catch {
    return true;
  }
};

/**
 * Folds one history's text: `{ digest }`, or `{ refusal }` naming the first line that is not JSON or that
 * the engine refuses (`FILE:LINE: reason`, blank lines counted). A `batch` marker is not part of an event.
 */
const foldText = (replayer, stateDigest, text, file) => {
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k];
    if (raw.trim() === '') continue;
    let json;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      return { refusal: `${file}:${k + 1}: not JSON (${e.message})` };
    }
    if (json !== null && typeof json === 'object' && Object.prototype.hasOwnProperty.call(json, 'batch')) delete json.batch;
    const pushed = replayer.pushJson(json);
    if (pushed._tag === 'Left') return { refusal: `${file}:${k + 1}: ${typeof pushed.left === 'string' ? pushed.left : `${pushed.left.code}: ${pushed.left.message}`}` };
  }
  return { digest: stateDigest(replayer.finish()) };
};

let folded;
let guarded = [];
/** The first line that could not be folded (`FILE:LINE: reason`), reported once the guards are lifted. */
let refusal;
if (pure) {
  RealDate.now = forbid('Date.now');
  Math.random = forbid('Math.random');
  global.Date = new Proxy(RealDate, {
    apply: forbid('Date()'),
    construct: (target, args, newTarget) => (args.length === 0 ? forbid('new Date()')() : Reflect.construct(target, args, newTarget)),
  });
}
try {
  if (pure) {
    guarded = [
      ['Date.now', () => Date.now()],
      ['Date()', () => Date()],
      ['new Date()', () => new Date()],
      ['Math.random', () => Math.random()],
    ].map(([name, f]) => [name, throws(f)]);
    forbidden.length = 0;
  }
  const { createDomainEngine, stateDigest } = require('../dist');
  const engine = createDomainEngine();
  folded = [];
  for (const [i, text] of texts.entries()) {
    const r = foldText(engine.replayer(), stateDigest, text, files[i]);
    if (r.refusal !== undefined) {
      refusal = r.refusal;
      break;
    }
    folded.push({ file: files[i], digest: r.digest });
  }
} finally {
  RealDate.now = realNow;
  Math.random = realRandom;
  global.Date = RealDate;
}

if (refusal !== undefined) fail(refusal);

const { digestHash } = require('../dist');
const results = folded.map(({ file, digest }) => ({
  file,
  events: digest.events,
  lastAt: digest.lastAt,
  balances: digest.balances.length,
  lots: digest.lots.length,
  hash: digestHash(digest),
}));
const offsetMinutes = new Date(2026, 0, 1, 12).getTimezoneOffset();
process.stdout.write(`${JSON.stringify({ pure, tz: process.env.TZ ?? null, offsetMinutes, guarded, forbidden, results })}\n`);
