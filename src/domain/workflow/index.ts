// The case workflow: states, the action policy table and the pure state machine.
export * from './states';
export * from './actions';
export * from './machine';
