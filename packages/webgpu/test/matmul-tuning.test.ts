/**
 * The matmul variant choice without a GPU: the cache file (atomic writes, corrupt files),
 * precedence of options, KILN_MATMUL and the cache, and determinism given the cache. The
 * adapter is a stub, so any attempt to measure would fail the test.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LEGACY_MATMUL_VARIANT, adapterKey, parseMatmulVariantName, selectMatmulVariant, setDebugLog, type GpuContext } from "@kiln/webgpu";
import { clearMemoryCache, lookupEntry, storeEntry, type CacheEntry } from "../src/tune/cache.js";
import { debugLog } from "../src/runtime/debug.js";

const stubContext = {
  info: { vendor: "stub", architecture: "none", device: "stub-device", description: "stub adapter for tests" },
} as unknown as GpuContext;

const entry = (variant: string): CacheEntry => ({ variant, scores: { [variant]: 1 }, measuredAt: "2026-01-01T00:00:00.000Z" });

let dir = "";
let warnings: string[] = [];
const savedLog = debugLog;
const savedEnv = process.env.KILN_MATMUL;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kiln-tune-"));
  warnings = [];
  setDebugLog((line) => warnings.push(line));
  clearMemoryCache();
  delete process.env.KILN_MATMUL;
});

afterEach(async () => {
  setDebugLog(savedLog);
  if (savedEnv === undefined) delete process.env.KILN_MATMUL;
  else process.env.KILN_MATMUL = savedEnv;
  await rm(dir, { recursive: true, force: true });
});

describe("tuning cache file", () => {
  it("round-trips through the file", async () => {
    await storeEntry("a", entry("rows-16x8-w16-adj-k1"), dir);
    await storeEntry("b", entry("flat-4x4-w64-adj-k1"), dir);
    clearMemoryCache();
    const hit = await lookupEntry("a", dir);
    expect(hit?.from).toBe("file");
    expect(hit?.entry.variant).toBe("rows-16x8-w16-adj-k1");
    const data = JSON.parse(await readFile(join(dir, "matmul-variants.json"), "utf8"));
    expect(data.format).toBe(1);
    expect(Object.keys(data.entries).sort()).toEqual(["a", "b"]);
  });

  it("leaves no temporary files", async () => {
    await storeEntry("a", entry("rows-16x8-w16-adj-k1"), dir);
    expect(await readdir(dir)).toEqual(["matmul-variants.json"]);
  });

  it("ignores invalid JSON with a warning", async () => {
    await writeFile(join(dir, "matmul-variants.json"), "{ not json");
    expect(await lookupEntry("a", dir)).toBeNull();
    expect(warnings.join("\n")).toMatch(/not valid JSON/);
  });

  it("ignores an unknown layout with a warning", async () => {
    await writeFile(join(dir, "matmul-variants.json"), JSON.stringify({ format: 99, entries: {} }));
    expect(await lookupEntry("a", dir)).toBeNull();
    expect(warnings.join("\n")).toMatch(/unknown layout/);
  });

  it("replaces a corrupt file on the next write", async () => {
    await writeFile(join(dir, "matmul-variants.json"), "\u0000\u0001");
    await storeEntry("a", entry("rows-8x8-w16-adj-k1"), dir);
    clearMemoryCache();
    expect((await lookupEntry("a", dir))?.entry.variant).toBe("rows-8x8-w16-adj-k1");
  });

  it("reports an unwritable folder without throwing", async () => {
    const file = join(dir, "not-a-folder");
    await writeFile(file, "");
    await storeEntry("a", entry("rows-8x8-w16-adj-k1"), join(file, "kiln"));
    expect(warnings.join("\n")).toMatch(/cannot write the tuning cache/);
    expect((await lookupEntry("a", null))?.from).toBe("memory");
  });
});

describe("matmul variant selection", () => {
  it("uses the cached choice without measuring", async () => {
    await storeEntry(adapterKey(stubContext), entry("rows-8x16-w16-adj-k1-vb"), dir);
    clearMemoryCache();
    const first = await selectMatmulVariant(stubContext, undefined, { cacheDir: dir });
    expect(first.source).toBe("cache-file");
    expect(first.name).toBe("rows-8x16-w16-adj-k1-vb");
    const second = await selectMatmulVariant(stubContext, undefined, { cacheDir: dir });
    expect(second.source).toBe("memory");
    expect(second.variant).toEqual(first.variant);
  });

  it("prefers a forced variant", async () => {
    await storeEntry(adapterKey(stubContext), entry("rows-8x16-w16-adj-k1-vb"), dir);
    const forced = parseMatmulVariantName("rows-8x8-w16-adj-k1") ?? undefined;
    const selection = await selectMatmulVariant(stubContext, forced, { cacheDir: dir });
    expect(selection.source).toBe("option");
    expect(selection.name).toBe("rows-8x8-w16-adj-k1");
  });

  it("rejects an invalid forced variant", async () => {
    const invalid = { ...LEGACY_MATMUL_VARIANT, block: [3, 4] as [number, number] };
    await expect(selectMatmulVariant(stubContext, invalid, { cacheDir: dir })).rejects.toThrow(/block must be two powers of two/);
  });

  it("takes a variant from KILN_MATMUL", async () => {
    process.env.KILN_MATMUL = "flat-8x8-w64-adj-k1-vb";
    const selection = await selectMatmulVariant(stubContext, undefined, { cacheDir: dir });
    expect(selection.source).toBe("environment");
    expect(selection.name).toBe("flat-8x8-w64-adj-k1-vb");
  });

  it("KILN_MATMUL=off selects the legacy kernel", async () => {
    process.env.KILN_MATMUL = "off";
    const selection = await selectMatmulVariant(stubContext, undefined, { cacheDir: dir });
    expect(selection.source).toBe("legacy");
    expect(selection.variant).toEqual(LEGACY_MATMUL_VARIANT);
  });

  it("warns about an invalid KILN_MATMUL", async () => {
    process.env.KILN_MATMUL = "fastest-please";
    const selection = await selectMatmulVariant(stubContext, undefined, { cacheDir: dir, matmulTuning: "off" });
    expect(selection.source).toBe("legacy");
    expect(warnings.join("\n")).toMatch(/KILN_MATMUL="fastest-please"/);
  });

  it("variant names round-trip", () => {
    for (const name of ["flat-4x4-w64-adj-k1", "rows-16x8-w16-adj-k1", "rows-4x4-w64-str-k4-va-vb"]) {
      const variant = parseMatmulVariantName(name);
      expect(variant, name).not.toBeNull();
    }
    expect(parseMatmulVariantName("rows-16x8-w16-str-k3")).toBeNull();
    expect(parseMatmulVariantName("flat-4x4-w64-str-k1")).toBeNull();
  });
});
