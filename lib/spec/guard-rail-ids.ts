/**
 * Ids of the guard rails, known to the spec layer so `exceptions[].guardRail` can be validated
 * (the rules themselves live in lib/guard-rails, above the spec, because they judge merged
 * add-on values). A new guard rail adds its id here and its rule to lib/guard-rails.
 */
export const GUARD_RAIL_IDS = [
  'api-endpoint-exposure',
  'identity-bindings',
  'ingress-snippets',
  'mesh-mtls',
  'network-policy',
  'platform-pod-privileges',
  'pod-security',
  'team-chart-rbac',
] as const;

/** A guard rail id. */
export type GuardRailId = (typeof GUARD_RAIL_IDS)[number];
