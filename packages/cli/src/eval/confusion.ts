/** Accuracy and confusion matrices of class predictions. */

export interface Classification {
  /** Fraction of correct predictions. */
  accuracy: number;
  /** Number of examples evaluated. */
  count: number;
  /** confusion[trueClass][predictedClass] = count. */
  confusion: number[][];
}

/** Scores `predictions` against `labels` over `classes` classes. */
export function classify(predictions: ArrayLike<number>, labels: ArrayLike<number>, classes: number): Classification {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    confusion[labels[i]][predictions[i]]++;
    if (predictions[i] === labels[i]) correct++;
  }
  return { accuracy: labels.length === 0 ? NaN : correct / labels.length, count: labels.length, confusion };
}

/** Index of the largest of `values[offset … offset + length)`, the first one on ties. */
export function argmaxOf(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}
