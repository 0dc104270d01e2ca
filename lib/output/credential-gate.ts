/**
 * The last gate before anything reaches disk: no output file may hold a credential. The spec
 * rules reject credentials where they enter; this catches any path they did not foresee (a
 * chart default, a new add-on value) — output files go to Git and CI logs.
 */
import { findCredentials } from '../spec/credentials';
import { printable } from '../spec/printable';
import type { EnvironmentFiles } from './write-environments';

/** `<env>/<file>:<line>: <what> (<masked>)` for every credential in the files to write, sorted by file. */
export function credentialsInOutput(environments: readonly EnvironmentFiles[], subfolder?: string): string[] {
  const found: string[] = [];
  for (const { env, files } of environments) {
    for (const [path, content] of files) {
      for (const f of findCredentials(content)) {
        found.push(printable(`${[env, subfolder, path].filter(Boolean).join('/')}:${f.line}: ${f.what} (${f.masked})`));
      }
    }
  }
  return found.sort();
}
