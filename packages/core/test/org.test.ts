/**
 * Given/when/then over the reference-data commands: ConfigureOrg, DefineProgram, RegisterCustomer and
 * ChangeCustomerStatus. Each acts with its event, refuses with its code, and the fold keeps what the
 * event says (defaults, merges, the identifier index).
 */
import { coreEngine, findCustomer, getCustomerLedgerBalance, programOf } from '@pointfold/core';
import { spec } from '@pointfold/core/testing';
import * as E from 'fp-ts/Either';
import { cmd, customer, customerRegistered, decoded, ev, eventSamples, minutes, points, programDefined, world } from './fixtures';

const core = spec(coreEngine);
const t1 = minutes(1);

describe('ConfigureOrg', () => {
  it('acts: appends OrgConfigured with the patch', () => {
    core
      .given(world)
      .when(cmd({ type: 'ConfigureOrg', config: { ENABLE_USER_GROUP_LOYALTY: true, redemption: { minPoints: points('10'), multipleOf: points('5') } } }))
      .then([ev({ type: 'OrgConfigured', id: 'when-1', at: t1, config: { ENABLE_USER_GROUP_LOYALTY: true, redemption: { minPoints: points('10'), multipleOf: points('5') } } })]);
  });

  it('merges each patch over the previous configuration, and stores alias flags under the main name', () => {
    const state = core
      .given([
        ev({ type: 'OrgConfigured', id: 'o1', at: t1, config: { ENABLE_USER_GROUP_LOYALTY: true, redemption: { minPoints: points('10') } } }),
        // The seeds' other spelling of a flag only comes in as JSON (a history line).
        decoded({ type: 'OrgConfigured', id: 'o2', at: '2026-01-01T00:01:00Z', config: { ENABLE_GROUP_PROGRAM_REDEMPTION: true, redemption: { maxPoints: '500' } } }),
        ev({ type: 'OrgConfigured', id: 'o3', at: t1, config: { ENABLE_USER_GROUP_LOYALTY: false } }),
      ])
      .state;
    expect(state.org.config.flags).toEqual({
      ENABLE_USER_GROUP_LOYALTY: false,
      ENABLE_GROUP_PROGRAMS_REDEMPTION: true,
      ENABLE_FLEET_LOYALTY: false,
      ALLOW_SKIPPING_VALIDATION: false,
      ALLOW_POINTS_REDEMPTION_REVERSAL: false,
      CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER: false,
    });
    expect(state.org.config.redemption).toEqual({ minPoints: points('10'), maxPoints: points('500') });
  });

  it('refuses a flag given two values under its two names (9908), whatever their order; the same value twice is one', () => {
    const line = (config: Record<string, boolean>) => decoded({ type: 'OrgConfigured', id: 'o1', at: '2026-01-01T00:01:00Z', config });
    const conflicting: Record<string, boolean>[] = [
      { ENABLE_FLEET_LOYALTY: false, FLEET_GROUP_LOYALTY_ENABLED: true },
      { FLEET_GROUP_LOYALTY_ENABLED: true, ENABLE_FLEET_LOYALTY: false },
      { ENABLE_GROUP_PROGRAM_REDEMPTION: false, ENABLE_GROUP_PROGRAMS_REDEMPTION: true },
    ];
    for (const config of conflicting) {
      const r = coreEngine.replay([...world, line(config)]);
      expect(E.isLeft(r) && [r.left.error.code, r.left.error.message]).toEqual([9908, expect.stringMatching(/name one flag and are given two values/)]);
    }
    // A decoded line keeps the codec's order of names: the main name comes first, whatever the line's order.
    const named = coreEngine.replay([...world, line({ FLEET_GROUP_LOYALTY_ENABLED: true, ENABLE_FLEET_LOYALTY: false })]);
    expect(E.isLeft(named) && named.left.error.message).toBe('ENABLE_FLEET_LOYALTY and FLEET_GROUP_LOYALTY_ENABLED name one flag and are given two values');
    const same = coreEngine.replay([...world, line({ FLEET_GROUP_LOYALTY_ENABLED: true, ENABLE_FLEET_LOYALTY: true })]);
    expect(E.isRight(same) && same.right.org.config.flags.ENABLE_FLEET_LOYALTY).toBe(true);
  });

  it('refuses a minimum above the maximum (9908), also against the configuration in force', () => {
    core.given(world).when(cmd({ type: 'ConfigureOrg', config: { redemption: { minPoints: points('20'), maxPoints: points('10') } } })).thenRejects(9908, /minPoints 20.000 is above maxPoints 10.000/);
    core
      .given([...world, ev({ type: 'OrgConfigured', id: 'o1', at: t1, config: { redemption: { maxPoints: points('10') } } })])
      .when(cmd({ type: 'ConfigureOrg', config: { redemption: { minPoints: points('10.001') } } }))
      .thenRejects(9908);
  });

  it('merges the transfer and reward settings as it merges the redemption settings: a setting given replaces, the others stay', () => {
    const state = core
      .given([
        ev({ type: 'OrgConfigured', id: 'o1', at: t1, config: { redemption: { minPoints: points('10') }, transfer: { multipleOf: points('5') }, rewards: { primaryIdentifier: 'mobile' } } }),
        ev({ type: 'OrgConfigured', id: 'o2', at: t1, config: { ENABLE_USER_GROUP_LOYALTY: true } }),
      ])
      .state;
    expect([state.org.config.redemption, state.org.config.transfer, state.org.config.rewards]).toEqual([{ minPoints: points('10') }, { multipleOf: points('5') }, { primaryIdentifier: 'mobile' }]);
    const replaced = core
      .given([
        ev({ type: 'OrgConfigured', id: 'o1', at: t1, config: { redemption: { minPoints: points('10') }, transfer: { multipleOf: points('5') }, rewards: { primaryIdentifier: 'mobile' } } }),
        ev({ type: 'OrgConfigured', id: 'o2', at: t1, config: { redemption: { minPoints: points('20') }, transfer: { multipleOf: points('10') }, rewards: { primaryIdentifier: 'email' } } }),
      ])
      .state;
    expect([replaced.org.config.redemption, replaced.org.config.transfer, replaced.org.config.rewards]).toEqual([{ minPoints: points('20') }, { multipleOf: points('10') }, { primaryIdentifier: 'email' }]);
  });

  it('keeps currencyPerPoint as its canonical decimal text, from a number too, and refuses zero or any other text', () => {
    const rate = (currencyPerPoint: unknown) => coreEngine.decodeEvent({ type: 'OrgConfigured', id: 'o1', at: '2026-01-01T00:01:00Z', config: { redemption: { currencyPerPoint } } });
    const kept = (currencyPerPoint: string) => E.right(expect.objectContaining({ config: { redemption: { currencyPerPoint } } }));
    expect(rate('0.250')).toEqual(kept('0.25'));
    expect(rate(2)).toEqual(kept('2'));
    for (const refused of ['0', '0.000', '-1', '1.5x', '1e3', '.5', '']) expect([refused, E.isLeft(rate(refused))]).toEqual([refused, true]);
  });

  it('accepts a minimum equal to the maximum', () => {
    const state = core.given(world).when(cmd({ type: 'ConfigureOrg', config: { redemption: { minPoints: points('10'), maxPoints: points('10') } } })).then((events) => expect(events).toHaveLength(1));
    expect(state.org.config.redemption).toEqual({ minPoints: points('10'), maxPoints: points('10') });
  });
});

