/** The team's services on the platform: two ProductionServices in its tenant namespaces. */
import { Chart, type App } from 'cdk8s';
import { ProductionService } from '@groundwork/platform';
import { spec } from './spec';

const REGISTRY = `${spec.accountId}.dkr.ecr.${spec.region}.amazonaws.com`;
const labels = (name: string, team: string) => ({ 'app.kubernetes.io/name': name, 'groundwork.dev/team': team, 'groundwork.dev/cost-center': 'payments' });

/** One chart per namespace the team deploys to; `checkout` calls `payments`. */
export function teamServices(app: App): Chart[] {
  const payments = new Chart(app, 'payments', { disableResourceNameHashes: true });
  new ProductionService(payments, 'payments', {
    platform: spec,
    namespace: 'team-a',
    image: `${REGISTRY}/payments:1.4.2`,
    labels: labels('payments', 'team-a'),
    callers: ['team-b/checkout'],
    canary: { image: `${REGISTRY}/payments:1.5.0-rc.1`, weight: 10 },
    metrics: { port: 9090 },
  });
  const checkout = new Chart(app, 'checkout', { disableResourceNameHashes: true });
  new ProductionService(checkout, 'checkout', {
    platform: spec,
    namespace: 'team-b',
    image: `${REGISTRY}/checkout:2.0.1`,
    labels: labels('checkout', 'team-b'),
    replicas: { min: 2, max: 6 },
  });
  return [payments, checkout];
}
