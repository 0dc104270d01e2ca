/**
 * A readiness probe on every container of a Deployment: without one a rolling update sends
 * traffic to pods that are not serving yet and removes the old ones before the new ones work.
 */
import { NOT_BEING_DELETED, DEPLOYMENT_RULES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** `groundwork-readiness-probes`. */
export function readinessProbesPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  return {
    name: 'groundwork-readiness-probes',
    description: 'Every container of a Deployment has a readiness probe.',
    rules: DEPLOYMENT_RULES,
    matchConditions: [NOT_BEING_DELETED],
    validations: [
      {
        expression: 'object.spec.template.spec.containers.all(c, has(c.readinessProbe))',
        message: 'every container of a Deployment needs a readinessProbe',
        messageExpression: "'containers without a readinessProbe: ' + object.spec.template.spec.containers.filter(c, !has(c.readinessProbe)).map(c, c.name).join(', ')",
        reason: 'Invalid',
      },
    ],
    scope: { tenants: true, platform: true },
    exemptions: ctx.exemptions.get('readiness-probes'),
  };
}
