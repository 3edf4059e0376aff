/**
 * A structural key for a program: two programs with the same key compute the same function of
 * their inputs, so they can share an executable. Large constants are keyed by identity.
 */
import { Primitive, type Program, type Tensor } from "@kiln/tensor";

const constantIds = new WeakMap<object, number>();
let nextConstantId = 0;

function constantKey(t: Tensor): string {
  const data = t.attrsOf(Primitive.Constant).data;
  if (!data) return "none";
  if (data.length <= 16) {
    // f32 data is uploaded rounded to float32, so values that round alike may share a key. i32
    // data is keyed exactly: above 2^24, distinct integers round to the same float32.
    const round = t.dtype === "f32" ? Math.fround : (x: number) => x;
    return Array.from(data, (x) => (Object.is(x, -0) ? "-0" : String(round(x)))).join(",");
  }
  let id = constantIds.get(data);
  if (id === undefined) {
    id = nextConstantId++;
    constantIds.set(data, id);
  }
  return `#${id}`;
}

function attrsKey(t: Tensor): string {
  switch (t.op) {
    case Primitive.Constant:
      return constantKey(t);
    case Primitive.CustomVjp:
      return "";
    default:
      return JSON.stringify(t.attrs);
  }
}

export function programKey(program: Program): string {
  const index = new Map<Tensor, number>();
  const parts: string[] = [];
  program.inputs.forEach((t, i) => {
    index.set(t, i);
    parts.push(`in:${t.dtype}[${t.shape.join(",")}]`);
  });
  program.nodes.forEach((t) => {
    index.set(t, index.size);
    const refs = t.inputs.map((x) => index.get(x) ?? -1).join(",");
    parts.push(`${t.op}:${t.dtype}[${t.shape.join(",")}](${refs}){${attrsKey(t)}}`);
  });
  parts.push(`out:${program.outputs.map((t) => index.get(t)).join(",")}`);
  parts.push(`donate:${[...(program.donated ?? [])].join(",")}`);
  return parts.join(";");
}
