// Notifications: the kinds and their words, the rules from case events, quiet hours.
export * from './kinds';
export * from './rules';
export * from './quiet-hours';
