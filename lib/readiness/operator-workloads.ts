/**
 * The StatefulSets prometheus-operator (v0.93, chart kube-prometheus-stack 88.5.3) creates at
 * runtime from each rendered `Prometheus` and `Alertmanager` resource, modelled the way the
 * operator builds them (pkg/prometheus/server/statefulset.go, pkg/alertmanager/statefulset.go,
 * pkg/operator/config_reloader.go), so the readiness checks judge the pods that actually run —
 * Pod Security, resources, images, replicas, budgets, spread, placement and flows — instead of
 * trusting the custom resources. What the operator takes from the resource is taken verbatim;
 * what it adds (containers, their security contexts, selector labels) is added here.
 */
import { mergeFields } from './inject-pod';
import { ofKind } from './kube-objects';
import { readOperatorConfig, type OperatorConfig } from './operator-config';
import type { Container, PodSpec, Volume } from './pod-templates';
import { asObject, asObjects, asStringMap, refOf, type Json, type RenderedObject } from './types';
import { cloneData } from '../spec/defaults';

/** Annotation on every modelled object: the custom resource it was derived from. */
export const MODELLED_FROM_ANNOTATION = 'groundwork.dev/modelled-from';

/** The operator's security context on every container it adds (all three containers in all versions read). */
const OPERATOR_CONTAINER_SECURITY = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

/** Selector labels of `Prometheus/<name>` pods (makeSelectorLabels; the shard label is added per StatefulSet). */
export function prometheusSelectorLabels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'prometheus',
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': name,
    'operator.prometheus.io/name': name,
    prometheus: name,
  };
}

/** Selector labels of `Alertmanager/<name>` pods (makeSelectorLabels). */
export function alertmanagerSelectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': name, alertmanager: name };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * operator.BuildImagePath: `image` wins; else `<baseImage>@sha256:<sha>`, `:<tag>` or `:<version>`.
 * Without any of them the operator uses its compiled-in default version, which this model does
 * not know: the image is left untagged so the images check asks for an explicit version.
 */
function imagePath(spec: Json, defaultBase: string): string {
  const image = str(spec.image);
  if (image) return image;
  const base = str(spec.baseImage) ?? defaultBase;
  const sha = str(spec.sha);
  if (sha) return `${base}@sha256:${sha}`;
  const tag = str(spec.tag) ?? str(spec.version);
  return tag ? `${base}:${tag}` : base;
}

/** k8sutil.MergePatchContainers: the resource's containers patch the operator's by name, new names are appended. */
function mergeContainers(base: Container[], overrides: unknown): Container[] {
  const out = [...base];
  for (const c of asObjects(overrides)) {
    const i = out.findIndex((x) => x.name === c.name);
    // Strategic merge keys lists (env, ports, mounts) by name; field-wise merge is exact for what the checks read.
    if (i >= 0) out[i] = mergeFields(out[i], c);
    else out.push(c as Container);
  }
  return out;
}

/** A config-reloader container (operator.CreateConfigReloader): init containers listen on 8081, the sidecar on 8080. */
function configReloader(name: string, init: boolean, spec: Json, config: OperatorConfig): Container {
  const port = init ? 8081 : 8080;
  return {
    name,
    image: config.reloaderImage,
    ...(str(spec.imagePullPolicy) ? { imagePullPolicy: spec.imagePullPolicy } : {}),
    command: ['/bin/prometheus-config-reloader'],
    ...(spec.listenLocal === true ? {} : { ports: [{ name: 'reloader-web', containerPort: port, protocol: 'TCP' }] }),
    resources: { requests: { ...config.reloaderResources.requests }, limits: { ...config.reloaderResources.limits } },
    securityContext: cloneData(OPERATOR_CONTAINER_SECURITY),
  };
}

