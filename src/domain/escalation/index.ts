// Deadline escalation: chains of reminder and escalation stages per step and class, and their timing.
export * from './chain';
