/**
 * Where an alert's runbook lives: `docs/runbooks/<AlertName>.md` in this repository, linked by its
 * repository-relative path. Not a URL guessed from package.json or the install location: the
 * output must not depend on where the package is installed, and a relative path is what a reader of
 * the rule, the page or Alertmanager resolves against the platform repository they deploy from.
 */

/** Folder of the runbooks, relative to the repository root. */
export const RUNBOOK_DIR = 'docs/runbooks';

/** Base every runbook link starts with (no trailing slash). */
export const RUNBOOK_BASE_URL: string = RUNBOOK_DIR;

/** The runbook link of `alertName`. */
export function runbookUrl(alertName: string): string {
  return `${RUNBOOK_BASE_URL}/${alertName}.md`;
}
