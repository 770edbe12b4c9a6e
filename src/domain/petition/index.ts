// The petition (信访) workflow: states, channels, 诉访分离 screening, natural-day limits on the calendar, the machine.
export * from './states';
export * from './limits';
export * from './screening';
export * from './actions';
export * from './machine';
export * from './labels';
