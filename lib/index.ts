/** Groundwork's public API: the spec, the constructs of both halves, the blueprint and the planner. */
export * from './spec';
export * from './cloud';
export * from './k8s';
export * from './addons';
export * from './blueprint';
export * from './plan';
export * from './render';