describe('DefineProgram', () => {
  it('acts: appends ProgramDefined', () => {
    core
      .given(world)
      .when(cmd({ type: 'DefineProgram', programId: 2020, name: 'Fleet' }))
      .then([ev({ type: 'ProgramDefined', id: 'when-1', at: t1, programId: 2020, name: 'Fleet' })]);
  });

  it('refuses a program id already defined (9907)', () => {
    core.given(world).when(cmd({ type: 'DefineProgram', programId: 765, name: 'Again' })).thenRejects(9907, 'already defined: program 765');
  });

  it('makes the first program the default unless a later one says isDefault', () => {
    const award = cmd({ type: 'AwardPoints', entity: customer('c1'), points: points('5') });
    const base = [programDefined('p1', t1, 1, 'One'), programDefined('p2', t1, 2, 'Two'), customerRegistered('r1', t1, 'c1')];
    core.given(base).when(award).then((events) => expect(events).toMatchObject([{ type: 'PointsAwarded', programId: 1 }]));
    core
      .given([...base, programDefined('p3', t1, 3, 'Three', true)])
      .when(award)
      .then((events) => expect(events).toMatchObject([{ type: 'PointsAwarded', programId: 3 }]));
  });

  it('keeps the programs in the order they were defined, the default among them', () => {
    const state = core.given([programDefined('p1', t1, 2, 'Two'), programDefined('p2', t1, 1, 'One'), programDefined('p3', t1, 3, 'Three', true)]).state;
    expect([state.org.programOrder, state.org.defaultProgramId]).toEqual([[2, 1, 3], 3]);
    // A program is open to every wallet unless its line says groupRedemptionOnly.
    expect(programOf(state.org, 2)).toEqual({ programId: 2, name: 'Two', groupRedemptionOnly: false });
  });

  it('names its program in the ledger queries', () => {
    const state = core
      .given([...world, programDefined('p1', t1, 2020, 'Fleet')])
      .when(cmd({ type: 'AwardPoints', entity: customer('c1'), programId: 2020, points: points('1') }))
      .then((events) => expect(events).toHaveLength(1));
    const answer = getCustomerLedgerBalance(state, { entity: customer('c1'), endDate: minutes(10) });
    expect(answer).toEqual(E.right(expect.objectContaining({ ledgerDetails: expect.objectContaining({ ledgerClosingBalance: [{ pointsCategory: 'Main', programName: 'Fleet', programId: 2020, closingBalance: '1.000' }] }) })));
  });
});