/** Where the data lives: a claim template (returned) or a pod volume (emptyDir / ephemeral, or emptyDir without `storage`). */
function storage(spec: Json, volumeName: string): { volumes: Volume[]; claims: Json[] } {
  const s = asObject(spec.storage);
  if (s.emptyDir) return { volumes: [{ name: volumeName, emptyDir: s.emptyDir }], claims: [] };
  if (s.ephemeral) return { volumes: [{ name: volumeName, ephemeral: s.ephemeral }], claims: [] };
  const vct = asObject(s.volumeClaimTemplate);
  if (!s.volumeClaimTemplate) return { volumes: [{ name: volumeName, emptyDir: {} }], claims: [] };
  const meta = asObject(vct.metadata);
  const vctSpec = asObject(vct.spec);
  return {
    volumes: [],
    claims: [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { ...meta, name: str(meta.name) ?? volumeName },
        spec: { ...vctSpec, accessModes: Array.isArray(vctSpec.accessModes) ? vctSpec.accessModes : ['ReadWriteOnce'] },
      },
    ],
  };
}

/** Pod spec fields the operator copies from the resource unchanged (absent ones stay absent). */
function copiedPodFields(spec: Json): Partial<PodSpec> {
  const keys = ['securityContext', 'serviceAccountName', 'nodeSelector', 'tolerations', 'affinity', 'priorityClassName', 'hostNetwork', 'hostUsers', 'enableServiceLinks', 'imagePullSecrets', 'dnsPolicy', 'dnsConfig'];
  return Object.fromEntries(keys.filter((k) => spec[k] !== undefined).map((k) => [k, cloneData(spec[k])]));
}

/** prompkg.MakeK8sTopologySpreadConstraint: `additionalLabelSelectors` adds the selector labels (OnResource: without the shard). */
function spreadConstraints(spec: Json, selector: Record<string, string>): Array<Record<string, unknown>> {
  return asObjects(spec.topologySpreadConstraints).map((c) => {
    const { additionalLabelSelectors, ...core } = cloneData(c);
    if (additionalLabelSelectors === undefined) return core;
    const extra = Object.entries(selector).filter(([k]) => !(additionalLabelSelectors === 'OnResource' && k === 'operator.prometheus.io/shard'));
    const ls = asObject(core.labelSelector);
    return { ...core, labelSelector: { ...ls, matchLabels: { ...asStringMap(ls.matchLabels), ...Object.fromEntries(extra) } } };
  });
}

/** The StatefulSet object around a pod template. */
function statefulSet(cr: RenderedObject, name: string, replicas: number, serviceName: string, selector: Record<string, string>, extraLabels: Record<string, string>, template: { labels: Record<string, string>; annotations: Record<string, string>; spec: PodSpec }, claims: Json[], config: OperatorConfig): RenderedObject {
  const spec = asObject(cr.spec);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name,
      namespace: cr.metadata.namespace,
      labels: { ...asStringMap(cr.metadata.labels), ...selector, ...extraLabels, ...config.labels },
      annotations: { [MODELLED_FROM_ANNOTATION]: refOf(cr) },
    },
    spec: {
      serviceName: str(spec.serviceName) ?? serviceName,
      replicas,
      podManagementPolicy: str(spec.podManagementPolicy) ?? 'Parallel',
      ...(typeof spec.minReadySeconds === 'number' ? { minReadySeconds: spec.minReadySeconds } : {}),
      selector: { matchLabels: { ...selector, ...config.labels } },
      template: { metadata: { labels: { ...template.labels, ...config.labels }, annotations: template.annotations }, spec: template.spec },
      ...(claims.length ? { volumeClaimTemplates: claims } : {}),
      ...(spec.persistentVolumeClaimRetentionPolicy ? { persistentVolumeClaimRetentionPolicy: spec.persistentVolumeClaimRetentionPolicy } : {}),
    },
  };
}

