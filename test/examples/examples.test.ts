/**
 * The examples are what a team repo writes; they must compile (npm test type-checks them) and
 * do what they say.
 */
import { deployTeamEnvironment, teamEnvironment, teamPlatform } from '../../examples/team-environment';
import { synthTeamTenant } from '../../examples/team-tenant';
import { planProgram } from '../../lib/plan/planner';
import { validateObjects } from '../support/schema';

describe('examples/team-environment', () => {
  it('derives a valid platform from a stock environment', () => {
    const platform = teamPlatform();
    expect(platform.spec.name).toBe('payments-stg');
    expect(platform.spec.tier).toBe('staging');
  });

  it('applies and records the typed value override', async () => {
    const plan = await planProgram('payments-stg', { region: teamEnvironment.region, accountId: teamEnvironment.accountId }, () => {
      deployTeamEnvironment();
    });
    const release = plan.find((r) => r.type === 'kubernetes:helm.sh/v3:Release' && r.inputs.name === 'metrics-server')!;
    expect((release.inputs.values as { defaultArgs: string[] }).defaultArgs).toContain('--metric-resolution=30s');
    expect(release.inputs.description).toBe('groundwork: user overrides at defaultArgs');
  });
});

describe('examples/team-tenant', () => {
  it('synthesizes a guarded, schema-valid tenant namespace', () => {
    const objects = synthTeamTenant() as Array<{ kind: string; metadata: { name: string; labels?: Record<string, string> } }>;
    const ns = objects.find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny-all')).toBe(true);
    expect(validateObjects(objects)).toEqual([]);
  });

  it("admits traffic only from its environment's edge (the Gateway API proxy pods in production)", () => {
    const objects = synthTeamTenant() as Array<{ kind: string; metadata: { name: string }; spec?: { ingress?: Array<{ from: unknown[] }> } }>;
    const edge = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-ingress-controller')!;
    expect(edge.spec!.ingress!.flatMap((rule) => rule.from)).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } },
    ]);
  });
});
