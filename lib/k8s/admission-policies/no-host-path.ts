/** No hostPath volumes: a host path mounts the node's filesystem (credentials, the container runtime socket). */
import { NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** `groundwork-no-host-path`. */
export function noHostPathPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const volumes = 'variables.podSpec.?volumes.orValue([])';
  return {
    name: 'groundwork-no-host-path',
    description: 'No hostPath volumes: they expose the node filesystem, the kubelet\'s credentials and the container runtime socket.',
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: POD_VARIABLES,
    validations: [
      {
        expression: `!${volumes}.exists(v, has(v.hostPath))`,
        message: 'hostPath volumes are not allowed',
        messageExpression: `'hostPath volumes are not allowed: ' + ${volumes}.filter(v, has(v.hostPath)).map(v, v.name + ' (' + v.hostPath.path + ')').join(', ')`,
        reason: 'Forbidden',
      },
    ],
    scope: { tenants: true, platform: true },
    exemptions: ctx.exemptions.get('no-host-path'),
  };
}
