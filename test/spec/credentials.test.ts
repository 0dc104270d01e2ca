/**
 * No credential in the output: the spec rule rejects credentials (by format, and by key name in
 * overrides) with the reference to use instead, never echoing them; `findCredentials`, the
 * writer's last gate, finds nothing in stock output and finds a seeded one; Pulumi secrets stay
 * `[secret]` in the plan.
 */
import { Platform } from '../../lib/blueprint/platform';
import { synthesizeEnvironment } from '../../lib/cli/synth';
import { planPlatform } from '../../lib/plan/plan-platform';
import { toCloudJson } from '../../lib/plan/planner';
import { findCredentials, isSecretKeyName, maskCredential, redactCredentials } from '../../lib/spec/credentials';
import { runRules } from '../../lib/spec/rules/context';
import { credentialRules } from '../../lib/spec/rules/credentials';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, staging, prod } from '../../stacks/environments';
import { issuesOf } from './helpers';

// Fakes are assembled at run time: no secret scanner should mistake this file for a leak.
const GITHUB_TOKEN = `ghp_${'A1b2C3'.repeat(6)}`;
const AWS_SECRET = `wJalrXUtnFEMI/K7MDENG/${'bPxRfiCY'.repeat(2)}EX`;
const BCRYPT = `$2a$10$${'N9qo8uLOickgx2ZMRZoMye'.repeat(3).slice(0, 53)}`;
const REVOKE = 'revoke it (it has been in the spec) and ';

/** Prod with GitOps delivery, so argo-cd is selected and its overrides apply. */
function gitops(s: Record<string, any>, repoURL = 'https://github.com/acme/platform-manifests.git'): void {
  s.addons = { ...s.addons, delivery: 'gitops', gitops: { repoURL } };
}

/** The issues' text, to assert a credential is never echoed. */
const printed = (value: unknown): string => JSON.stringify(value);

describe('stock environments', () => {
  it.each([dev, staging, prod].map((s) => [s.name, s]))('%s holds no credential', (_name, spec) => {
    expect(runRules(spec as unknown as Record<string, unknown>, [credentialRules])).toEqual([]);
  });
});

describe('credentials in URLs', () => {
  it('rejects a GitOps repoURL with a token in its userinfo, and names the Argo CD repository Secret to use', () => {
    const issues = issuesOf((s) => gitops(s, `https://deploy:${GITHUB_TOKEN}@git.example.com/acme/platform.git`));
    expect(issues).toEqual([
      {
        path: 'spec.addons.gitops.repoURL',
        problem: '"https://deploy:ghp_…@git.example.com/acme/platform.git" holds a password or token in the URL',
        fix:
          REVOKE +
          'create an Argo CD repository Secret in namespace argocd outside Groundwork (label argocd.argoproj.io/secret-type: repository for this URL, or repo-creds for every URL under a prefix; e.g. an ExternalSecret from AWS Secrets Manager) and set repoURL to the plain URL (https://host/org/repo.git or git@host:org/repo.git)',
      },
    ]);
    expect(printed(issues)).not.toContain(GITHUB_TOKEN.slice(4));
  });

  it('rejects a password in an ssh URL and a token in a URL query', () => {
    expect(issuesOf((s) => gitops(s, 'ssh://git:hunter2hunter2@git.example.com/acme/platform.git'))).toEqual([
      expect.objectContaining({ path: 'spec.addons.gitops.repoURL', problem: '"ssh://git:hunt…@git.example.com/acme/platform.git" holds a password or token in the URL' }),
    ]);
    expect(issuesOf((s) => gitops(s, 'https://git.example.com/acme/platform.git?private_token=abc123'))).toEqual([
      expect.objectContaining({ path: 'spec.addons.gitops.repoURL', problem: '"https://git.example.com/acme/platform.git?private_token=…" holds a credential in the URL query' }),
    ]);
  });

  it('masks the credential in the other repoURL messages too (an http URL is also reported as not https)', () => {
    const issues = issuesOf((s) => gitops(s, 'http://deploy:hunter2hunter2@git.example.com/acme/platform.git'));
    expect(issues.map((i) => i.problem)).toEqual([
      '"http://deploy:hunt…@git.example.com/acme/platform.git" holds a password or token in the URL',
      '"http://deploy:hunt…@git.example.com/acme/platform.git" is not an https or ssh Git URL',
    ]);
  });

  it.each(['git@github.com:acme/platform-manifests.git', 'ssh://git@github.com/acme/platform-manifests.git', 'https://github.com/acme/platform-manifests.git'])(
    'accepts %s (a user name alone is no credential)',
    (repoURL) => {
      expect(issuesOf((s) => gitops(s, repoURL))).toEqual([]);
    },
  );

  it('rejects a URL credential anywhere in the spec, and masks it in the other rules\' messages too', () => {
    const issues = issuesOf((s) => (s.domain = 'https://admin:s3cretpassw0rd@prod.example.com'));
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.domain',
          problem: '"https://admin:s3cr…@prod.example.com" holds a password or token in the URL',
          fix: `${REVOKE}keep it out of the spec: store it in AWS Secrets Manager or a Kubernetes Secret and refer to it by ARN or Secret name (Pulumi config secrets for the deploy itself)`,
        },
      ]),
    );
    expect(printed(issues)).not.toContain('s3cretpassw0rd');
  });
});

