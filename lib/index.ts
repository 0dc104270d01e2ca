/** Groundwork's public API: the spec, the constructs of both halves, the blueprint, the planner, rendering and the readiness checks. */
export * from './spec';
export * from './cloud';
export * from './k8s';
export * from './addons';
export * from './blueprint';
export * from './plan';
export * from './render';
export * from './readiness';
export * from './guard-rails';
export * from './extensions';
export * from './config';
