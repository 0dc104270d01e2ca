/**
 * A default set rather than a refusal (MutatingAdmissionPolicy, GA in Kubernetes 1.36): a tenant
 * pod without a pod-level seccomp profile gets `RuntimeDefault`. Pod Security `restricted`, which
 * every tenant namespace enforces, refuses such a pod — after its Deployment was accepted, so the
 * team sees only a stuck ReplicaSet. `RuntimeDefault` is the profile `restricted` asks for, the
 * one every container runtime ships; a profile a pod or container sets itself is never replaced
 * (a container-level profile wins over the pod's anyway). Nothing else is defaulted: the other
 * `restricted` fields (runAsNonRoot, dropped capabilities) can break an image that expects them
 * unset, so they stay refusals the team fixes knowingly.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** Minimum Kubernetes minor that serves `admissionregistration.k8s.io/v1` MutatingAdmissionPolicy. */
export const MUTATING_POLICY_MIN_MINOR = 36;

/** Name of the policy and its binding. */
export const SECCOMP_DEFAULT_POLICY = 'groundwork-default-seccomp';

/** The seccomp mutation's apply configuration (server-side-apply merge of the pod). */
export const SECCOMP_APPLY_CONFIGURATION =
  "Object{spec: Object.spec{securityContext: Object.spec.securityContext{seccompProfile: Object.spec.securityContext.seccompProfile{type: 'RuntimeDefault'}}}}";

/** When the mutation applies: the pod sets no pod-level profile. */
export const SECCOMP_MATCH_CONDITION = { name: 'no-pod-seccomp-profile', expression: '!has(object.spec.securityContext) || !has(object.spec.securityContext.seccompProfile)' };

/** Typed shape of the objects (kubernetes-models 4.x predates the v1 kind). */
interface MutatingAdmissionPolicySpec {
  failurePolicy: 'Fail' | 'Ignore';
  reinvocationPolicy: 'Never' | 'IfNeeded';
  matchConstraints: { resourceRules: Array<{ apiGroups: string[]; apiVersions: string[]; resources: string[]; operations: string[] }> };
  matchConditions: Array<{ name: string; expression: string }>;
  mutations: Array<{ patchType: 'ApplyConfiguration'; applyConfiguration: { expression: string } }>;
}
interface MutatingAdmissionPolicyBindingSpec {
  policyName: string;
  matchResources: { namespaceSelector: { matchExpressions: Array<{ key: string; operator: string }> } };
}

/** True when `kubernetesVersion` (`1.36`) serves MutatingAdmissionPolicy v1. */
export function supportsMutatingPolicies(kubernetesVersion: string): boolean {
  const [major, minor] = kubernetesVersion.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= MUTATING_POLICY_MIN_MINOR);
}

/** Emit the policy and its tenant binding into `scope`. */
export function emitSeccompDefault(scope: Construct, labels: Record<string, string>, tenantLabel: string): void {
  const spec: MutatingAdmissionPolicySpec = {
    failurePolicy: 'Fail',
    reinvocationPolicy: 'Never',
    matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] }] },
    matchConditions: [SECCOMP_MATCH_CONDITION],
    mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: SECCOMP_APPLY_CONFIGURATION } }],
  };
  new ApiObject(scope, SECCOMP_DEFAULT_POLICY, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: SECCOMP_DEFAULT_POLICY, labels },
    spec,
  });
  const binding: MutatingAdmissionPolicyBindingSpec = {
    policyName: SECCOMP_DEFAULT_POLICY,
    matchResources: { namespaceSelector: { matchExpressions: [{ key: tenantLabel, operator: 'Exists' }] } },
  };
  new ApiObject(scope, `${SECCOMP_DEFAULT_POLICY}-tenants`, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    metadata: { name: `${SECCOMP_DEFAULT_POLICY}-tenants`, labels },
    spec: binding,
  });
}
