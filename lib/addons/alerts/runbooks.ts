/**
 * Where an alert's runbook lives: `docs/runbooks/<AlertName>.md` in this repository. The base is
 * the package's own `repository` (package.json) as a browsable URL on its default branch, so the
 * link in a page or a Slack message opens the runbook of the version that is deployed; while the
 * package declares no repository the link is the repository-relative path, which is what a
 * reader of the rule file or of Alertmanager can still resolve — never a guessed host.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Folder of the runbooks, relative to the repository root. */
export const RUNBOOK_DIR = 'docs/runbooks';

/** Branch the runbook links point at. */
const BRANCH = 'main';

/** `repository` of the nearest package.json above this module named @groundwork/platform, if any. */
function packageRepository(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; repository?: string | { url?: string } };
      if (pkg.name === '@groundwork/platform') return typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** `git+https://github.com/o/r.git` → `https://github.com/o/r/blob/main`; undefined for anything not HTTPS. */
export function browsableBase(repository: string | undefined): string | undefined {
  if (!repository) return undefined;
  const url = repository.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/]+\/\S+$/.test(url)) return undefined;
  return `${url}/blob/${BRANCH}`;
}

/** Base every runbook link starts with (no trailing slash). */
export const RUNBOOK_BASE_URL: string = (() => {
  const base = browsableBase(packageRepository());
  return base ? `${base}/${RUNBOOK_DIR}` : RUNBOOK_DIR;
})();

/** The runbook link of `alertName`. */
export function runbookUrl(alertName: string): string {
  return `${RUNBOOK_BASE_URL}/${alertName}.md`;
}
