/**
 * The two checks of one layer: forward mode (JVP) and reverse mode (VJP) of a flat function,
 * each against central differences on the float64 oracle.
 */
import { fromArray, jvp, vjp, type Tensor } from "@kiln/tensor";
import { compareElements, innerProduct, scalarError, scalarsAgree, weightedSum } from "./compare.js";
import { basisDirection, randomDirection, zeroWhereNonFinite, type Direction } from "./directions.js";
import { formatError, formatNumber, formatSetting, GradientCheckError } from "./error.js";
import { readOracle, type FlatFunction, type LeafInfo } from "./flat-function.js";

export interface CheckSettings {
  atol: number;
  rtol: number;
  eps: number;
  seed: number;
  maxLocateElements: number;
}

/** The fixed inputs of a check, shared by all layers. */
export interface CheckInputs {
  tensors: Tensor[];
  data: Float64Array[];
  leaves: LeafInfo[];
}

/** A function under test at some layer, with the names and shapes of its outputs. */
export interface LayerFunction {
  fn: FlatFunction;
  outputLeaves: LeafInfo[];
}

const shapesOf = (leaves: readonly LeafInfo[]) => leaves.map((l) => l.shape);

function evaluate(fn: FlatFunction, inputs: readonly Tensor[]): Float64Array[] {
  return fn(inputs).map(readOracle);
}

/** (f(x + εv) − f(x − εv)) / 2ε for each output leaf. */
function centralDifference(fn: FlatFunction, inputs: CheckInputs, direction: Direction, eps: number): Float64Array[] {
  const step = (sign: number) =>
    inputs.data.map((x, i) => {
      const v = direction.data[i];
      return fromArray(x.map((value, k) => value + sign * eps * v[k]), [...inputs.leaves[i].shape], "f32");
    });
  const plus = evaluate(fn, step(1));
  const minus = evaluate(fn, step(-1));
  return plus.map((p, j) => p.map((value, k) => (value - minus[j][k]) / (2 * eps)));
}

/**
 * Describes a central difference repeated with a step of ε/10. When it agrees with the
 * derivative, the first difference was probably inaccurate (a kink, a singularity or large
 * higher derivatives within ε of x) rather than the derivative wrong.
 */
function smallerStepNote(refined: number, got: number, tolerance: number): string {
  const start = `With a step of ε/10 the central difference is ${formatNumber(refined)}`;
  if (scalarsAgree(refined, got, tolerance)) {
    return `${start}, which agrees with the derivative: the step ε is probably too large for this input (large higher derivatives, or a kink or singularity nearby). Lower eps, raise atol or keep the inputs farther from it.`;
  }
  return `${start}, which still disagrees with the derivative.`;
}

/** Throws when the primal output of a transform differs from calling the function directly. */
function checkPrimal(name: string, layer: LayerFunction, inputs: CheckInputs, primal: readonly Tensor[], settings: CheckSettings): void {
  const expected = evaluate(layer.fn, inputs.tensors);
  const { worst, maxAbsError } = compareElements(expected, primal.map(readOracle), settings.atol, settings.rtol);
  if (worst === null) return;
  const leaf = layer.outputLeaves[worst.leaf];
  throw new GradientCheckError({
    layer: name,
    kind: "primal",
    outputLeaf: leaf.path,
    shape: leaf.shape,
    flatIndex: worst.index,
    expected: worst.expected,
    got: worst.got,
    absError: worst.absError,
    tolerance: worst.tolerance,
    maxAbsError,
    expectedSource: "calling the function",
    gotSource: `primal output of ${name.startsWith("JVP") ? "jvp" : "vjp"}`,
    notes: [],
  });
}

/** Checks the JVP along a random direction v against the central difference. */
export function checkJvpLayer(name: string, layer: LayerFunction, inputs: CheckInputs, settings: CheckSettings): void {
  const v = randomDirection(shapesOf(inputs.leaves), settings.seed, `${name}/tangent`);
  const [primal, tangent] = jvp((...xs: Tensor[]) => layer.fn(xs), [...inputs.tensors], v.tensors);
  checkPrimal(name, layer, inputs, primal, settings);

  const expected = centralDifference(layer.fn, inputs, v, settings.eps);
  const { worst, maxAbsError } = compareElements(expected, tangent.map(readOracle), settings.atol, settings.rtol);
  if (worst === null) return;
  const leaf = layer.outputLeaves[worst.leaf];
  const refined = centralDifference(layer.fn, inputs, v, settings.eps / 10)[worst.leaf][worst.index];
  throw new GradientCheckError({
    layer: name,
    kind: "finite difference",
    outputLeaf: leaf.path,
    shape: leaf.shape,
    flatIndex: worst.index,
    expected: worst.expected,
    got: worst.got,
    absError: worst.absError,
    tolerance: worst.tolerance,
    maxAbsError,
    expectedSource: "central difference (f(x+εv) − f(x−εv))/2ε",
    gotSource: "JVP along v",
    notes: [
      `Tolerance per element: atol ${formatSetting(settings.atol)} + rtol ${formatSetting(settings.rtol)} · |expected|; ε = ${formatSetting(settings.eps)}; v has entries uniform in [-1, 1].`,
      smallerStepNote(refined, worst.got, settings.atol + settings.rtol * Math.abs(refined)),
    ],
  });
}

