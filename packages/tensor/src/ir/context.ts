/**
 * Global tracing state shared by the transforms: node ids, how many transforms are active, and
 * the compile trace in progress (if any).
 */

let nextNodeId = 0;

export function freshNodeId(): number {
  return nextNodeId++;
}

let transformDepth = 0;

/** True while a grad/vjp/jvp/compile transform is running; realized nodes then keep their inputs. */
export function insideTransform(): boolean {
  return transformDepth > 0;
}

export function withTransform<T>(fn: () => T): T {
  transformDepth++;
  try {
    return fn();
  } finally {
    transformDepth--;
  }
}

let activeTraces = 0;

export function insideCompileTrace(): boolean {
  return activeTraces > 0;
}

export function withCompileTrace<T>(fn: () => T): T {
  activeTraces++;
  try {
    return withTransform(fn);
  } finally {
    activeTraces--;
  }
}
