/** No host network, PID or IPC namespace: each exposes the node's processes or traffic to the pod. */
import { NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** `groundwork-no-host-namespaces`. */
export function noHostNamespacesPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const set = (f: string) => `variables.podSpec.?${f}.orValue(false)`;
  return {
    name: 'groundwork-no-host-namespaces',
    description: 'No hostNetwork, hostPID or hostIPC: the pod would see the node\'s traffic, processes or shared memory.',
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: POD_VARIABLES,
    validations: [
      {
        expression: FIELDS.map((f) => `!${set(f)}`).join(' && '),
        message: 'host namespaces (hostNetwork, hostPID, hostIPC) are not allowed',
        messageExpression: `'host namespaces are not allowed: ' + [${FIELDS.map((f) => `${set(f)} ? '${f}' : ''`).join(', ')}].filter(f, f != '').join(', ')`,
        reason: 'Forbidden',
      },
    ],
    scope: { tenants: true, platform: true },
    exemptions: ctx.exemptions.get('no-host-namespaces'),
  };
}
