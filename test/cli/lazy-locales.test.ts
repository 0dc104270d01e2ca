/**
 * The CLI defers zod's and ajv-i18n's translation indexes (lib/cli/lazy-locales.ts): loading
 * zod and kubernetes-models' validator after it loads no translation but English, and a caller
 * that reads one gets the real one. In a child process: jest's module cache is read-only.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { DEFERRED_LOCALES } from '../../lib/cli/lazy-locales';
import { TS_REGISTER } from '../support/ts-child';

const ROOT = join(__dirname, '..', '..');

function runInNode(script: string): Record<string, unknown> {
  const program = `require(${JSON.stringify(join(ROOT, 'lib', 'cli', 'lazy-locales.ts'))});\n${script}`;
  const result = spawnSync(process.execPath, ['-r', TS_REGISTER, '-e', program], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

const LOADED = `const translations = () => Object.keys(require.cache).filter((f) => /zod\\/v4\\/locales\\/(?!index)|ajv-i18n\\/localize\\/[^/]+\\//.test(f)).map((f) => f.split('node_modules/')[1]).sort();`;

describe('lazy locales', () => {
  it('loading zod and a validating kubernetes model after it loads English only', () => {
    const report = runInNode(`${LOADED}
require('zod');
const { StorageClass } = require('kubernetes-models/storage.k8s.io/v1/StorageClass');
new StorageClass({ metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com' }).validate();
process.stdout.write(JSON.stringify({ translations: translations() }));`);
    expect(report).toEqual({ translations: ['zod/v4/locales/en.cjs'] });
  });

  it('a caller that reads a translation gets the real one, and validation errors are still worded in English', () => {
    const report = runInNode(`${LOADED}
const { z } = require('zod');
const { StorageClass } = require('kubernetes-models/storage.k8s.io/v1/StorageClass');
let message;
try { new StorageClass({ metadata: { name: 'gp3' } }).validate(); } catch (e) { message = e.message; }
const fr = typeof z.locales.fr;
const i18n = require('ajv-i18n');
process.stdout.write(JSON.stringify({ message, fr, de: typeof i18n.de, hasEn: 'en' in i18n, keys: Object.keys(z.locales).includes('ja'), loaded: translations().length > 60 }));`);
    expect(report).toEqual({ message: 'data must have required property provisioner', fr: 'function', de: 'function', hasEn: true, keys: true, loaded: true });
  });

  it('declares the installed indexes as they are (path, __esModule)', () => {
    for (const { pkg, file, esModule } of DEFERRED_LOCALES) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const real = require(join(dirname(require.resolve(`${pkg}/package.json`)), file)) as Record<string, unknown>;
      expect({ pkg, esModule: real.__esModule === true }).toEqual({ pkg, esModule });
      expect(Object.keys(real).length).toBeGreaterThan(20);
    }
  });
});