/** A directional derivative of the layer function along a direction, per output leaf. */
type Directional = (direction: Direction) => Float64Array[];

interface LocatedElement {
  leaf: number;
  index: number;
  expected: number;
  got: number;
  absError: number;
  tolerance: number;
}

interface CotangentSearch {
  located: LocatedElement | null;
  /** False when the search was skipped because there are too many input elements. */
  probed: boolean;
  total: number;
  maxAbsError: number;
}

/**
 * Finds the cotangent element that disagrees most with ⟨u, D(eₖ)⟩, where D is `directional`
 * and eₖ runs over the basis of every input element. `located` is null when there are more
 * than `maxLocateElements` input elements or no single element exceeds its tolerance.
 */
function locateCotangentError(
  inputs: CheckInputs,
  u: Direction,
  cotangents: Float64Array[],
  directional: Directional,
  settings: CheckSettings,
  skipNonFinite: boolean,
): CotangentSearch {
  const total = cotangents.reduce((n, c) => n + c.length, 0);
  if (total > settings.maxLocateElements) return { located: null, probed: false, total, maxAbsError: 0 };

  let located: LocatedElement | null = null;
  let worstRatio = 0;
  let maxAbsError = 0;
  for (let leaf = 0; leaf < cotangents.length; leaf++) {
    for (let index = 0; index < cotangents[leaf].length; index++) {
      const d = directional(basisDirection(shapesOf(inputs.leaves), leaf, index));
      const { value: expected, tolerance } = weightedSum(u.data, d, settings.atol, settings.rtol);
      const got = cotangents[leaf][index];
      if (skipNonFinite && !Number.isFinite(got)) continue;
      const ok = scalarsAgree(expected, got, tolerance);
      const absError = ok && !Number.isFinite(expected) ? 0 : scalarError(expected, got);
      maxAbsError = Math.max(maxAbsError, absError);
      const ratio = tolerance > 0 ? absError / tolerance : Infinity;
      if (!ok && (located === null || ratio > worstRatio)) {
        located = { leaf, index, expected, got, absError, tolerance };
        worstRatio = ratio;
      }
    }
  }
  return { located, probed: true, total, maxAbsError };
}

interface DirectionalFailure {
  /** True when NaN or infinite outputs were left out, so NaN or infinite cotangents are skipped. */
  maskedOutputs: boolean;
  kind: "finite difference" | "inner product";
  expected: number;
  got: number;
  tolerance: number;
  expectedText: string;
  directional: Directional;
  /** Extra notes, such as the result of a smaller step. */
  notes: string[];
}

function vjpFailure(name: string, inputs: CheckInputs, u: Direction, cotangents: Float64Array[], failure: DirectionalFailure, settings: CheckSettings): GradientCheckError {
  const directionalNote =
    `Directional check: ⟨Jᵀu, v⟩ = ${formatNumber(failure.got)} from the VJP, but ${failure.expectedText} = ${formatNumber(failure.expected)} ` +
    `(tolerance ${formatError(failure.tolerance)} = Σ|uⱼ|·(atol ${formatSetting(settings.atol)} + rtol ${formatSetting(settings.rtol)} · |dⱼ|) over the directional derivative d; ` +
    `u and v have entries uniform in [-1, 1]; ε = ${formatSetting(settings.eps)}).`;
  const search = locateCotangentError(inputs, u, cotangents, failure.directional, settings, failure.maskedOutputs);
  const expectedSource = failure.kind === "finite difference" ? "central difference of ⟨u, f(x)⟩ along this element" : "⟨u, JVP along this element⟩";

  if (search.located !== null) {
    const { leaf, index, expected, got, absError, tolerance } = search.located;
    return new GradientCheckError({
      layer: name,
      kind: failure.kind,
      inputLeaf: inputs.leaves[leaf].path,
      shape: inputs.leaves[leaf].shape,
      flatIndex: index,
      expected,
      got,
      absError,
      tolerance,
      maxAbsError: search.maxAbsError,
      expectedSource,
      gotSource: "VJP cotangent Jᵀu",
      notes: [directionalNote, ...failure.notes],
    });
  }

  const reason = search.probed
    ? "Probing the input elements one at a time found no single element beyond its tolerance."
    : `Probing the input elements one at a time was skipped: there are ${search.total}, more than maxLocateElements (${settings.maxLocateElements}).`;
  const error = scalarError(failure.expected, failure.got);
  return new GradientCheckError({
    layer: name,
    kind: failure.kind,
    expected: failure.expected,
    got: failure.got,
    absError: error,
    tolerance: failure.tolerance,
    maxAbsError: error,
    expectedSource: failure.expectedText,
    gotSource: "⟨Jᵀu, v⟩ from the VJP",
    notes: [directionalNote, ...failure.notes, reason],
  });
}

