/**
 * A model of what istiod's `sidecar` injection template (istiod chart 1.29/1.30,
 * files/injection-template.yaml) adds to a pod: the `istio-validation` (CNI) or `istio-init`
 * init container and the `istio-proxy` container, with the fields admission and scheduling read
 * (image, securityContext, resources, ports, probes) and the volumes. Line numbers cite that file
 * at 1.30.3; test/readiness/injection-template-drift.test.ts fails when those lines change.
 */
import { proxyImage, truthy, valueAt, type InjectorModel } from './mesh-injector';
import type { Container, SecurityContext, Volume } from './pod-templates';
import { asObject, type Json } from './types';

/** What a template adds to the pod; merged onto it by inject-pod.ts. */
export interface TemplatePatch {
  /** Pod-level securityContext fields the template sets (merged over the pod's). @default none */
  podSecurityContext?: Record<string, unknown>;
  /** Init containers added (native sidecars land here with restartPolicy Always). */
  initContainers: Container[];
  /** Containers added. */
  containers: Container[];
  /** Volumes added. */
  volumes: Volume[];
  /** Pod labels the template sets (merged over the pod's). @default none */
  labels?: Record<string, string>;
}

/** Pod facts the template reads (`.ObjectMeta.Annotations`). */
export interface TemplatePod {
  /** Pod annotations. */
  annotations: Record<string, string>;
  /** Pod labels (`.ObjectMeta.Labels`). @default none */
  labels?: Record<string, string>;
}

/** Label the sidecar template puts on every injected pod (line 35); the mesh's PodMonitor selects it. */
export const TLS_MODE_LABEL = 'security.istio.io/tlsMode';

/** UID/GID the proxy runs as (`.ProxyUID`/`.ProxyGID`: 1337 unless OpenShift namespace annotations say otherwise). */
export const PROXY_UID = 1337;

/** `annotation .ObjectMeta key default` from the template helpers: the annotation, else the default. */
function annotation(pod: TemplatePod, key: string, fallback: unknown): string {
  return pod.annotations[key] ?? (fallback === undefined || fallback === null ? '' : String(fallback));
}

