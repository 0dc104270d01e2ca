/**
 * Every readiness check over what actually runs: the objects are placed in their namespaces, the
 * mesh injector is applied to the pods it would mutate, and then Pod Security, availability,
 * resources, images and network flows are judged. Findings come back grouped by area, each with
 * the exception that accepts it, if any.
 */
import type { DeclaredNetworkNeed } from '../addons/network';
import type { ResolvedSpec } from '../spec/types';
import { checkReplicas } from './availability-replicas';
import { checkDisruptionBudgets } from './disruption-budget';
import { applyExceptions, exceptionProblems } from './exceptions';
import { expectedFlows } from './expected-flows';
import { checkFlows } from './flow-check';
import { flowName, type FlowBlock } from './flows';
import { networkContext } from './flow-verdict';
import { checkImages } from './images';
import { injectMesh } from './inject-pod';
import { placeAll, type ReleaseObjects } from './kube-objects';
import { readInjector } from './mesh-injector';
import { readNamespaces, type PssLevel } from './namespaces';
import { operatorWorkloads } from './operator-workloads';
import { checkPodSecurity } from './pod-security';
import { checkPriorityClasses } from './priority-class';
import { extractPodTemplates } from './pod-templates';
import { checkResources } from './resources';
import { checkSystemPool } from './system-pool';
import { tenantProbeTemplates } from './tenant-probe';
import { READINESS_AREAS, sortFindings, type Finding, type RenderedObject, type ReadinessArea, type ReadinessException, type ReportedFinding } from './types';
import { availabilityRequirements, readWorkloads, type AvailabilityRequirements } from './workloads';
import { checkZoneSpread } from './zone-spread';

/** Inputs of {@link checkReadiness}. */
export interface ReadinessInput {
  /** The resolved environment. */
  spec: ResolvedSpec;
  /** Every object: rendered Helm output and cdk8s manifests. */
  objects: readonly RenderedObject[];
  /** Releases, so their objects without a namespace land in the release namespace. @default [] */
  releases?: readonly ReleaseObjects[];
  /** Accepted findings, each with its reason. @default [] */
  exceptions?: readonly ReadinessException[];
  /** Pod Security level of namespaces the objects do not label (default: privileged, as on EKS). @default {} */
  namespaceLevels?: Record<string, PssLevel>;
  /** The add-ons' declared connections (`platform.networkNeeds()`), each a row of the expected flows. @default [] */
  networkNeeds?: readonly DeclaredNetworkNeed[];
  /** Availability requirements instead of the tier profile's. @default availabilityRequirements(spec.profile) */
  requirements?: AvailabilityRequirements;
}

/** A checked flow, as the report shows it. */
export interface FlowSummary {
  /** The flow, `source → destination:port/protocol`. */
  name: string;
  /** Why the platform needs this flow to work (what breaks without it). */
  purpose: string;
  /** Whether every layer (NetworkPolicy, mesh mTLS, AuthorizationPolicy) lets it through. */
  allowed: boolean;
  /** The layers that block it, with the object that does; empty when allowed. */
  blocked: FlowBlock[];
  /** The objects that admit it, as references, so a reviewer can check the verdict. */
  evidence: string[];
}

/** Everything the checks found. */
export interface ReadinessResult {
  /** Environment name. */
  environment: string;
  /** Findings per area, sorted. */
  areas: Record<ReadinessArea, ReportedFinding[]>;
  /** Findings not covered by an exception. */
  failures: number;
  /** Findings covered by an exception. */
  excepted: number;
  /** Exceptions that matched no finding (stale). */
  unusedExceptions: ReadinessException[];
  /** Availability requirements applied. */
  requirements: AvailabilityRequirements;
  /** Pods the mesh injects (tenants' probe pods as `Namespace/<tenant>`), with the reason, sorted by owner. */
  injected: Array<{ owner: string; reason: string }>;
  /** Every expected flow and its verdict, sorted by name. */
  flows: FlowSummary[];
  /** What was deliberately not checked. */
  notes: string[];
}

