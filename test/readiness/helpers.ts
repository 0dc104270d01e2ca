/**
 * Builders for readiness fixtures: small, explicit Kubernetes objects, so each test shows the one
 * field it is about.
 */
import { applyDefaults } from '../../lib/spec/defaults';
import type { ResolvedSpec } from '../../lib/spec/types';
import type { RenderedObject } from '../../lib/readiness/types';
import type { Container, PodSpec, PodTemplate } from '../../lib/readiness/pod-templates';
import { readNamespaces, type PssLevel } from '../../lib/readiness/namespaces';
import { dev, prod, staging } from '../../stacks/environments';
import fixture from './fixtures/istio-1.30.3.json';

/** Stock environments, resolved. */
export const PROD: ResolvedSpec = applyDefaults(prod);
export const STAGING: ResolvedSpec = applyDefaults(staging);
export const DEV: ResolvedSpec = applyDefaults(dev);

/** A container that satisfies `restricted` and the resources/images checks. */
export function goodContainer(name = 'app', extra: Partial<Container> = {}): Container {
  return {
    name,
    image: 'registry.example.com/app:1.2.3',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    ...extra,
  };
}

/** A pod spec with one good container (override anything). */
export function goodSpec(extra: Partial<PodSpec> = {}): PodSpec {
  return { containers: [goodContainer()], ...extra };
}

/** A pod template in `namespace`, as extractPodTemplates would return it. */
export function template(spec: PodSpec, opts: { namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; owner?: string } = {}): PodTemplate {
  const namespace = opts.namespace ?? 'apps';
  return {
    owner: opts.owner ?? `Deployment/${namespace}/app`,
    ownerKind: 'Deployment',
    ownerName: 'app',
    namespace,
    labels: opts.labels ?? { app: 'app' },
    annotations: opts.annotations ?? {},
    spec,
  };
}

/** A Namespace object with a Pod Security enforce label and extra labels. */
export function namespaceObject(name: string, level?: PssLevel, labels: Record<string, string> = {}): RenderedObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...labels, ...(level ? { 'pod-security.kubernetes.io/enforce': level } : {}) } },
  };
}

/** Namespaces lookup over some Namespace objects. */
export function namespacesOf(...objects: RenderedObject[]) {
  return readNamespaces(objects);
}

/** A Deployment with `replicas` and the given pod spec/labels. */
export function deployment(name: string, namespace: string, spec: PodSpec, opts: { replicas?: number; labels?: Record<string, string> } = {}): RenderedObject {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec },
    },
  };
}

/** A NetworkPolicy. */
export function networkPolicy(name: string, namespace: string, spec: Record<string, unknown>): RenderedObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** The rendered istiod injector objects (istiod 1.30.3, CNI on) and the rendered gateway Deployment. */
export function istioFixture(): { objects: RenderedObject[]; gatewayDeployment: RenderedObject } {
  const copy = structuredClone(fixture) as unknown as { objects: RenderedObject[]; gatewayDeployment: RenderedObject };
  return copy;
}

/** The injector ConfigMap of the fixture with `change` applied to its `values` JSON. */
export function istioWithValues(change: (values: Record<string, any>) => void): RenderedObject[] {
  const { objects } = istioFixture();
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'istio-sidecar-injector')!;
  const data = cm.data as Record<string, string>;
  const values = JSON.parse(data.values);
  change(values);
  data.values = JSON.stringify(values);
  return objects;
}

/** Check ids of findings. */
export function checks(findings: ReadonlyArray<{ check: string }>): string[] {
  return findings.map((f) => f.check);
}
