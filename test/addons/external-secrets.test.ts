/**
 * External Secrets as it runs: values per tier, the IRSA policy, the stores and ExternalSecrets
 * (validated against the CRDs the rendered chart installs), tenant isolation, and the chart
 * rendered with the plan's values (helm template through test/support/rendered.ts).
 */
import { App, Chart } from 'cdk8s';
import { CATALOGUE } from '../../lib/addons/catalogue';
import {
  externalSecrets,
  externalSecretsIamPolicy,
  externalSecretsMonitors,
  EXTERNAL_SECRETS_SERVICE_ACCOUNT,
} from '../../lib/addons/external-secrets';
import {
  ARGOCD_REPOSITORY_SECRET,
  configureExternalSecrets,
  PLATFORM_SECRET_STORE,
  secretsPrefix,
  tenantSecretsPrefix,
  tenantSecretStore,
  TENANT_EDIT_ROLE,
} from '../../lib/addons/external-secrets-config';
import { kubePrometheusStack } from '../../lib/addons/kube-prometheus-stack';
import { selectAddons } from '../../lib/addons/selection';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { checkReadiness } from '../../lib/readiness';
import { findCredentials } from '../../lib/spec/credentials';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import type { AddonId, EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { isCrd } from '../support/crd-index';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { validateObjects } from '../support/schema';
import { prodGitops } from '../support/variants';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec: any };

const ctx = (env: EnvironmentSpec, extra: AddonId[] = ['kube-prometheus-stack']) => ({ spec: applyDefaults(env), enabled: new Set<AddonId>([externalSecrets.id, ...extra]) });

/** The configuration objects as the blueprint would emit them for `env` with `enabled`. */
function synth(env: EnvironmentSpec, extra?: AddonId[]): Obj[] {
  const chart = new Chart(new App(), 'x');
  configureExternalSecrets(chart, ctx(env, extra));
  return chart.toJson() as Obj[];
}
const ofKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

/** Full Secrets Manager name an ExternalSecret entry reads: its store's prefix + its key. */
function remoteNames(objs: Obj[], es: Obj): string[] {
  const store = find(objs, 'ClusterSecretStore', es.spec.secretStoreRef.name)!;
  return es.spec.data.map((d: any) => `${store.spec.provider.aws.prefix}${d.remoteRef.key}`);
}

describe('external-secrets values', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(externalSecrets.values(ctx(env))).toMatchSnapshot();
  });

  it('is selected by spec.security.externalSecrets', () => {
    expect(externalSecrets.isSelected(applyDefaults(prod))).toBe(true);
    expect(externalSecrets.isSelected(applyDefaults({ ...prod, security: { externalSecrets: false } }))).toBe(false);
  });

  it.each([['staging', staging], ['prod', prod]])('%s: controller, webhook and cert-controller run ≥ 2 replicas with leader election and a PDB allowing an eviction', (_, env) => {
    const v = externalSecrets.values(ctx(env));
    expect(v.leaderElect).toBe(true);
    for (const c of [v, v.webhook, v.certController]) {
      expect(c.replicaCount).toBeGreaterThanOrEqual(2);
      expect(c.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    }
  });

  it('dev runs one replica of each, without budgets or leader election', () => {
    const v = externalSecrets.values(ctx(dev));
    expect(v.leaderElect).toBe(false);
    for (const c of [v, v.webhook, v.certController]) expect([c.replicaCount, c.podDisruptionBudget.enabled]).toEqual([1, false]);
  });

  it('turns off namespaced SecretStores, push secrets and Bitwarden; the controller cannot mint service account tokens', () => {
    const v = externalSecrets.values(ctx(prod));
    expect(v).toMatchObject({ processSecretStore: false, processPushSecret: false, processClusterPushSecret: false, 'bitwarden-sdk-server': { enabled: false } });
    expect(v.crds).toMatchObject({ createPushSecret: false, createClusterPushSecret: false, createClusterExternalSecret: false });
    expect(v.rbac).toMatchObject({ serviceAccountTokenCreate: false, aggregateToEdit: false, aggregateToAdmin: false });
    expect(v.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(applyDefaults(prod), 'external-secrets'));
  });
});

