import { expect, test } from "vitest";
import { compile, grad, KilnError, tensor, withBackend, type Tensor } from "@kiln/tensor";
import { describeBackends, readNested } from "./helpers.js";

describeBackends("dispose", (backend) => {
  const on = <R>(f: () => R): R => withBackend(backend.name, f);
  const values = (t: Tensor) => readNested(t, backend);
  /** Returns a tensor whose value is computed on the backend under test. */
  const realized = async (data: number[]): Promise<Tensor> => {
    const t = on(() => tensor(data).add(0));
    await values(t);
    return t;
  };

  test("disposed tensor cannot be read", async () => {
    const t = await realized([1, 2]);
    t.dispose();
    expect(t.disposed).toBe(true);
    await expect(values(t)).rejects.toThrow(KilnError);
    await expect(values(t)).rejects.toThrow(`data: ${t} was disposed and can no longer be read`);
  });

  test("disposed tensor rejected by ops", async () => {
    const t = await realized([1, 2]);
    t.dispose();
    expect(() => t.add(1)).toThrow(`input ${t} was disposed and can no longer be used`);
    const f = compile((x: Tensor) => x.mul(2));
    expect(() => on(() => f(t))).toThrow(`compile: ${t} was disposed and can no longer be used`);
  });

  test("captured tensor disposed after tracing", async () => {
    const w = await realized([1, 2]);
    const f = compile((x: Tensor) => x.mul(w));
    expect(await values(on(() => f(tensor([1, 1]))))).toEqual([1, 2]);
    w.dispose();
    expect(() => on(() => f(tensor([1, 1])))).toThrow(`compile: the compiled function uses ${w} from its enclosing scope, and that tensor was disposed after the function was traced`);
  });

  test("lazy dependent names both tensors", async () => {
    const t = await realized([1, 2]);
    const doubled = t.mul(2);
    t.dispose();
    await expect(values(doubled)).rejects.toThrow(`cannot read ${doubled}: it depends on ${t}, which was disposed before the value was read`);
  });

  test("earlier results stay readable", async () => {
    const t = await realized([1, 2]);
    const doubled = t.mul(2);
    expect(await values(doubled)).toEqual([2, 4]);
    t.dispose();
    expect(await values(doubled)).toEqual([2, 4]);
  });

  test("pending read survives dispose", async () => {
    const f = compile((x: Tensor, s: Tensor) => x.mul(s));
    const x = await realized([1, 2, 3]);
    const first = on(() => f(x, tensor(2)));
    const pending = values(first);
    first.dispose();
    // The next output of the same size may reuse the freed buffer.
    const second = on(() => f(x, tensor(10)));
    expect(await pending).toEqual([2, 4, 6]);
    expect(await values(second)).toEqual([10, 20, 30]);
  });

  test("loop disposing every output", async () => {
    const f = compile((x: Tensor, s: Tensor) => x.mul(s).add(1));
    const x = await realized([1, 2, 3]);
    const seen: number[][] = [];
    for (let i = 0; i < 5; i++) {
      const out = on(() => f(x, tensor(i)));
      seen.push((await values(out)) as number[]);
      out.dispose();
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => [i + 1, 2 * i + 1, 3 * i + 1]));
  });

  test("repeated or donated dispose ignored", async () => {
    const t = await realized([1]);
    t.dispose();
    t.dispose();
    const step = compile((p: Tensor) => p.add(1), { donate: [0] });
    const params = await realized([1, 2]);
    const next = on(() => step(params));
    params.dispose();
    expect(params.disposed).toBe(false);
    await expect(values(params)).rejects.toThrow(/donated to a compiled call/);
    expect(await values(next)).toEqual([2, 3]);
  });

  test("dispose inside transforms raises", async () => {
    const x = await realized([1, 2]);
    const f = compile((v: Tensor) => {
      v.dispose();
      return v;
    });
    expect(() => on(() => f(x))).toThrow(/cannot dispose .* inside compile, grad or another transform/);
    const g = grad((v: Tensor) => {
      v.dispose();
      return v.sum();
    });
    expect(() => on(() => g(x))).toThrow(/cannot dispose/);
    expect(await values(x)).toEqual([1, 2]);
  });
});
