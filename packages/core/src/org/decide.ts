/**
 * Deciders of the reference-data commands. Each builds its event; the engine checks it against
 * the state (duplicates, unknown customers) before anything is appended.
 */
import * as E from 'fp-ts/Either';
import { CommandContext, defineCommand } from '../engine/module';
import { ChangeCustomerStatus, ConfigureOrg, DefineProgram, RegisterCustomer } from './commands';
import { CustomerRegistered, CustomerStatusChanged, OrgConfigured, ProgramDefined } from './events';

const envelope = <T extends string>(type: T, ctx: CommandContext) => ({ type, id: ctx.newId(), at: ctx.now });

export const configureOrg = defineCommand<ConfigureOrg>({
  type: 'ConfigureOrg',
  decide: (_s, c, ctx) => E.right([{ ...envelope('OrgConfigured', ctx), config: c.config } satisfies OrgConfigured]),
});

export const defineProgram = defineCommand<DefineProgram>({
  type: 'DefineProgram',
  decide: (_s, c, ctx) => {
    const { type: _t, ...fields } = c;
    return E.right([{ ...envelope('ProgramDefined', ctx), ...fields } satisfies ProgramDefined]);
  },
});

export const registerCustomer = defineCommand<RegisterCustomer>({
  type: 'RegisterCustomer',
  decide: (_s, c, ctx) => {
    const { type: _t, ...fields } = c;
    return E.right([{ ...envelope('CustomerRegistered', ctx), ...fields } satisfies CustomerRegistered]);
  },
});

export const changeCustomerStatus = defineCommand<ChangeCustomerStatus>({
  type: 'ChangeCustomerStatus',
  decide: (_s, c, ctx) => {
    const { type: _t, ...fields } = c;
    return E.right([{ ...envelope('CustomerStatusChanged', ctx), ...fields } satisfies CustomerStatusChanged]);
  },
});
