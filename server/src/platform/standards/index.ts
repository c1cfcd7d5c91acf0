export * from './citizenId';
export * from './uscc';
export * from './divisionCode';
export * from './phone';
