/**
 * Guard rails on team charts (lib/extensions/team-chart-guard-rails.ts), judged on the objects
 * they build, in both delivery modes: no platform namespace (derived from the catalogue in use and
 * the namespaces reserved from tenants), no namespace nobody declares, no object without a
 * namespace, no second Namespace for a tenant; all-powerful RBAC is the `team-chart-rbac` guard
 * rail, refused unless a spec exception covers it (then recorded like every exception).
 */
import { ApiObject } from 'cdk8s';
import type { Addon } from '../../lib/addons/addon';
import { Platform, type PlatformOptions } from '../../lib/blueprint/platform';
import type { TeamChart } from '../../lib/extensions/team-charts';
import { EXCEPTIONS_CONFIG_MAP } from '../../lib/guard-rails/record';
import { SpecValidationError } from '../../lib/spec/errors';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from '../../stacks/environments';
import { prodGitops } from '../support/variants';

const podinfo: Addon<{ replicaCount: number }> = {
  id: 'podinfo',
  description: 'Team demo service',
  chart: { chart: 'podinfo', version: '6.7.1', repository: 'https://stefanprodan.github.io/podinfo', checked: 'unverified' },
  namespace: 'podinfo',
  dependsOn: () => [],
  isSelected: () => true,
  values: () => ({ replicaCount: 2 }),
};

const configMap = (name: string, namespace?: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data: { a: 'b' } });
const team = (...manifests: object[]): TeamChart => ({ name: 'team-a-apps', phase: 'workloads', manifests });
const rbac = 'rbac.authorization.k8s.io/v1';
const wildcardRole = { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'ops-all' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
const adminBinding = {
  apiVersion: rbac,
  kind: 'ClusterRoleBinding',
  metadata: { name: 'ops-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'Group', name: 'team-a-ops', apiGroup: 'rbac.authorization.k8s.io' }],
};

function refusal(spec: EnvironmentSpec, options: PlatformOptions): string {
  try {
    Platform.fromSpec(spec, options);
  } catch (error) {
    if (error instanceof SpecValidationError) return error.message;
    throw error;
  }
  throw new Error('expected a SpecValidationError');
}
const refused = (...manifests: object[]): string => refusal(dev, { extraCharts: [team(...manifests)], addons: [podinfo] });

describe('team charts may not touch platform namespaces', () => {
  it('refuses an object in an add-on namespace, naming the add-on', () => {
    expect(refused(configMap('x', 'monitoring-agents'))).toContain(
      'options.extraCharts[0].objects[ConfigMap/monitoring-agents/x]: is in platform namespace "monitoring-agents" (owned by add-ons fluent-bit, kube-prometheus-stack); team charts may not touch platform namespaces; fix: put it in a tenant namespace (spec.tenants) or one your chart creates; change an add-on through spec.addons.overrides or its catalogue entry (configure)',
    );
  });

  it('refuses a namespace the platform reserves though no add-on of the catalogue installs there (kube-node-lease)', () => {
    expect(refused(configMap('x', 'kube-node-lease'))).toContain('options.extraCharts[0].objects[ConfigMap/kube-node-lease/x]: is in platform namespace "kube-node-lease" (owned by the platform or Kubernetes)');
    expect(refused(configMap('x', 'kube-system'))).toContain('is in platform namespace "kube-system" (owned by add-ons aws-load-balancer-controller, cilium,');
  });

  it("refuses a team add-on's own namespace too: add-on configuration goes through its catalogue entry", () => {
    expect(refused(configMap('x', 'podinfo'))).toContain('objects[ConfigMap/podinfo/x]: is in platform namespace "podinfo" (owned by add-on podinfo)');
  });

  it('refuses a Namespace object that claims a platform namespace', () => {
    expect(refused({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argocd' } })).toContain(
      'options.extraCharts[0].objects[Namespace/argocd]: creates platform namespace "argocd" (owned by add-on argo-cd)',
    );
  });

  it('refuses in GitOps delivery too (the team project would get the namespace as a destination)', () => {
    expect(refusal(prodGitops, { extraCharts: [team(configMap('x', 'istio-system'))] })).toContain('objects[ConfigMap/istio-system/x]: is in platform namespace "istio-system" (owned by add-on');
  });
});

describe('team charts live in declared namespaces', () => {
  it('refuses a namespace nobody declares, with both ways to declare it as the fix', () => {
    expect(refused(configMap('x', 'team-b'))).toContain(
      'options.extraCharts[0].objects[ConfigMap/team-b/x]: is in namespace "team-b", which nobody declares (neither a tenant nor a Namespace of a team chart); fix: declare it as a tenant in spec.tenants (it gets quota, RBAC and default-deny policies) or create it in your chart (a Namespace "team-b")',
    );
  });

  it('refuses a namespaced object without a namespace', () => {
    expect(refused(configMap('x'))).toContain('options.extraCharts[0].objects[ConfigMap/x]: names no namespace: it would be applied to "default"; fix: set metadata.namespace to a tenant namespace, or give the team chart a namespace (extraCharts[0].namespace)');
  });

  it('refuses a second Namespace for a tenant', () => {
    expect(refused({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })).toContain(
      'options.extraCharts[0].objects[Namespace/team-a]: creates tenant namespace "team-a", which the platform creates already (spec.tenants) with its quota, RBAC and policies; fix: remove the Namespace object',
    );
  });

  it('accepts objects in a tenant namespace, in a namespace another team chart creates, and a narrow ClusterRole', () => {
    const reader = { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'team-a-node-reader' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }] };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.team-a.example.com' },
      spec: { group: 'team-a.example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' }, versions: [] },
    };
    const platform = Platform.fromSpec(dev, {
      extraCharts: [
        { name: 'team-b-base', phase: 'foundation', manifests: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } }, reader, crd] },
        team(configMap('x', 'team-a'), configMap('y', 'team-b'), { apiVersion: 'team-a.example.com/v1', kind: 'Widget', metadata: { name: 'w' } }),
      ],
    });
    expect(platform.manifests().charts.filter((c) => c.phase.startsWith('team-')).map((c) => c.objects.length)).toEqual([3, 3]);
  });
});

