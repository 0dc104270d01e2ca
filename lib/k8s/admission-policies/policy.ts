/**
 * What one native admission policy is: a ValidatingAdmissionPolicy's match, variables and CEL
 * validations, and the namespaces it binds. Policies are data built from the spec (registries,
 * labels, tier); admission-policies.ts turns them into typed objects and bindings.
 */
import type { ResolvedSpec } from '../../spec/types';
import type { AdmissionExemption, ExemptableRule } from './exemptions';

/** One resource rule of a policy's `matchConstraints`. */
export interface ResourceRule {
  /** API groups (`''` is core). */
  apiGroups: string[];
  /** API versions. */
  apiVersions: string[];
  /** Resources (plural). */
  resources: string[];
  /** Operations judged. */
  operations: Array<'CREATE' | 'UPDATE' | 'DELETE'>;
}

/** A CEL variable, evaluated before the validations (`variables.<name>`). */
export interface PolicyVariable {
  /** Variable name. */
  name: string;
  /** CEL expression. */
  expression: string;
}

/** A CEL validation: false means the request violates the policy. */
export interface PolicyValidation {
  /** CEL expression that must be true. */
  expression: string;
  /** Static message, used when the message expression fails. */
  message: string;
  /** CEL expression naming the offending container or label. */
  messageExpression: string;
  /** HTTP reason reported to the client. */
  reason: 'Forbidden' | 'Invalid';
}

/** A CEL condition the request must meet to be judged at all. */
export interface PolicyMatchCondition {
  /** Condition name. */
  name: string;
  /** CEL expression. */
  expression: string;
}

/** Which namespaces a policy binds. */
export interface PolicyScope {
  /** Tenant namespaces (`groundwork.dev/tenant` present). */
  tenants: boolean;
  /** Every other namespace, minus the policy's exemptions. */
  platform: boolean;
}

/** One admission policy as data. */
export interface AdmissionPolicyDefinition {
  /** Object name, `groundwork-<rule>`. */
  name: string;
  /** What the policy refuses and why, recorded as an annotation. */
  description: string;
  /** Resources judged. */
  rules: ResourceRule[];
  /** Conditions a request must meet to be judged. @default none */
  matchConditions?: PolicyMatchCondition[];
  /** Variables shared by the validations. @default none */
  variables?: PolicyVariable[];
  /** The validations. */
  validations: PolicyValidation[];
  /** Where it binds. */
  scope: PolicyScope;
  /** Platform namespaces exempted, each with its reason. @default none */
  exemptions?: AdmissionExemption[];
  /** Why the policy does not bind platform namespaces, when it does not. @default none */
  platformExemptReason?: string;
  /** Why the policy denies in development too (it guards isolation, not hygiene), recorded as an annotation. @default none: development warns and audits */
  denyInEveryTierReason?: string;
}

/** What the policy builders read. */
export interface PolicyContext {
  /** The validated environment. */
  spec: ResolvedSpec;
  /** Registries (prefixes) allowed in tenant namespaces. */
  tenantRegistries: readonly string[];
  /** Registries (prefixes) allowed in platform namespaces, the tenant ones included. */
  platformRegistries: readonly string[];
  /** Exact images the platform injects into tenant pods (the mesh sidecar), allowed everywhere. */
  injectedImages: readonly string[];
  /** Platform namespace exemptions per policy rule. */
  exemptions: ReadonlyMap<ExemptableRule, AdmissionExemption[]>;
}
