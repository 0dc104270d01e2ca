/**
 * The model of what prometheus-operator creates from Prometheus/Alertmanager resources: built
 * from fixture resources field by field, and on the rendered production environment judged by
 * the readiness checks like any rendered StatefulSet (a resource that breaks a rule fails them).
 */
import { checkReadiness } from '../../lib/readiness/check-readiness';
import { budgetsFor } from '../../lib/readiness/disruption-budget';
import { ofKind, placeAll } from '../../lib/readiness/kube-objects';
import { readNamespaces } from '../../lib/readiness/namespaces';
import { readOperatorConfig } from '../../lib/readiness/operator-config';
import { alertmanagerStatefulSet, MODELLED_FROM_ANNOTATION, operatorWorkloads, prometheusStatefulSets } from '../../lib/readiness/operator-workloads';
import { checkPodSecurity } from '../../lib/readiness/pod-security';
import { podTemplateOf, type PodSpec } from '../../lib/readiness/pod-templates';
import { asObject, type RenderedObject } from '../../lib/readiness/types';
import { readWorkloads } from '../../lib/readiness/workloads';
import { zoneSpreadOf } from '../../lib/readiness/zone-spread';
import { prod } from '../../stacks/environments';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';

const operator: RenderedObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'op', namespace: 'mon' },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'operator',
            image: 'quay.io/prometheus-operator/prometheus-operator:v0.93.1',
            args: ['--config-reloader-cpu-request=10m', '--config-reloader-cpu-limit=0', '--config-reloader-memory-request=32Mi', '--config-reloader-memory-limit=64Mi', '--labels=team=obs'],
          },
        ],
      },
    },
  },
};
const system = { nodeSelector: { role: 'system' }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }] };
const securityContext = { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } };
const prometheusCr: RenderedObject = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'Prometheus',
  metadata: { name: 'main', namespace: 'mon', labels: { release: 'x' } },
  spec: {
    replicas: 2,
    shards: 2,
    version: 'v3.14.0',
    ...system,
    securityContext,
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '8Gi' } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', additionalLabelSelectors: 'OnShard' }],
    storage: { volumeClaimTemplate: { spec: { storageClassName: 'gp3', resources: { requests: { storage: '10Gi' } } } } },
    containers: [{ name: 'prometheus', env: [{ name: 'GOMEMLIMIT', value: '7GiB' }] }],
  },
};
const alertmanagerCr: RenderedObject = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'Alertmanager',
  metadata: { name: 'main', namespace: 'mon' },
  spec: { replicas: 3, image: 'quay.io/prometheus/alertmanager:v0.34.0', version: 'v0.34.0', portName: 'http-web', resources: { requests: { cpu: '20m' } }, secrets: ['slack'] },
};
const config = readOperatorConfig([operator]);
const spec = (o: RenderedObject) => asObject(asObject(asObject(o.spec).template).spec) as unknown as PodSpec;

describe('operator configuration', () => {
  it('reads the reloader resources and labels from the operator flags, "0" unsetting one; the reloader image follows the operator version', () => {
    expect(config.reloaderResources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } });
    expect(config.reloaderImage).toBe('quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1');
    expect(config.labels).toEqual({ team: 'obs' });
  });
  it('falls back to the documented flag defaults and an untagged reloader without an operator', () => {
    const bare = readOperatorConfig([]);
    expect(bare.reloaderResources).toEqual({ requests: { cpu: '10m', memory: '50Mi' }, limits: { cpu: '10m', memory: '50Mi' } });
    expect(bare.reloaderImage).toBe('quay.io/prometheus-operator/prometheus-config-reloader');
  });
});

describe('Prometheus → StatefulSets', () => {
  const [first, second] = prometheusStatefulSets(prometheusCr, config);
  it('creates one StatefulSet per shard with spec.replicas pods each, recording its source', () => {
    expect([first.metadata.name, second.metadata.name]).toEqual(['prometheus-main', 'prometheus-main-shard-1']);
    expect(asObject(first.spec).replicas).toBe(2);
    expect(first.metadata.annotations?.[MODELLED_FROM_ANNOTATION]).toBe('Prometheus/mon/main');
  });
  it('labels the pods as the operator does, selector included, plus --labels', () => {
    const labels = asObject(asObject(asObject(second.spec).template).metadata).labels;
    expect(labels).toEqual({
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/instance': 'main',
      'operator.prometheus.io/name': 'main',
      'operator.prometheus.io/shard': '1',
      prometheus: 'main',
      team: 'obs',
    });
    expect(asObject(asObject(second.spec).selector).matchLabels).toEqual(labels);
  });
  it('adds prometheus, config-reloader and init-config-reloader with the operator security context; the CR patches its own container', () => {
    const s = spec(first);
    expect(s.containers.map((c) => c.name)).toEqual(['prometheus', 'config-reloader']);
    expect(s.initContainers?.map((c) => c.name)).toEqual(['init-config-reloader']);
    for (const c of [...s.containers, ...(s.initContainers ?? [])]) expect(c.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(s.containers[0]).toMatchObject({ image: 'quay.io/prometheus/prometheus:v3.14.0', resources: { limits: { memory: '8Gi' } }, env: [{ name: 'GOMEMLIMIT', value: '7GiB' }] });
    expect(s.containers[1].resources).toEqual(config.reloaderResources);
  });
  it('copies pod security context and placement; OnShard spread selects the shard', () => {
    const s = spec(second);
    expect(s).toMatchObject({ securityContext, ...system });
    expect(asObject(s.topologySpreadConstraints?.[0].labelSelector).matchLabels).toMatchObject({ 'operator.prometheus.io/shard': '1', prometheus: 'main' });
    expect(s.topologySpreadConstraints?.[0]).not.toHaveProperty('additionalLabelSelectors');
  });
  it('turns storage into a ReadWriteOnce claim template named after the resource', () => {
    expect(asObject(first.spec).volumeClaimTemplates).toEqual([
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'prometheus-main-db' }, spec: { storageClassName: 'gp3', resources: { requests: { storage: '10Gi' } }, accessModes: ['ReadWriteOnce'] } },
    ]);
  });
  it('leaves an image without version untagged (the operator default is not modelled)', () => {
    const [sts] = prometheusStatefulSets({ ...prometheusCr, spec: { ...asObject(prometheusCr.spec), version: undefined } }, config);
    expect(spec(sts).containers[0].image).toBe('quay.io/prometheus/prometheus');
  });
});

