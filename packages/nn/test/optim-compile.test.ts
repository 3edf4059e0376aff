import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile, grad, matmul, setDefaultBackend, tensor, withBackend, type Tensor } from "@kiln/tensor";
import { adamw, defaultDecayMask, lars, sgd, warmupCosine, type Optimizer } from "../src/optim/index.js";
import { buildTree, expectLeavesClose, randomLeaves, readLeaves, type TestTree } from "./optim-reference.js";

beforeAll(() => setDefaultBackend("cpu64"));
afterAll(() => setDefaultBackend("cpu"));

const RATES = [0.1, 0.03, 0.3, 0.01];

const optimizers: { name: string; make: () => Optimizer<unknown> }[] = [
  { name: "sgd", make: () => sgd({ momentum: 0.9, nesterov: true, weightDecay: 0.01 }) as Optimizer<unknown> },
  { name: "sgd with dampening", make: () => sgd({ momentum: 0.9, dampening: 0.5 }) as Optimizer<unknown> },
  { name: "sgd without momentum", make: () => sgd() as Optimizer<unknown> },
  { name: "adamw", make: () => adamw({ decayMask: defaultDecayMask }) as Optimizer<unknown> },
  { name: "lars", make: () => lars({ weightDecay: 0.01 }) as Optimizer<unknown> },
];

describe("compiled optimiser step", () => {
  test.each(optimizers)("$name traces once and matches eager", ({ make }) => {
    const opt = make();
    const step = compile((params: TestTree, state: unknown, grads: TestTree, lr: number) => opt.update(grads, state, params, { lr }));

    let compiledParams = buildTree(randomLeaves(1));
    let compiledState = opt.init(compiledParams);
    let eagerParams = buildTree(randomLeaves(1));
    let eagerState = opt.init(eagerParams);
    RATES.forEach((lr, k) => {
      const grads = buildTree(randomLeaves(50 + k));
      ({ params: compiledParams, state: compiledState } = step(compiledParams, compiledState, grads, lr));
      ({ params: eagerParams, state: eagerState } = opt.update(grads, eagerState, eagerParams, { lr }));
      expectLeavesClose(readLeaves(compiledParams), readLeaves(eagerParams), 1e-13);
      expectLeavesClose(readLeaves(compiledState), readLeaves(eagerState), 1e-13);
    });
    expect(step.traceCount).toBe(1);
  });

  test("training step with donation matches eager", () => {
    withBackend("cpu", () => {
      type Params = { w: Tensor; b: Tensor };
      const loss = (params: Params, x: Tensor) => matmul(x, params.w).add(params.b).tanh().square().mean();
      const opt = adamw({ weightDecay: 0.1 });
      const schedule = warmupCosine({ base: 0.1, warmupSteps: 2, totalSteps: 6 });
      const train = compile(
        (params: Params, state: ReturnType<typeof opt.init>, x: Tensor, lr: number) => opt.update(grad(loss)(params, x), state, params, { lr }),
        { donate: [0, 1] },
      );
      const x = tensor([[0.5, -1], [2, 0.25], [-0.75, 1.5]]);
      const init = (): Params => ({ w: tensor([[0.1, -0.2], [0.3, 0.4]]), b: tensor([0.05, -0.05]) });

      let params = init();
      let state = opt.init(params);
      let eagerParams = init();
      let eagerState = opt.init(eagerParams);
      for (let k = 0; k < 6; k++) {
        const previous = params;
        ({ params, state } = train(params, state, x, schedule(k)));
        ({ params: eagerParams, state: eagerState } = opt.update(grad(loss)(eagerParams, x), eagerState, eagerParams, { lr: schedule(k) }));
        expect(() => previous.w.dataSync()).toThrow(/donated/);
        expectLeavesClose(readLeaves(params), readLeaves(eagerParams), 1e-6);
      }
      expect(train.traceCount).toBe(1);
      expect(state.step.itemSync()).toBe(6);
    });
  });
});
