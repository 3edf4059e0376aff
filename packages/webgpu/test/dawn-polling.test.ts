/**
 * Dawn's event polling in Node: its polls run on a timer, promises still resolve, and other
 * `setImmediate` callers see no change.
 */
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { dawnPollingInstalled } from "@kiln/webgpu";
import { hasWebGpu } from "./gpu.js";

/**
 * Returns a function that prints as Dawn's poll does (an anonymous native function) and calls
 * `body`: a proxy of an anonymous function.
 */
function fakeDawnPoll(body: () => void): () => void {
  return new Proxy(function () {}, { apply: () => body() });
}

describe.runIf(hasWebGpu)("Dawn's event polling", () => {
  it("polling runs on a timer", () => {
    expect(dawnPollingInstalled()).toBe(true);
  });

  it("poll loop about once per millisecond", async () => {
    // Dawn reschedules its poll from the poll itself while a promise is pending.
    let polls = 0;
    let stop = false;
    const poll = fakeDawnPoll(() => {
      polls += 1;
      if (!stop) setImmediate(poll);
    });
    setImmediate(poll);
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop = true;
    const ms = performance.now() - start;
    // On setImmediate the loop would poll on every turn of the event loop: tens of thousands of times.
    expect(polls).toBeGreaterThan(10);
    expect(polls).toBeLessThan(1.5 * ms + 10);
  });

  it("poll waits for the timers phase", async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      setImmediate(fakeDawnPoll(() => {
        order.push("poll");
        resolve();
      }));
      setImmediate(() => order.push("immediate"));
    });
    expect(order).toEqual(["immediate", "poll"]);
  });

  it("readbacks still resolve", async () => {
    const x = k.withBackend("webgpu", () => k.arange(8).mul(2));
    expect(Array.from(await x.data())).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  });

  it("other callers keep their arguments", async () => {
    const got = await new Promise((resolve) => setImmediate((a: number, b: string) => resolve([a, b]), 1, "two"));
    expect(got).toEqual([1, "two"]);
  });

  it("other callers run before timers", async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        order.push("timeout");
        resolve();
      }, 5);
      setImmediate(() => order.push("immediate"));
    });
    expect(order).toEqual(["immediate", "timeout"]);
  });

  it("promisified setImmediate passes its value", async () => {
    expect(await promisify(setImmediate)("value")).toBe("value");
  });
});
