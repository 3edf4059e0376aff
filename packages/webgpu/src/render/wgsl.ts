/**
 * Renders kernel IR as WGSL. Non-finite constants and NaN tests use bit casts, because WGSL
 * lets implementations assume NaN and infinities never occur; helpers supply functions WGSL
 * lacks (erf, log1p, expm1) or leaves unspecified at edge cases (pow, tanh).
 */
import type { Binding, Expr, HelperFn, Kernel, ScalarType, Stmt } from "../codegen/ir.js";

const MAX_GRID = 65535;

function floatLiteral(value: number): string {
  // Tint folds constant expressions and rejects non-finite results, so these read private vars.
  if (Number.isNaN(value)) return "kiln_nan()";
  if (value === Infinity) return "kiln_inf()";
  if (value === -Infinity) return "(-kiln_inf())";
  const f = Math.fround(value);
  // Dawn on lavapipe turned the literal (-0.0f) into +0, so -0 is spelled as its bits.
  if (Object.is(f, -0)) return "bitcast<f32>(0x80000000u)";
  if (f !== 0 && Math.abs(f) < 1.1754943508222875e-38) {
    // Subnormal: spell the bits so no parser flushes it to zero.
    const bits = new Uint32Array(new Float32Array([f]).buffer)[0];
    return `bitcast<f32>(0x${bits.toString(16)}u)`;
  }
  const text = String(f);
  const literal = /[.e]/.test(text) ? `${text}f` : `${text}.0f`;
  return f < 0 ? `(${literal})` : literal;
}

function constant(type: ScalarType, value: number): string {
  switch (type) {
    case "f32":
      return floatLiteral(value);
    case "i32":
      return value === -2147483648 ? "i32(-2147483647 - 1)" : value < 0 ? `(${value}i)` : `${value}i`;
    case "u32":
      return `${value >>> 0}u`;
    case "bool":
      return value ? "true" : "false";
    default:
      return type satisfies never;
  }
}

const BINARY_INFIX: Record<string, string> = {
  add: "+",
  sub: "-",
  mul: "*",
  div: "/",
  rem: "%",
  lt: "<",
  le: "<=",
  eq: "==",
  ne: "!=",
  and: "&&",
  or: "||",
  bitAnd: "&",
  bitOr: "|",
  bitXor: "^",
  shl: "<<",
  shr: ">>",
};

const UNARY_CALLS: Record<string, string> = {
  abs: "abs",
  exp: "exp",
  log: "log",
  sqrt: "sqrt",
  inverseSqrt: "inverseSqrt",
  sin: "sin",
  cos: "cos",
  floor: "floor",
  trunc: "trunc",
  signF: "sign",
  signI: "sign",
  isNan: "kiln_isnan",
  isFinite: "kiln_isfinite",
};

const HELPER_NAMES: Record<HelperFn, string> = {
  erf: "kiln_erf",
  log1p: "kiln_log1p",
  expm1: "kiln_expm1",
  pow: "kiln_pow",
  tanh: "kiln_tanh",
  sigmoid: "kiln_sigmoid",
  randomBits: "kiln_random_bits",
  unitFloat: "kiln_unit_float",
  fma: "fma",
};

export function renderExpr(e: Expr): string {
  switch (e.k) {
    case "const":
      return constant(e.type, e.value);
    case "var":
      return e.name;
    case "unary":
      if (e.op === "neg") return `(-${renderExpr(e.a)})`;
      if (e.op === "not") return `(!${renderExpr(e.a)})`;
      if (e.op === "tanh" || e.op === "sigmoid" || e.op === "erf" || e.op === "log1p" || e.op === "expm1") {
        return `${HELPER_NAMES[e.op]}(${renderExpr(e.a)})`;
      }
      return `${UNARY_CALLS[e.op]}(${renderExpr(e.a)})`;
    case "binary":
      if (e.op === "min" || e.op === "max") return `${e.op}(${renderExpr(e.a)}, ${renderExpr(e.b)})`;
      if (e.op === "pow") return `kiln_pow(${renderExpr(e.a)}, ${renderExpr(e.b)})`;
      return `(${renderExpr(e.a)} ${BINARY_INFIX[e.op]} ${renderExpr(e.b)})`;
    case "select":
      return `select(${renderExpr(e.b)}, ${renderExpr(e.a)}, ${renderExpr(e.cond)})`;
    case "cast":
      return `${e.type}(${renderExpr(e.a)})`;
    case "bitcast":
      return `bitcast<${e.type}>(${renderExpr(e.a)})`;
    case "load":
      return `b${e.binding}[${renderExpr(e.index)}]`;
    case "loadShared":
      return `${e.array}[${renderExpr(e.index)}]`;
    case "call":
      return `${HELPER_NAMES[e.fn]}(${e.args.map(renderExpr).join(", ")})`;
    default:
      return e satisfies never;
  }
}

