import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KilnError, scalar, setDefaultBackend, tensor, zeros, type Tensor } from "@kiln/tensor";
import { adamw, defaultDecayMask, sgd, type Optimizer } from "../src/optim/index.js";
import {
  adamwStep,
  buildTree,
  expectLeavesClose,
  randomLeaves,
  readLeaves,
  sgdStep,
  SHAPES,
  type AdamWReference,
  type SgdReference,
} from "./optim-reference.js";

beforeAll(() => setDefaultBackend("cpu64"));
afterAll(() => setDefaultBackend("cpu"));

const LEARNING_RATES = [0.1, 0.05, 0.2, 0.1, 0.02];

/** Decay flags of `defaultDecayMask` on the test tree: matrices yes, bias and norm scale no. */
const DEFAULT_DECAY = [true, false, false, true];
const ALL = [true, true, true, true];

/** Runs `opt` for one step per learning rate on seeded gradients and returns the params after each step. */
function runSteps<S>(opt: Optimizer<S>, steps = LEARNING_RATES.length): { params: number[][][]; state: S } {
  let params = buildTree(randomLeaves(1));
  let state = opt.init(params);
  const history: number[][][] = [];
  for (let k = 0; k < steps; k++) {
    const grads = buildTree(randomLeaves(100 + k));
    ({ params, state } = opt.update(grads, state, params, { lr: LEARNING_RATES[k] }));
    history.push(readLeaves(params));
  }
  return { params: history, state };
}

