/** Synchronous calls into a worker thread: each call gets its own answer, whenever a wake-up comes. */
import { join } from 'node:path';
import { callWorker } from './sync-worker';

describe('callWorker', () => {
  it('waits for the answer, not for a wake-up: a late notify of the previous call does not end the next one', () => {
    const worker = join(__dirname, 'fixtures', 'late-notify-worker.mjs');
    expect(callWorker(worker, 'first')).toBe('first');
    expect(callWorker(worker, 'second')).toBe('second');
    expect(callWorker(worker, 'third')).toBe('third');
  });
});