function renderStmts(stmts: readonly Stmt[], indent: string, out: string[]): void {
  for (const s of stmts) {
    switch (s.k) {
      case "let":
        out.push(`${indent}let ${s.name} = ${renderExpr(s.value)};`);
        break;
      case "var":
        out.push(`${indent}var ${s.name} = ${renderExpr(s.value)};`);
        break;
      case "assign":
        out.push(`${indent}${s.name} = ${renderExpr(s.value)};`);
        break;
      case "store":
        out.push(`${indent}b${s.binding}[${renderExpr(s.index)}] = ${renderExpr(s.value)};`);
        break;
      case "storeShared":
        out.push(`${indent}${s.array}[${renderExpr(s.index)}] = ${renderExpr(s.value)};`);
        break;
      case "for":
        out.push(`${indent}for (var ${s.name} = ${renderExpr(s.start)}; ${s.name} < ${renderExpr(s.end)}; ${s.name} = ${s.name} + ${renderExpr(s.step)}) {`);
        renderStmts(s.body, indent + "  ", out);
        out.push(`${indent}}`);
        break;
      case "if":
        out.push(`${indent}if (${renderExpr(s.cond)}) {`);
        renderStmts(s.then, indent + "  ", out);
        if (s.else && s.else.length > 0) {
          out.push(`${indent}} else {`);
          renderStmts(s.else, indent + "  ", out);
        }
        out.push(`${indent}}`);
        break;
      case "barrier":
        out.push(`${indent}workgroupBarrier();`);
        break;
      case "return":
        out.push(`${indent}return;`);
        break;
      case "comment":
        out.push(`${indent}// ${s.text}`);
        break;
      case "localArray":
        out.push(`${indent}var ${s.name}: array<${s.type}, ${s.size}>;`);
        break;
      case "loadVector": {
        const vector = `${s.lanes[0]}_v`;
        out.push(`${indent}let ${vector} = b${s.binding}[${renderExpr(s.index)}];`);
        s.lanes.forEach((lane, i) => out.push(`${indent}let ${lane} = ${vector}[${i}];`));
        break;
      }
      case "storeVector": {
        out.push(`${indent}b${s.binding}[${renderExpr(s.index)}] = vec${s.values.length}<${s.values[0].type}>(${s.values.map(renderExpr).join(", ")});`);
        break;
      }
      case "loadTexel": {
        const texel = `${s.lanes[0]}_t`;
        out.push(`${indent}let ${texel} = textureLoad(b${s.binding}, vec2<u32>(${renderExpr(s.x)}, ${renderExpr(s.y)}), 0);`);
        s.lanes.forEach((lane, i) => out.push(`${indent}let ${lane} = ${texel}[${i}];`));
        break;
      }
      default:
        s satisfies never;
    }
  }
}

/** The grid as dispatched: x up to 65,535 workgroups, the rest in y. */
export function gridOf(workgroups: number): [number, number] {
  if (workgroups <= MAX_GRID) return [Math.max(workgroups, 1), 1];
  return [MAX_GRID, Math.ceil(workgroups / MAX_GRID)];
}

function renderBinding(b: Binding, index: number): string {
  if (b.texture) return `@group(0) @binding(${index}) var b${index}: texture_2d<f32>; // ${b.label}`;
  const access = b.write ? "read_write" : "read";
  const element = b.vectorWidth ? `vec${b.vectorWidth}<${b.type}>` : b.type;
  return `@group(0) @binding(${index}) var<storage, ${access}> b${index}: array<${element}>; // ${b.label}`;
}

