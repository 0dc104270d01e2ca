import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../lib/cli/main';
import { dev, prod, staging } from '../stacks/environments';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const base: Record<string, unknown> = { dev, prod, staging };

async function run(label: string, argv: string[]) {
  const out: string[] = []; const err: string[] = [];
  const t = Date.now();
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  console.log(`=== ${label} → ${code} (${Date.now() - t} ms)\n--- out:\n${out.join('\n')}\n--- err:\n${err.join('\n').slice(0, 3000)}\n`);
}

async function specCase(label: string, env: string, patch: (s: any) => void, ext = 'json') {
  const dir = mkdtempSync(join(tmpdir(), 'h6-'));
  const s = clone(base[env]) as any; patch(s);
  const file = join(dir, `spec.${ext}`);
  writeFileSync(file, JSON.stringify(s, null, 2));
  const out = join(dir, 'out');
  await run(label, ['synth', '--spec', file, '--out', out]);
  try { console.log('written:', readdirSync(out)); } catch { console.log('written: (no out)'); }
}

const cases: Record<string, () => Promise<void>> = {
  cidrs1: () => specCase('public /1+/1 prod', 'prod', (s) => { s.endpoint = { public: true, publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }; }),
  cidrs8: () => specCase('256 /8 prod', 'prod', (s) => { s.endpoint = { public: true, publicAccessCidrs: Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`) }; }),
  mesh: () => specCase('mesh false prod', 'prod', (s) => { s.addons.mesh = false; }),
  meshEx: () => specCase('mesh false prod w/ exception', 'prod', (s) => { s.addons.mesh = false; s.exceptions = [{ guardRail: 'mesh-mtls', target: 'spec.addons.mesh', reason: 'mesh migration in progress, see ticket', approvedBy: 'SEC-123' }]; }),
  istiod: () => specCase('disable istiod', 'prod', (s) => { s.addons.disabled = ['istiod']; }),
  repo: () => specCase('repoURL token', 'prod', (s) => { s.addons.delivery = 'gitops'; s.addons.gitops = { repoURL: 'https://deploy:ghp_abcdefghijklmnopqrstuvwxyz0123456789@host/x.git' }; }),
  tag: () => specCase('tag token', 'dev', (s) => { s.tags = { ...s.tags, ci: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }; }),

  argopw: () => specCase('argo admin pw', 'dev', (s) => { s.addons.delivery = 'gitops'; s.addons.gitops = { repoURL: 'https://github.com/acme/p.git' }; s.addons.overrides = { 'argo-cd': { configs: { secret: { argocdServerAdminPassword: 'hunter2-Sup3rSecret' } } } }; }),
  priv: () => specCase('privileged karpenter', 'prod', (s) => { s.addons.overrides = { karpenter: { securityContext: { privileged: true } } }; }),
  privgitops: () => specCase('privileged karpenter gitops w/ exception', 'dev', (s) => { s.addons.delivery = 'gitops'; s.addons.gitops = { repoURL: 'https://github.com/acme/p.git' }; s.addons.overrides = { karpenter: { podSecurityContext: { runAsUser: 0 } } }; s.exceptions = [{ guardRail: 'platform-pod-privileges', target: 'karpenter', reason: 'vendor debugging session, ticket OPS-9', approvedBy: 'SEC-7', expires: '2099-01-01' }]; }),
  snip: () => specCase('ingress snippets', 'dev', (s) => { s.addons.ingress = 'ingress-nginx'; s.addons.overrides = { 'ingress-nginx': { controller: { allowSnippetAnnotations: true, config: { 'allow-snippet-annotations': 'true' } } } }; }),
  editors: () => specCase('system editors', 'dev', (s) => { s.tenants = [{ name: 'team-a', editors: ['system:unauthenticated', 'system:authenticated', 'system:masters'] }]; }),
  emptyEd: () => specCase('empty editor + collision', 'dev', (s) => { s.tenants = [{ name: 'team-a', editors: ['', 'Devs', 'devs'] }]; }),
  depShape: () => specCase('dep + shape', 'dev', (s) => { s.addons.disabled = ['istiod']; s.nodePools[0].minSize = 'three'; }),
  longPools: () => specCase('long pools', 'dev', (s) => { s.addons.autoscaler = 'cluster-autoscaler'; s.nodePools.push({ ...s.nodePools[0], role: 'general', name: 'a'.repeat(50) + 'x' }, { ...s.nodePools[0], role: 'general', name: 'a'.repeat(50) + 'y' }); }),
  az6: () => specCase('6 AZ in 3-AZ region', 'dev', (s) => { s.region = 'eu-south-1'; s.availabilityZones = 6; }),
  cn: () => specCase('cn-north-1', 'dev', (s) => { s.region = 'cn-north-1'; }),
  gov: () => specCase('us-gov-west-1', 'dev', (s) => { s.region = 'us-gov-west-1'; }),
  keys: () => specCase('label/taint keys', 'dev', (s) => { s.nodePools[0].labels = { 'bad key!': 'x', 'kubernetes.io/role': 'y' }; s.nodePools[0].taints = [{ key: '-nope', value: 'x', effect: 'NoSchedule' }]; }),
  long: () => specCase('100-char name', 'dev', (s) => { s.name = 'a'.repeat(100); }),
  zeros: () => specCase('cidr leading zeros', 'dev', (s) => { s.vpcCidr = '010.020.0.0/16'; }),
  ansi: () => specCase('ansi tenant', 'dev', (s) => { s.tenants = [{ name: 'x\u001b[31mred\nInvalid environment spec "dev": 0 problems' }]; s.tags = { ...s.tags, ['k\u001b]0;pwn\u0007\nforged']: 'v' }; }),
  kv: () => specCase('kube version', 'dev', (s) => { s.kubernetesVersion = '1.20'; }),
  envts: () => run('--env toString', ['synth', '--env', 'toString', '--out', mkdtempSync(join(tmpdir(), 'h6-'))]),
  root: () => run('--out /', ['synth', '--env', 'dev', '--out', '/']),

  longPools2: () => specCase('long pools 2 CA', 'dev', (s) => { s.addons.autoscaler = 'cluster-autoscaler'; s.nodePools.push({ ...s.nodePools[0], role: 'general', name: 'a'.repeat(60) + 'x' }, { ...s.nodePools[0], role: 'general', name: 'a'.repeat(60) + 'y' }); }),
  longPools3: () => specCase('long pools 3 karp', 'dev', (s) => { s.nodePools.push({ ...s.nodePools[0], capacity: 'on-demand', role: 'general', name: 'a'.repeat(62) + 'x' }, { ...s.nodePools[0], role: 'general', capacity: 'on-demand', name: 'a'.repeat(62) + 'y' }); }),
  ansiTag: () => specCase('ansi tag key', 'dev', (s) => { s.tags = { ...s.tags, ['k\u001b]0;pwn\u0007\nforged']: 'v' }; }),
  ansiLabel: () => specCase('ansi label key', 'dev', (s) => { s.nodePools[0].labels = { ['k\u001b[2J\nspec.name: fine']: 'v' }; }),
  ansiOverride: () => specCase('ansi override key', 'dev', (s) => { s.addons.overrides = { 'metrics-server': { ['k\u001b[2J\nforged']: 1 } }; }),
  ansiEditor: () => specCase('ansi editor', 'dev', (s) => { s.tenants = [{ name: 'team-a', editors: ['dev\u001b[31m\nforged'] }]; }),
  kv31: () => specCase('kube 1.31', 'dev', (s) => { s.kubernetesVersion = '1.31'; }),
  kv135: () => specCase('kube 1.35', 'dev', (s) => { s.kubernetesVersion = '1.35'; }),

  inj: () => specCase('inject many', 'dev', (s) => { s.name = 'dev\nforged: x'; s.region = 'eu-west-1\u001b[2J\nforged'; s.domain = 'a.com\nforged'; s.accountId = '1\n2'; s.nodePools[0].name = 'sys\nforged'; s.tags = { ...s.tags, 'aws:\nforged': 'x', ok: 'v\nforged' }; }),
  exReason: () => specCase('exception reason ctl', 'prod', (s) => { s.addons.mesh = false; s.exceptions = [{ guardRail: 'mesh-mtls', target: 'spec.addons.mesh', reason: 'mesh migration\u001b[2J\nwrote /etc/ fine', approvedBy: 'SEC\u001b[31m-1' }]; }),
  poolLong: () => specCase('pool name forged', 'dev', (s) => { s.nodePools[0].instanceTypes = ['m5.large\u001b[2J\nforged']; s.admins = ['arn:aws:iam::111111111111:role/x\nforged']; }),

  own: async () => {
    const { mkdirSync } = await import('node:fs');
    const root = mkdtempSync(join(tmpdir(), 'h6-own-'));
    const out = join(root, 'D');
    await run('first prod', ['synth', '--env', 'prod', '--out', out]);
    await run('prod twice', ['synth', '--env', 'prod', '--env', 'prod', '--out', out]);
    console.log(readdirSync(out), readdirSync(join(out, 'prod')));
    // checkout-like
    const co = mkdtempSync(join(tmpdir(), 'h6-co-'));
    writeFileSync(join(co, 'package.json'), '{"name":"x"}'); mkdirSync(join(co, 'lib')); writeFileSync(join(co, 'lib', 'x.ts'), 'export {}');
    const s = clone(dev) as any; s.name = 'lib'; writeFileSync(join(co, 'lib.json'), JSON.stringify(s));
    await run('spec lib into checkout', ['synth', '--spec', join(co, 'lib.json'), '--out', co]);
    console.log(readdirSync(co), readdirSync(join(co, 'lib')));
    // user dir not ours
    const u = mkdtempSync(join(tmpdir(), 'h6-u-')); mkdirSync(join(u, 'dev')); writeFileSync(join(u, 'dev', 'notes.md'), 'mine');
    await run('user dev folder', ['synth', '--env', 'dev', '--out', u]);
    console.log(readdirSync(join(u, 'dev')));
    // user file inside groundwork's dev
    const g = mkdtempSync(join(tmpdir(), 'h6-g-'));
    await run('first dev', ['synth', '--env', 'dev', '--out', g]);
    writeFileSync(join(g, 'dev', 'notes.md'), 'mine'); writeFileSync(join(g, 'dev', 'manifests', 'extra.yaml'), 'x: 1');
    await run('dev with user file', ['synth', '--env', 'dev', '--out', g]);
    console.log(readdirSync(join(g, 'dev')), readdirSync(join(g, 'dev', 'manifests')));
    await run('home', ['synth', '--env', 'dev', '--out', (await import('node:os')).homedir()]);
    await run('etc', ['synth', '--spec', join(co, 'lib.json'), '--out', '/']);
  },

  sub: async () => {
    const { mkdirSync } = await import('node:fs');
    const co = mkdtempSync(join(tmpdir(), 'h6-co-'));
    writeFileSync(join(co, 'package.json'), '{"name":"x"}'); mkdirSync(join(co, 'lib')); writeFileSync(join(co, 'lib', 'x.ts'), 'export {}');
    await run('out co/lib', ['synth', '--env', 'dev', '--out', join(co, 'lib')]);
    console.log(readdirSync(join(co, 'lib')));
    mkdirSync(join(co, 'lib', 'dev')); writeFileSync(join(co, 'lib', 'dev', 'y.ts'), 'export {}');
    await run('out co/lib with dev', ['synth', '--env', 'dev', '--out', join(co, 'lib')]);
    console.log(readdirSync(join(co, 'lib', 'dev')));
  },

  ansiOvGit: () => specCase('ansi override key gitops', 'dev', (s) => { s.addons.delivery = 'gitops'; s.addons.gitops = { repoURL: 'https://github.com/acme/p.git' }; s.addons.overrides = { 'metrics-server': { ['k\u001b[2J\nforged: x']: 1 } }; }),
  expired: () => specCase('expired exception', 'prod', (s) => { s.addons.mesh = false; s.exceptions = [{ guardRail: 'mesh-mtls', target: 'spec.addons.mesh', reason: 'mesh migration in progress, see ticket', approvedBy: 'SEC-123', expires: '2001-01-01' }]; }),
  priv1: () => specCase('private /1', 'prod', (s) => { s.endpoint = { public: false, privateAccess: { cidrs: ['0.0.0.0/1', '128.0.0.0/1'] } }; }),
  long100: () => specCase('100-char tenant + pool', 'dev', (s) => { s.tenants = [{ name: 'a'.repeat(100) }]; s.nodePools[0].name = 'b'.repeat(100); s.tags = { ['k'.repeat(200)]: 'v'.repeat(300) }; }),
  bom: async () => { const dir = mkdtempSync(join(tmpdir(), 'h6-')); const f = join(dir, 'bom.json'); writeFileSync(f, '\uFEFF' + JSON.stringify({ ...dev, kubernetesVersion: '1.35' })); await run('bom', ['synth', '--spec', f, '--out', join(dir, 'out')]); },
};
(async () => { for (const k of process.argv.slice(2)) await cases[k](); })();
