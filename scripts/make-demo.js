#!/usr/bin/env node
// Writes examples/demo.jsonl: examples/retail.jsonl followed by what the HTTP examples of docs/http.md
// act on: the organisation's flags, twelve more customers (502522240..502522251, with points that do
// not expire, so that the examples' balances do not depend on the day they are run), a
// FRIENDS_AND_FAMILY group (31059, "famgroup11") and a FLEET group (2626) with points, rewards (POINTS
// and CONV_RATIO payment configurations, a reward limited to a segment and a card series, a VENDOR
// reward), a segment and a card, and two redemptions with known ids to reverse and revert. Every
// event is made by a command through the engine, so the file always replays. Run after
// `npm run build`: node scripts/make-demo.js
'use strict';
const fs = require('fs');
const path = require('path');
const E = require('fp-ts/Either');
const core = require('../packages/core/dist');
const { createPointfoldEngine } = require('../packages/cli/dist/engine');

const engine = createPointfoldEngine();
const { Points, ts } = core;
const root = path.join(__dirname, '..');

// The retail history, folded.
const retail = fs.readFileSync(path.join(root, 'examples', 'retail.jsonl'), 'utf8');
const replayer = engine.replayer();
for (const [i, line] of retail.split('\n').entries()) {
  if (line.trim() === '') continue;
  const r = replayer.pushJson(JSON.parse(line));
  if (E.isLeft(r)) throw new Error(`examples/retail.jsonl:${i + 1}: ${typeof r.left === 'string' ? r.left : r.left.message}`);
}
let state = replayer.finish();

let n = 0;
let now = ts('2026-07-16T09:00:00Z');
const appended = [];
/** Runs a command at `now`; `ids` names the ids it takes (a redemption's `[eventId, redemptionId]`), the others are `demo-N`. */
const must = (command, ids = []) => {
  let i = 0;
  const ctx = { now, newId: () => ids[i++] ?? `demo-${String(++n).padStart(4, '0')}`, newToken: (kind) => `${kind}-demo-${n}` };
  const r = engine.execute(state, command, ctx);
  if (E.isLeft(r)) throw new Error(`${command.type}: ${r.left.code} ${r.left.message}`);
  appended.push(...r.right.events);
  state = r.right.state;
  now += 60_000;
};

must({
  type: 'ConfigureOrg',
  config: {
    ENABLE_USER_GROUP_LOYALTY: true,
    ENABLE_GROUP_PROGRAMS_REDEMPTION: true,
    ENABLE_FLEET_LOYALTY: true,
    ALLOW_SKIPPING_VALIDATION: true,
    ALLOW_POINTS_REDEMPTION_REVERSAL: true,
    transfer: { multipleOf: Points.points('0.5') },
  },
});

