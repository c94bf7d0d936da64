/** Commands that change groups: create one, join one, leave one. Each appends its group event. */
import { GroupType } from './state';

export interface CreateUserGroup {
  readonly type: 'CreateUserGroup';
  readonly groupId: string;
  readonly externalId?: string;
  readonly groupType: GroupType;
  /** A registered customer, not merged (816): the group's first member, with every permission. */
  readonly primaryUserId: string;
  readonly name?: string;
}

export interface JoinUserGroup {
  readonly type: 'JoinUserGroup';
  readonly groupId: string;
  readonly userId: string;
  /** Defaults: redeem true, transfer false. */
  readonly permissions?: { readonly redeem?: boolean; readonly transfer?: boolean };
}

export interface LeaveUserGroup {
  readonly type: 'LeaveUserGroup';
  readonly groupId: string;
  readonly userId: string;
}

export type GroupCommand = CreateUserGroup | JoinUserGroup | LeaveUserGroup;
