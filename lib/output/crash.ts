/**
 * Crash injection for tests: GROUNDWORK_TEST_CRASH_AT=<step> stops the writer abruptly at that
 * step, to prove that a run killed anywhere leaves output the next run can recover.
 *
 * Steps, in order (n = index of the folder in the swap, from 0):
 * - `after-journal`  — journal written (pending), nothing staged yet
 * - `after-stage`    — every new folder staged, nothing swapped
 * - `after-backup:n` — folder n moved to its backup, its new folder not yet in place
 * - `after-swap:n`   — folder n's new folder in place
 * - `before-commit`  — every new folder in place, journal still pending
 * - `after-commit`   — journal committed, backups not yet removed
 *
 * GROUNDWORK_TEST_CRASH_MODE: `kill` (default) sends SIGKILL to the process itself, as a real
 * kill would (for CLI child processes); `throw` throws an InjectedCrash that the writer does not
 * roll back (for in-process tests; unlike a kill, the lock is still released).
 */

/** Thrown at the injected step in `throw` mode. */
export class InjectedCrash extends Error {
  constructor(readonly step: string) {
    super(`injected crash at ${step} (GROUNDWORK_TEST_CRASH_AT)`);
    this.name = 'InjectedCrash';
  }
}

/** Stop here if GROUNDWORK_TEST_CRASH_AT names this step. */
export function crashPoint(step: string): void {
  const at = process.env.GROUNDWORK_TEST_CRASH_AT;
  if (at === undefined || at !== step) return;
  if (process.env.GROUNDWORK_TEST_CRASH_MODE === 'throw') throw new InjectedCrash(step);
  process.kill(process.pid, 'SIGKILL');
}
