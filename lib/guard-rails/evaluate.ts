/**
 * Evaluation: every guard rail over the resolved spec and the merged add-on values, matched with
 * the spec's exceptions. A violation no exception covers is a spec issue, reported with the
 * validation and selection problems; an exception that covers something is applied and recorded.
 */
import { sortIssues, type SpecIssue } from '../spec/errors';
import { apiEndpointExposure } from './api-endpoint-exposure';
import { matchExceptions, type AppliedException } from './exceptions';
import { identityBindings } from './identity-bindings';
import { ingressSnippets } from './ingress-snippets';
import { meshMtls } from './mesh-mtls';
import { networkPolicy } from './network-policy';
import { platformPodPrivileges } from './platform-pod-privileges';
import { podSecurity } from './pod-security';
import type { GuardRailInput, GuardRailRule, GuardRailViolation } from './violation';

/** Every guard rail's rule (violations are sorted, so order is free). */
export const GUARD_RAIL_RULES: readonly GuardRailRule[] = [
  apiEndpointExposure,
  identityBindings,
  ingressSnippets,
  meshMtls,
  networkPolicy,
  platformPodPrivileges,
  podSecurity,
];

/** Result of evaluating the guard rails. */
export interface GuardRailResult {
  /** Uncovered violations and problems with the exceptions; non-empty means the spec is refused. */
  readonly issues: SpecIssue[];
  /** Exceptions that cover violations, sorted by guard rail and target. */
  readonly applied: AppliedException[];
}

/** The issue of a violation no exception covers: fix it, or except it on purpose. */
function issueOf(v: GuardRailViolation): SpecIssue {
  return {
    path: v.path,
    problem: `${v.problem} (guard rail ${v.guardRail})`,
    fix: `${v.fix}; or, if this is deliberate, add to spec.exceptions: { guardRail: '${v.guardRail}', target: '${v.target}', reason: '…', approvedBy: '…' }`,
  };
}

/**
 * Run every guard rail on `input` and match the spec's exceptions. `judged` are violations found
 * elsewhere on the same spec (the team charts' objects, built by the blueprint), matched with the
 * same exceptions so one exception list covers both.
 */
export function evaluateGuardRails(input: GuardRailInput, judged: readonly GuardRailViolation[] = []): GuardRailResult {
  const violations = [...GUARD_RAIL_RULES.flatMap((rule) => rule(input)), ...judged];
  const { uncovered, applied, issues } = matchExceptions(violations, input.spec.exceptions ?? [], input.today);
  return { issues: sortIssues([...uncovered.map(issueOf), ...issues]), applied };
}
