import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// Runs the README's first example as a user would: against the built package.
it("quickstart learns XOR", () => {
  const script = fileURLToPath(new URL("./quickstart.mjs", import.meta.url));
  const output = execFileSync(process.execPath, [script], { encoding: "utf8" });
  const losses = [...output.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));
  expect(losses.length).toBe(6);
  expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 10);
  expect(output).toContain("predictions [0,1,1,0]");
  expect(output).toContain("1 trace");
});