describe("sgd", () => {
  const cases: (Partial<SgdReference> & { name: string; mask?: boolean })[] = [
    { name: "plain" },
    { name: "momentum", momentum: 0.9 },
    { name: "nesterov", momentum: 0.9, nesterov: true },
    { name: "weight decay", momentum: 0.8, weightDecay: 0.1 },
    { name: "dampening", momentum: 0.9, dampening: 0.3 },
    { name: "masked decay", momentum: 0.9, weightDecay: 0.2, mask: true },
  ];

  test.each(cases)("$name matches reference", (testCase) => {
    const config: SgdReference = { lr: 0, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...testCase };
    const opt = sgd({ ...config, decayMask: testCase.mask ? defaultDecayMask : undefined });
    const { params: actual } = runSteps(opt);

    const params = randomLeaves(1);
    const buffers: (number[] | null)[] = params.map(() => null);
    LEARNING_RATES.forEach((lr, k) => {
      sgdStep(params, randomLeaves(100 + k), buffers, { ...config, lr }, testCase.mask ? DEFAULT_DECAY : ALL);
      expectLeavesClose(actual[k], params);
    });
  });

  test("state has no buffers without momentum", () => {
    const state = sgd({ lr: 0.1 }).init(buildTree(randomLeaves(1)));
    expect(state.momentum).toBeNull();
    expect(state.step.dtype).toBe("i32");
  });

  test("nesterov needs momentum", () => {
    expect(() => sgd({ lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum needs momentum > 0/);
    expect(() => sgd({ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/dampening 0/);
  });
});

describe("adamw", () => {
  const config: AdamWReference = { lr: 0, beta1: 0.9, beta2: 0.98, eps: 1e-6, weightDecay: 0.1 };
  const options = { betas: [config.beta1, config.beta2] as const, eps: config.eps, weightDecay: config.weightDecay };

  function reference(decay: boolean[]): number[][][] {
    const params = randomLeaves(1);
    const mu = params.map((p) => p.map(() => 0));
    const nu = params.map((p) => p.map(() => 0));
    return LEARNING_RATES.map((lr, k) => {
      adamwStep(params, randomLeaves(100 + k), mu, nu, k + 1, { ...config, lr }, decay);
      return params.map((p) => [...p]);
    });
  }

  test("matches reference", () => {
    const { params, state } = runSteps(adamw(options));
    reference(ALL).forEach((expected, k) => expectLeavesClose(params[k], expected, 1e-10));
    expect(state.step.itemSync()).toBe(LEARNING_RATES.length);
    expect(state.step.dtype).toBe("i32");
  });

  test("default mask matches reference", () => {
    const { params } = runSteps(adamw({ ...options, decayMask: defaultDecayMask }));
    reference(DEFAULT_DECAY).forEach((expected, k) => expectLeavesClose(params[k], expected, 1e-10));
  });

  test("boolean tree mask matches reference", () => {
    const decayMask = { encoder: { weight: true, bias: false }, norm: { scale: true }, head: [false] };
    const { params } = runSteps(adamw({ ...options, decayMask }));
    reference([true, false, true, false]).forEach((expected, k) => expectLeavesClose(params[k], expected, 1e-10));
  });

  test("first step moves lr against gradient sign", () => {
    // With bias correction, m̂/√v̂ = g/|g| on the first step, so each element moves by exactly lr.
    const opt = adamw({ lr: 0.01, weightDecay: 0, eps: 0 });
    const params = buildTree(randomLeaves(1));
    const grads = buildTree(randomLeaves(2));
    const next = opt.update(grads, opt.init(params), params).params;
    const expected = randomLeaves(1).map((p, i) => p.map((v, j) => v - 0.01 * Math.sign(randomLeaves(2)[i][j])));
    expectLeavesClose(readLeaves(next), expected, 1e-12);
  });

  test("zero gradients only decay masked-in params", () => {
    const opt = adamw({ lr: 0.1, weightDecay: 0.5, decayMask: defaultDecayMask });
    const params = buildTree(randomLeaves(1));
    const grads = buildTree(SHAPES.map((shape) => new Array(shape.reduce((n, d) => n * d, 1)).fill(0)));
    const next = opt.update(grads, opt.init(params), params).params;
    const expected = randomLeaves(1).map((p, i) => (DEFAULT_DECAY[i] ? p.map((v) => v * 0.95) : p));
    expectLeavesClose(readLeaves(next), expected, 1e-15);
  });

  test("tensor lr equals number lr", () => {
    const opt = adamw({ weightDecay: 0.1 });
    const params = buildTree(randomLeaves(1));
    const grads = buildTree(randomLeaves(2));
    const state = opt.init(params);
    const withNumber = opt.update(grads, state, params, { lr: 0.05 }).params;
    const withTensor = opt.update(grads, state, params, { lr: scalar(0.05) }).params;
    expectLeavesClose(readLeaves(withTensor), readLeaves(withNumber), 1e-15);
  });

  test("update leaves its inputs unchanged", () => {
    const opt = adamw({ lr: 0.1 });
    const params = buildTree(randomLeaves(1));
    const state = opt.init(params);
    opt.update(buildTree(randomLeaves(2)), state, params);
    expectLeavesClose(readLeaves(params), randomLeaves(1), 0);
    expect(state.step.itemSync()).toBe(0);
    expect(readLeaves(state.mu).flat().every((v) => v === 0)).toBe(true);
  });
});

describe("optimiser errors", () => {
  const params = () => ({ w: zeros([2, 2]), b: zeros([2]) });

  test("grads with other structure", () => {
    const opt = adamw({ lr: 0.1 });
    const p = params();
    const call = () => opt.update({ w: zeros([2, 2]) } as unknown as ReturnType<typeof params>, opt.init(p), p);
    expect(call).toThrow(KilnError);
    expect(call).toThrow(/adamw.update: grads does not match the structure of params: found no further leaf where params has leaf "b"/);
  });

  test("grads with other shape", () => {
    const opt = sgd({ lr: 0.1 });
    const p = params();
    const grads = { w: zeros([2, 3]), b: zeros([2]) } as unknown as ReturnType<typeof params>;
    const call = () => opt.update(grads, opt.init(p), p);
    expect(call).toThrow(/grads leaf "w" is f32 \[2, 3\] but params has f32 \[2, 2\]/);
  });

  test("missing learning rate", () => {
    const opt = adamw();
    const p = params();
    expect(() => opt.update(p, opt.init(p), p)).toThrow(/no learning rate: pass \{ lr \}/);
  });

  test("invalid hyperparameters", () => {
    expect(() => adamw({ betas: [1, 0.999] })).toThrow(/betas\[0\] must be a finite number of at least 0 and below 1, got 1/);
    expect(() => adamw({ lr: -1 })).toThrow(/lr must be a finite number of at least 0, got -1/);
    expect(() => sgd({ momentum: NaN })).toThrow(/momentum must be a finite number/);
  });

  test("learning-rate tensor not scalar", () => {
    const opt = sgd();
    const p = params();
    expect(() => opt.update(p, opt.init(p), p, { lr: tensor([0.1, 0.2]) })).toThrow(/learning-rate tensor must be an f32 scalar, got f32 \[2\]/);
  });

  test("integer params", () => {
    expect(() => adamw({ lr: 0.1 }).init({ count: zeros([2], "i32") })).toThrow(/params leaf "count" is i32; only f32 tensors can be updated/);
  });

  test("mask tree with other leaves", () => {
    const opt = adamw({ lr: 0.1, decayMask: { w: true } });
    const p = params();
    expect(() => opt.update(p, opt.init(p), p)).toThrow(/decayMask must be a tree of booleans with the structure of the params: missing b/);
  });

  test("state step of wrong dtype", () => {
    const opt = adamw({ lr: 0.1 });
    const p = params();
    const state = { ...opt.init(p), step: zeros([]) as unknown as Tensor<"i32", []> };
    expect(() => opt.update(p, state, p)).toThrow(/state.step must be an i32 scalar tensor/);
  });
});
