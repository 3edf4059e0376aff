// kernel rows_2xshort
@group(0) @binding(0) var<storage, read> b0: array<f32>; // input f32[4,10]
@group(0) @binding(1) var<storage, read_write> b1: array<f32>; // div f32[4,10]
var<private> kiln_nan_bits: u32 = 0x7fc00000u;
var<private> kiln_inf_bits: u32 = 0x7f800000u;
fn kiln_nan() -> f32 { return bitcast<f32>(kiln_nan_bits); }
fn kiln_inf() -> f32 { return bitcast<f32>(kiln_inf_bits); }
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
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
    let t15 = select((t12 / t14), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t12) != ((bitcast<u32>(t14) & 2147483648u) != 0u))), kiln_nan(), ((t12 == 0.0f) || kiln_isnan(t12))), (t14 == 0.0f));
    b1[(j + (gid * 10u))] = t15;
  }
}
