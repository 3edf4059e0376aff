/**
 * Dawn's Node binding (npm `webgpu` 0.6.2) delivers its promises by calling `ProcessEvents`
 * from a `setImmediate` loop, which runs while any of its promises is pending. In a training
 * step the read of the loss and each run's error scope wait for the GPU, and meanwhile the
 * loop keeps the main thread busy: about 27,000 polls per step of `npm run demo` here. With a
 * CPU adapter (lavapipe) that thread takes a core that the GPU work needs.
 *
 * Kiln therefore routes those polls through `setTimeout(poll, 0)`: at most about one poll per
 * millisecond, each of which delivers every event that has completed, so a promise resolves
 * at most about a millisecond later than with the loop. The demo's steps took a third less
 * time (0.100 against 0.153 s). Set `KILN_DAWN_POLL=immediate` to keep Dawn's loop.
 */

/** The source text of Dawn's poll callback, an anonymous native function. */
const NATIVE_ANONYMOUS = "function () { [native code] }";

let installed = false;

/**
 * Returns true when `callback` and `args` look like Dawn's `ProcessEvents` poll.
 * NOTE: any anonymous native callback without arguments matches, so another native addon's
 * `setImmediate` callback would also run on the timer, about a millisecond later.
 */
function isDawnPoll(callback: unknown, args: readonly unknown[]): callback is () => void {
  return (
    args.length === 0 &&
    typeof callback === "function" &&
    callback.name === "" &&
    callback.length === 0 &&
    Function.prototype.toString.call(callback) === NATIVE_ANONYMOUS
  );
}

/**
 * Replaces the global `setImmediate` with one that runs Dawn's polls on a timer and passes
 * every other call through unchanged. Later calls do nothing, and so does a call outside Node
 * or with `KILN_DAWN_POLL=immediate`.
 */
export function installDawnPolling(): void {
  if (installed || typeof process === "undefined" || process.env.KILN_DAWN_POLL === "immediate") return;
  const immediate = globalThis.setImmediate;
  if (typeof immediate !== "function") return;
  installed = true;
  const patched = function setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]) {
    if (isDawnPoll(callback, args)) return setTimeout(callback, 0) as unknown as NodeJS.Immediate;
    return immediate(callback, ...args);
  };
  // Keeps `util.promisify(setImmediate)` and the `__promisify__` typing of the original.
  Object.defineProperties(patched, Object.getOwnPropertyDescriptors(immediate));
  globalThis.setImmediate = patched as typeof globalThis.setImmediate;
}

/** Reports whether Dawn's polls run on a timer in this process. */
export function dawnPollingInstalled(): boolean {
  return installed;
}
