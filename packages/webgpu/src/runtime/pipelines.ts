/**
 * Compute pipelines cached by WGSL source. Shader compilation is checked asynchronously (WebGPU
 * reports errors through error scopes); a failure is stored and raised by the next call into
 * the backend, with Dawn's messages (line:column) and the full source. Executables report
 * rejected runs through the same channel (`track`).
 */
import { KilnError } from "@kiln/tensor";

export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private failure: KilnError | null = null;
  /**
   * Checks not yet finished. Each removes itself when it finishes, so a loop that never reads
   * does not accumulate them.
   */
  private readonly pendingChecks = new Set<Promise<void>>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  get(wgsl: string): GPUComputePipeline {
    const cached = this.pipelines.get(wgsl);
    if (cached) return cached;
    this.device.pushErrorScope("validation");
    const module = this.device.createShaderModule({ code: wgsl });
    const pipeline = this.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
    this.pend(
      this.device.popErrorScope().then(async (error) => {
        if (!error) return;
        const info = await module.getCompilationInfo();
        const messages = info.messages.map((m) => `${m.type} at ${m.lineNum}:${m.linePos}: ${m.message}`).join("\n");
        this.failure ??= new KilnError("webgpu", `shader failed to compile: ${messages || error.message}\n--- WGSL ---\n${numbered(wgsl)}`);
      }),
    );
    this.pipelines.set(wgsl, pipeline);
    return pipeline;
  }

  /** Adds an asynchronous check that resolves to a failure, or null when it passed. */
  track(check: Promise<KilnError | null>): void {
    this.pend(
      check.then((failure) => {
        if (failure) this.failure ??= failure;
      }),
    );
  }

  /** Waits for outstanding checks and raises the first failure. */
  async settle(): Promise<void> {
    await Promise.all([...this.pendingChecks]);
    this.raise();
  }

  /** Number of checks not yet finished. */
  get pending(): number {
    return this.pendingChecks.size;
  }

  private pend(check: Promise<void>): void {
    const tracked = check.finally(() => this.pendingChecks.delete(tracked));
    this.pendingChecks.add(tracked);
  }

  /** Raises a failure already known. */
  raise(): void {
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
  }
}

function numbered(source: string): string {
  return source
    .split("\n")
    .map((line, i) => `${String(i + 1).padStart(4)}  ${line}`)
    .join("\n");
}