/** The StatefulSets of one `Prometheus`: one per shard (`prometheus-<name>`, then `-shard-<i>`), each with `spec.replicas` pods. */
export function prometheusStatefulSets(cr: RenderedObject, config: OperatorConfig): RenderedObject[] {
  const spec = asObject(cr.spec);
  const name = cr.metadata.name ?? '';
  // ReplicasNumberPtr / shardsNumber: absent or negative replicas mean 1; fewer than 2 shards mean 1.
  const replicas = typeof spec.replicas === 'number' && spec.replicas >= 0 ? spec.replicas : 1;
  const shards = typeof spec.shards === 'number' && spec.shards > 1 ? spec.shards : 1;
  const podMeta = asObject(spec.podMetadata);
  const { volumes: dataVolumes, claims } = storage(spec, `prometheus-${name}-db`);
  const thanos = spec.thanos ? asObject(spec.thanos) : undefined;
  const out: RenderedObject[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const selector = { ...prometheusSelectorLabels(name), 'operator.prometheus.io/shard': String(shard) };
    const containers: Container[] = [
      {
        name: 'prometheus',
        image: imagePath(spec, config.prometheusBaseImage),
        ...(str(spec.imagePullPolicy) ? { imagePullPolicy: spec.imagePullPolicy } : {}),
        ...(spec.listenLocal === true ? {} : { ports: [{ name: str(spec.portName) ?? 'web', containerPort: 9090, protocol: 'TCP' }] }),
        ...(spec.resources ? { resources: cloneData(spec.resources) as Container['resources'] } : {}),
        securityContext: cloneData(OPERATOR_CONTAINER_SECURITY),
      },
      configReloader('config-reloader', false, spec, config),
      ...(thanos
        ? [{
            name: 'thanos-sidecar',
            image: imagePath(thanos, config.thanosBaseImage),
            ports: [{ name: 'http', containerPort: 10902 }, { name: 'grpc', containerPort: 10901 }],
            ...(thanos.resources ? { resources: cloneData(thanos.resources) as Container['resources'] } : {}),
            securityContext: cloneData(OPERATOR_CONTAINER_SECURITY),
          }]
        : []),
    ];
    // Rule ConfigMap volumes (`prometheus-<name>-rulefiles-<n>`) depend on the selected rules and are left out: ConfigMaps pass every check.
    const volumes: Volume[] = [
      { name: 'config', secret: { secretName: `prometheus-${name}` } },
      { name: 'tls-assets', projected: { sources: [] } },
      { name: 'config-out', emptyDir: { medium: 'Memory' } },
      { name: 'web-config', secret: { secretName: `prometheus-${name}-web-config` } },
      ...dataVolumes,
      ...(asObjects(spec.volumes) as Volume[]),
    ];
    const podSpec: PodSpec = {
      ...copiedPodFields(spec),
      automountServiceAccountToken: spec.automountServiceAccountToken ?? true,
      terminationGracePeriodSeconds: 600,
      initContainers: mergeContainers([configReloader('init-config-reloader', true, spec, config)], spec.initContainers),
      containers: mergeContainers(containers, spec.containers),
      topologySpreadConstraints: spreadConstraints(spec, selector),
      volumes,
    };
    const template = {
      labels: { ...asStringMap(podMeta.labels), ...selector },
      annotations: { ...asStringMap(podMeta.annotations), 'kubectl.kubernetes.io/default-container': 'prometheus' },
      spec: podSpec,
    };
    const stsName = shard === 0 ? `prometheus-${name}` : `prometheus-${name}-shard-${shard}`;
    out.push(statefulSet(cr, stsName, replicas, 'prometheus-operated', selector, { 'managed-by': 'prometheus-operator', 'operator.prometheus.io/mode': 'server' }, template, claims, config));
  }
  return out;
}

