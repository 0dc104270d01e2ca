/**
 * Validation: the schema's shape errors and every cross-field rule, collected together and
 * reported at once. Constructs downstream trust the result and never re-validate.
 */
import { ADDON_IDS, unknownAddonIdIssues } from './addon-ids';
import { redactIssue } from './credentials';
import { applyDefaults } from './defaults';
import { partialSpec } from './partial';
import { SpecValidationError, sortIssues, type SpecIssue } from './errors';
import { addonRules, tenantRules } from './rules/addons-tenants';
import { awsNameRules } from './rules/aws-names';
import { backupRules } from './rules/backup';
import { adminRules, endpointRules, identityRules, networkRules } from './rules/cluster';
import { credentialRules } from './rules/credentials';
import { existingVpcRules } from './rules/existing-vpc';
import { asRecord, runRules, type Rule } from './rules/context';
import { tagRules } from './rules/tags';
import { tenantAccessRules } from './rules/tenant-access';
import { nodePoolRules } from './rules/node-pools';
import { observabilityRules } from './rules/observability';
import { adminPartitionRules, regionRules } from './rules/region';
import { editorPrincipalRules, securityRules } from './rules/security';
import { environmentSpecSchema } from './schema';
import { formatPath } from './field-path';
import { shapeIssues } from './shape-issues';
import type { EnvironmentSpec, ResolvedSpec } from './types';

/** Every cross-field rule, in no particular order (issues are sorted). */
export const RULES: readonly Rule[] = [identityRules, networkRules, endpointRules, adminRules, nodePoolRules, existingVpcRules, addonRules, tenantRules, observabilityRules, credentialRules, regionRules, adminPartitionRules, awsNameRules, tagRules, securityRules, editorPrincipalRules, backupRules, tenantAccessRules];

/** Result of validation. */
export type ValidationResult =
  | { ok: true; spec: ResolvedSpec }
  | {
      ok: false;
      issues: SpecIssue[];
      /**
       * Best-effort resolution with the shape errors set aside (lib/spec/partial.ts), for checks
       * that need a resolved spec (add-on selection, guard rails) to report alongside `issues`.
       * Never to be deployed. Absent when a required top-level field is missing or invalid.
       */
      partial?: ResolvedSpec;
    };

export { formatPath };

/** Options of `validateSpec`. */
export interface ValidateOptions {
  /** Ids of the add-on catalogue in use, for `addons.disabled` and `addons.overrides`. @default ADDON_IDS (the stock catalogue) */
  addonIds?: readonly string[];
}

/** Validate `input` as an EnvironmentSpec; on success return it with tier defaults applied. */
export function validateSpec(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const record = asRecord(input);
  if (!record) {
    return { ok: false, issues: [{ path: 'spec', problem: 'is not an object', fix: 'pass an EnvironmentSpec object (see `groundwork spec --env dev`)' }] };
  }
  const parsed = environmentSpecSchema.safeParse(input);
  const issues = [...(parsed.success ? [] : shapeIssues(input, parsed.error)), ...runRules(record, RULES), ...unknownAddonIdIssues(record, options.addonIds ?? ADDON_IDS)];
  // Masked here, once, so no rule (nor zod's echo of a value) can print a credential.
  if (issues.length > 0 || !parsed.success) {
    const partial = partialSpec(input);
    return { ok: false, issues: sortIssues(issues.map(redactIssue)), ...(partial ? { partial } : {}) };
  }
  return { ok: true, spec: applyDefaults(parsed.data as EnvironmentSpec) };
}

/** Validate and resolve `input`; throws one SpecValidationError listing every problem. */
export function resolveSpec(input: unknown): ResolvedSpec {
  const result = validateSpec(input);
  if (!result.ok) {
    const name = asRecord(input)?.name;
    throw new SpecValidationError(typeof name === 'string' ? name : '<unnamed>', result.issues);
  }
  return result.spec;
}