describe('guard rail team-chart-rbac', () => {
  it('refuses a ClusterRole granting * on *, with the exception that would cover it', () => {
    expect(refused(wildcardRole)).toContain(
      "options.extraCharts[0].objects[ClusterRole/ops-all]: ClusterRole grants the \"*\" verb on \"*\" resources: cluster-admin in all but name (guard rail team-chart-rbac); fix: grant the verbs and resources the team needs in a Role of its tenant namespace (tenants get admin, developer and viewer roles through spec.tenants[].access); or, if this is deliberate, add to spec.exceptions: { guardRail: 'team-chart-rbac', target: 'team-a-apps/ClusterRole/ops-all', reason: '…', approvedBy: '…' }",
    );
  });

  it('refuses a binding to cluster-admin, a RoleBinding in a tenant namespace included', () => {
    const inTenant = { ...adminBinding, kind: 'RoleBinding', metadata: { name: 'ns-admin', namespace: 'team-a' } };
    const message = refused(adminBinding, inTenant);
    expect(message).toContain('options.extraCharts[0].objects[ClusterRoleBinding/ops-admin]: ClusterRoleBinding binds ClusterRole "cluster-admin" (guard rail team-chart-rbac)');
    expect(message).toContain('options.extraCharts[0].objects[RoleBinding/team-a/ns-admin]: RoleBinding binds ClusterRole "cluster-admin" (guard rail team-chart-rbac)');
  });

  it('refuses a binding of the system:masters group', () => {
    const masters = { ...adminBinding, metadata: { name: 'masters' }, roleRef: { ...adminBinding.roleRef, name: 'view' }, subjects: [{ kind: 'Group', name: 'system:masters' }] };
    expect(refused(masters)).toContain('objects[ClusterRoleBinding/masters]: ClusterRoleBinding binds group "system:masters", which skips RBAC altogether (guard rail team-chart-rbac)');
  });

  it('judges objects a chart function builds, and refuses in GitOps delivery too', () => {
    const message = refusal(prodGitops, {
      extraCharts: [{ name: 'team-ops', phase: 'foundation', chart: (scope) => void new ApiObject(scope, 'admin', adminBinding) }],
    });
    expect(message).toContain("target: 'team-ops/ClusterRoleBinding/ops-admin'");
  });

  it('a spec exception covers it: delivered, and recorded in the exceptions ConfigMap; an exception nothing needs stays refused', () => {
    const exception = { guardRail: 'team-chart-rbac' as const, target: 'team-a-apps/ClusterRoleBinding/ops-admin', reason: 'the ops operator reconciles every kind until OPS-7 narrows it', approvedBy: 'SEC-42' };
    const platform = Platform.fromSpec({ ...dev, exceptions: [exception] }, { extraCharts: [team(adminBinding)] });
    expect(platform.exceptions.map((e) => [e.guardRail, e.target, e.violations.map((v) => v.path)])).toEqual([
      ['team-chart-rbac', exception.target, ['options.extraCharts[0].objects[ClusterRoleBinding/ops-admin]']],
    ]);
    const objects = platform.manifests().charts.flatMap((c) => c.objects);
    expect(objects.some((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name === 'ops-admin')).toBe(true);
    const record = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === EXCEPTIONS_CONFIG_MAP.name);
    expect(JSON.stringify(record)).toContain('team-a-apps/ClusterRoleBinding/ops-admin');
    expect(refusal({ ...dev, exceptions: [exception] }, { extraCharts: [team(configMap('x', 'team-a'))] })).toContain(
      'spec.exceptions[0]: team-chart-rbac team-a-apps/ClusterRoleBinding/ops-admin covers nothing',
    );
  });
});

describe('team charts are built once', () => {
  it('delivers exactly the objects judged: the chart function runs once, so a second build cannot differ', () => {
    let calls = 0;
    const platform = Platform.fromSpec(dev, {
      extraCharts: [
        {
          name: 'team-a-apps',
          phase: 'workloads',
          namespace: 'team-a',
          chart: (scope) => {
            calls += 1;
            // A chart that would turn hostile on a second build.
            new ApiObject(scope, 'cm', calls === 1 ? configMap('ok', 'team-a') : adminBinding);
          },
        },
      ],
    });
    const objects = platform.manifests().charts.flatMap((c) => c.objects);
    platform.manifests();
    expect(calls).toBe(1);
    expect(objects.some((o) => o.kind === 'ClusterRoleBinding')).toBe(false);
  });

  it('reports every problem of every team chart together', () => {
    const message = refusal(dev, { extraCharts: [team(configMap('x', 'kube-system'), wildcardRole), { name: 'team-b', phase: 'foundation', manifests: [configMap('y', 'nowhere')] }] });
    expect(message).toMatch(/: 3 problems\n/);
  });
});