/** The StatefulSet of one `Alertmanager` (`alertmanager-<name>`). */
export function alertmanagerStatefulSet(cr: RenderedObject, config: OperatorConfig): RenderedObject {
  const spec = asObject(cr.spec);
  const name = cr.metadata.name ?? '';
  const replicas = typeof spec.replicas === 'number' ? Math.max(0, spec.replicas) : 1;
  const podMeta = asObject(spec.podMetadata);
  const selector = alertmanagerSelectorLabels(name);
  const version = str(spec.version)?.replace(/^v/, '');
  // makeStatefulSet: a missing memory request becomes 200Mi; nothing else is defaulted.
  const resources = cloneData(asObject(spec.resources)) as NonNullable<Container['resources']>;
  resources.requests = { memory: '200Mi', ...(resources.requests ?? {}) };
  const { volumes: dataVolumes, claims } = storage(spec, `alertmanager-${name}-db`);
  const containers: Container[] = [
    {
      name: 'alertmanager',
      image: imagePath(spec, config.alertmanagerBaseImage),
      ...(str(spec.imagePullPolicy) ? { imagePullPolicy: spec.imagePullPolicy } : {}),
      ports: [
        ...(spec.listenLocal === true ? [] : [{ name: str(spec.portName) ?? 'web', containerPort: 9093, protocol: 'TCP' }]),
        { name: 'mesh-tcp', containerPort: 9094, protocol: 'TCP' },
        { name: 'mesh-udp', containerPort: 9094, protocol: 'UDP' },
      ],
      resources,
      securityContext: cloneData(OPERATOR_CONTAINER_SECURITY),
    },
    configReloader('config-reloader', false, spec, config),
  ];
  const rn = (prefix: string, n: string) => `${prefix}-${n}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
  const volumes: Volume[] = [
    { name: 'config-volume', secret: { secretName: `alertmanager-${name}-generated` } },
    { name: 'tls-assets', projected: { sources: [] } },
    { name: 'config-out', emptyDir: { medium: 'Memory' } },
    ...(Array.isArray(spec.secrets) ? spec.secrets.map((s) => ({ name: rn('secret', String(s)), secret: { secretName: String(s) } })) : []),
    ...(Array.isArray(spec.configMaps) ? spec.configMaps.map((c) => ({ name: rn('configmap', String(c)), configMap: { name: String(c) } })) : []),
    { name: 'web-config', secret: { secretName: `alertmanager-${name}-web-config` } },
    ...dataVolumes,
    ...(asObjects(spec.volumes) as Volume[]),
  ];
  const podSpec: PodSpec = {
    ...copiedPodFields(spec),
    ...(spec.automountServiceAccountToken !== undefined ? { automountServiceAccountToken: spec.automountServiceAccountToken } : {}),
    terminationGracePeriodSeconds: typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 120,
    initContainers: mergeContainers([configReloader('init-config-reloader', true, spec, config)], spec.initContainers),
    containers: mergeContainers(containers, spec.containers),
    ...(spec.topologySpreadConstraints !== undefined ? { topologySpreadConstraints: cloneData(asObjects(spec.topologySpreadConstraints)) } : {}),
    volumes,
  };
  const template = {
    labels: { ...(version ? { 'app.kubernetes.io/version': version } : {}), ...asStringMap(podMeta.labels), ...selector },
    annotations: { ...asStringMap(podMeta.annotations), 'kubectl.kubernetes.io/default-container': 'alertmanager' },
    spec: podSpec,
  };
  return statefulSet(cr, `alertmanager-${name}`, replicas, 'alertmanager-operated', selector, { 'managed-by': 'prometheus-operator' }, template, claims, config);
}

/**
 * Every StatefulSet the operator would create from `objects` (namespaces already placed), sorted
 * by reference. A StatefulSet the objects already contain under the same name is not modelled twice.
 */
export function operatorWorkloads(objects: readonly RenderedObject[]): RenderedObject[] {
  const prometheuses = ofKind(objects, 'Prometheus', 'monitoring.coreos.com');
  const alertmanagers = ofKind(objects, 'Alertmanager', 'monitoring.coreos.com');
  if (prometheuses.length === 0 && alertmanagers.length === 0) return [];
  const config = readOperatorConfig(objects);
  const existing = new Set(ofKind(objects, 'StatefulSet').map(refOf));
  return [...prometheuses.flatMap((p) => prometheusStatefulSets(p, config)), ...alertmanagers.map((a) => alertmanagerStatefulSet(a, config))]
    .filter((s) => !existing.has(refOf(s)))
    .sort((a, b) => (refOf(a) < refOf(b) ? -1 : refOf(a) > refOf(b) ? 1 : 0));
}
