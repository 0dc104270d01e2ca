/**
 * Test helper: admits objects the way the API server would with the ValidatingAdmissionPolicies
 * and bindings an environment emits. It reads the synthesized policy objects (not the TypeScript
 * definitions behind them), selects bindings by their namespace selector against the namespace's
 * labels (`kubernetes.io/metadata.name` included, as the API server sets it), matches the policy's
 * resource rules for a CREATE (`admit`) or for any request (`admitRequest`: UPDATE and DELETE
 * with `oldObject`, the user's groups), and evaluates the CEL in a worker (admission-worker.mjs).
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

/** API group and resource (plural) of the namespaced kinds the platform's protection tests name (the API's own names, not the policy's). */
const API_RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  'v1/LimitRange': { group: '', version: 'v1', resource: 'limitranges' },
  'v1/ResourceQuota': { group: '', version: 'v1', resource: 'resourcequotas' },
  'v1/ServiceAccount': { group: '', version: 'v1', resource: 'serviceaccounts' },
  'networking.k8s.io/v1/NetworkPolicy': { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' },
  'rbac.authorization.k8s.io/v1/Role': { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  'rbac.authorization.k8s.io/v1/RoleBinding': { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  'security.istio.io/v1/AuthorizationPolicy': { group: 'security.istio.io', version: 'v1', resource: 'authorizationpolicies' },
};

/** The resource a request for `o` names; throws for a kind not in the table (add it with its API plural). */
export function resourceOf(o: { apiVersion?: string; kind?: string }): { group: string; version: string; resource: string } {
  const r = API_RESOURCES[`${o.apiVersion}/${o.kind}`];
  if (!r) throw new Error(`no API resource known for ${o.apiVersion} ${o.kind}: add it to API_RESOURCES in test/support/admission.ts`);
  return r;
}

type Rule = { apiGroups?: string[]; resources?: string[]; operations?: string[] };

function ruleMatches(rules: Rule[], r: { group: string; resource: string } | undefined, operation = 'CREATE'): boolean {
  if (!r) return false;
  return rules.some(
    (rule) =>
      (rule.apiGroups ?? []).some((g) => g === '*' || g === r.group) &&
      (rule.resources ?? []).some((x) => x === '*' || x === r.resource) &&
      (rule.operations ?? []).some((o) => o === '*' || o === operation),
  );
}

type Bound = { policy: Obj; policyName: string; binding: string; actions: string[] };

/** Every binding among `policyObjects` whose namespace selector admits `labels`, with its policy. */
function boundPolicies(policyObjects: readonly object[], labels: Record<string, string>): Bound[] {
  const all = policyObjects as Obj[];
  const policies = new Map(all.filter((o) => o.kind === 'ValidatingAdmissionPolicy').map((p) => [p.metadata!.name!, p]));
  return all
    .filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding')
    .flatMap((binding) => {
      const spec = binding.spec as { policyName: string; validationActions: string[]; matchResources?: { namespaceSelector?: unknown } };
      const policy = policies.get(spec.policyName);
      if (!policy) throw new Error(`binding ${binding.metadata?.name} names a policy that is not emitted: ${spec.policyName}`);
      const selector = readSelector(spec.matchResources?.namespaceSelector);
      if (selector && !matchesSelector(selector, labels)) return [];
      return [{ policy, policyName: spec.policyName, binding: binding.metadata!.name!, actions: spec.validationActions }];
    });
}

const rulesOf = (policy: Obj) => (policy.spec as { matchConstraints: { resourceRules: Rule[] } }).matchConstraints.resourceRules;

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
  const cases: Array<{ policy: unknown; object: unknown; namespaceObject: unknown }> = [];
  const slots: Array<{ index: number; policy: string; binding: string; actions: string[] }> = [];
  const judged = (objects as Obj[]).filter((o) => JUDGED_KINDS.has(o.kind ?? ''));
  judged.forEach((object, index) => {
    const namespace = object.metadata?.namespace ?? 'default';
    const labels = labelsOf(namespace);
    for (const bound of boundPolicies(policyObjects, labels)) {
      if (!ruleMatches(rulesOf(bound.policy), RESOURCES[object.kind!])) continue;
      cases.push({ policy: bound.policy.spec, object: withoutNulls(object), namespaceObject: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } } });
      slots.push({ index, policy: bound.policyName, binding: bound.binding, actions: bound.actions });
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

/** One API request, as a ValidatingAdmissionPolicy sees it. */
export interface RequestInput {
  /** The operation. */
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  /** The resource requested. @default the object's, from {@link resourceOf} */
  resource?: { group: string; version: string; resource: string };
  /** The object after the request. @default none (DELETE) */
  object?: object;
  /** The object before the request. @default none (CREATE) */
  oldObject?: object;
  /** Who sends it. */
  userInfo: { username: string; groups?: string[] };
}

/**
 * Judge one request of any operation and resource under the bindings among `policyObjects`:
 * `request` (operation, kind, resource, namespace, name, userInfo), `object` and `oldObject` as
 * the API server passes them. One verdict per binding whose policy matches the request.
 */
export function admitRequest(policyObjects: readonly object[], input: RequestInput, labelsOf: (namespace: string) => Record<string, string>): Verdict[] {
  const subject = (input.object ?? input.oldObject) as Obj | undefined;
  if (!subject?.metadata?.namespace) throw new Error('admitRequest: object or oldObject with metadata.namespace required');
  const namespace = subject.metadata.namespace;
  const labels = labelsOf(namespace);
  const [group, version] = subject.apiVersion!.includes('/') ? subject.apiVersion!.split('/') : ['', subject.apiVersion!];
  const resource = input.resource ?? resourceOf(subject);
  const request = {
    operation: input.operation,
    kind: { group, version, kind: subject.kind },
    resource,
    namespace,
    name: subject.metadata.name ?? '',
    userInfo: input.userInfo,
  };
  const bound = boundPolicies(policyObjects, labels).filter((b) => ruleMatches(rulesOf(b.policy), resource, input.operation));
  if (bound.length === 0) return [];
  const namespaceObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } };
  const cases = bound.map((b) => ({
    policy: b.policy.spec,
    object: input.object ? withoutNulls(input.object) : null,
    oldObject: input.oldObject ? withoutNulls(input.oldObject) : null,
    request,
    namespaceObject,
  }));
  const results = callWorker<Array<{ matched: boolean; refusals: string[]; errors: string[] }>>(WORKER, { type: 'admission', cases });
  return results.flatMap((r, i) =>
    !r.matched && r.errors.length === 0 ? [] : [{ policy: bound[i].policyName, binding: bound[i].binding, actions: bound[i].actions, refusals: r.refusals, errors: r.errors }],
  );
}

/** Evaluate plain CEL expressions against `object` (a mutating policy's match conditions). */
export function evaluateOn(object: unknown, expressions: readonly string[]): unknown[] {
  return callWorker<unknown[]>(WORKER, { type: 'apply', expressions, object });
}