export function renderKernel(kernel: Kernel): string {
  const out: string[] = [];
  out.push(`// kernel ${kernel.name}`);
  kernel.bindings.forEach((b, i) => out.push(renderBinding(b, i)));
  for (const s of kernel.shared) out.push(`var<workgroup> ${s.name}: array<${s.type}, ${s.size}>;`);
  const main: string[] = [];
  const [gridX] = gridOf(kernel.workgroups);
  main.push(`@compute @workgroup_size(${kernel.workgroupSize})`);
  main.push(`fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {`);
  main.push(`  let wid = group.x + group.y * ${gridX}u;`);
  main.push(`  let gid = wid * ${kernel.workgroupSize}u + lid;`);
  renderStmts(kernel.body, "  ", main);
  main.push("}");
  const mainText = main.join("\n");
  out.push(...helpersFor(mainText), mainText);
  return out.join("\n");
}

/** A top-level declaration of the helper library: a function or a private variable. */
interface Helper {
  name: string;
  text: string;
}

/** Splits the helper library into its declarations, in order. */
function splitHelpers(source: string): Helper[] {
  const helpers: Helper[] = [];
  for (const line of source.split("\n")) {
    const start = /^(?:fn|var<private>) (kiln_\w+)/.exec(line);
    if (start) helpers.push({ name: start[1], text: line });
    else if (helpers.length > 0 && line.length > 0) helpers[helpers.length - 1].text += `\n${line}`;
  }
  return helpers;
}

const HELPER_DECLARATIONS = () => (helperDeclarations ??= splitHelpers(HELPERS));
let helperDeclarations: Helper[] | undefined;

/** The helper declarations that `code` uses, directly or through other helpers, in library order. */
function helpersFor(code: string): string[] {
  const all = HELPER_DECLARATIONS();
  const used = new Set<string>();
  let frontier = code;
  for (;;) {
    const added = all.filter((h) => !used.has(h.name) && new RegExp(`\\b${h.name}\\b`).test(frontier));
    if (added.length === 0) break;
    for (const h of added) used.add(h.name);
    frontier = added.map((h) => h.text).join("\n");
  }
  return all.filter((h) => used.has(h.name)).map((h) => h.text);
}

