/**
 * One run at a time per output root: a second run waits for the lock (GROUNDWORK_LOCK_WAIT_SECONDS,
 * default 120) or fails at once with 0, naming the holder; a dead run's lock is taken over; five
 * concurrent runs end with one complete, consistent result.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockWaitSeconds, MARKER_FILE, OutputError, readMarker, sha256, writeEnvironments } from '../../lib/output';
import { fakeEnvironments, readTree, removeTemporaryFolders, runWriter, temporaryFolder } from './fixtures/output-files';

afterAll(removeTemporaryFolders);

const lockOf = (pid: number, host = hostname()): string => `${JSON.stringify({ tool: 'groundwork', pid, hostname: host })}\n`;

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** Every environment folder of `out` holds exactly its marker's files, all from one run; returns that run. */
function consistentRun(out: string, envs: readonly string[]): string {
  expect(readdirSync(out).sort()).toEqual([...envs].sort()); // no lock, journal, staging or backup left
  const runs = new Set<string>();
  for (const env of envs) {
    const marker = readMarker(join(out, env))!;
    expect(marker).toBeDefined();
    const files = Object.entries(readTree(join(out, env))).filter(([, c]) => c !== '<dir>');
    expect(files.map(([p]) => p).sort()).toEqual([MARKER_FILE, ...marker.files.map((f) => f.path)].sort());
    for (const f of marker.files) expect(sha256(readFileSync(join(out, env, f.path)))).toBe(f.sha256);
    for (const [path, content] of files) if (path !== MARKER_FILE) runs.add(/run"?: ?"?([\w-]+)/.exec(content)![1]);
  }
  expect(runs.size).toBe(1);
  return [...runs][0];
}

describe('output lock', () => {
  it('fails at once with GROUNDWORK_LOCK_WAIT_SECONDS=0, naming the holder, the lock file and the fix; nothing written', () => {
    const out = temporaryFolder();
    writeFileSync(join(out, LOCK_FILE), lockOf(process.pid));
    expect(() => writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 0 })).toThrow(OutputError);
    expect(() => writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 0 })).toThrow(
      `output folder ${out} is in use by another groundwork run (pid ${process.pid} on host ${hostname()}, lock file ${join(out, LOCK_FILE)}); ` +
        'fix: wait for that run to finish and run again, or set GROUNDWORK_LOCK_WAIT_SECONDS to wait longer; ' +
        `if no groundwork run is active on ${hostname()}, delete ${join(out, LOCK_FILE)}`,
    );
    expect(readdirSync(out)).toEqual([LOCK_FILE]);
  });

  it('waits for the lock and says how long it waited when it gives up', () => {
    const out = temporaryFolder();
    writeFileSync(join(out, LOCK_FILE), lockOf(process.pid));
    expect(() => writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 0.3 })).toThrow('; waited 0.3 s; fix:');
  });

  it('waits while another run holds the lock, then writes', async () => {
    const out = temporaryFolder();
    const lock = join(out, LOCK_FILE);
    // A live holder that releases its lock after half a second.
    const holder = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').unlinkSync(${JSON.stringify(lock)}), 500)`]);
    writeFileSync(lock, lockOf(holder.pid!));
    const exited = new Promise((r) => holder.on('close', r));
    writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 30 });
    await exited;
    expect(consistentRun(out, ['a', 'b'])).toBe('new');
  });

  it('takes over the lock of a run that is gone, and says so', () => {
    const out = temporaryFolder();
    const pid = deadPid();
    writeFileSync(join(out, LOCK_FILE), lockOf(pid));
    const notes: string[] = [];
    writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 0, warn: (l) => notes.push(l) });
    expect(notes).toEqual([`note: taking over the stale lock ${join(out, LOCK_FILE)} of pid ${pid} on host ${hostname()} (that run is gone)`]);
    expect(consistentRun(out, ['a', 'b'])).toBe('new');
  });

  it('takes over an unreadable lock older than 5 s (a run killed while creating it), not a fresh one', () => {
    const out = temporaryFolder();
    writeFileSync(join(out, LOCK_FILE), '');
    expect(() => writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 0 })).toThrow('a run whose lock file is unreadable');
    utimesSync(join(out, LOCK_FILE), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 0, warn: () => undefined });
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  });

  it('does not take over a lock held on another host (its pid cannot be checked from here)', () => {
    const out = temporaryFolder();
    writeFileSync(join(out, LOCK_FILE), lockOf(deadPid(), 'build-agent-7'));
    expect(() => writeEnvironments(out, fakeEnvironments('new'), { lockWaitSeconds: 0 })).toThrow('if no groundwork run is active on build-agent-7, delete');
  });

  it('rejects a GROUNDWORK_LOCK_WAIT_SECONDS that is not a number of seconds', () => {
    expect(lockWaitSeconds({})).toBe(120);
    expect(lockWaitSeconds({ GROUNDWORK_LOCK_WAIT_SECONDS: '0' })).toBe(0);
    expect(() => lockWaitSeconds({ GROUNDWORK_LOCK_WAIT_SECONDS: 'soon' })).toThrow('GROUNDWORK_LOCK_WAIT_SECONDS must be a number of seconds >= 0 (got "soon")');
  });

  it('five concurrent runs waiting for the lock all exit 0 and leave one complete, consistent result', async () => {
    const out = temporaryFolder();
    writeEnvironments(out, fakeEnvironments('old', ['a', 'b', 'c']));
    const runs = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const start = { FIXTURE_START_AT: String(Date.now() + 4000), FIXTURE_EXTRA_FILES: '300' };
    const results = await Promise.all(runs.map((run) => runWriter(out, run, { GROUNDWORK_LOCK_WAIT_SECONDS: '60', ...start }, ['a', 'b', 'c'])));
    expect(results.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    expect(runs).toContain(consistentRun(out, ['a', 'b', 'c']));
  });

  it('five concurrent fail-fast runs: each writes (exit 0) or gets the lock message (exit 2); the result is one complete run', async () => {
    const out = temporaryFolder();
    const runs = ['f1', 'f2', 'f3', 'f4', 'f5'];
    const start = { FIXTURE_START_AT: String(Date.now() + 4000), FIXTURE_EXTRA_FILES: '300' };
    const results = await Promise.all(runs.map((run) => runWriter(out, run, { GROUNDWORK_LOCK_WAIT_SECONDS: '0', ...start }, ['a', 'b', 'c'])));
    for (const r of results) {
      if (r.code === 0) expect(r.stderr).toBe('');
      else {
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`output folder ${out} is in use by another groundwork run (pid `);
      }
    }
    const winners = runs.filter((_, i) => results[i].code === 0);
    expect(winners.length).toBeGreaterThan(0);
    expect(winners.length).toBeLessThan(runs.length); // they all start writing at once: the lock turns some away
    expect(winners).toContain(consistentRun(out, ['a', 'b', 'c']));
  });
});
