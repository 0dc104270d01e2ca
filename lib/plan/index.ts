export * from './mocks';
export * from './plan-platform';
export * from './planner';
