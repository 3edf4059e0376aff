/**
 * Read-ahead over an iterator of batches, so host work (augmentation, conversion to Float32Array)
 * for the next batches runs while the caller awaits its device step.
 */
import { KilnError } from "@kiln/tensor";

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Returns an async iterator over the items of `source`, in order, that keeps up to `depth`
 * (default 1) items requested ahead. Each request runs in its own event-loop task, after the
 * previous one. So with a synchronous `source`, an item is produced while the consumer is
 * suspended in an `await` (a GPU read-back, say) rather than when the consumer requests it.
 *
 * An error from `source` is raised when the consumer reaches the failed item. Leaving the loop
 * early calls `source.return()`, so a generator's `finally` blocks run. Items already requested
 * ahead are then discarded. Raises a KilnError at once when `depth` is not a positive integer.
 */
export function prefetch<T>(source: Iterable<T> | AsyncIterable<T>, depth = 1): AsyncGenerator<T, void, undefined> {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new KilnError("prefetch", `depth must be a positive integer, got ${depth}`);
  }
  return readAhead(source, depth);
}

async function* readAhead<T>(source: Iterable<T> | AsyncIterable<T>, depth: number): AsyncGenerator<T, void, undefined> {
  const iterator: Iterator<T> | AsyncIterator<T> =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const pending: Promise<IteratorResult<T>>[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let finished = false;

  const request = (): void => {
    const result = chain.then(async () => {
      await nextTick();
      return finished ? ({ done: true, value: undefined } as IteratorResult<T>) : iterator.next();
    });
    // Keep a rejected request from counting as unhandled while it waits in the queue.
    result.catch(() => {});
    chain = result.catch(() => {});
    pending.push(result);
  };

  try {
    for (let i = 0; i < depth; i++) request();
    for (;;) {
      const result = await pending.shift()!;
      if (result.done) return;
      request();
      yield result.value;
    }
  } finally {
    finished = true;
    await iterator.return?.();
  }
}