describe('credentials by format', () => {
  const cases: [what: string, value: string, secret: string][] = [
    ['an AWS access key id', `AKIA${'Q3EXAMPLE7'.repeat(2).slice(0, 16)}`, 'Q3EXAMPLE7'],
    ['a PEM private key', `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----`, 'b3BlbnNzaC1rZXktdjEAAAAA'],
    ['a GitHub token', GITHUB_TOKEN, GITHUB_TOKEN.slice(4)],
    ['a GitHub token', `github_pat_${'11ABCDEFG0'.repeat(3)}`, '11ABCDEFG0'],
    ['a GitLab token', `glpat-${'xY9'.repeat(7)}`, 'xY9xY9'],
    ['a Slack token', `xoxb-${'1234567890'}-${'AbCd'.repeat(4)}`, '1234567890'],
    ['a Slack webhook URL', `https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/${'Xy'.repeat(12)}`, 'XyXyXy'],
    ['a Stripe live key', `sk_live_${'51Hq'.repeat(6)}`, '51Hq51Hq'],
    ['a Google API key', `AIza${'SyD-9tSrke72PouQMnMX'.repeat(2).slice(0, 35)}`, 'SyD-9tSrke'],
    ['a JSON Web Token', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3kifQ.${'c2lnbmF0dXJl'.repeat(2)}`, 'eyJzdWIiOiJkZXBsb3kifQ'],
    ['a bcrypt password hash', BCRYPT, BCRYPT.slice(7)],
    ['Basic authorization credentials', `Basic ${Buffer.from('deploy:hunter2').toString('base64')}`, Buffer.from('deploy:hunter2').toString('base64')],
    ['an Authorization header', `Authorization: Bearer ${'tok3n'.repeat(4)}`, 'tok3ntok3n'],
    ['a credential in the URL query', 'https://hooks.example.com/notify?access_token=abcdef123456', 'abcdef123456'],
  ];
  it.each(cases)('rejects %s in a tag value, without echoing it', (what, value, secret) => {
    const issues = issuesOf((s) => (s.tags = { ...s.tags, probe: value }));
    expect(issues).toEqual([
      {
        path: 'spec.tags.probe',
        problem: expect.stringMatching(new RegExp(`holds ${what}$`)),
        fix: `${REVOKE}remove it: tags are copied in clear to every AWS resource, cloud.json and the manifests; keep the credential in AWS Secrets Manager (a tag may hold its ARN)`,
      },
    ]);
    expect(printed(issues)).not.toContain(secret);
  });

  it('rejects an AWS secret access key next to its key name', () => {
    const issues = issuesOf((s) => (s.tags = { aws_secret_access_key: AWS_SECRET }));
    expect(issues).toEqual([expect.objectContaining({ path: 'spec.tags.aws_secret_access_key', problem: '"wJal…" holds an AWS secret access key' })]);
  });

  it('rejects a credential used as a tag key, masking the key in the path', () => {
    const issues = issuesOf((s) => (s.tags = { [GITHUB_TOKEN]: 'x' }));
    expect(issues).toEqual([expect.objectContaining({ path: 'spec.tags.ghp_…', problem: 'the key holds a GitHub token' })]);
    expect(printed(issues)).not.toContain(GITHUB_TOKEN.slice(4));
  });

  it('rejects a credential in a tenant field', () => {
    expect(issuesOf((s) => (s.tenants[0].editors = [`${GITHUB_TOKEN}`]))).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'spec.tenants[0].editors[0]', problem: '"ghp_…" holds a GitHub token' })]),
    );
  });

  it('keeps false positives low: ARNs, zone ids, digests, ids, 40-char base64 without a key name and prose pass', () => {
    const tags = {
      secret: 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:prod/db-AbCdEf',
      role: 'arn:aws:iam::333333333333:role/platform-admins',
      zone: 'Z0PROD0000000000000003',
      image: `public.ecr.aws/karpenter/controller:1.14.1@sha256:${'0a1b2c3d'.repeat(8)}`,
      instance: 'i-0123456789abcdef0',
      checksum: AWS_SECRET,
      note: 'Basic authentication is disabled: tokens come from IRSA',
      repo: 'ssh://git@github.com/acme/platform.git',
      uuid: '04da6b54-80e4-46f7-96ec-b56ff0331ba9',
    };
    expect(issuesOf((s) => (s.tags = tags))).toEqual([]);
  });
});

describe('credentials in add-on overrides', () => {
  it('rejects an Argo CD admin password (a bcrypt hash is a credential too) with the supported alternatives', () => {
    const issues = issuesOf((s) => {
      gitops(s);
      s.addons.overrides = { 'argo-cd': { configs: { secret: { argocdServerAdminPassword: BCRYPT, argocdServerAdminPasswordMtime: '2026-01-01T00:00:00Z' } } } };
    });
    expect(issues).toEqual([
      {
        path: 'spec.addons.overrides.argo-cd.configs.secret.argocdServerAdminPassword',
        problem: '"$2a$…" holds a bcrypt password hash',
        fix:
          REVOKE +
          'remove it: Groundwork keeps the local admin off (configs.cm.admin.enabled: false), so operators use `argocd admin dashboard` or `argocd --core` with their IAM credentials; to have a login, add SSO (configs.cm.oidc.config with clientSecret: $oidc.clientSecret, a key of argocd-secret), or set configs.secret.createSecret: false and provide argocd-secret outside Groundwork (e.g. an ExternalSecret from AWS Secrets Manager with admin.password as a bcrypt hash and admin.passwordMtime)',
      },
    ]);
    expect(printed(issues)).not.toContain(BCRYPT.slice(7));
  });

  it('rejects a plain admin password by its key name', () => {
    expect(
      issuesOf((s) => {
        gitops(s);
        s.addons.overrides = { 'argo-cd': { configs: { secret: { argocdServerAdminPassword: 'correct-horse-battery' } } } };
      }),
    ).toEqual([expect.objectContaining({ path: 'spec.addons.overrides.argo-cd.configs.secret.argocdServerAdminPassword', problem: 'is a literal credential (corr…)' })]);
  });

  it('rejects webhook secrets, extra secrets and repository passwords of the argo-cd chart, each with its reference', () => {
    const issues = issuesOf((s) => {
      gitops(s);
      s.addons.overrides = {
        'argo-cd': {
          configs: {
            secret: { githubSecret: 'hook-secret-value', extra: { LDAP_BIND: 'x' }, azureDevops: { username: 'ops', password: 'pw' } },
            repositories: { private: { url: 'https://github.com/acme/private.git', password: 'pw' } },
            cm: { 'dex.config': 'connectors:\n- type: github\n  config:\n    clientID: abc\n    clientSecret: literal-client-secret\n' },
          },
        },
      };
    });
    const argo = 'spec.addons.overrides.argo-cd.configs';
    expect(issues.map((i) => [i.path, i.problem])).toEqual([
      [`${argo}.cm.dex.config`, 'line 5 sets clientSecret to a literal (lite…)'],
      [`${argo}.repositories.private.password`, 'is a literal credential (…)'],
      [`${argo}.secret.azureDevops.password`, 'is a literal credential (…)'],
      [`${argo}.secret.extra.LDAP_BIND`, 'is a literal credential (…)'],
      [`${argo}.secret.githubSecret`, 'is a literal credential (hook…)'],
    ]);
    expect(issues[0].fix).toContain('refer to its key here as $<key> (e.g. clientSecret: $oidc.clientSecret)');
    expect(issues[1].fix).toContain('argocd.argoproj.io/secret-type: repository');
    expect(issues[4].fix).toContain('set configs.secret.createSecret: false and provide argocd-secret outside Groundwork');
  });

  it('rejects literal secrets in any chart: by key name, env entries and Secret data', () => {
    const issues = issuesOf((s) => {
      s.addons.overrides = {
        'external-dns': {
          env: [{ name: 'CF_API_TOKEN', value: 'literal-token-value' }],
          secretConfiguration: { enabled: true, data: { 'credentials.json': '{"k":"v"}' } },
          provider: { webhook: { apiKey: 'abc' } },
        },
      };
    });
    expect(issues.map((i) => [i.path, i.problem])).toEqual([
      ['spec.addons.overrides.external-dns.env[0].value', 'is a literal credential (lite…)'],
      ['spec.addons.overrides.external-dns.provider.webhook.apiKey', 'is a literal credential (…)'],
      ['spec.addons.overrides.external-dns.secretConfiguration.data.credentials.json', 'is a literal credential (…)'],
    ]);
    expect(issues[0].fix).toBe(
      `${REVOKE}put it in a Kubernetes Secret created outside Groundwork (e.g. an ExternalSecret from AWS Secrets Manager) and set the chart's reference instead (existingSecret, …SecretName, …SecretRef or env valueFrom.secretKeyRef)`,
    );
  });

  it('accepts references: Secret names, secretKeyRef, switches, Argo CD $refs, Secrets Manager ARNs, metadata', () => {
    const issues = issuesOf((s) => {
      gitops(s);
      s.addons.overrides = {
        'argo-cd': {
          configs: {
            secret: { createSecret: false, argocdServerAdminPasswordMtime: '2026-01-01T00:00:00Z', labels: { team: 'platform' } },
            cm: { 'oidc.config': 'name: SSO\nissuer: https://sso.example.com\nclientID: argocd\nclientSecret: $oidc.clientSecret\n' },
          },
          externalRedis: { existingSecret: 'argocd-redis' },
        },
        'external-dns': {
          env: [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: 'cloudflare', key: 'token' } } }],
          automountServiceAccountToken: true,
          imagePullSecrets: ['regcred'],
          passwordSecretName: 'dns-password',
          tokenSecret: 'dns-token',
          bearerTokenFile: '/var/run/secrets/token',
          secretConfiguration: { enabled: false, mountPath: '/etc/secret' },
          awsSecretArn: 'arn:aws:secretsmanager:eu-west-1:333333333333:secret:dns-AbCdEf',
        },
      };
    });
    expect(issues).toEqual([]);
  });

  it('reports credentials together with the other problems of the spec', () => {
    const issues = issuesOf((s) => {
      s.availabilityZones = 2;
      s.tags = { owner: GITHUB_TOKEN };
    });
    expect(issues.map((i) => i.path)).toEqual(['spec.availabilityZones', 'spec.tags.owner']);
  });
});

