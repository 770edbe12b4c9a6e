// Public surface of the illegal building register (违法建设): the state machine and the year's two targets.
export * from './machine';
export * from './targets';
