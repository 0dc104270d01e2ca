import { join } from 'node:path';
import { callWorker } from '../support/sync-worker';
it('worker', () => {
  const file = join(__dirname, '../support/model-worker.mjs');
  let t = Date.now();
  const r = callWorker(file, { type: 'models', objects: [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', foo: 1 }, spec: { selector: {}, template: { spec: { hostnameOverride: 'a', containers: [{ name: 'a', image: 'b', imagee: 1 }] } } } },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 1, description: 'd' },
    { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'p' }, spec: {} },
    { apiVersion: 'x.io/v1', kind: 'Nope', metadata: { name: 'p' } },
  ] });
  console.log(Date.now() - t, JSON.stringify(r, null, 1));
  t = Date.now();
  callWorker(file, { type: 'models', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }] });
  console.log('second', Date.now() - t);
});
