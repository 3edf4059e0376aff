/**
 * Static memory plan: every buffer a kernel writes gets a slot, and slots are reused once the
 * last kernel reading their previous tenant has run (liveness over the kernel order). Program
 * outputs keep their slot to the end of the run.
 */
import type { Tensor } from "@kiln/tensor";

export interface Slot {
  bytes: number;
}

export interface MemoryPlan {
  slots: Slot[];
  /** For each kernel root, its slot. */
  slotOf: Map<Tensor, number>;
  peakBytes: number;
}

/** Bytes of a tensor's buffer: four bytes per element (bool is stored as u32), at least 4. */
export function bufferBytes(t: Tensor): number {
  return Math.max(4, t.size * 4);
}

/**
 * Assigns slots to the nodes each kernel writes (`writes[k]`, kernels in run order) given the
 * nodes each kernel reads. Slots are reused best-fit by size.
 */
export function planMemory(writes: readonly (readonly Tensor[])[], reads: readonly (readonly Tensor[])[], keepAlive: ReadonlySet<Tensor>): MemoryPlan {
  const lastUse = new Map<Tensor, number>();
  reads.forEach((list, k) => {
    for (const t of list) lastUse.set(t, k);
  });
  const slots: Slot[] = [];
  const slotOf = new Map<Tensor, number>();
  const free: number[] = [];
  const releaseAt = new Map<number, Tensor[]>();
  writes.forEach((roots, k) => {
    // Free the slots whose tenants were last read by an earlier kernel.
    for (const t of releaseAt.get(k) ?? []) free.push(slotOf.get(t) as number);
    for (const root of roots) allocate(root, k);
  });

  function allocate(root: Tensor, k: number): void {
    const bytes = bufferBytes(root);
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const size = slots[free[i]].bytes;
      if (size >= bytes && size <= bytes * 2 && (best < 0 || size < slots[free[best]].bytes)) best = i;
    }
    let slot: number;
    if (best >= 0) {
      slot = free[best];
      free.splice(best, 1);
    } else {
      slot = slots.length;
      slots.push({ bytes });
    }
    slotOf.set(root, slot);
    if (!keepAlive.has(root)) {
      const end = Math.max(lastUse.get(root) ?? k, k) + 1;
      const list = releaseAt.get(end) ?? [];
      list.push(root);
      releaseAt.set(end, list);
    }
  }
  const peakBytes = slots.reduce((n, s) => n + s.bytes, 0);
  return { slots, slotOf, peakBytes };
}
