/**
 * The team's services as the platform will run them: a snapshot of the manifests, and the
 * properties the team relies on (these fail if a service or the library changes them).
 */
import { Testing } from 'cdk8s';
import { teamServices } from '../services';

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, any>;
}

const objects = (): Obj[] => teamServices(Testing.app()).flatMap((chart) => Testing.synth(chart) as Obj[]);
const byKind = (kind: string) => objects().filter((o) => o.kind === kind);
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);

it('matches the snapshot', () => {
  expect(objects()).toMatchSnapshot();
});

// Canaries too: a drain must never take every pod of a track at once.
it('gives every Deployment a PodDisruptionBudget that selects its pods', () => {
  const budgets = byKind('PodDisruptionBudget');
  const deployments = byKind('Deployment');
  expect(deployments.length).toBeGreaterThanOrEqual(3);
  for (const deployment of deployments) {
    const pods = deployment.spec!.template.metadata.labels as Record<string, string>;
    const budget = budgets.find((b) => b.metadata.namespace === deployment.metadata.namespace && matches(b.spec!.selector.matchLabels, pods));
    expect({ deployment: deployment.metadata.name, budget: budget?.metadata.name ?? 'none' }).not.toEqual({ deployment: deployment.metadata.name, budget: 'none' });
  }
});

it("routes every service through the platform's gateway, never one of its own", () => {
  const routes = byKind('HTTPRoute');
  expect(routes.map((r) => r.metadata.namespace).sort()).toEqual(['team-a', 'team-b']);
  expect(byKind('Gateway')).toEqual([]);
  for (const route of routes) {
    for (const parent of route.spec!.parentRefs as Array<{ name: string; namespace?: string }>) {
      expect(parent.namespace).toBeDefined();
      expect(parent.namespace).not.toBe(route.metadata.namespace);
    }
  }
});

it('sends the canary its 10 % of payments traffic', () => {
  const route = byKind('HTTPRoute').find((r) => r.metadata.namespace === 'team-a')!;
  const weights = (route.spec!.rules as Array<{ backendRefs: Array<{ weight?: number }> }>).flatMap((rule) => rule.backendRefs.map((b) => b.weight ?? 1));
  expect(weights.sort((a, b) => a - b)).toEqual([10, 90]);
});
