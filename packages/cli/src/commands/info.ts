/** `kiln info`: the WebGPU adapter with its limits and features, and where the data is found. */
import { describeDataSource, resolveFashionMnist } from "@kiln/data";
import { adapterReport, type AdapterReport } from "@kiln/webgpu";
import { describeAdapter } from "../backend.js";

export interface InfoResult {
  kiln: string;
  node: string;
  platform: string;
  adapter: AdapterReport | null;
  /** Error message of a failed adapter request. */
  adapterError?: string;
  data: string[];
  /** Whether both splits were found where the data lookup goes. */
  dataFound: boolean;
}

/** Collects the information `kiln info` prints. */
export async function collectInfo(options: { dataDir?: string; version: string }): Promise<InfoResult> {
  let adapter: AdapterReport | null = null;
  let adapterError: string | undefined;
  try {
    adapter = await adapterReport();
  } catch (error) {
    adapterError = (error as Error).message;
  }
  return {
    kiln: options.version,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    adapter,
    ...(adapterError === undefined ? {} : { adapterError }),
    data: describeDataSource({ dir: options.dataDir, dirLabel: "--data" }).split("\n"),
    dataFound: dataFound(options.dataDir),
  };
}

/** Checks whether the train and test files resolve, from `dir` when given, else by the default lookup. */
function dataFound(dir: string | undefined): boolean {
  try {
    for (const split of ["train", "test"] as const) resolveFashionMnist(split, { dir });
    return true;
  } catch {
    return false;
  }
}

/** Formats the information as text lines. */
export function formatInfo(info: InfoResult): string[] {
  const lines = [`Kiln ${info.kiln}, Node ${info.node}, ${info.platform}`, ""];
  if (info.adapter) {
    const adapter = info.adapter;
    lines.push(`WebGPU adapter: ${describeAdapter(adapter)}`, `  runtime: ${adapter.runtime}`, `  features: ${adapter.features.join(", ") || "none"}`, "  limits:");
    const width = Math.max(...Object.keys(adapter.limits).map((key) => key.length));
    for (const [key, value] of Object.entries(adapter.limits).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`    ${key.padEnd(width)}  ${value}`);
    }
  } else {
    const why = info.adapterError ? `acquiring it failed: ${info.adapterError}` : "none found";
    lines.push(`WebGPU adapter: ${why}. kiln train and kiln eval fall back to the cpu backend. On Linux without a GPU, install Mesa's lavapipe driver (npm run setup:webgpu does this on Debian).`);
  }
  lines.push("", "Data:", ...info.data.map((line) => `  ${line}`));
  return lines;
}