describe('RegisterCustomer', () => {
  it('acts: appends CustomerRegistered with what was given', () => {
    core
      .given(world)
      .when(cmd({ type: 'RegisterCustomer', customerId: 'c9', identifiers: { mobile: '919999999999', email: 'Nine@Example.com' }, firstName: 'Nine' }))
      .then([ev({ type: 'CustomerRegistered', id: 'when-1', at: t1, customerId: 'c9', identifiers: { mobile: '919999999999', email: 'Nine@Example.com' }, firstName: 'Nine' })]);
  });

  it('folds defaults (source INSTORE, enrolled, ACTIVE) and finds the customer by each identifier, email without case', () => {
    const state = core.given([customerRegistered('r1', t1, 'c9', { mobile: '9199', email: 'Nine@Example.com', externalId: 'X9', cardnumber: 'CARD9' })]).state;
    const c = findCustomer(state.org, 'id', 'c9');
    expect(c).toEqual({ customerId: 'c9', identifiers: { mobile: '9199', email: 'Nine@Example.com', externalId: 'X9', cardnumber: 'CARD9' }, source: 'INSTORE', loyaltyEnrolled: true, status: 'ACTIVE', registeredAt: t1 });
    for (const [type, value] of [['mobile', '9199'], ['email', 'nine@example.COM'], ['externalId', 'X9'], ['cardnumber', 'CARD9']] as const) {
      expect(findCustomer(state.org, type, value)?.customerId).toBe('c9');
    }
    expect(findCustomer(state.org, 'externalId', 'x9')).toBeUndefined();
  });

  it('folds the names, source and enrolment a line gives', () => {
    const state = core.given([decoded(eventSamples.CustomerRegistered)]).state;
    expect(findCustomer(state.org, 'id', 'c1')).toEqual({
      customerId: 'c1',
      identifiers: { mobile: '91974', email: 'a@b.c', externalId: 'x', cardnumber: 'card' },
      firstName: 'A',
      lastName: 'B',
      source: 'ONLINE',
      loyaltyEnrolled: false,
      status: 'ACTIVE',
      registeredAt: decoded(eventSamples.CustomerRegistered).at,
    });
  });

  it('refuses a customer id already registered (9907)', () => {
    core.given(world).when(cmd({ type: 'RegisterCustomer', customerId: 'c1', identifiers: {} })).thenRejects(9907, 'already defined: customer c1');
  });

  it('refuses an identifier another customer holds (9907), emails compared without case', () => {
    core.given(world).when(cmd({ type: 'RegisterCustomer', customerId: 'c9', identifiers: { email: 'C1@EXAMPLE.com' } })).thenRejects(9907, /identifier email:c1@example.com \(customer c1\)/);
    core.given(world).when(cmd({ type: 'RegisterCustomer', customerId: 'c9', identifiers: { externalId: 'ext-c2' } })).thenRejects(9907);
  });
});

