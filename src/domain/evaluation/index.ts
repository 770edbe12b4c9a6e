// The comprehensive evaluation (综合评价): indicators over the case event log, composites, grades and periods.
export * from './indicators';
export * from './rating';
export * from './facts';
export * from './counts';
export * from './config';
export * from './scoring';
export * from './period';
export * from './evaluate';
