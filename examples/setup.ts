// The command line, backend and data set-up that the training examples share.
import { parseArgs } from "node:util";
import { loadFashionMnist } from "@kiln/data";
import { setDefaultBackend } from "@kiln/tensor";
import { initWebGpu } from "@kiln/webgpu";

/** Defaults of the options that differ between examples. */
export interface ExampleDefaults {
  batch: number;
  lr: number;
}

/**
 * Parses --steps, --batch, --lr, --warmup, --limit, --test-limit and --backend, makes WebGPU the
 * default backend when an adapter exists (else the CPU reference backend), and loads the
 * training and test images: KILN_DATA, then Debian's copy, then the embedded subset.
 */
export async function setUpExample(defaults: ExampleDefaults) {
  const { values: args } = parseArgs({
    options: {
      steps: { type: "string", default: "200" },
      batch: { type: "string", default: String(defaults.batch) },
      lr: { type: "string", default: String(defaults.lr) },
      warmup: { type: "string", default: "20" },
      limit: { type: "string" },
      "test-limit": { type: "string" },
      backend: { type: "string", default: "webgpu" },
    },
  });
  const onGpu = args.backend === "webgpu" && (await initWebGpu()) !== null;
  setDefaultBackend(onGpu ? "webgpu" : "cpu");
  const train = loadFashionMnist({ split: "train", limit: args.limit ? Number(args.limit) : undefined });
  const test = loadFashionMnist({ split: "test", limit: args["test-limit"] ? Number(args["test-limit"]) : undefined });
  console.log(`${train.count} training and ${test.count} test images from ${train.path}`);
  return {
    steps: Number(args.steps),
    batchSize: Number(args.batch),
    lr: Number(args.lr),
    warmup: Number(args.warmup),
    seed: 0,
    backend: onGpu ? "webgpu" : "cpu",
    train,
    test,
  };
}
