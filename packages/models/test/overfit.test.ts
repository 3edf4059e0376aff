/**
 * A fixed tiny batch can be fitted: the training loss falls by at least 90%. The models are
 * reduced (width 32, depth 1, 8×8 images) so each run takes a few seconds on the cpu backend.
 *
 * MoCo v2 is not here: fitting one batch fills its queue with stale keys of the same images, so
 * a near copy of each positive key sits among the negatives and the loss cannot fall much
 * below ln 2.
 */
import { describe, expect, test } from "vitest";
import { random } from "@kiln/tensor";
import { clip, clipInitState, clipOptimizer, clipTrainStep, mocoV3, mocoV3InitState, mocoV3Optimizer, mocoV3Tiny, mocoV3TrainStep } from "@kiln/models";
import { captions, images, read, smallText, smallVit } from "./helpers.js";

describe("overfitting one batch", () => {
  test("clip loss falls by 90% in 30 steps", () => {
    const model = clip({ embedDim: 32, vision: smallVit({ outputDim: 32 }), text: smallText({ outputDim: 32 }) });
    const optimizer = clipOptimizer();
    const step = clipTrainStep(model, optimizer);
    let state = clipInitState(model, optimizer, model.init(random.key(0)));
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const out = step(state, images(4, [8, 8], 1), captions([[1, 2], [3], [4, 5, 6], [7, 8]], 5, 11), 3e-3);
      state = out.state;
      losses.push(read(out.loss)[0]);
    }
    expect(losses[29], `losses ${losses.map((l) => l.toFixed(3)).join(" ")}`).toBeLessThan(0.1 * losses[0]);
  });

  test("mocoV3 loss falls by 90% in 40 steps", () => {
    const model = mocoV3(mocoV3Tiny({ backbone: smallVit(), hiddenDim: 32, outDim: 16 }));
    const optimizer = mocoV3Optimizer();
    const step = mocoV3TrainStep(model, optimizer);
    let train = mocoV3InitState(model, optimizer, random.key(0));
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const out = step(train, images(4, [8, 8], 1), images(4, [8, 8], 2), 1e-2, 0.99);
      train = out.train;
      losses.push(read(out.loss)[0]);
    }
    expect(losses[39], `losses ${losses.map((l) => l.toFixed(3)).join(" ")}`).toBeLessThan(0.1 * losses[0]);
  });
});