function maskNote(outputCount: number, inputCount: number): string {
  const outputs = outputCount === 1 ? "1 output element is" : `${outputCount} output elements are`;
  const inputs = inputCount === 1 ? "1 input element whose cotangent is" : `${inputCount} input elements whose cotangents are`;
  return `${outputs} NaN or infinite at x, so the reverse-mode check gives them zero weight in u, and ${inputs} then NaN or infinite zero weight in v.`;
}

/**
 * Checks the VJP: ⟨Jᵀu, v⟩ for random u and v against ⟨u, central difference along v⟩, and,
 * when `compareWithJvp` is set, against ⟨u, Jv⟩ from the JVP (the inner-product identity).
 */
export function checkVjpLayer(name: string, layer: LayerFunction, inputs: CheckInputs, settings: CheckSettings, compareWithJvp: boolean): void {
  const [primal, pullback] = vjp((...xs: Tensor[]) => layer.fn(xs), ...inputs.tensors);
  checkPrimal(name, layer, inputs, primal, settings);

  // A NaN or infinite output has no derivative to compare, and one NaN term makes both sums
  // below NaN, which would count as agreement and hide every other error. Such outputs get
  // zero weight in u. Through 0·NaN they can still make cotangents NaN or infinite, so those
  // input elements get zero weight in v.
  // NOTE: a wrong rule that returns NaN or infinity is then missed if some output is also NaN.
  const outputs = primal.map(readOracle);
  const cotangentDirection = randomDirection(shapesOf(layer.outputLeaves), settings.seed, `${name}/cotangent`);
  const masked = zeroWhereNonFinite(cotangentDirection, shapesOf(layer.outputLeaves), outputs);
  const u = masked.direction;
  const cotangents = pullback(u.tensors).map(readOracle);
  const tangentDirection = randomDirection(shapesOf(inputs.leaves), settings.seed, `${name}/tangent`);
  const maskedOutputs = masked.count > 0;
  const maskedInputs = maskedOutputs ? zeroWhereNonFinite(tangentDirection, shapesOf(inputs.leaves), cotangents) : { direction: tangentDirection, count: 0 };
  const v = maskedInputs.direction;
  const maskNotes = maskedOutputs ? [maskNote(masked.count, maskedInputs.count)] : [];

  const got = innerProduct(cotangents, v.data);
  const finiteDifference: Directional = (direction) => centralDifference(layer.fn, inputs, direction, settings.eps);
  const fd = weightedSum(u.data, finiteDifference(v), settings.atol, settings.rtol);
  if (!scalarsAgree(fd.value, got, fd.tolerance)) {
    const refined = weightedSum(u.data, centralDifference(layer.fn, inputs, v, settings.eps / 10), settings.atol, settings.rtol);
    const failure: DirectionalFailure = {
      kind: "finite difference",
      expected: fd.value,
      got,
      tolerance: fd.tolerance,
      expectedText: "⟨u, (f(x+εv) − f(x−εv))/2ε⟩",
      directional: finiteDifference,
      maskedOutputs,
      notes: [smallerStepNote(refined.value, got, refined.tolerance), ...maskNotes],
    };
    throw vjpFailure(name, inputs, u, cotangents, failure, settings);
  }
  if (!compareWithJvp) return;

  const forward: Directional = (direction) => jvp((...xs: Tensor[]) => layer.fn(xs), [...inputs.tensors], direction.tensors)[1].map(readOracle);
  const identity = weightedSum(u.data, forward(v), settings.atol, settings.rtol);
  if (!scalarsAgree(identity.value, got, identity.tolerance)) {
    const failure: DirectionalFailure = {
      kind: "inner product",
      expected: identity.value,
      got,
      tolerance: identity.tolerance,
      expectedText: "⟨u, Jv⟩ from the JVP",
      directional: forward,
      maskedOutputs,
      notes: maskNotes,
    };
    throw vjpFailure(name, inputs, u, cotangents, failure, settings);
  }
}
