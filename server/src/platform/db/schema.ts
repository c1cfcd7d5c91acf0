// Every table of the platform and its modules, for the typed database handle.
export * from '../auth/schema';
export * from '../audit/schema';
export * from '../events/schema';
export * from '../http/schema';
export * from '../../modules/regions/schema';
export * from '../../modules/people/schema';
export * from '../../modules/org/schema';
export * from '../../modules/organizations/schema';
export * from '../../modules/workorders/schema';
export * from '../../modules/cadres/schema';
export * from '../../modules/points/schema';
