/**
 * Native admission policy (no controller to run or to fail open): a ValidatingAdmissionPolicy per
 * rule with one binding for tenant namespaces and one for every other namespace minus the
 * rule's reasoned exemptions, plus — where the Kubernetes version serves it — the seccomp default
 * as a MutatingAdmissionPolicy. Development warns and audits so a team sees what staging and
 * production will refuse; staging and production deny; a policy that guards isolation
 * (`denyInEveryTierReason`) denies everywhere. Emitted by the foundation chart so the
 * policies exist before any add-on installs.
 */
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { Construct } from 'constructs';
import type { ResolvedSpec, Tier } from '../../spec/types';
import { emitModel } from '../model-object';
import { groundworkLabels } from '../object-labels';
import { TENANT_NAMESPACE_LABEL } from '../tenant';
import { validatingPolicies } from './catalogue';
import { admissionExemptions, presentOnly, type NamespacePodSecurity } from './exemptions';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';
import { meshProxyImage, PLATFORM_REGISTRIES } from './registries';
import { emitSeccompDefault, supportsMutatingPolicies } from './seccomp-default';

/** Annotation on a platform binding: the exempted namespaces with their reasons (JSON). */
export const ADMISSION_EXEMPTIONS_ANNOTATION = 'groundwork.dev/admission-exemptions';
/** Annotation on a policy: what it refuses. */
export const ADMISSION_DESCRIPTION_ANNOTATION = 'groundwork.dev/description';
/** Annotation on a tenant-only policy: why platform namespaces are not bound. */
export const ADMISSION_PLATFORM_EXEMPT_ANNOTATION = 'groundwork.dev/platform-exempt';
/** Annotation on a policy that denies in development too: why. */
export const ADMISSION_DENY_IN_EVERY_TIER_ANNOTATION = 'groundwork.dev/deny-in-every-tier';
/** The namespace name label the API server sets on every namespace. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Props of {@link AdmissionPolicies}. */
export interface AdmissionPoliciesProps {
  /** The validated environment. */
  readonly spec: ResolvedSpec;
  /** Platform namespaces with their Pod Security levels (host-access exemptions follow `privileged`). */
  readonly namespaces: readonly NamespacePodSecurity[];
  /** Istio injects sidecars: its proxy image is allowed in tenant pods. */
  readonly meshInjection: boolean;
}

/** Binding actions by tier: development warns and audits, staging and production deny. */
export function validationActions(tier: Tier): Array<'Deny' | 'Warn' | 'Audit'> {
  return tier === 'development' ? ['Warn', 'Audit'] : ['Deny'];
}

/** The policy context of an environment. */
export function policyContext(props: AdmissionPoliciesProps): PolicyContext {
  const tenantRegistries = [...props.spec.security.allowedRegistries].sort();
  const platformRegistries = [...new Set([...tenantRegistries, ...PLATFORM_REGISTRIES.map((r) => r.prefix)])].sort();
  return {
    spec: props.spec,
    tenantRegistries,
    platformRegistries,
    injectedImages: props.meshInjection ? [meshProxyImage()] : [],
    // Only namespaces this environment has: an exemption for an add-on that is off would be noise.
    exemptions: presentOnly(admissionExemptions(props.namespaces), new Set(props.namespaces.map((n) => n.name))),
  };
}

/** The validating policies of an environment, as data (the tests evaluate these). */
export function admissionPolicyDefinitions(props: AdmissionPoliciesProps): AdmissionPolicyDefinition[] {
  return validatingPolicies(policyContext(props));
}

/** ValidatingAdmissionPolicies with their bindings, and the mutating default where served. */
export class AdmissionPolicies extends Construct {
  constructor(scope: Construct, id: string, props: AdmissionPoliciesProps) {
    super(scope, id);
    const labels = groundworkLabels(props.spec.name);
    for (const policy of admissionPolicyDefinitions(props)) {
      const actions = policy.denyInEveryTierReason ? ['Deny' as const] : validationActions(props.spec.tier);
      emitModel(
        this,
        policy.name,
        new ValidatingAdmissionPolicy({
          metadata: {
            name: policy.name,
            labels,
            annotations: {
              [ADMISSION_DESCRIPTION_ANNOTATION]: policy.description,
              ...(policy.platformExemptReason ? { [ADMISSION_PLATFORM_EXEMPT_ANNOTATION]: policy.platformExemptReason } : {}),
              ...(policy.denyInEveryTierReason ? { [ADMISSION_DENY_IN_EVERY_TIER_ANNOTATION]: policy.denyInEveryTierReason } : {}),
            },
          },
          spec: {
            failurePolicy: 'Fail',
            matchConstraints: { resourceRules: policy.rules.map((r) => ({ ...r, operations: [...r.operations] })) },
            ...(policy.matchConditions ? { matchConditions: policy.matchConditions } : {}),
            ...(policy.variables ? { variables: policy.variables } : {}),
            validations: policy.validations,
          },
        }),
      );
      if (policy.scope.tenants) {
        emitModel(
          this,
          `${policy.name}-tenants`,
          new ValidatingAdmissionPolicyBinding({
            metadata: { name: `${policy.name}-tenants`, labels },
            spec: {
              policyName: policy.name,
              validationActions: actions,
              matchResources: { namespaceSelector: { matchExpressions: [{ key: TENANT_NAMESPACE_LABEL, operator: 'Exists' }] } },
            },
          }),
        );
      }
      if (policy.scope.platform) {
        const exempt = policy.exemptions ?? [];
        emitModel(
          this,
          `${policy.name}-platform`,
          new ValidatingAdmissionPolicyBinding({
            metadata: {
              name: `${policy.name}-platform`,
              labels,
              ...(exempt.length > 0 ? { annotations: { [ADMISSION_EXEMPTIONS_ANNOTATION]: JSON.stringify(exempt) } } : {}),
            },
            spec: {
              policyName: policy.name,
              validationActions: actions,
              matchResources: {
                namespaceSelector: {
                  matchExpressions: [
                    { key: TENANT_NAMESPACE_LABEL, operator: 'DoesNotExist' },
                    ...(exempt.length > 0 ? [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: exempt.map((e) => e.namespace) }] : []),
                  ],
                },
              },
            },
          }),
        );
      }
    }
    if (supportsMutatingPolicies(props.spec.kubernetesVersion)) emitSeccompDefault(this, labels, TENANT_NAMESPACE_LABEL);
  }
}
