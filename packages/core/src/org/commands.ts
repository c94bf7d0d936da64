/** Commands that change the organisation's reference data (each appends its reference event). */
import { ConfigPatch } from './config';
import { CustomerIdentifiers, CustomerStatus } from './state';

export interface ConfigureOrg {
  readonly type: 'ConfigureOrg';
  readonly config: ConfigPatch;
}

export interface DefineProgram {
  readonly type: 'DefineProgram';
  readonly programId: number;
  readonly name: string;
  readonly isDefault?: boolean;
  readonly groupRedemptionOnly?: boolean;
}

export interface RegisterCustomer {
  readonly type: 'RegisterCustomer';
  readonly customerId: string;
  readonly identifiers: CustomerIdentifiers;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly source?: string;
  readonly loyaltyEnrolled?: boolean;
}

export interface ChangeCustomerStatus {
  readonly type: 'ChangeCustomerStatus';
  readonly customerId: string;
  readonly status: CustomerStatus;
  readonly mergedInto?: string;
}

export type OrgCommand = ConfigureOrg | DefineProgram | RegisterCustomer | ChangeCustomerStatus;
