/**
 * jest `setupFiles` entry: turns off the AsyncLocalStorage instances that earlier test files of
 * this worker process turned on.
 *
 * Why: on Node 20 every enabled AsyncLocalStorage stays in one process-wide list that a promise
 * hook walks for every promise created, copying each storage's context onto it. jest-circus
 * creates one per test file (its test-execution context), and so does Pulumi's runtime (its
 * `global.asyncLocalStorage` is the file's own global); neither is ever disabled. So the Nth file
 * of a worker paid N hooks on each of its promises, and every promise carried N context slots:
 * in one process running the whole suite, a tenth of the CPU went to that propagation and more
 * to the garbage it made. When a file starts, the files before it have finished (jest runs one
 * file at a time in a worker), so their storages have nothing left to carry; a storage that is
 * used again turns itself back on at its next `run`. Node 22+'s AsyncContextFrame has no such list.
 */
'use strict';
const { AsyncLocalStorage } = require('node:async_hooks');

const ENABLED = Symbol.for('groundwork.test.enabled-async-storages');
const proto = AsyncLocalStorage.prototype;

if (typeof proto._enable === 'function' && typeof proto.disable === 'function') {
  if (!proto[ENABLED]) {
    const enabled = [];
    const enable = proto._enable;
    proto[ENABLED] = enabled;
    proto._enable = function recordedEnable() {
      if (!this.enabled) enabled.push(new WeakRef(this));
      return enable.call(this);
    };
  }
  for (const storage of proto[ENABLED].splice(0)) storage.deref()?.disable();
}
