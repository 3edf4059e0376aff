/**
 * Caption templates for CLIP training on Fashion-MNIST. Training draws one of the six training
 * templates per image and step. Zero-shot evaluation averages over the four evaluation
 * templates, none of which is a training template.
 */
import { KilnError } from "@kiln/tensor";
import { CLASSES } from "./fashion-mnist.js";

/** Templates used during training, with `{}` in place of the class name. */
export const TRAIN_TEMPLATES: readonly string[] = [
  "a photo of a {}",
  "a black and white photo of the {}",
  "a low resolution photo of a {}",
  "a picture of the {}",
  "an image showing a {}",
  "a grayscale photo of my {}",
];

/** Templates held out for zero-shot evaluation, never seen in training. */
export const EVAL_TEMPLATES: readonly string[] = [
  "a blurry photo of a {}",
  "a close up photo of the {}",
  "a cropped image of one {}",
  "a pixelated picture of a {}",
];

/** Replaces the first `{}` in `template` with `className`, like Python's `str.format`. */
export function fillTemplate(template: string, className: string): string {
  if (!template.includes("{}")) throw new KilnError("fillTemplate", `template ${JSON.stringify(template)} has no {} placeholder`);
  return template.replace("{}", () => className);
}

/** Returns the captions of class `classIndex` (0–9), one per template, in template order. */
export function captions(classIndex: number, templates: readonly string[] = TRAIN_TEMPLATES): string[] {
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= CLASSES.length) {
    throw new KilnError("captions", `class index must be an integer in [0, ${CLASSES.length - 1}], got ${classIndex}`);
  }
  return templates.map((template) => fillTemplate(template, CLASSES[classIndex]));
}

/**
 * Returns every caption of every class, template-major (`index = template * 10 + class`), for
 * the given templates. With the default (training then evaluation templates) these are the
 * captions the word vocabulary is built from.
 */
export function allCaptions(templates: readonly string[] = [...TRAIN_TEMPLATES, ...EVAL_TEMPLATES]): string[] {
  return templates.flatMap((template) => CLASSES.map((name) => fillTemplate(template, name)));
}