function areaOf(f: Finding): ReadinessArea {
  const prefix = f.check.split('.')[0] as ReadinessArea;
  return READINESS_AREAS.includes(prefix) ? prefix : 'network';
}

/** Run every check. Throws when an exception gives no reason. */
export function checkReadiness(input: ReadinessInput): ReadinessResult {
  const exceptions = input.exceptions ?? [];
  const problems = exceptionProblems(exceptions);
  if (problems.length) throw new Error(`Invalid readiness exceptions:\n  - ${problems.join('\n  - ')}`);

  const placed = placeAll(input.objects, input.releases ?? []);
  // prometheus-operator's StatefulSets exist only at runtime: modelled from their custom resources, then judged like rendered objects.
  const modelled = operatorWorkloads(placed);
  const objects = [...placed, ...modelled];
  const namespaces = readNamespaces(objects, input.namespaceLevels ?? {});
  const injector = readInjector(objects);
  const meshOptions = { kubernetesVersion: input.spec.kubernetesVersion };
  const mesh = injectMesh(extractPodTemplates(objects), namespaces, injector, meshOptions);
  const templates = mesh.templates;
  // What a well-behaved tenant pod would get; judged with the rendered pods, kept out of the flow table (tenants have their own rows).
  const probes = injectMesh(tenantProbeTemplates(input.spec), namespaces, injector, meshOptions);
  const judged = [...templates, ...probes.templates];
  const requirements = input.requirements ?? availabilityRequirements(input.spec.profile);
  const workloads = readWorkloads(objects).map((w) => ({ ...w, template: templates.find((t) => t.owner === w.ref) ?? w.template }));

  const table = expectedFlows({ spec: input.spec, objects, templates, namespaces, injector, declared: input.networkNeeds });
  const flows = checkFlows(table.flows, networkContext(objects, namespaces, injector ?? {}));

  const all: Finding[] = [
    ...mesh.findings,
    ...probes.findings,
    ...checkPodSecurity(judged, namespaces),
    ...checkReplicas(workloads, requirements),
    ...checkDisruptionBudgets(workloads, objects, requirements),
    ...checkZoneSpread(workloads, requirements),
    ...checkSystemPool(workloads, input.spec, requirements),
    ...checkPriorityClasses(templates, objects, input.spec),
    ...checkResources(judged, objects),
    ...checkImages(judged),
    ...table.findings,
    ...flows.findings,
  ];
  const { findings, unused } = applyExceptions(sortFindings(all), exceptions);
  const areas = Object.fromEntries(READINESS_AREAS.map((a) => [a, findings.filter((f) => areaOf(f) === a)])) as Record<ReadinessArea, ReportedFinding[]>;
  return {
    environment: input.spec.name,
    areas,
    failures: findings.filter((f) => f.excepted === undefined).length,
    excepted: findings.filter((f) => f.excepted !== undefined).length,
    unusedExceptions: unused,
    requirements,
    injected: [...mesh.decisions.entries(), ...probes.decisions.entries()].map(([owner, reason]) => ({ owner, reason })).sort((a, b) => (a.owner < b.owner ? -1 : 1)),
    flows: flows.checked.map(({ flow, verdict }) => ({ name: flowName(flow), purpose: flow.purpose ?? '', allowed: verdict.allowed, blocked: verdict.blocked, evidence: verdict.evidence })),
    notes: [
      'Pod Security is judged at policy version latest, whatever enforce-version a namespace pins.',
      'Namespaces not among the objects are EKS-managed and enforce privileged unless namespaceLevels says otherwise.',
      ...(modelled.length ? [`Modelled from prometheus-operator custom resources (lib/readiness/operator-workloads.ts), not rendered: ${modelled.map((o) => `StatefulSet/${o.metadata.namespace}/${o.metadata.name}`).join(', ')}.`] : []),
      ...table.omitted.map((o) => `Flows not checked: ${o}.`),
    ],
  };
}
