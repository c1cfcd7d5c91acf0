/**
 * The leader team's use cases, one exported function each, `(db, actor, input) → result` in one
 * transaction with audit and events. Split by capability into sibling files; other modules import
 * from here only.
 */
export * from './registry';
export * from './plan';
export * from './seedPool';
export * from './selection';
export * from './recruitment';
export * from './training';
export * from './matters';
export * from './pay';
export * from './evaluation';
export * from './points';
export * from './faultTolerance';
export * from './honors';
export * from './card';
export { seedCadresDemo } from './demo';
