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
  let j0 = 0u;
  let j1 = 1u;
  let j2 = 2u;
  let j3 = 3u;
  let j4 = 4u;
  let j5 = 5u;
  let j6 = 6u;
  let j7 = 7u;
  let j8 = 8u;
  let j9 = 9u;
  var row0 = (-kiln_inf());
  let t0 = b0[(j0 + (gid * 10u))];
  row0 = select(max(row0, t0), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t0)));
  let t1 = b0[(j1 + (gid * 10u))];
  row0 = select(max(row0, t1), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t1)));
  let t2 = b0[(j2 + (gid * 10u))];
  row0 = select(max(row0, t2), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t2)));
  let t3 = b0[(j3 + (gid * 10u))];
  row0 = select(max(row0, t3), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t3)));
  let t4 = b0[(j4 + (gid * 10u))];
  row0 = select(max(row0, t4), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t4)));
  let t5 = b0[(j5 + (gid * 10u))];
  row0 = select(max(row0, t5), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t5)));
  let t6 = b0[(j6 + (gid * 10u))];
  row0 = select(max(row0, t6), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t6)));
  let t7 = b0[(j7 + (gid * 10u))];
  row0 = select(max(row0, t7), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t7)));
  let t8 = b0[(j8 + (gid * 10u))];
  row0 = select(max(row0, t8), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t8)));
  let t9 = b0[(j9 + (gid * 10u))];
  row0 = select(max(row0, t9), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t9)));
  var row1 = 0.0f;
  let t10 = abs(row0);
  let t11 = ((t10 < kiln_inf()) && (!(kiln_isnan(t10) || kiln_isnan(kiln_inf()))));
  let t12 = select(0.0f, row0, t11);
  let t13 = (t0 - t12);
  let t14 = exp(t13);
  row1 = (row1 + t14);
  let t15 = (t1 - t12);
  let t16 = exp(t15);
  row1 = (row1 + t16);
  let t17 = (t2 - t12);
  let t18 = exp(t17);
  row1 = (row1 + t18);
  let t19 = (t3 - t12);
  let t20 = exp(t19);
  row1 = (row1 + t20);
  let t21 = (t4 - t12);
  let t22 = exp(t21);
  row1 = (row1 + t22);
  let t23 = (t5 - t12);
  let t24 = exp(t23);
  row1 = (row1 + t24);
  let t25 = (t6 - t12);
  let t26 = exp(t25);
  row1 = (row1 + t26);
  let t27 = (t7 - t12);
  let t28 = exp(t27);
  row1 = (row1 + t28);
  let t29 = (t8 - t12);
  let t30 = exp(t29);
  row1 = (row1 + t30);
  let t31 = (t9 - t12);
  let t32 = exp(t31);
  row1 = (row1 + t32);
  let t33 = ((row1 == 0.0f) && (!(kiln_isnan(row1) || kiln_isnan(0.0f))));
  let t34 = select(row1, 1.0f, t33);
  let t35 = select((t14 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t14) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t14 == 0.0f) || kiln_isnan(t14))), (t34 == 0.0f));
  b1[(j0 + (gid * 10u))] = t35;
  let t36 = select((t16 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t16) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t16 == 0.0f) || kiln_isnan(t16))), (t34 == 0.0f));
  b1[(j1 + (gid * 10u))] = t36;
  let t37 = select((t18 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t18) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t18 == 0.0f) || kiln_isnan(t18))), (t34 == 0.0f));
  b1[(j2 + (gid * 10u))] = t37;
  let t38 = select((t20 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t20) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t20 == 0.0f) || kiln_isnan(t20))), (t34 == 0.0f));
  b1[(j3 + (gid * 10u))] = t38;
  let t39 = select((t22 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t22) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t22 == 0.0f) || kiln_isnan(t22))), (t34 == 0.0f));
  b1[(j4 + (gid * 10u))] = t39;
  let t40 = select((t24 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t24) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t24 == 0.0f) || kiln_isnan(t24))), (t34 == 0.0f));
  b1[(j5 + (gid * 10u))] = t40;
  let t41 = select((t26 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t26) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t26 == 0.0f) || kiln_isnan(t26))), (t34 == 0.0f));
  b1[(j6 + (gid * 10u))] = t41;
  let t42 = select((t28 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t28) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t28 == 0.0f) || kiln_isnan(t28))), (t34 == 0.0f));
  b1[(j7 + (gid * 10u))] = t42;
  let t43 = select((t30 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t30) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t30 == 0.0f) || kiln_isnan(t30))), (t34 == 0.0f));
  b1[(j8 + (gid * 10u))] = t43;
  let t44 = select((t32 / t34), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t32) != ((bitcast<u32>(t34) & 2147483648u) != 0u))), kiln_nan(), ((t32 == 0.0f) || kiln_isnan(t32))), (t34 == 0.0f));
  b1[(j9 + (gid * 10u))] = t44;
}
