/** No privileged containers: a privileged container is root on the node. */
import { NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** `groundwork-no-privileged`. */
export function noPrivilegedPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const privileged = "c.?securityContext.?privileged.orValue(false)";
  return {
    name: 'groundwork-no-privileged',
    description: 'No privileged containers: a privileged container has every capability and every host device, i.e. the node.',
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: POD_VARIABLES,
    validations: [
      {
        expression: `!variables.containers.exists(c, ${privileged})`,
        message: 'privileged containers are not allowed',
        messageExpression: `'privileged containers are not allowed: ' + variables.containers.filter(c, ${privileged}).map(c, c.name).join(', ')`,
        reason: 'Forbidden',
      },
    ],
    scope: { tenants: true, platform: true },
    exemptions: ctx.exemptions.get('no-privileged'),
  };
}
