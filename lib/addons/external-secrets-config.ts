/**
 * What External Secrets syncs from AWS Secrets Manager: the stores and the ExternalSecrets of the
 * platform's own credentials. Nothing here carries a value: every object names a remote key
 * under `groundwork/<env>/` and the Secret it fills; the values stay in Secrets Manager.
 *
 * Isolation: one ClusterSecretStore per audience, each admitting exactly its namespaces
 * (`conditions`) and reading only below its own prefix (`provider.aws.prefix`, prepended by the
 * controller to every key, so `../` or an absolute name cannot leave it: Secrets Manager names
 * are flat strings). The platform store serves `monitoring` and `argocd`; tenant `team-a` gets
 * `tenant-team-a`, usable from namespace `team-a` only, reading `groundwork/<env>/tenants/team-a/*`.
 * Tenants cannot write a store (or a generator) of their own that borrows the controller's
 * credentials with a wider prefix: the chart's aggregation into `edit`/`admin` is off, and
 * `TENANT_EDIT_ROLE` aggregates ExternalSecrets only; the SecretStore reconciler is off as well.
 */
import type { Construct } from 'constructs';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { emitModel } from '../k8s/model-object';
import { compareText } from '../spec/order';
import type { ResolvedSpec } from '../spec/types';
import type { AddonContext } from './addon';
import { alertmanagerSecrets } from './alertmanager-config';
import { emitClusterSecretStore, emitExternalSecret, type ExternalSecretData } from './external-secrets-model';
import { GRAFANA_ADMIN_SECRET } from './grafana-values';