describe('Alertmanager → StatefulSet', () => {
  const sts = alertmanagerStatefulSet(alertmanagerCr, config);
  it('is alertmanager-<name>, with the operator selector labels and the CR image', () => {
    expect(sts.metadata.name).toBe('alertmanager-main');
    expect(asObject(asObject(sts.spec).selector).matchLabels).toEqual({ 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/instance': 'main', alertmanager: 'main', team: 'obs' });
    expect(spec(sts).containers[0].image).toBe('quay.io/prometheus/alertmanager:v0.34.0');
  });
  it('defaults a missing memory request to 200Mi and nothing else; web and mesh ports; a volume per secret', () => {
    const s = spec(sts);
    expect(s.containers[0].resources).toEqual({ requests: { memory: '200Mi', cpu: '20m' } });
    expect(s.containers[0].ports?.map((p) => `${p.name}:${p.containerPort}/${p.protocol}`)).toEqual(['http-web:9093/TCP', 'mesh-tcp:9094/TCP', 'mesh-udp:9094/UDP']);
    expect(s.volumes).toContainEqual({ name: 'secret-slack', secret: { secretName: 'slack' } });
    expect(s.volumes).toContainEqual({ name: 'alertmanager-main-db', emptyDir: {} });
  });
});

describe('the rendered production environment', () => {
  let env: RenderedEnvironment;
  beforeAll(async () => {
    env = await renderedEnvironment(prod);
  }, 600_000);
  const placed = () => placeAll(env.objects, env.releases);
  const ref = 'StatefulSet/monitoring/prometheus-kube-prometheus-stack-prometheus';
  const readiness = (objects: RenderedObject[]) => checkReadiness({ spec: env.spec, objects, releases: [], exceptions: env.platform.acceptedFindings() });
  const findingsOn = (objects: RenderedObject[], object: string) => Object.values(readiness(objects).areas).flat().filter((f) => f.object === object);

  it('models the Prometheus StatefulSet with 2 replicas, restricted-clean, selected by one PDB and hard zone-spread', () => {
    const objects = [...placed(), ...operatorWorkloads(placed())];
    const workload = readWorkloads(objects).find((w) => w.ref === ref)!;
    expect(workload.replicas).toBe(2);
    const namespaces = readNamespaces(objects);
    expect(namespaces.get('monitoring').level).toBe('restricted');
    expect(checkPodSecurity([podTemplateOf(workload.object)!], namespaces)).toEqual([]);
    expect(budgetsFor(workload, ofKind(objects, 'PodDisruptionBudget')).map((p) => p.metadata.name)).toEqual(['kube-prometheus-stack-prometheus']);
    expect(zoneSpreadOf(workload).kind).toBe('hard');
  });

  it('passes every readiness check on the modelled Prometheus and Alertmanager', () => {
    const objects = placed();
    expect(findingsOn(objects, ref).filter((f) => !f.excepted)).toEqual([]);
    expect(findingsOn(objects, 'StatefulSet/monitoring/alertmanager-kube-prometheus-stack-alertmanager').filter((f) => !f.excepted)).toEqual([]);
  });

  it('finds a Prometheus resource without resources or security context: the checks see the model', () => {
    const broken = placed().map((o) => {
      if (o.kind !== 'Prometheus') return o;
      const { resources: _r, securityContext: _s, ...rest } = asObject(o.spec);
      return { ...o, spec: rest };
    });
    const found = findingsOn(broken, ref).map((f) => `${f.check} [${f.container ?? ''}]`);
    expect(found).toContain('resources.requests-limits [prometheus]');
    expect(found.some((f) => f.startsWith('pod-security.'))).toBe(true);
  });
});
