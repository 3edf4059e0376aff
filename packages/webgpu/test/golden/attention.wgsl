// kernel matmul_2x2
@group(0) @binding(0) var<storage, read> b0: array<f32>; // input f32[2,4,5,8]
@group(0) @binding(1) var<storage, read> b1: array<f32>; // input f32[2,4,5,8]
@group(0) @binding(2) var<storage, read_write> b2: array<f32>; // dot f32[2,4,5,5]
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 2u;
  let gid = wid * 64u + lid;
  if ((72u <= gid)) {
    return;
  }
  let c0 = (gid % 3u);
  let c1 = ((gid / 3u) % 3u);
  let c2 = (gid / 9u);
  let c3 = (c2 / 4u);
  let c4 = (c2 % 4u);
  let c5 = (c1 * 2u);
  let c6 = (c0 * 2u);
  let row7 = min(c5, 4u);
  let row8 = min((c5 + 1u), 4u);
  let col9 = min(c6, 4u);
  let col10 = min((c6 + 1u), 4u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  for (var kk = 0u; kk < 8u; kk = kk + 1u) {
    let t11 = b0[(((kk + (row7 * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    let t12 = b0[(((kk + (row8 * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    let t13 = b1[(((kk + (col9 * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    let t14 = b1[(((kk + (col10 * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    acc0_0 = fma(t11, t13, acc0_0);
    acc0_1 = fma(t11, t14, acc0_1);
    acc1_0 = fma(t12, t13, acc1_0);
    acc1_1 = fma(t12, t14, acc1_1);
  }
  if (((c5 < 5u) && (c6 < 5u))) {
    b2[(((c6 + (c5 * 5u)) + (c4 * 25u)) + (c3 * 100u))] = acc0_0;
  }
  if (((c5 < 5u) && ((c6 + 1u) < 5u))) {
    b2[((((c6 + 1u) + (c5 * 5u)) + (c4 * 25u)) + (c3 * 100u))] = acc0_1;
  }
  if ((((c5 + 1u) < 5u) && (c6 < 5u))) {
    b2[(((c6 + ((c5 + 1u) * 5u)) + (c4 * 25u)) + (c3 * 100u))] = acc1_0;
  }
  if ((((c5 + 1u) < 5u) && ((c6 + 1u) < 5u))) {
    b2[((((c6 + 1u) + ((c5 + 1u) * 5u)) + (c4 * 25u)) + (c3 * 100u))] = acc1_1;
  }
}

// ----------------------------------------

// kernel rows_2xshort
@group(0) @binding(0) var<storage, read> b0: array<f32>; // dot f32[2,4,5,5]
@group(0) @binding(1) var<storage, read_write> b1: array<f32>; // div f32[2,4,5,5]
var<private> kiln_nan_bits: u32 = 0x7fc00000u;
var<private> kiln_inf_bits: u32 = 0x7f800000u;
fn kiln_nan() -> f32 { return bitcast<f32>(kiln_nan_bits); }
fn kiln_inf() -> f32 { return bitcast<f32>(kiln_inf_bits); }
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 64u + lid;
  if ((40u <= gid)) {
    return;
  }
  let c0 = (gid / 20u);
  let c1 = ((gid / 5u) % 4u);
  let c2 = (gid % 5u);
  let j0 = 0u;
  let j1 = 1u;
  let j2 = 2u;
  let j3 = 3u;
  let j4 = 4u;
  var row0 = (-kiln_inf());
  let t3 = i32(c2);
  let t4 = i32(j0);
  let t5 = (t3 < t4);
  let t6 = b0[(((j0 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))];
  let t7 = (t6 * 0.3535533845424652f);
  let t8 = select(t7, (-kiln_inf()), t5);
  row0 = select(max(row0, t8), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t8)));
  let t9 = i32(c2);
  let t10 = i32(j1);
  let t11 = (t9 < t10);
  let t12 = b0[(((j1 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))];
  let t13 = (t12 * 0.3535533845424652f);
  let t14 = select(t13, (-kiln_inf()), t11);
  row0 = select(max(row0, t14), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t14)));
  let t15 = i32(c2);
  let t16 = i32(j2);
  let t17 = (t15 < t16);
  let t18 = b0[(((j2 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))];
  let t19 = (t18 * 0.3535533845424652f);
  let t20 = select(t19, (-kiln_inf()), t17);
  row0 = select(max(row0, t20), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t20)));
  let t21 = i32(c2);
  let t22 = i32(j3);
  let t23 = (t21 < t22);
  let t24 = b0[(((j3 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))];
  let t25 = (t24 * 0.3535533845424652f);
  let t26 = select(t25, (-kiln_inf()), t23);
  row0 = select(max(row0, t26), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t26)));
  let t27 = i32(c2);
  let t28 = i32(j4);
  let t29 = (t27 < t28);
  let t30 = b0[(((j4 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))];
  let t31 = (t30 * 0.3535533845424652f);
  let t32 = select(t31, (-kiln_inf()), t29);
  row0 = select(max(row0, t32), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t32)));
  var row1 = 0.0f;
  let t33 = abs(row0);
  let t34 = ((t33 < kiln_inf()) && (!(kiln_isnan(t33) || kiln_isnan(kiln_inf()))));
  let t35 = select(0.0f, row0, t34);
  let t36 = (t8 - t35);
  let t37 = exp(t36);
  row1 = (row1 + t37);
  let t38 = (t14 - t35);
  let t39 = exp(t38);
  row1 = (row1 + t39);
  let t40 = (t20 - t35);
  let t41 = exp(t40);
  row1 = (row1 + t41);
  let t42 = (t26 - t35);
  let t43 = exp(t42);
  row1 = (row1 + t43);
  let t44 = (t32 - t35);
  let t45 = exp(t44);
  row1 = (row1 + t45);
  let t46 = ((row1 == 0.0f) && (!(kiln_isnan(row1) || kiln_isnan(0.0f))));
  let t47 = select(row1, 1.0f, t46);
  let t48 = select((t37 / t47), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t37) != ((bitcast<u32>(t47) & 2147483648u) != 0u))), kiln_nan(), ((t37 == 0.0f) || kiln_isnan(t37))), (t47 == 0.0f));
  b1[(((j0 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))] = t48;
  let t49 = select((t39 / t47), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t39) != ((bitcast<u32>(t47) & 2147483648u) != 0u))), kiln_nan(), ((t39 == 0.0f) || kiln_isnan(t39))), (t47 == 0.0f));
  b1[(((j1 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))] = t49;
  let t50 = select((t41 / t47), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t41) != ((bitcast<u32>(t47) & 2147483648u) != 0u))), kiln_nan(), ((t41 == 0.0f) || kiln_isnan(t41))), (t47 == 0.0f));
  b1[(((j2 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))] = t50;
  let t51 = select((t43 / t47), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t43) != ((bitcast<u32>(t47) & 2147483648u) != 0u))), kiln_nan(), ((t43 == 0.0f) || kiln_isnan(t43))), (t47 == 0.0f));
  b1[(((j3 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))] = t51;
  let t52 = select((t45 / t47), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t45) != ((bitcast<u32>(t47) & 2147483648u) != 0u))), kiln_nan(), ((t45 == 0.0f) || kiln_isnan(t45))), (t47 == 0.0f));
  b1[(((j4 + (c2 * 5u)) + (c1 * 25u)) + (c0 * 100u))] = t52;
}