/** Lines 1-26 (`define "resources"`): per-pod annotations win, else global.proxy.resources without nil fields. */
export function proxyResources(pod: TemplatePod, values: Json): Container['resources'] {
  const a = pod.annotations;
  const keys = ['sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyMemory', 'sidecar.istio.io/proxyCPULimit', 'sidecar.istio.io/proxyMemoryLimit'];
  if (keys.some((k) => k in a)) {
    const requests: Record<string, string> = {};
    const limits: Record<string, string> = {};
    if (a[keys[0]] !== undefined) requests.cpu = a[keys[0]];
    if (a[keys[1]] !== undefined) requests.memory = a[keys[1]];
    if (a[keys[2]] !== undefined) limits.cpu = a[keys[2]];
    if (a[keys[3]] !== undefined) limits.memory = a[keys[3]];
    return { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
  }
  const configured = asObject(valueAt(values, 'global.proxy.resources'));
  const clean = (m: unknown) => Object.fromEntries(Object.entries(asObject(m)).filter(([, v]) => v !== null && v !== undefined)) as Record<string, string>;
  return {
    ...(configured.requests ? { requests: clean(configured.requests) } : {}),
    ...(configured.limits ? { limits: clean(configured.limits) } : {}),
  };
}

/** Lines 178-181 / 417-420: global.proxy.seccompProfile copied verbatim when it is non-empty. */
function seccomp(values: Json): Pick<SecurityContext, 'seccompProfile'> {
  const profile = valueAt(values, 'global.proxy.seccompProfile');
  return truthy(profile) ? { seccompProfile: { ...(profile as Record<string, string>) } } : {};
}

/** Whether the pod gets native sidecars (line 29): the annotation wins, else istiod's decision. */
export function usesNativeSidecar(pod: TemplatePod, nativeSidecars: boolean): boolean {
  return annotation(pod, 'sidecar.istio.io/nativeSidecar', String(nativeSidecars)) !== 'false';
}

/** The injection template's containers and volumes for `pod`. */
export function sidecarTemplate(pod: TemplatePod, injector: InjectorModel, nativeSidecars: boolean): TemplatePatch {
  const values = injector.values;
  const cni = truthy(valueAt(values, 'pilot.cni.enabled'));
  const privileged = valueAt(values, 'global.proxy.privileged') === true;
  const mode = annotation(pod, 'sidecar.istio.io/interceptionMode', injector.proxyConfig.interceptionMode ?? 'REDIRECT');
  const tproxy = mode === 'TPROXY'; // line 27
  const capNetBindService = annotation(pod, 'sidecar.istio.io/capNetBindService', valueAt(values, 'global.proxy.capNetBindService')) === 'true'; // line 28
  const native = usesNativeSidecar(pod, nativeSidecars);
  const requested = annotation(pod, 'sidecar.istio.io/proxyImage', valueAt(values, 'global.proxy.image'));
  const image = requested.includes('/') ? requested : proxyImage(injector);
  const resources = proxyResources(pod, values);
  const initContainers: Container[] = [];

  // Lines 77-183: no init container only for interception mode NONE.
  if (mode !== 'NONE') {
    const initImage = annotation(pod, 'sidecar.istio.io/proxyImage', valueAt(values, 'global.proxy_init.image'));
    initContainers.push({
      name: cni ? 'istio-validation' : 'istio-init', // lines 82-86
      image: initImage.includes('/') ? initImage : proxyImage(injector), // lines 87-91
      resources, // lines 154-155: the same "resources" block as the proxy (global.proxy.resources)
      securityContext: {
        // lines 156-181
        allowPrivilegeEscalation: privileged,
        privileged,
        capabilities: { ...(cni ? {} : { add: ['NET_ADMIN', 'NET_RAW'] }), drop: ['ALL'] },
        ...(cni
          ? { readOnlyRootFilesystem: true, runAsGroup: PROXY_UID, runAsUser: PROXY_UID, runAsNonRoot: true }
          : { readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 }),
        ...seccomp(values),
      },
    });
  }

  const trace = asObject(injector.proxyConfig.proxyMetadata).IPTABLES_TRACE_LOGGING === 'true';
  const proxySecurity: SecurityContext = trace
    ? // lines 379-390: trace logging needs a privileged root proxy
      { allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, privileged: true, readOnlyRootFilesystem: true, runAsGroup: PROXY_UID, runAsNonRoot: false, runAsUser: 0 }
    : {
        // lines 391-416
        allowPrivilegeEscalation: privileged,
        capabilities: {
          ...(tproxy || capNetBindService ? { add: [...(tproxy ? ['NET_ADMIN'] : []), ...(capNetBindService ? ['NET_BIND_SERVICE'] : [])] } : {}),
          drop: ['ALL'],
        },
        privileged,
        readOnlyRootFilesystem: true,
        ...(tproxy || capNetBindService ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: PROXY_UID } : { runAsNonRoot: true, runAsUser: PROXY_UID, runAsGroup: PROXY_UID }),
      };
  const statusPort = annotation(pod, 'status.sidecar.istio.io/port', valueAt(values, 'global.proxy.statusPort'));
  const probe = { httpGet: { path: '/healthz/ready', port: 15021 } };
  const proxy: Container = {
    name: 'istio-proxy', // line 187
    image, // lines 188-192
    ...(native ? { restartPolicy: 'Always' } : {}), // line 193
    ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }], // lines 194-197
    ...(statusPort !== '0' ? { readinessProbe: probe, ...(truthy(valueAt(values, 'global.proxy.startupProbe.enabled')) ? { startupProbe: probe } : {}) } : {}), // lines 358-377
    securityContext: { ...proxySecurity, ...seccomp(values) },
    resources, // lines 421-422
  };
  return {
    initContainers: native ? [...initContainers, proxy] : initContainers, // lines 184-186: native sidecars stay in initContainers
    containers: native ? [] : [proxy],
    volumes: sidecarVolumes(pod, values),
    // Line 35: the pod's own value, else "istio".
    labels: { [TLS_MODE_LABEL]: pod.labels?.[TLS_MODE_LABEL] ?? 'istio' },
  };
}

/** Lines 472-545: the proxy's volumes, plus any `sidecar.istio.io/userVolume` the pod asks for. */
export function sidecarVolumes(pod: TemplatePod, values: Json): Volume[] {
  const gke = valueAt(values, 'global.caName') === 'GkeWorkloadCertificate';
  const volumes: Volume[] = [
    { name: 'workload-socket', emptyDir: {} }, // `- emptyDir:` with no value: the API server defaults a source-less volume to emptyDir
    { name: 'credential-socket', emptyDir: {} },
    gke ? { name: 'gke-workload-certificate', csi: { driver: 'workloadcertificates.security.cloud.google.com' } } : { name: 'workload-certs', emptyDir: {} },
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    { name: 'istio-podinfo', downwardAPI: { items: [] } },
    { name: 'istio-token', projected: { sources: [] } },
    ...(valueAt(values, 'global.pilotCertProvider') === 'istiod' ? [{ name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } }] : []),
    { name: 'istio-ca-crl', configMap: { name: 'istio-ca-crl', optional: true } },
  ];
  const user = pod.annotations['sidecar.istio.io/userVolume'];
  if (user) {
    for (const [name, source] of Object.entries(asObject(JSON.parse(user)))) volumes.push({ name, ...asObject(source) });
  }
  return volumes;
}
