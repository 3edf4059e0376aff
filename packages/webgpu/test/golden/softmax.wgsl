// kernel rows_2xshort
@group(0) @binding(0) var<storage, read> b0: array<f32>; // input f32[4,10]
@group(0) @binding(1) var<storage, read_write> b1: array<f32>; // div f32[4,10]

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
  return log(u) * x / (u - 1.0f);
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
  if (kiln_isnan(x)) { return x; }
  let a = abs(x);
  if (a < 0.5f) {
    // Maclaurin series, accurate near zero.
    let x2 = x * x;
    return x * (1.1283791671f + x2 * (-0.3761263890f + x2 * (0.1128379167f + x2 * (-0.0268661706f + x2 * 0.0052239776f))));
  }
  // erfc by the Numerical Recipes Chebyshev fit (relative error below 1.2e-7).
  let t = 1.0f / (1.0f + 0.5f * a);
  let poly = -a * a - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f + t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f))))))));
  let erfc = t * exp(poly);
  return sign(x) * (1.0f - erfc);
}
fn kiln_pow(a: f32, b: f32) -> f32 {
  if (kiln_isnan(a) || kiln_isnan(b)) { return kiln_nan(); }
  if (b == 0.0f) { return 1.0f; }
  if (a == 0.0f) {
    if (b > 0.0f) { return 0.0f; }
    return kiln_inf();
  }
  let magnitude = exp2(b * log2(abs(a)));
  if (a > 0.0f) { return magnitude; }
  if (floor(b) != b) { return kiln_nan(); }
  let odd = abs(b) < 16777216.0f && (i32(abs(b)) & 1) == 1;
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

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 64u + lid;
  if ((4u <= gid)) {
    return;
  }
  var row0 = (-kiln_inf());
  for (var j = 0u; j < 10u; j = j + 1u) {
    let t0 = b0[(j + (gid * 10u))];
    row0 = select(max(row0, t0), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t0)));
  }
  var row1 = 0.0f;
  for (var j = 0u; j < 10u; j = j + 1u) {
    let t1 = b0[(j + (gid * 10u))];
    let t2 = abs(row0);
    let t3 = ((t2 < kiln_inf()) && (!(kiln_isnan(t2) || kiln_isnan(kiln_inf()))));
    let t4 = select(0.0f, row0, t3);
    let t5 = (t1 - t4);
    let t6 = exp(t5);
    row1 = (row1 + t6);
  }
  for (var j = 0u; j < 10u; j = j + 1u) {
    let t7 = b0[(j + (gid * 10u))];
    let t8 = abs(row0);
    let t9 = ((t8 < kiln_inf()) && (!(kiln_isnan(t8) || kiln_isnan(kiln_inf()))));
    let t10 = select(0.0f, row0, t9);
    let t11 = (t7 - t10);
    let t12 = exp(t11);
    let t13 = ((row1 == 0.0f) && (!(kiln_isnan(row1) || kiln_isnan(0.0f))));
    let t14 = select(row1, 1.0f, t13);
    let t15 = (t12 / t14);
    b1[(j + (gid * 10u))] = t15;
  }
}
