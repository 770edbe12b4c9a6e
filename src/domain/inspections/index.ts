// Hazard inspections and 双随机、一公开: sectors and checklists, the reproducible double-random draw, its verification.
export * from './sectors';
export * from './draw';
export { sha256Hex } from './sha256';