/** Store the platform namespaces read through. */
export const PLATFORM_SECRET_STORE = 'groundwork-platform';
/** How often synced Secrets are re-read: a rotation in Secrets Manager lands within this. */
export const SECRET_REFRESH_INTERVAL = '15m';
/** Namespace of Alertmanager and Grafana (kube-prometheus-stack). */
const MONITORING_NAMESPACE = 'monitoring';
/** Namespace of Argo CD. */
const ARGOCD_NAMESPACE = 'argocd';
/** Secret Argo CD reads the platform Git repository's credentials from. */
export const ARGOCD_REPOSITORY_SECRET = 'platform-repository';
/** The label Argo CD discovers repository Secrets by. */
export const ARGOCD_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** Every remote key of the environment starts with this: `groundwork/<env>/` (the IRSA policy's scope). */
export function secretsPrefix(spec: Pick<ResolvedSpec, 'name'>): string {
  return `groundwork/${spec.name}/`;
}

/** Prefix tenant `tenant` reads below: `groundwork/<env>/tenants/<tenant>/`. */
export function tenantSecretsPrefix(spec: Pick<ResolvedSpec, 'name'>, tenant: string): string {
  return `${secretsPrefix(spec)}tenants/${tenant}/`;
}

/** ClusterSecretStore of tenant `tenant`. */
export function tenantSecretStore(tenant: string): string {
  return `tenant-${tenant}`;
}

/** Remote key (below the platform prefix) of an Alertmanager receiver Secret. */
export function alertmanagerRemoteKey(secretName: string): string {
  return `alertmanager/${secretName}`;
}

/** Remote key (below the platform prefix) of Grafana's admin login. */
export const GRAFANA_ADMIN_REMOTE_KEY = 'grafana/admin';
/** Remote key (below the platform prefix) of the Git repository credentials Argo CD uses. */
export const ARGOCD_REPOSITORY_REMOTE_KEY = 'argocd/repository';

const LABELS = { 'app.kubernetes.io/managed-by': 'groundwork' };

/** ClusterRole aggregated into `edit` and `admin`: namespace editors manage ExternalSecrets, nothing else of ESO. */
export const TENANT_EDIT_ROLE = 'groundwork-external-secrets-edit';

/** Platform namespaces with Secrets to sync in this environment. */
function platformConsumers({ spec, enabled }: AddonContext): string[] {
  return [
    ...(enabled.has('kube-prometheus-stack') ? [MONITORING_NAMESPACE] : []),
    ...(spec.addons.delivery === 'gitops' && enabled.has('argo-cd') ? [ARGOCD_NAMESPACE] : []),
  ].sort();
}

/**
 * Keys of the Secret Argo CD needs for the Git repository: a token over HTTPS (username +
 * password), an SSH deploy key over SSH. Argo CD's `type` and `url` are literal template data.
 */
function repositoryKeys(repoURL: string): string[] {
  return /^(?:ssh:\/\/|[\w.-]+@)/.test(repoURL) ? ['sshPrivateKey'] : ['username', 'password'];
}

function externalSecret(
  scope: Construct,
  namespace: string,
  name: string,
  data: ExternalSecretData[],
  template?: { labels: Record<string, string>; data: Record<string, string> },
): void {
  emitExternalSecret(scope, `external-secret-${namespace}-${name}`, {
    metadata: { name, namespace, labels: LABELS },
    spec: {
      secretStoreRef: { name: PLATFORM_SECRET_STORE, kind: 'ClusterSecretStore' },
      refreshInterval: SECRET_REFRESH_INTERVAL,
      target: {
        name,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        ...(template ? { template: { engineVersion: 'v2', mergePolicy: 'Merge', metadata: { labels: template.labels }, data: template.data } } : {}),
      },
      data,
    },
  });
}

/** The stores and the platform's ExternalSecrets (needs the chart's CRDs). */
export function configureExternalSecrets(scope: Construct, ctx: AddonContext): void {
  const { spec, enabled } = ctx;
  emitModel(scope, 'tenant-edit-role', new ClusterRole({
    metadata: {
      name: TENANT_EDIT_ROLE,
      labels: { ...LABELS, 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
    },
    rules: [{ apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] }],
  }));
  const consumers = platformConsumers(ctx);
  if (consumers.length > 0) {
    emitClusterSecretStore(scope, 'store-platform', {
      metadata: { name: PLATFORM_SECRET_STORE, labels: LABELS },
      spec: {
        provider: { aws: { service: 'SecretsManager', region: spec.region, prefix: secretsPrefix(spec) } },
        conditions: [{ namespaces: consumers }],
      },
    });
  }
  for (const tenant of [...spec.tenants].sort((a, b) => compareText(a.name, b.name))) {
    emitClusterSecretStore(scope, `store-tenant-${tenant.name}`, {
      metadata: { name: tenantSecretStore(tenant.name), labels: { ...LABELS, 'groundwork.dev/tenant': tenant.name } },
      spec: {
        provider: { aws: { service: 'SecretsManager', region: spec.region, prefix: tenantSecretsPrefix(spec, tenant.name) } },
        conditions: [{ namespaces: [tenant.name] }],
      },
    });
  }
  if (enabled.has('kube-prometheus-stack')) {
    // One ExternalSecret per Secret the receivers name, with every key any receiver reads from it.
    for (const name of alertmanagerSecrets(spec)) {
      const keys = [...new Set(spec.observability.alerting.receivers.filter((r) => r.secret.name === name).map((r) => r.secret.key))].sort();
      externalSecret(scope, MONITORING_NAMESPACE, name, keys.map((key) => ({ secretKey: key, remoteRef: { key: alertmanagerRemoteKey(name), property: key } })));
    }
    externalSecret(scope, MONITORING_NAMESPACE, GRAFANA_ADMIN_SECRET.name, [GRAFANA_ADMIN_SECRET.userKey, GRAFANA_ADMIN_SECRET.passwordKey].map((key) => ({
      secretKey: key,
      remoteRef: { key: GRAFANA_ADMIN_REMOTE_KEY, property: key },
    })));
  }
  const gitops = spec.addons.gitops;
  if (spec.addons.delivery === 'gitops' && gitops && enabled.has('argo-cd')) {
    externalSecret(
      scope,
      ARGOCD_NAMESPACE,
      ARGOCD_REPOSITORY_SECRET,
      repositoryKeys(gitops.repoURL).map((key) => ({ secretKey: key, remoteRef: { key: ARGOCD_REPOSITORY_REMOTE_KEY, property: key } })),
      { labels: { [ARGOCD_SECRET_TYPE_LABEL]: 'repository' }, data: { type: 'git', url: gitops.repoURL } },
    );
  }
}
