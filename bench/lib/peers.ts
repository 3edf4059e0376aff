/**
 * Loads the peer libraries from bench/node_modules on first use, each on the shared Dawn
 * instance (navigator.gpu, set by lib/gpu.ts). A peer that cannot load or start throws with
 * the reason, and the case records it.
 */
type Tf = typeof import("@tensorflow/tfjs-core");
type Jax = typeof import("@jax-js/jax");

export interface Peers {
  tfjs(): Promise<Tf>;
  jax(): Promise<Jax>;
}

export function createPeers(): Peers {
  let tf: Promise<Tf> | null = null;
  let jax: Promise<Jax> | null = null;
  return {
    tfjs() {
      tf ??= (async () => {
        const core = await import("@tensorflow/tfjs-core");
        // tfjs-core registers no gradient functions. The @tensorflow/tfjs bundle registers them
        // into this same tfjs-core; its own ESM file for that uses directory imports, which Node
        // cannot load.
        await import("@tensorflow/tfjs");
        // The webgpu backend registers itself on import, if navigator.gpu exists then.
        await import("@tensorflow/tfjs-backend-webgpu");
        if (!(await core.setBackend("webgpu"))) throw new Error("tfjs: setBackend('webgpu') returned false");
        await core.ready();
        return core;
      })();
      return tf;
    },
    jax() {
      jax ??= (async () => {
        const module = await import("@jax-js/jax");
        const devices = await module.init("webgpu");
        if (!devices.includes("webgpu")) throw new Error(`jax-js: init('webgpu') started only [${devices.join(", ")}]`);
        module.defaultDevice("webgpu");
        return module;
      })();
      return jax;
    },
  };
}

/** Versions of the installed peers, for the results file. */
export async function peerVersions(benchDir: string): Promise<Record<string, string | null>> {
  const { readFile } = await import("node:fs/promises");
  const out: Record<string, string | null> = {};
  for (const name of ["@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-webgpu", "@tensorflow/tfjs", "@jax-js/jax"]) {
    try {
      out[name] = JSON.parse(await readFile(`${benchDir}/node_modules/${name}/package.json`, "utf8")).version;
    } catch {
      out[name] = null;
    }
  }
  return out;
}
