/**
 * Hand-written f32 matmul kernels (C = A · B, all n × n, row-major), run on Kiln's device: the
 * local ceiling Kiln's generated kernels are compared with. Three families:
 *
 * - `shared`: the textbook tiled kernel. A 16 × 16 workgroup stages 64 × 16 tiles of A and
 *   16 × 64 tiles of B in workgroup memory between barriers. Each invocation computes 4 × 4.
 * - `regs`: no workgroup memory. Each workgroup owns `tm` rows (the same for all its
 *   invocations, so A loads are uniform) and each invocation `tn` adjacent columns, with
 *   optional vec4 loads of B.
 * - `texture`: the `regs` layout with A and B in rgba32float textures, 4 values per texel
 *   (A along k, B along columns), read with textureLoad. The upload into the textures is not
 *   timed, so this kernel only bounds what the arithmetic could reach with faster loads.
 *
 * Sizes must be multiples of the tiles (64 for `shared`; tm and workgroup width × tn otherwise).
 */

export interface HandwrittenSpec {
  name: string;
  family: "shared" | "regs" | "texture";
  tm: number;
  tn: number;
  width: number;
  vectorB: boolean;
}

export const HANDWRITTEN_SPECS: readonly HandwrittenSpec[] = [
  { name: "shared 64x64 tile, 4x4 per invocation", family: "shared", tm: 4, tn: 4, width: 256, vectorB: false },
  { name: "regs 8x8, width 16", family: "regs", tm: 8, tn: 8, width: 16, vectorB: false },
  { name: "regs 16x8, width 16", family: "regs", tm: 16, tn: 8, width: 16, vectorB: false },
  { name: "regs 8x16 vec4 B, width 16", family: "regs", tm: 8, tn: 16, width: 16, vectorB: true },
  { name: "texture 16x16, width 8", family: "texture", tm: 16, tn: 16, width: 8, vectorB: false },
];

export interface PreparedKernel {
  spec: HandwrittenSpec;
  /** Encodes `count` dispatches, submits them and waits for the queue. */
  run(count: number): Promise<void>;
  /** Reads C back. */
  read(): Promise<Float32Array<ArrayBuffer>>;
  destroy(): void;
}

function sharedSource(n: number): string {
  return `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
var<workgroup> tileA: array<f32, 1024>; // 64 rows x 16 k
var<workgroup> tileB: array<f32, 1024>; // 16 k x 64 columns
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row0 = group.y * 64u;
  let col0 = group.x * 64u;
  var acc: array<f32, 16>;
  for (var t = 0u; t < ${n}u; t = t + 16u) {
    for (var i = 0u; i < 4u; i = i + 1u) {
      let e = lid + i * 256u;
      tileA[e] = A[(row0 + e / 16u) * ${n}u + t + e % 16u];
      tileB[e] = B[(t + e / 64u) * ${n}u + col0 + e % 64u];
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk = kk + 1u) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var i = 0u; i < 4u; i = i + 1u) {
        a[i] = tileA[(local.y * 4u + i) * 16u + kk];
        b[i] = tileB[kk * 64u + local.x * 4u + i];
      }
      for (var i = 0u; i < 4u; i = i + 1u) {
        for (var j = 0u; j < 4u; j = j + 1u) {
          acc[i * 4u + j] = fma(a[i], b[j], acc[i * 4u + j]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    for (var j = 0u; j < 4u; j = j + 1u) {
      C[(row0 + local.y * 4u + i) * ${n}u + col0 + local.x * 4u + j] = acc[i * 4u + j];
    }
  }
}`;
}