// ----------------------------------------

// kernel matmul_2x4
@group(0) @binding(0) var<storage, read> b0: array<f32>; // div f32[2,4,5,5]
@group(0) @binding(1) var<storage, read> b1: array<f32>; // input f32[2,4,5,8]
@group(0) @binding(2) var<storage, read_write> b2: array<vec4<f32>>; // dot f32[2,4,5,8] as vec4
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 64u + lid;
  if ((48u <= gid)) {
    return;
  }
  let c0 = (gid % 2u);
  let c1 = ((gid / 2u) % 3u);
  let c2 = (gid / 6u);
  let c3 = (c2 / 4u);
  let c4 = (c2 % 4u);
  let c5 = (c1 * 2u);
  let c6 = (c0 * 4u);
  let row7 = min(c5, 4u);
  let row8 = min((c5 + 1u), 4u);
  let col9 = min(c6, 7u);
  let col10 = min((c6 + 1u), 7u);
  let col11 = min((c6 + 2u), 7u);
  let col12 = min((c6 + 3u), 7u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc0_2 = 0.0f;
  var acc0_3 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc1_2 = 0.0f;
  var acc1_3 = 0.0f;
  for (var kk = 0u; kk < 5u; kk = kk + 1u) {
    let t13 = b0[(((kk + (row7 * 5u)) + (c4 * 25u)) + (c3 * 100u))];
    let t14 = b0[(((kk + (row8 * 5u)) + (c4 * 25u)) + (c3 * 100u))];
    let t15 = b1[(((col9 + (kk * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    let t16 = b1[(((col10 + (kk * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    let t17 = b1[(((col11 + (kk * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    let t18 = b1[(((col12 + (kk * 8u)) + (c4 * 40u)) + (c3 * 160u))];
    acc0_0 = fma(t13, t15, acc0_0);
    acc0_1 = fma(t13, t16, acc0_1);
    acc0_2 = fma(t13, t17, acc0_2);
    acc0_3 = fma(t13, t18, acc0_3);
    acc1_0 = fma(t14, t15, acc1_0);
    acc1_1 = fma(t14, t16, acc1_1);
    acc1_2 = fma(t14, t17, acc1_2);
    acc1_3 = fma(t14, t18, acc1_3);
  }
  if (((c5 < 5u) && (c6 < 8u))) {
    b2[((((c6 + (c5 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)] = vec4<f32>(acc0_0, acc0_1, acc0_2, acc0_3);
  }
  if ((((c5 + 1u) < 5u) && (c6 < 8u))) {
    b2[((((c6 + ((c5 + 1u) * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)] = vec4<f32>(acc1_0, acc1_1, acc1_2, acc1_3);
  }
}