describe('external-secrets IRSA policy', () => {
  it('reads only groundwork/<env>/* of its account and region: exactly three read actions, no write, no list', () => {
    const spec = applyDefaults(prod);
    const policy = externalSecretsIamPolicy(spec);
    const sm = policy.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    expect(sm.flatMap((s) => [s.Resource].flat())).toEqual([`arn:aws:secretsmanager:${spec.region}:${spec.accountId}:secret:groundwork/prod/*`]);
    expect(sm.flatMap((s) => [s.Action].flat()).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds']);
    expect(policy.Statement.every((s) => s.Effect === 'Allow' && ![s.Resource].flat().includes('*'))).toBe(true);
  });

  it('decrypts with KMS only through Secrets Manager, for secrets of the prefix', () => {
    const spec = applyDefaults(prod);
    const kms = externalSecretsIamPolicy(spec).Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
    expect(kms).toHaveLength(1);
    expect(kms[0].Action).toBe('kms:Decrypt');
    expect(kms[0].Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' },
      StringLike: { 'kms:EncryptionContext:SecretARN': `arn:aws:secretsmanager:eu-west-1:${spec.accountId}:secret:groundwork/prod/*` },
    });
  });
});

describe('external-secrets configure()', () => {
  it('matches the snapshot for prod', () => {
    expect(synth(prod)).toMatchSnapshot();
  });

  it('authenticates every store with the controller IRSA role (no jwt, no secretRef) in the environment region', () => {
    for (const store of ofKind(synth(prodGitops, ['kube-prometheus-stack', 'argo-cd']), 'ClusterSecretStore')) {
      expect(store.spec.provider.aws).not.toHaveProperty('auth');
      expect(store.spec.provider.aws).not.toHaveProperty('role');
      expect(store.spec.provider.aws).toMatchObject({ service: 'SecretsManager', region: 'eu-west-1' });
      expect(store.spec.provider.aws.prefix.startsWith(secretsPrefix(applyDefaults(prod)))).toBe(true);
    }
  });

  it('creates one ExternalSecret per Alertmanager receiver Secret of stock prod, in monitoring, from groundwork/prod/alertmanager/<name>', () => {
    const objs = synth(prod);
    const spec = applyDefaults(prod);
    for (const receiver of spec.observability.alerting.receivers) {
      const es = find(objs, 'ExternalSecret', receiver.secret.name)!;
      expect(es).toBeDefined();
      expect(es.metadata.namespace).toBe('monitoring');
      expect(es.spec.target).toMatchObject({ name: receiver.secret.name, creationPolicy: 'Owner' });
      expect(es.spec.data).toContainEqual({ secretKey: receiver.secret.key, remoteRef: { key: `alertmanager/${receiver.secret.name}`, property: receiver.secret.key } });
      expect(remoteNames(objs, es)).toEqual(es.spec.data.map(() => `groundwork/prod/alertmanager/${receiver.secret.name}`));
    }
  });

  it('creates Grafana admin (admin-user, admin-password) in monitoring', () => {
    const es = find(synth(prod), 'ExternalSecret', 'grafana-admin')!;
    expect(es.metadata.namespace).toBe('monitoring');
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(['admin-user', 'admin-password']);
    expect(remoteNames(synth(prod), es)).toEqual(['groundwork/prod/grafana/admin', 'groundwork/prod/grafana/admin']);
  });

  it('creates the Argo CD repository Secret (labelled secret-type repository, type git, the repo URL) in gitops only', () => {
    const objs = synth(prodGitops, ['kube-prometheus-stack', 'argo-cd']);
    const es = find(objs, 'ExternalSecret', ARGOCD_REPOSITORY_SECRET)!;
    expect(es.metadata.namespace).toBe('argocd');
    expect(es.spec.target.template).toEqual({
      engineVersion: 'v2',
      mergePolicy: 'Merge',
      metadata: { labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      data: { type: 'git', url: 'https://git.example.com/platform/manifests.git' },
    });
    expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(['username', 'password']);
    expect(find(objs, 'ClusterSecretStore', PLATFORM_SECRET_STORE)!.spec.conditions).toEqual([{ namespaces: ['argocd', 'monitoring'] }]);
    expect(find(synth(prod), 'ExternalSecret', ARGOCD_REPOSITORY_SECRET)).toBeUndefined();
    const ssh = { ...prodGitops, addons: { ...prodGitops.addons, gitops: { repoURL: 'git@git.example.com:platform/manifests.git' } } };
    expect(find(synth(ssh, ['argo-cd']), 'ExternalSecret', ARGOCD_REPOSITORY_SECRET)!.spec.data.map((d: any) => d.secretKey)).toEqual(['sshPrivateKey']);
  });

  it('isolates tenants: team-a can use only its own store, which reads only groundwork/<env>/tenants/team-a/*', () => {
    const objs = synth(prod);
    const spec = applyDefaults(prod);
    const stores = ofKind(objs, 'ClusterSecretStore');
    for (const tenant of spec.tenants) {
      // Every store whose conditions admit the tenant namespace…
      const usable = stores.filter((s) => s.spec.conditions.some((c: any) => c.namespaces?.includes(tenant.name)));
      expect(usable.map((s) => s.metadata.name)).toEqual([tenantSecretStore(tenant.name)]);
      // …reads below the tenant prefix only, and no other tenant's store admits this namespace.
      expect(usable[0].spec.provider.aws.prefix).toBe(tenantSecretsPrefix(spec, tenant.name));
      expect(usable[0].spec.provider.aws.prefix).toBe(`groundwork/prod/tenants/${tenant.name}/`);
    }
    // Every store admits namespaces by exact name (no selector or regex a tenant could satisfy by labelling itself).
    for (const s of stores) for (const c of s.spec.conditions) expect(Object.keys(c)).toEqual(['namespaces']);
    // Tenant editors may manage ExternalSecrets only: no stores, no generators (they would borrow the controller's role).
    const role = find(objs, 'ClusterRole', TENANT_EDIT_ROLE) as any;
    expect(role.metadata.labels).toMatchObject({ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' });
    expect(role.rules).toEqual([{ apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] }]);
    // The platform store is not reachable from any tenant namespace.
    const platform = find(objs, 'ClusterSecretStore', PLATFORM_SECRET_STORE)!;
    expect(platform.spec.conditions).toEqual([{ namespaces: ['monitoring'] }]);
  });

  it('carries references only: the credential gate finds nothing in the emitted objects', () => {
    const text = JSON.stringify(synth(prodGitops, ['kube-prometheus-stack', 'argo-cd']), null, 2);
    expect(findCredentials(text)).toEqual([]);
  });

  it('makes kube-prometheus-stack wait for external-secrets when both run', () => {
    expect(kubePrometheusStack.dependsOn(ctx(prod))).toContain('external-secrets');
    expect(kubePrometheusStack.dependsOn({ spec: applyDefaults(prod), enabled: new Set<AddonId>(['kube-prometheus-stack']) })).not.toContain('external-secrets');
    const order = selectAddons(applyDefaults(prod), CATALOGUE).ordered.map((a) => a.id);
    expect(order.indexOf('external-secrets')).toBeLessThan(order.indexOf('kube-prometheus-stack'));
  });
});

describe('external-secrets as rendered (helm template with the plan values)', () => {
  const envs = new Map<string, RenderedEnvironment>();
  beforeAll(async () => {
    envs.set('dev', await renderedEnvironment(dev));
    envs.set('prod', await renderedEnvironment(prod));
  }, 600_000);

  const release = (name: string): KubeObject[] => {
    const r = envs.get(name)!.releases.find((x) => x.release === 'external-secrets');
    if (!r) throw new Error(`${name}: no external-secrets release rendered`);
    return r.objects;
  };
  const workloads = (objects: KubeObject[]): any[] => objects.filter((o) => o.kind === 'Deployment');

  it('validates every store and ExternalSecret against the CRDs the chart installs', () => {
    const crds = release('prod').filter(isCrd);
    expect(crds.map((c) => c.metadata.name)).toEqual(expect.arrayContaining(['clustersecretstores.external-secrets.io', 'externalsecrets.external-secrets.io']));
    for (const absent of ['pushsecrets.external-secrets.io', 'clusterpushsecrets.external-secrets.io', 'clusterexternalsecrets.external-secrets.io']) {
      expect(crds.map((c) => c.metadata.name)).not.toContain(absent);
    }
    const objs = [...synth(prodGitops, ['kube-prometheus-stack', 'argo-cd']), ...synth(dev)];
    expect(validateObjects(objs, { crds })).toEqual([]);
    const store = ofKind(objs, 'ClusterSecretStore')[0];
    const broken = { ...store, spec: { ...store.spec, provider: { aws: { ...store.spec.provider.aws, prefx: 'x' } } } };
    expect(validateObjects([broken], { crds })).toEqual([expect.stringMatching(/prefx: unknown field/)]);
  });

  it('prod: three components with replicas, PDBs (maxUnavailable 1), hard zone spread, system pool, leader election', () => {
    const objects = release('prod');
    const deployments = workloads(objects);
    expect(deployments.map((d) => [d.metadata.name, d.spec.replicas]).sort()).toEqual([
      ['external-secrets', 3], ['external-secrets-cert-controller', 3], ['external-secrets-webhook', 3],
    ]);
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget').map((p: any) => p.spec.maxUnavailable)).toEqual([1, 1, 1]);
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(pod.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' })]);
      expect(pod.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of pod.containers) {
        expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources.limits.memory).toBeDefined();
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
    const args = (name: string) => deployments.find((d) => d.metadata.name === name).spec.template.spec.containers[0].args;
    expect(args('external-secrets')).toEqual(expect.arrayContaining(['--enable-leader-election=true', '--enable-secret-store-reconciler=false', '--enable-push-secret-reconciler=false']));
    expect(args('external-secrets-cert-controller')).toContain('--enable-leader-election=true');
  });

  it('aggregates no chart ClusterRole into edit or admin (tenant editors cannot create stores or generators)', () => {
    const aggregated = release('prod')
      .filter((o: any) => o.kind === 'ClusterRole' && (o.metadata.labels?.['rbac.authorization.k8s.io/aggregate-to-edit'] === 'true' || o.metadata.labels?.['rbac.authorization.k8s.io/aggregate-to-admin'] === 'true'))
      .map((o) => o.metadata.name);
    expect(aggregated).toEqual([]);
  });

  it('the controller service account carries the IRSA role, and no ClusterRole lets it create service account tokens', () => {
    const objects = release('prod');
    const sa: any = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === EXTERNAL_SECRETS_SERVICE_ACCOUNT);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(envs.get('prod')!.spec, 'external-secrets'));
    const grants = objects
      .filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')
      .flatMap((r: any) => (r.rules ?? []).filter((rule: any) => rule.resources?.includes('serviceaccounts/token')).map(() => r.metadata.name));
    expect(grants).toEqual([]);
  });

  it.each(['dev', 'prod'])('%s: every metrics endpoint selects exactly one rendered component with a `metrics` container port', (name) => {
    const pods = workloads(release(name)).map((w) => w.spec.template);
    for (const e of externalSecretsMonitors()) {
      const matching = pods.filter((p) => Object.entries(e.selector).every(([k, v]) => p.metadata.labels?.[k] === v) && p.spec.containers.some((c: any) => (c.ports ?? []).some((port: any) => port.name === e.port)));
      expect({ endpoint: e.name, pods: matching.length }).toEqual({ endpoint: e.name, pods: 1 });
    }
  });

  it.each(['dev', 'prod'])('%s: passes every readiness check over the rendered external-secrets objects', (name) => {
    const env = envs.get(name)!;
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const open = Object.values(result.areas)
      .flat()
      .filter((f) => !f.excepted && /^[A-Za-z]+\/external-secrets\//.test(f.object))
      .map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`);
    expect(open).toEqual([]);
  });
});
