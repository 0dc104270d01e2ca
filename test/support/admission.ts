/**
 * Test helper: admits objects the way the API server would with the ValidatingAdmissionPolicies
 * and bindings an environment emits. It reads the synthesized policy objects (not the TypeScript
 * definitions behind them), selects bindings by their namespace selector against the namespace's
 * labels (`kubernetes.io/metadata.name` included, as the API server sets it), matches the policy's
 * resource rules for a CREATE, and evaluates the CEL in a worker (admission-worker.mjs).
 */
import { join } from 'node:path';
import { matchesSelector, readSelector } from '../../lib/readiness/label-selector';
import { callWorker } from './sync-worker';

type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };

/** One binding's judgement of one object. */
export interface Verdict {
  /** Policy name. */
  policy: string;
  /** Binding name. */
  binding: string;
  /** The binding's validationActions. */
  actions: string[];
  /** Messages of the validations that failed. */
  refusals: string[];
  /** Expressions that could not be evaluated. */
  errors: string[];
}

/** The judgement of one object: every binding that applies to it. */
export interface Admission {
  /** `Kind/namespace/name`. */
  object: string;
  verdicts: Verdict[];
}

const WORKER = join(__dirname, 'admission-worker.mjs');

/** API group and resource of the kinds the policies judge. */
const RESOURCES: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
};

/** Kinds a pod policy can judge. */
export const JUDGED_KINDS = new Set(Object.keys(RESOURCES));

type Rule = { apiGroups?: string[]; resources?: string[]; operations?: string[] };

function ruleMatches(rules: Rule[], kind: string): boolean {
  const r = RESOURCES[kind];
  if (!r) return false;
  return rules.some(
    (rule) =>
      (rule.apiGroups ?? []).some((g) => g === '*' || g === r.group) &&
      (rule.resources ?? []).some((x) => x === '*' || x === r.resource) &&
      (rule.operations ?? []).some((o) => o === '*' || o === 'CREATE'),
  );
}

/** Labels of every Namespace among `objects`, with the name label the API server adds. */
export function namespaceLabels(objects: readonly object[]): (namespace: string) => Record<string, string> {
  const known = new Map<string, Record<string, string>>();
  for (const o of objects as Obj[]) {
    if (o.kind === 'Namespace' && o.metadata?.name) known.set(o.metadata.name, { ...(o.metadata.labels ?? {}) });
  }
  return (namespace) => ({ ...(known.get(namespace) ?? {}), 'kubernetes.io/metadata.name': namespace });
}

/** The object as the API server decodes it: a JSON null is an absent field. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

const ref = (o: Obj) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * Admit `objects` (namespaced, with `metadata.namespace` set) under the policies and bindings
 * among `policyObjects`; `labelsOf` gives a namespace's labels.
 */
export function admit(policyObjects: readonly object[], objects: readonly object[], labelsOf: (namespace: string) => Record<string, string>): Admission[] {
  const all = policyObjects as Obj[];
  const policies = new Map(all.filter((o) => o.kind === 'ValidatingAdmissionPolicy').map((p) => [p.metadata!.name!, p]));
  const bindings = all.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
  const cases: Array<{ policy: unknown; object: unknown; namespaceObject: unknown }> = [];
  const slots: Array<{ index: number; policy: string; binding: string; actions: string[] }> = [];
  const judged = (objects as Obj[]).filter((o) => JUDGED_KINDS.has(o.kind ?? ''));
  judged.forEach((object, index) => {
    const namespace = object.metadata?.namespace ?? 'default';
    const labels = labelsOf(namespace);
    for (const binding of bindings) {
      const spec = binding.spec as { policyName: string; validationActions: string[]; matchResources?: { namespaceSelector?: unknown } };
      const policy = policies.get(spec.policyName);
      if (!policy) throw new Error(`binding ${binding.metadata?.name} names a policy that is not emitted: ${spec.policyName}`);
      const selector = readSelector(spec.matchResources?.namespaceSelector);
      if (selector && !matchesSelector(selector, labels)) continue;
      const pspec = policy.spec as { matchConstraints: { resourceRules: Rule[] } };
      if (!ruleMatches(pspec.matchConstraints.resourceRules, object.kind!)) continue;
      cases.push({ policy: policy.spec, object: withoutNulls(object), namespaceObject: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } } });
      slots.push({ index, policy: spec.policyName, binding: binding.metadata!.name!, actions: spec.validationActions });
    }
  });
  const results = cases.length === 0 ? [] : callWorker<Array<{ matched: boolean; refusals: string[]; errors: string[] }>>(WORKER, { type: 'admission', cases });
  const out: Admission[] = judged.map((o) => ({ object: ref(o), verdicts: [] }));
  results.forEach((r, i) => {
    if (!r.matched && r.errors.length === 0) return;
    const slot = slots[i];
    out[slot.index].verdicts.push({ policy: slot.policy, binding: slot.binding, actions: slot.actions, refusals: r.refusals, errors: r.errors });
  });
  return out;
}

/** Evaluate plain CEL expressions against `object` (a mutating policy's match conditions). */
export function evaluateOn(object: unknown, expressions: readonly string[]): unknown[] {
  return callWorker<unknown[]>(WORKER, { type: 'apply', expressions, object });
}