describe('key names', () => {
  it.each(['password', 'argocdServerAdminPassword', 'clientSecret', 'client_secret', 'apiKey', 'api-key', 'token', 'sshPrivateKey', 'secretAccessKey', 'slackApiUrl', 'webhookUrl', 'credentials'])(
    '%s holds a credential',
    (key) => expect(isSecretKeyName(key)).toBe(true),
  );
  it.each([
    'existingSecret',
    'passwordSecretName',
    'secretName',
    'secretKeyRef',
    'passwordSecret',
    'usernameKey',
    'passwordKey',
    'createSecret',
    'automountServiceAccountToken',
    'argocdServerAdminPasswordMtime',
    'bearerTokenFile',
    'imagePullSecrets',
    'tokenUrl',
    'secretNamespace',
    'username',
  ])('%s is a reference or metadata', (key) => expect(isSecretKeyName(key)).toBe(false));
});

describe('findCredentials (the output gate)', () => {
  it('masks: 4 characters of a long credential, none of a short one, no control characters', () => {
    expect(maskCredential(GITHUB_TOKEN)).toBe('ghp_…');
    expect(maskCredential('hunter2')).toBe('…');
    expect(maskCredential('\u001b[31mredredredred')).toBe('?[31…');
    expect(redactCredentials(`url: https://deploy:${GITHUB_TOKEN}@host/x.git`)).toBe('url: https://deploy:ghp_…@host/x.git');
  });

  it('finds a PEM key whose newlines are JSON-escaped, but not a documentation placeholder (external-secrets CRD descriptions)', () => {
    const escaped = '"key": "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAx3JkQw\\n-----END RSA PRIVATE KEY-----"';
    expect(findCredentials(escaped).map((f) => f.what)).toEqual(['a PEM private key']);
    const placeholder = '"private-key": "-----BEGIN PRIVATE KEY-----\\n<private-key>\\n-----END PRIVATE KEY-----\\n"';
    expect(findCredentials(placeholder)).toEqual([]);
  });

  it('finds a seeded token in a tag of the stock output, on its line', async () => {
    const { files } = await synthesizeEnvironment(Platform.fromSpec(dev));
    const cloud = files.get('cloud.json')!;
    const tagValue = dev.tags?.['cost-center'] ?? Object.values(dev.tags ?? {})[0];
    expect(tagValue).toBeDefined();
    const seeded = cloud.split(tagValue!).join(GITHUB_TOKEN);
    const line = seeded.split('\n').findIndex((l) => l.includes(GITHUB_TOKEN)) + 1;
    const findings = findCredentials(seeded);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toEqual({ pattern: 'github-token', what: 'a GitHub token', line, masked: 'ghp_…' });
    expect(printed(findings)).not.toContain(GITHUB_TOKEN.slice(4));
  }, 60_000);

  it.each<[string, EnvironmentSpec]>([
    ['dev', dev],
    ['staging', staging],
    ['prod', prod],
    ['prod with GitOps delivery', { ...prod, addons: { ...prod.addons, delivery: 'gitops', gitops: { repoURL: 'https://github.com/acme/platform-manifests.git' } } }],
  ])('finds nothing in the stock output of %s (manifests and cloud.json)', async (_name, spec) => {
    const { files } = await synthesizeEnvironment(Platform.fromSpec(spec));
    const found = [...files].flatMap(([file, text]) => findCredentials(text).map((f) => ({ file, ...f })));
    expect(found).toEqual([]);
  }, 60_000);
});

describe('Pulumi secrets in the plan', () => {
  it('keeps the kubeconfig (a pulumi.secret) as [secret] in cloud.json, with nothing of it in clear', async () => {
    const plan = toCloudJson(await planPlatform(Platform.fromSpec(dev)));
    const provider = plan.find((r) => r.type === 'pulumi:providers:kubernetes');
    expect(provider?.inputs.kubeconfig).toBe('[secret]');
    const text = JSON.stringify(plan);
    expect(text).not.toMatch(/certificate-authority-data|current-context|"kind":"Config"/);
  }, 60_000);
});