/** Register-blocked kernel with storage-buffer (`regs`) or texture operands. */
function registerSource(spec: HandwrittenSpec, n: number): string {
  const { tm, tn, family } = spec;
  const lines: string[] = [];
  if (family === "texture") {
    lines.push("@group(0) @binding(0) var A: texture_2d<f32>;", "@group(0) @binding(1) var B: texture_2d<f32>;");
  } else {
    lines.push(`@group(0) @binding(0) var<storage, read> A: array<f32>;`);
    lines.push(`@group(0) @binding(1) var<storage, read> B: array<${spec.vectorB ? "vec4<f32>" : "f32"}>;`);
  }
  lines.push("@group(0) @binding(2) var<storage, read_write> C: array<f32>;");
  lines.push(`@compute @workgroup_size(${spec.width})`);
  lines.push("fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {");
  lines.push(`  let row0 = group.y * ${tm}u;`);
  lines.push(`  let col0 = (group.x * ${spec.width}u + lid) * ${tn}u;`);
  for (let i = 0; i < tm; i++) for (let j = 0; j < tn; j++) lines.push(`  var c${i}_${j} = 0.0f;`);
  const lane = ["x", "y", "z", "w"];
  if (family === "texture") {
    // Each texel contains 4 consecutive k (A) or 4 consecutive columns (B).
    lines.push(`  for (var k = 0u; k < ${n}u; k = k + 4u) {`);
    for (let i = 0; i < tm; i++) lines.push(`    let a${i} = textureLoad(A, vec2<u32>(k / 4u, row0 + ${i}u), 0);`);
    for (let u = 0; u < 4; u++) {
      for (let q = 0; q < tn / 4; q++) lines.push(`    let b${u}_${q} = textureLoad(B, vec2<u32>(col0 / 4u + ${q}u, k + ${u}u), 0);`);
      for (let i = 0; i < tm; i++) {
        for (let j = 0; j < tn; j++) lines.push(`    c${i}_${j} = fma(a${i}.${lane[u]}, b${u}_${j >> 2}.${lane[j & 3]}, c${i}_${j});`);
      }
    }
  } else {
    lines.push(`  for (var k = 0u; k < ${n}u; k = k + 1u) {`);
    for (let i = 0; i < tm; i++) lines.push(`    let a${i} = A[(row0 + ${i}u) * ${n}u + k];`);
    if (spec.vectorB) {
      for (let q = 0; q < tn / 4; q++) lines.push(`    let b${q} = B[(k * ${n}u + col0) / 4u + ${q}u];`);
    } else {
      for (let j = 0; j < tn; j++) lines.push(`    let b${j} = B[k * ${n}u + col0 + ${j}u];`);
    }
    for (let i = 0; i < tm; i++) {
      for (let j = 0; j < tn; j++) {
        const b = spec.vectorB ? `b${j >> 2}.${lane[j & 3]}` : `b${j}`;
        lines.push(`    c${i}_${j} = fma(a${i}, ${b}, c${i}_${j});`);
      }
    }
  }
  lines.push("  }");
  for (let i = 0; i < tm; i++) for (let j = 0; j < tn; j++) lines.push(`  C[(row0 + ${i}u) * ${n}u + col0 + ${j}u] = c${i}_${j};`);
  lines.push("}");
  return lines.join("\n");
}

const STORAGE = 0x80 | 0x4 | 0x8;

/** Uploads a row-major `rows` × `width` matrix into an rgba32float texture of `rows` × `width / 4` texels. */
function matrixTexture(device: GPUDevice, data: Float32Array<ArrayBuffer>, rows: number, width: number): GPUTexture {
  const texture = device.createTexture({ size: [width / 4, rows], format: "rgba32float", usage: 0x4 | 0x2 }); // TEXTURE_BINDING | COPY_DST
  device.queue.writeTexture({ texture }, data, { bytesPerRow: width * 4, rowsPerImage: rows }, [width / 4, rows]);
  return texture;
}

/**
 * Compiles `spec` for n × n operands `a` and `b` (row-major) on `device` and uploads them. By default `run(count)` records all
 * `count` dispatches into one submit. With `submitEach`, each dispatch is submitted on its own,
 * as a library call (Kiln's included) submits its work.
 */
export async function prepareHandwritten(
  device: GPUDevice,
  spec: HandwrittenSpec,
  n: number,
  a: Float32Array<ArrayBuffer>,
  b: Float32Array<ArrayBuffer>,
  submitEach = false,
): Promise<PreparedKernel> {
  const code = spec.family === "shared" ? sharedSource(n) : registerSource(spec, n);
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ code });
  const pipeline = await device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "main" } });
  const output = device.createBuffer({ size: n * n * 4, usage: STORAGE });
  const owned: { destroy(): void }[] = [output];
  let operands: GPUBindingResource[];
  if (spec.family === "texture") {
    const textures = [matrixTexture(device, a, n, n), matrixTexture(device, b, n, n)];
    owned.push(...textures);
    operands = textures.map((t) => t.createView());
  } else {
    const buffers = [a, b].map((data) => {
      const buffer = device.createBuffer({ size: data.byteLength, usage: STORAGE });
      device.queue.writeBuffer(buffer, 0, data);
      return buffer;
    });
    owned.push(...buffers);
    operands = buffers.map((buffer) => ({ buffer }));
  }
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...operands, { buffer: output }].map((resource, binding) => ({ binding, resource })),
  });
  const error = await device.popErrorScope();
  if (error) throw new Error(`${spec.name}: ${error.message}`);
  const grid: [number, number] = spec.family === "shared" ? [n / 64, n / 64] : [n / (spec.width * spec.tn), n / spec.tm];
  return {
    spec,
    async run(count) {
      let encoder = device.createCommandEncoder();
      for (let i = 0; i < count; i++) {
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(grid[0], grid[1]);
        pass.end();
        if (submitEach && i < count - 1) {
          device.queue.submit([encoder.finish()]);
          encoder = device.createCommandEncoder();
        }
      }
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    },
    async read() {
      const staging = device.createBuffer({ size: n * n * 4, usage: 0x1 | 0x8 });
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(output, 0, staging, 0, n * n * 4);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(0x1);
      const data = new Float32Array(staging.getMappedRange().slice(0));
      staging.unmap();
      staging.destroy();
      return data;
    },
    destroy() {
      for (const resource of owned) resource.destroy();
    },
  };
}
