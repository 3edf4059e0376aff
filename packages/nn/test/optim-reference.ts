/**
 * Plain float64 reference implementations of the optimisers, written after PyTorch's
 * `torch.optim.SGD` and `torch.optim.AdamW` and MoCo v3's `LARS`, plus the test parameter tree.
 * Each parameter is a flat number array, and each call mutates the state in place for one step.
 */
import { expect } from "vitest";
import { fromArray, treeLeaves, type Tensor } from "@kiln/tensor";

/** Shapes of the test tree's leaves, in flattening order. */
export const SHAPES = [[3, 4], [4], [4], [4, 2]] as const;

/** Dotted paths of the test tree's leaves. */
export const PATHS = ["encoder.weight", "encoder.bias", "norm.scale", "head.0"];

/** A parameter tree with a matrix, a bias, a norm scale and an array element. */
export interface TestTree {
  encoder: { weight: Tensor; bias: Tensor };
  norm: { scale: Tensor };
  head: Tensor[];
}

/** Builds the test tree from one flat array per leaf (float64 precision is kept on cpu64). */
export function buildTree(leaves: readonly (readonly number[])[]): TestTree {
  const t = (i: number) => fromArray(Float64Array.from(leaves[i]), [...SHAPES[i]]);
  return { encoder: { weight: t(0), bias: t(1) }, norm: { scale: t(2) }, head: [t(3)] };
}

/** Reads every leaf of a tree as a number array (host backends only). */
export function readLeaves(tree: unknown): number[][] {
  return treeLeaves(tree).map((leaf) => Array.from(leaf.dataSync()));
}

/** Deterministic values in [-1, 1) from a seed, by the mulberry32 generator. */
export function randomValues(seed: number, count: number): number[] {
  let state = seed | 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out.push((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1);
  }
  return out;
}

/** Generates one random array per leaf of the test tree. */
export function randomLeaves(seed: number): number[][] {
  return SHAPES.map((shape, i) => randomValues(seed * 31 + i, shape.reduce((n, d) => n * d, 1)));
}

/** Checks `actual` against `expected` leaf by leaf with a relative-plus-absolute tolerance. */
export function expectLeavesClose(actual: number[][], expected: number[][], tolerance = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((leaf, i) => {
    expect(leaf.length).toBe(expected[i].length);
    leaf.forEach((value, j) => {
      const bound = tolerance * (1 + Math.abs(expected[i][j]));
      if (!(Math.abs(value - expected[i][j]) <= bound)) {
        expect.fail(`leaf ${PATHS[i] ?? i} element ${j}: got ${value}, expected ${expected[i][j]} (tolerance ${bound})`);
      }
    });
  });
}

export interface SgdReference {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/** Runs one step of torch.optim.SGD. `buffers[i]` is null until the first step with momentum. */
export function sgdStep(params: number[][], grads: number[][], buffers: (number[] | null)[], config: SgdReference, decay: boolean[]): void {
  params.forEach((p, i) => {
    let d = grads[i].map((g, j) => (decay[i] && config.weightDecay !== 0 ? g + config.weightDecay * p[j] : g));
    if (config.momentum !== 0) {
      const previous = buffers[i];
      const b = previous === null ? [...d] : previous.map((v, j) => config.momentum * v + (1 - config.dampening) * d[j]);
      buffers[i] = b;
      d = config.nesterov ? d.map((v, j) => v + config.momentum * b[j]) : b;
    }
    d.forEach((v, j) => (p[j] -= config.lr * v));
  });
}

export interface AdamWReference {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/** Runs one step of torch.optim.AdamW (amsgrad off) at step count `t`, which is 1 for the first step. */
export function adamwStep(params: number[][], grads: number[][], mu: number[][], nu: number[][], t: number, config: AdamWReference, decay: boolean[]): void {
  const correction1 = 1 - config.beta1 ** t;
  const correction2Root = Math.sqrt(1 - config.beta2 ** t);
  params.forEach((p, i) => {
    grads[i].forEach((g, j) => {
      if (decay[i]) p[j] *= 1 - config.lr * config.weightDecay;
      mu[i][j] = config.beta1 * mu[i][j] + (1 - config.beta1) * g;
      nu[i][j] = config.beta2 * nu[i][j] + (1 - config.beta2) * g * g;
      const denominator = Math.sqrt(nu[i][j]) / correction2Root + config.eps;
      p[j] -= (config.lr / correction1) * (mu[i][j] / denominator);
    });
  });
}

export interface LarsReference {
  lr: number;
  momentum: number;
  weightDecay: number;
  trustCoefficient: number;
}

const norm = (values: readonly number[]) => Math.sqrt(values.reduce((s, v) => s + v * v, 0));

/** Runs one step of MoCo v3's LARS. Leaves with `adapt[i]` false skip decay and the trust ratio. */
export function larsStep(params: number[][], grads: number[][], buffers: number[][], config: LarsReference, adapt: boolean[]): void {
  params.forEach((p, i) => {
    let d = [...grads[i]];
    if (adapt[i]) {
      d = d.map((g, j) => g + config.weightDecay * p[j]);
      const paramNorm = norm(p);
      const updateNorm = norm(d);
      const q = paramNorm > 0 && updateNorm > 0 ? (config.trustCoefficient * paramNorm) / updateNorm : 1;
      d = d.map((v) => v * q);
    }
    buffers[i] = buffers[i].map((b, j) => config.momentum * b + d[j]);
    buffers[i].forEach((b, j) => (p[j] -= config.lr * b));
  });
}