// Customers of the examples, with points that do not expire.
const people = [
  ['Ada', 'Lovelace'],
  ['Alan', 'Turing'],
  ['Grace', 'Hopper'],
  ['Edsger', 'Dijkstra'],
  ['Barbara', 'Liskov'],
  ['Donald', 'Knuth'],
  ['Katherine', 'Johnson'],
  ['Dennis', 'Ritchie'],
  ['Frances', 'Allen'],
  ['Ken', 'Thompson'],
  ['Radia', 'Perlman'],
  ['John', 'Backus'],
];
people.forEach(([first, last], k) => {
  const i = 40 + k;
  const customerId = String(502522200 + i);
  must({
    type: 'RegisterCustomer',
    customerId,
    identifiers: { mobile: `9197400100${i}`, email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com`, externalId: `demo${i}` },
    firstName: first,
    lastName: last,
  });
  must({ type: 'AwardPoints', entity: { type: 'CUSTOMER', id: customerId }, programId: 1745, points: Points.points('5000'), notes: 'welcome points' });
});

// A friends-and-family group and a fleet, with points in their wallets.
must({ type: 'CreateUserGroup', groupId: '31059', externalId: 'famgroup11', groupType: 'FRIENDS_AND_FAMILY', primaryUserId: '502522246', name: 'Johnson family' });
must({ type: 'JoinUserGroup', groupId: '31059', userId: '502522247', permissions: { redeem: true, transfer: true } });
must({ type: 'JoinUserGroup', groupId: '31059', userId: '502522248' });
must({ type: 'CreateUserGroup', groupId: '2626', externalId: 'fleet-2626', groupType: 'FLEET', primaryUserId: '502522249', name: 'Delivery fleet' });
must({ type: 'JoinUserGroup', groupId: '2626', userId: '502522250', permissions: { redeem: true, transfer: true } });
must({ type: 'JoinUserGroup', groupId: '2626', userId: '502522251' });
must({ type: 'AwardPoints', entity: { type: 'USERGROUP2', id: '31059' }, programId: 1745, points: Points.points('2000') });
must({ type: 'AwardPoints', entity: { type: 'USERGROUP2', id: '2626' }, programId: 1745, points: Points.points('1500') });

// Rewards: a fixed price with an Intouch coupon, a conversion ratio, one for a segment and a card series, a vendor's.
must({ type: 'DefineReward', rewardId: '15465', brand: 'MarvelTest', name: 'Coffee voucher', paymentConfigs: [{ id: 1, mode: 'POINTS', points: Points.points('100') }] });
must({
  type: 'DefineReward',
  rewardId: '3799',
  brand: 'BUKL',
  name: 'Air miles',
  paymentConfigs: [{ id: 3799, mode: 'CONV_RATIO', conversionRatio: '0.44', redemptionType: 'MILES' }],
  constraints: [{ level: 'CUSTOMER', periodDays: 30, maxIssues: 5 }],
});
must({
  type: 'DefineReward',
  rewardId: 'gold-lounge',
  brand: 'MarvelTest',
  name: 'Lounge pass',
  segments: [{ segment: 'tier', partition: 'gold' }],
  cardSeries: 'GOLD',
  paymentConfigs: [
    { id: 'gold-points', mode: 'POINTS', points: Points.points('250') },
    { id: 'gold-ratio', mode: 'CONV_RATIO', conversionRatio: '0.5', redemptionType: 'VISITS' },
  ],
});
must({ type: 'DefineReward', rewardId: 'partner-voucher', brand: 'MarvelTest', name: 'Partner voucher', fulfillment: 'VENDOR', paymentConfigs: [{ id: 55, mode: 'POINTS', points: Points.points('500') }] });
must({ type: 'AssignCustomerSegments', customerId: '502522243', memberships: [{ segment: 'tier', partition: 'gold' }] });
must({ type: 'IssueCard', customerId: '502522243', cardNumber: 'GOLD-0043', series: 'GOLD', status: 'ACTIVE' });

// Two redemptions with known ids: one to reverse (POST /v2/points/reverse), one to revert by its transaction number.
must(
  { type: 'RedeemPoints', customer: { type: 'mobile', value: '919740010044' }, points: Points.points('100'), skipValidation: true, transactionNumber: 'demo-bill-1', notes: 'demo' },
  ['demo-redeem-event-1', 'demo-redemption-1'],
);
must(
  { type: 'RedeemPoints', customer: { type: 'mobile', value: '919740010045' }, points: Points.points('60'), skipValidation: true, transactionNumber: 'demo-bill-2', notes: 'demo' },
  ['demo-redeem-event-2', 'demo-redemption-2'],
);

const out = path.join(root, 'examples', 'demo.jsonl');
const text = retail.replace(/\n*$/, '\n') + appended.map((e) => `${JSON.stringify(engine.encodeEvent(e))}\n`).join('');
fs.writeFileSync(out, text);
console.error(`wrote ${path.relative(root, out)}: ${retail.split('\n').filter((l) => l.trim() !== '').length} retail events and ${appended.length} demo events`);
