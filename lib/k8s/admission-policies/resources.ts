/**
 * CPU and memory requests and a memory limit on every container (init containers too): the
 * scheduler places by requests, quotas count them, and a container without a memory limit can
 * push its neighbours into the OOM killer. No CPU limit is required: throttling hurts latency and
 * requests already decide the share under contention.
 */
import { NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** `groundwork-resources`. */
export function resourcesPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const complete =
    "(c.?resources.?requests[?'cpu'].hasValue() && c.?resources.?requests[?'memory'].hasValue() && c.?resources.?limits[?'memory'].hasValue())";
  return {
    name: 'groundwork-resources',
    description: 'Every container declares CPU and memory requests and a memory limit.',
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: POD_VARIABLES,
    validations: [
      {
        expression: `variables.containers.all(c, ${complete})`,
        message: 'every container needs resources.requests.cpu, resources.requests.memory and resources.limits.memory',
        messageExpression: `'containers without resources.requests.cpu, requests.memory and limits.memory: ' + variables.containers.filter(c, !${complete}).map(c, c.name).join(', ')`,
        reason: 'Invalid',
      },
    ],
    scope: { tenants: true, platform: true },
    exemptions: ctx.exemptions.get('resources'),
  };
}
