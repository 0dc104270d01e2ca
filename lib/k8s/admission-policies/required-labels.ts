/**
 * The labels `spec.security.requiredLabels` names (team, cost center, app name) on every tenant
 * pod template: cost allocation and ownership are read from pod labels. Platform workloads carry
 * the charts' own labels and are owned by the platform team.
 */
import { celList, NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** `groundwork-required-labels` (tenants only). */
export function requiredLabelsPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const required = celList(ctx.spec.security.requiredLabels);
  const missing = `${required}.filter(l, !variables.podLabels.exists(k, k == l) || variables.podLabels[l] == '')`;
  return {
    name: 'groundwork-required-labels',
    description: `Tenant pod templates carry the labels ${ctx.spec.security.requiredLabels.join(', ')}.`,
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: POD_VARIABLES,
    validations: [
      {
        expression: `size(${missing}) == 0`,
        message: `pods need the labels ${ctx.spec.security.requiredLabels.join(', ')}`,
        messageExpression: `'pod labels missing: ' + ${missing}.join(', ')`,
        reason: 'Invalid',
      },
    ],
    scope: { tenants: true, platform: false },
    platformExemptReason: 'platform workloads carry their charts\' labels and belong to the platform team',
  };
}
