// 督查督办 (supervision of the plan): task progress and status, roll-ups, reading a plan file.
export * from './progress';
export * from './document';
