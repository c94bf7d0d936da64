/** User groups (USERGROUP2): FLEET and FRIENDS_AND_FAMILY groups, membership, permissions, identifier resolution. */
export * from './state';
export * from './events';
export * from './commands';
export * from './decide';
export * from './queries';
