#!/usr/bin/env node
// Writes examples/retail.jsonl: a realistic, deterministic history (programs, customers, awards with
// expiry, promised points and their release, deductions, expiries), made by running commands through
// the engine so that it always replays. Run after `npm run build`: node scripts/make-example.js
'use strict';
const fs = require('fs');
const path = require('path');
const E = require('fp-ts/Either');
const core = require('../packages/core/dist');
const { createPointfoldEngine } = require('../packages/cli/dist/engine');

const engine = createPointfoldEngine();
const { Points, ts, addDays } = core;

let seed = 20260301;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

const first = ['Asha', 'Tom', 'James', 'Mei', 'Ravi', 'Lena', 'Omar', 'Sofia', 'Kenji', 'Ana', 'Priya', 'Lucas', 'Nora', 'Idris', 'Chloe', 'Mateo', 'Zara', 'Yusuf', 'Elena', 'Arjun'];
const last = ['Sawyer', 'Thomas', 'Iyer', 'Chen', 'Okafor', 'Novak', 'Haddad', 'Rossi', 'Sato', 'Silva'];
const tills = [
  { code: 'hil.admin.1', storeCode: 'hil.admin', storeName: 'Sar HIL' },
  { code: 'demo.till.2', storeCode: 'demo.store', storeName: 'Demo HIL' },
  { code: 'web.till', storeCode: 'web', storeName: 'Web shop' },
];

let n = 0;
const ctx = (now) => ({ now, newId: () => `ev-${String(++n).padStart(5, '0')}`, newToken: (kind) => `${kind}-${n}` });
let state = engine.initialState;
const events = [];
let now = ts('2026-01-02T09:00:00Z');
const run = (command) => {
  const r = engine.execute(state, command, ctx(now));
  if (E.isLeft(r)) return r.left;
  events.push(...r.right.events);
  state = r.right.state;
  return undefined;
};
const must = (command) => {
  const err = run(command);
  if (err !== undefined) throw new Error(`${command.type}: ${err.code} ${err.message}`);
};

must({ type: 'ConfigureOrg', config: { redemption: { minPoints: Points.points('10'), multipleOf: Points.points('1') } } });
must({ type: 'DefineProgram', programId: 1745, name: 'Playground', isDefault: true });
must({ type: 'DefineProgram', programId: 1414, name: 'PurpleNeu' });
must({ type: 'DefineProgram', programId: 1568, name: 'Tata Ginger Loyalty' });
const customers = [];
for (let i = 0; i < 40; i++) {
  const id = String(502522200 + i);
  const f = first[i % first.length];
  const l = last[i % last.length];
  must({
    type: 'RegisterCustomer',
    customerId: id,
    identifiers: { mobile: `9197400${String(10000 + i)}`, email: `${f.toLowerCase()}.${l.toLowerCase()}${i}@example.com`, externalId: `tomanatest${i}`, cardnumber: `CARD${String(7000 + i)}` },
    firstName: f,
    lastName: l,
  });
  customers.push(id);
  now = addDays(now, 0.01);
}

const promised = [];
for (let day = 0; day < 180; day++) {
  now = addDays(ts('2026-01-05T09:00:00Z'), day);
  const visits = 1 + Math.floor(rnd() * 3);
  for (let v = 0; v < visits; v++) {
    now = (now + Math.floor(rnd() * 3_600_000)) ;
    const customer = pick(customers);
    const program = rnd() < 0.6 ? 1745 : rnd() < 0.7 ? 1414 : 1568;
    const till = pick(tills);
    const bill = `bill-${day}-${v}`;
    const r = rnd();
    if (r < 0.55) {
      must({
        type: 'AwardPoints',
        entity: { type: 'CUSTOMER', id: customer },
        programId: program,
        points: Points.points(String(10 + Math.floor(rnd() * 490))),
        expiresAt: addDays(now, 90),
        till,
        transaction: { id: String(189948000 + events.length), number: bill },
      });
    } else if (r < 0.7) {
      const category = rnd() < 0.7 ? 'DelayedAccrualPointCategory' : 'ExternalTriggerBasedPointCategory';
      must({ type: 'AwardPoints', entity: { type: 'CUSTOMER', id: customer }, programId: program, pointsCategory: category, points: Points.points(String(20 + Math.floor(rnd() * 200))), expiresAt: addDays(now, 120), till, transaction: { number: bill } });
      promised.push({ lotId: events[events.length - 1].id, due: addDays(now, 14) });
    } else {
      const amount = Points.points(String(5 + Math.floor(rnd() * 150)));
      run({ type: 'DeductPoints', entity: { type: 'CUSTOMER', id: customer }, programId: program, points: amount, reason: 'return of goods', till, transaction: { number: `return-${bill}` } });
    }
  }
  while (promised.length > 0 && promised[0].due <= now) {
    const p = promised.shift();
    run({ type: 'ReleasePromisedPoints', lotId: p.lotId });
  }
  if (day % 7 === 6) run({ type: 'ExpirePoints' });
}
now = ts('2026-07-15T00:00:00Z');
run({ type: 'ExpirePoints' });

const out = path.join(__dirname, '..', 'examples', 'retail.jsonl');
fs.writeFileSync(out, events.map((e) => JSON.stringify(engine.encodeEvent(e))).join('\n') + '\n');
console.log(`wrote ${events.length} events to ${path.relative(process.cwd(), out)}`);
