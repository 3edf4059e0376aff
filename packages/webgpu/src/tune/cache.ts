/**
 * The per-adapter cache of tuning results: a map in memory, backed in Node by one JSON file,
 * `matmul-variants.json` in `$KILN_CACHE_DIR`, else `$XDG_CACHE_HOME/kiln`, else
 * `~/.cache/kiln`. Writes go to a temporary file that is then renamed over the old one, so a
 * reader never sees half a file. An unreadable or malformed file is ignored with a warning.
 * When two processes tune at once, the last rename wins and the other entry is measured again
 * later.
 */
import { debugLog } from "../runtime/debug.js";

const CACHE_FILE = "matmul-variants.json";
const FORMAT = 1;

/** One adapter's stored choice. */
export interface CacheEntry {
  /** Variant name (matmulVariantName). */
  variant: string;
  /** Score of each candidate measured, in GFLOP/s (see MatmulSelection.scores). */
  scores: Record<string, number>;
  /** ISO 8601 time of the measurement. */
  measuredAt: string;
}

interface CacheFile {
  format: number;
  entries: Record<string, CacheEntry>;
}

const memory = new Map<string, CacheEntry>();

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

/**
 * The folder of the cache file, or null where there is no file system (browsers). `override`
 * replaces the environment: a folder, or null for no file.
 */
export async function cacheDir(override?: string | null): Promise<string | null> {
  if (override !== undefined) return override;
  if (!isNode) return null;
  const env = process.env;
  if (env.KILN_CACHE_DIR) return env.KILN_CACHE_DIR;
  const path = await import("node:path");
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, "kiln");
  const os = await import("node:os");
  return path.join(os.homedir(), ".cache", "kiln");
}

function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Partial<CacheEntry>;
  return typeof entry.variant === "string" && typeof entry.measuredAt === "string" && typeof entry.scores === "object" && entry.scores !== null;
}

/**
 * Reads every entry of the cache file in `dir`. A missing file returns no entries; a file that
 * cannot be parsed, or has another format, is reported through the debug log and ignored.
 */
async function readFile(dir: string): Promise<Record<string, CacheEntry>> {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const file = path.join(dir, CACHE_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") debugLog(`kiln: warning: cannot read the tuning cache ${file}: ${String(error)}; ignoring it`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    debugLog(`kiln: warning: the tuning cache ${file} is not valid JSON (${String(error)}); ignoring it`);
    return {};
  }
  const data = parsed as Partial<CacheFile>;
  if (typeof data !== "object" || data === null || data.format !== FORMAT || typeof data.entries !== "object" || data.entries === null) {
    debugLog(`kiln: warning: the tuning cache ${file} has an unknown layout (expected format ${FORMAT}); ignoring it`);
    return {};
  }
  const entries: Record<string, CacheEntry> = {};
  for (const [key, value] of Object.entries(data.entries)) {
    if (isEntry(value)) entries[key] = value;
    else debugLog(`kiln: warning: ignoring a malformed entry for "${key}" in the tuning cache ${file}`);
  }
  return entries;
}

/** Returns the entry for `key`: from memory, else from the file in `dir` (then kept in memory). */
export async function lookupEntry(key: string, dir: string | null): Promise<{ entry: CacheEntry; from: "memory" | "file" } | null> {
  const cached = memory.get(key);
  if (cached) return { entry: cached, from: "memory" };
  if (!dir) return null;
  const entry = (await readFile(dir))[key];
  if (!entry) return null;
  memory.set(key, entry);
  return { entry, from: "file" };
}

/**
 * Stores the entry for `key` in memory and in the file in `dir`, keeping the file's other
 * entries. A failed write is reported through the debug log; the entry stays in memory.
 */
export async function storeEntry(key: string, entry: CacheEntry, dir: string | null): Promise<void> {
  memory.set(key, entry);
  if (!dir) return;
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const file = path.join(dir, CACHE_FILE);
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const entries = await readFile(dir);
    entries[key] = entry;
    const data: CacheFile = { format: FORMAT, entries };
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(temporary, JSON.stringify(data, null, 2) + "\n", "utf8");
    await fs.rename(temporary, file);
  } catch (error) {
    debugLog(`kiln: warning: cannot write the tuning cache ${file}: ${String(error)}`);
    await fs.rm(temporary, { force: true }).catch(() => undefined);
  }
}

/** Forgets the in-memory entries (tests use this to exercise the file). */
export function clearMemoryCache(): void {
  memory.clear();
}