describe('ChangeCustomerStatus', () => {
  it('acts: appends CustomerStatusChanged', () => {
    core
      .given(world)
      .when(cmd({ type: 'ChangeCustomerStatus', customerId: 'c1', status: 'FRAUD' }))
      .then([ev({ type: 'CustomerStatusChanged', id: 'when-1', at: t1, customerId: 'c1', status: 'FRAUD' })]);
  });

  it('merges a customer into another, and forgets mergedInto when the status changes again', () => {
    const merged = core
      .given(world)
      .when(cmd({ type: 'ChangeCustomerStatus', customerId: 'c1', status: 'MERGED', mergedInto: 'c2' }))
      .then([ev({ type: 'CustomerStatusChanged', id: 'when-1', at: t1, customerId: 'c1', status: 'MERGED', mergedInto: 'c2' })]);
    expect(findCustomer(merged.org, 'id', 'c1')).toMatchObject({ status: 'MERGED', mergedInto: 'c2' });
    const back = core
      .given([...world, ev({ type: 'CustomerStatusChanged', id: 's1', at: t1, customerId: 'c1', status: 'MERGED', mergedInto: 'c2' }), ev({ type: 'CustomerStatusChanged', id: 's2', at: t1, customerId: 'c1', status: 'ACTIVE' })])
      .state;
    expect(findCustomer(back.org, 'id', 'c1')?.status).toBe('ACTIVE');
    expect(findCustomer(back.org, 'id', 'c1')).not.toHaveProperty('mergedInto');
  });

  it('refuses an unknown customer (816)', () => {
    core.given(world).when(cmd({ type: 'ChangeCustomerStatus', customerId: 'nobody', status: 'FRAUD' })).thenRejects(816, /nobody/);
  });

  it('refuses a merge into an unknown customer (816), into itself or without a target (9908)', () => {
    core.given(world).when(cmd({ type: 'ChangeCustomerStatus', customerId: 'c1', status: 'MERGED', mergedInto: 'nobody' })).thenRejects(816, /nobody/);
    core.given(world).when(cmd({ type: 'ChangeCustomerStatus', customerId: 'c1', status: 'MERGED', mergedInto: 'c1' })).thenRejects(9908);
    core.given(world).when(cmd({ type: 'ChangeCustomerStatus', customerId: 'c1', status: 'MERGED' })).thenRejects(9908);
  });

  it('refuses mergedInto with a status other than MERGED (9908)', () => {
    core.given(world).when(cmd({ type: 'ChangeCustomerStatus', customerId: 'c1', status: 'FRAUD', mergedInto: 'c2' })).thenRejects(9908);
  });
});