const HELPERS = `
var<private> kiln_nan_bits: u32 = 0x7fc00000u;
var<private> kiln_inf_bits: u32 = 0x7f800000u;
fn kiln_nan() -> f32 { return bitcast<f32>(kiln_nan_bits); }
fn kiln_inf() -> f32 { return bitcast<f32>(kiln_inf_bits); }
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn kiln_isfinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn kiln_tanh(x: f32) -> f32 {
  if (kiln_isnan(x) || x == 0.0f) { return x; }
  if (abs(x) > 10.0f) { return sign(x); }
  // tanh|x| = -m / (2 + m) with m = expm1(-2|x|) keeps full relative precision near 0, where
  // 1 - exp(-2|x|) cancels.
  let m = kiln_expm1(-2.0f * abs(x));
  return sign(x) * (-m / (2.0f + m));
}
fn kiln_sigmoid(x: f32) -> f32 {
  if (kiln_isnan(x)) { return x; }
  if (x >= 0.0f) { return 1.0f / (1.0f + exp(-x)); }
  let e = exp(x);
  return e / (1.0f + e);
}
fn kiln_log1p(x: f32) -> f32 {
  if (abs(x) < 0.25f) {
    // WGSL's log is only accurate to 2^-21 absolute near 1, so small x uses the series
    // log1p(x) = 2·atanh(s) with s = x / (2 + x), to s^9 (truncation below 1e-9 relative).
    let s = x / (2.0f + x);
    let s2 = s * s;
    return 2.0f * s * (1.0f + s2 * (0.33333334f + s2 * (0.2f + s2 * (0.14285715f + s2 * 0.11111111f))));
  }
  let u = 1.0f + x;
  if (!kiln_isfinite(u)) { return log(u); }
  // x / (u - 1) corrects the rounding of u. Taking that ratio first keeps log(u)·x from
  // overflowing above about 4e36.
  return log(u) * (x / (u - 1.0f));
}
fn kiln_expm1(x: f32) -> f32 {
  if (abs(x) < 0.5f) {
    // exp(x) - 1 cancels for small x, so the Taylor series is summed to x^9/9! (truncation
    // below 1e-9 relative).
    return x * (1.0f + x * (0.5f + x * (0.16666667f + x * (0.041666668f + x * (0.008333334f + x * (0.0013888889f + x * (0.0001984127f + x * (0.000024801588f + x * 0.0000027557319f))))))));
  }
  return exp(x) - 1.0f;
}
fn kiln_erf(x: f32) -> f32 {
  // erf(x) = x·P(x²)/Q(x²), a rational fit on |x| ≤ 3.92 made by tools/fit-erf.py: relative
  // error below 4e-7 in f32, with the exact 2/√π slope at 0. Beyond 3.92, erf rounds to ±1 in
  // f32. It has no branch and no exp: on lavapipe, GELU over [1088, 256] took 0.7 ms with it
  // against 1.1 ms with a Maclaurin series below 0.5 and an erfc fit above.
  let c = clamp(x, -3.92f, 3.92f);
  let t = c * c;
  let p = 1.1283791f + t * (0.19040741f + t * (0.05274872f + t * (0.0037656266f + t * (0.0002848777f + t * 2.0500088e-06f))));
  let q = 1.0f + t * (0.5020769f + t * (0.11410938f + t * (0.014969234f + t * (0.0011625284f + t * 3.8090642e-05f))));
  return select(clamp(c * p / q, -1.0f, 1.0f), x, kiln_isnan(x));
}
fn kiln_pow(a: f32, b: f32) -> f32 {
  // The special cases of IEEE 754, spelled out because WGSL's pow is undefined for a < 0 and
  // may assume that NaN and infinities never occur. x^0 and 1^y are 1 even for a NaN x or y.
  if (b == 0.0f || a == 1.0f) { return 1.0f; }
  if (kiln_isnan(a) || kiln_isnan(b)) { return kiln_nan(); }
  let absolute = abs(a);
  if (!kiln_isfinite(b)) {
    if (absolute == 1.0f) { return 1.0f; }
    return select(0.0f, kiln_inf(), (absolute > 1.0f) == (b > 0.0f));
  }
  // Every f32 of magnitude 2^24 or more is an even integer.
  let integer = floor(b) == b;
  let odd = integer && abs(b) < 16777216.0f && (i32(abs(b)) & 1) == 1;
  let negative = (bitcast<u32>(a) & 0x80000000u) != 0u;
  // Zero and infinite bases: +0 or +∞, negated for a negative base and an odd exponent.
  if (a == 0.0f || !kiln_isfinite(a)) {
    let grows = (a == 0.0f) == (b < 0.0f);
    let value = select(0.0f, kiln_inf(), grows);
    return select(value, -value, negative && odd);
  }
  // NOTE: WGSL lets log2 mishandle subnormal bases. On lavapipe pow(1e-45, -1) is 1.7e38, not +∞.
  let magnitude = exp2(b * log2(absolute));
  if (!negative) { return magnitude; }
  if (!integer) { return kiln_nan(); }
  return select(magnitude, -magnitude, odd);
}
fn kiln_rotl(x: u32, r: u32) -> u32 { return (x << r) | (x >> (32u - r)); }
fn kiln_threefry(k0: u32, k1: u32, c0: u32, c1: u32) -> vec2<u32> {
  let ks = array<u32, 3>(k0, k1, k0 ^ k1 ^ 0x1bd11bdau);
  let rot = array<u32, 8>(13u, 15u, 26u, 6u, 17u, 29u, 16u, 24u);
  var a = c0 + ks[0];
  var b = c1 + ks[1];
  for (var g = 0u; g < 5u; g = g + 1u) {
    let base = (g % 2u) * 4u;
    for (var r = 0u; r < 4u; r = r + 1u) {
      a = a + b;
      b = kiln_rotl(b, rot[base + r]) ^ a;
    }
    a = a + ks[(g + 1u) % 3u];
    b = b + ks[(g + 2u) % 3u] + g + 1u;
  }
  return vec2<u32>(a, b);
}
fn kiln_random_bits(k0: u32, k1: u32, hi: u32, lo: u32, i: u32) -> u32 {
  let words = kiln_threefry(k0, k1, hi, lo + i / 2u);
  return select(words.x, words.y, (i & 1u) == 1u);
}
fn kiln_unit_float(bits: u32) -> f32 { return f32(bits >> 8u) * 5.9604644775390625e-8f; }
`;
