// kernel matmul_flat_2x8_w64_adj_k1_va_rows2
@group(0) @binding(0) var<storage, read> b0: array<vec4<f32>>; // input f32[2,4,5,8] as vec4
@group(0) @binding(1) var<storage, read> b1: array<vec4<f32>>; // input f32[2,4,5,8] as vec4
@group(0) @binding(2) var<storage, read_write> b2: array<f32>; // div f32[2,4,5,5]
var<private> kiln_nan_bits: u32 = 0x7fc00000u;
var<private> kiln_inf_bits: u32 = 0x7f800000u;
fn kiln_nan() -> f32 { return bitcast<f32>(kiln_nan_bits); }
fn kiln_inf() -> f32 { return bitcast<f32>(kiln_inf_bits); }
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 64u + lid;
  if ((24u <= gid)) {
    return;
  }
  let c0 = (gid % 1u);
  let c1 = ((gid / 1u) % 3u);
  let c2 = (gid / 3u);
  let c3 = (c2 / 4u);
  let c4 = (c2 % 4u);
  let c5 = (c1 * 2u);
  let c6 = (c0 * 8u);
  let row7 = min(c5, 4u);
  let row8 = min((c5 + 1u), 4u);
  let col9 = min(c6, 4u);
  let col10 = min((c6 + 1u), 4u);
  let col11 = min((c6 + 2u), 4u);
  let col12 = min((c6 + 3u), 4u);
  let col13 = min((c6 + 4u), 4u);
  let col14 = min((c6 + 5u), 4u);
  let col15 = min((c6 + 6u), 4u);
  let col16 = min((c6 + 7u), 4u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc0_2 = 0.0f;
  var acc0_3 = 0.0f;
  var acc0_4 = 0.0f;
  var acc0_5 = 0.0f;
  var acc0_6 = 0.0f;
  var acc0_7 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc1_2 = 0.0f;
  var acc1_3 = 0.0f;
  var acc1_4 = 0.0f;
  var acc1_5 = 0.0f;
  var acc1_6 = 0.0f;
  var acc1_7 = 0.0f;
  for (var kk = 0u; kk < 8u; kk = kk + 4u) {
    let av17_v = b0[((((kk + (row7 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let av17 = av17_v[0];
    let av18 = av17_v[1];
    let av19 = av17_v[2];
    let av20 = av17_v[3];
    let av21_v = b0[((((kk + (row8 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let av21 = av21_v[0];
    let av22 = av21_v[1];
    let av23 = av21_v[2];
    let av24 = av21_v[3];
    let bk25_v = b1[((((kk + (col9 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk25 = bk25_v[0];
    let bk26 = bk25_v[1];
    let bk27 = bk25_v[2];
    let bk28 = bk25_v[3];
    let bk29_v = b1[((((kk + (col10 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk29 = bk29_v[0];
    let bk30 = bk29_v[1];
    let bk31 = bk29_v[2];
    let bk32 = bk29_v[3];
    let bk33_v = b1[((((kk + (col11 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk33 = bk33_v[0];
    let bk34 = bk33_v[1];
    let bk35 = bk33_v[2];
    let bk36 = bk33_v[3];
    let bk37_v = b1[((((kk + (col12 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk37 = bk37_v[0];
    let bk38 = bk37_v[1];
    let bk39 = bk37_v[2];
    let bk40 = bk37_v[3];
    let bk41_v = b1[((((kk + (col13 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk41 = bk41_v[0];
    let bk42 = bk41_v[1];
    let bk43 = bk41_v[2];
    let bk44 = bk41_v[3];
    let bk45_v = b1[((((kk + (col14 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk45 = bk45_v[0];
    let bk46 = bk45_v[1];
    let bk47 = bk45_v[2];
    let bk48 = bk45_v[3];
    let bk49_v = b1[((((kk + (col15 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk49 = bk49_v[0];
    let bk50 = bk49_v[1];
    let bk51 = bk49_v[2];
    let bk52 = bk49_v[3];
    let bk53_v = b1[((((kk + (col16 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bk53 = bk53_v[0];
    let bk54 = bk53_v[1];
    let bk55 = bk53_v[2];
    let bk56 = bk53_v[3];
    acc0_0 = fma(av17, bk25, acc0_0);
    acc0_0 = fma(av18, bk26, acc0_0);
    acc0_0 = fma(av19, bk27, acc0_0);
    acc0_0 = fma(av20, bk28, acc0_0);
    acc0_1 = fma(av17, bk29, acc0_1);
    acc0_1 = fma(av18, bk30, acc0_1);
    acc0_1 = fma(av19, bk31, acc0_1);
    acc0_1 = fma(av20, bk32, acc0_1);
    acc0_2 = fma(av17, bk33, acc0_2);
    acc0_2 = fma(av18, bk34, acc0_2);
    acc0_2 = fma(av19, bk35, acc0_2);
    acc0_2 = fma(av20, bk36, acc0_2);
    acc0_3 = fma(av17, bk37, acc0_3);
    acc0_3 = fma(av18, bk38, acc0_3);
    acc0_3 = fma(av19, bk39, acc0_3);
    acc0_3 = fma(av20, bk40, acc0_3);
    acc0_4 = fma(av17, bk41, acc0_4);
    acc0_4 = fma(av18, bk42, acc0_4);
    acc0_4 = fma(av19, bk43, acc0_4);
    acc0_4 = fma(av20, bk44, acc0_4);
    acc0_5 = fma(av17, bk45, acc0_5);
    acc0_5 = fma(av18, bk46, acc0_5);
    acc0_5 = fma(av19, bk47, acc0_5);
    acc0_5 = fma(av20, bk48, acc0_5);
    acc0_6 = fma(av17, bk49, acc0_6);
    acc0_6 = fma(av18, bk50, acc0_6);
    acc0_6 = fma(av19, bk51, acc0_6);
    acc0_6 = fma(av20, bk52, acc0_6);
    acc0_7 = fma(av17, bk53, acc0_7);
    acc0_7 = fma(av18, bk54, acc0_7);
    acc0_7 = fma(av19, bk55, acc0_7);
    acc0_7 = fma(av20, bk56, acc0_7);
    acc1_0 = fma(av21, bk25, acc1_0);
    acc1_0 = fma(av22, bk26, acc1_0);
    acc1_0 = fma(av23, bk27, acc1_0);
    acc1_0 = fma(av24, bk28, acc1_0);
    acc1_1 = fma(av21, bk29, acc1_1);
    acc1_1 = fma(av22, bk30, acc1_1);
    acc1_1 = fma(av23, bk31, acc1_1);
    acc1_1 = fma(av24, bk32, acc1_1);
    acc1_2 = fma(av21, bk33, acc1_2);
    acc1_2 = fma(av22, bk34, acc1_2);
    acc1_2 = fma(av23, bk35, acc1_2);
    acc1_2 = fma(av24, bk36, acc1_2);
    acc1_3 = fma(av21, bk37, acc1_3);
    acc1_3 = fma(av22, bk38, acc1_3);
    acc1_3 = fma(av23, bk39, acc1_3);
    acc1_3 = fma(av24, bk40, acc1_3);
    acc1_4 = fma(av21, bk41, acc1_4);
    acc1_4 = fma(av22, bk42, acc1_4);
    acc1_4 = fma(av23, bk43, acc1_4);
    acc1_4 = fma(av24, bk44, acc1_4);
    acc1_5 = fma(av21, bk45, acc1_5);
    acc1_5 = fma(av22, bk46, acc1_5);
    acc1_5 = fma(av23, bk47, acc1_5);
    acc1_5 = fma(av24, bk48, acc1_5);
    acc1_6 = fma(av21, bk49, acc1_6);
    acc1_6 = fma(av22, bk50, acc1_6);
    acc1_6 = fma(av23, bk51, acc1_6);
    acc1_6 = fma(av24, bk52, acc1_6);
    acc1_7 = fma(av21, bk53, acc1_7);
    acc1_7 = fma(av22, bk54, acc1_7);
    acc1_7 = fma(av23, bk55, acc1_7);
    acc1_7 = fma(av24, bk56, acc1_7);
  }
  var results: array<f32, 16>;
  results[0u] = acc0_0;
  results[1u] = acc0_1;
  results[2u] = acc0_2;
  results[3u] = acc0_3;
  results[4u] = acc0_4;
  results[5u] = acc0_5;
  results[6u] = acc0_6;
  results[7u] = acc0_7;
  results[8u] = acc1_0;
  results[9u] = acc1_1;
  results[10u] = acc1_2;
  results[11u] = acc1_3;
  results[12u] = acc1_4;
  results[13u] = acc1_5;
  results[14u] = acc1_6;
  results[15u] = acc1_7;
  for (var ri = 0u; ri < 2u; ri = ri + 1u) {
    let row57 = (c5 + ri);
    if ((row57 < 5u)) {
      var row0 = (-kiln_inf());
      for (var j = 0u; j < 5u; j = j + 1u) {
        let t58 = i32(row57);
        let t59 = i32(j);
        let t60 = (t58 < t59);
        let t61 = results[((ri * 8u) + j)];
        let t62 = (t61 * 0.3535533845424652f);
        let t63 = select(t62, (-kiln_inf()), t60);
        row0 = select(max(row0, t63), kiln_nan(), (kiln_isnan(row0) || kiln_isnan(t63)));
      }
      var row1 = 0.0f;
      for (var j = 0u; j < 5u; j = j + 1u) {
        let t64 = i32(row57);
        let t65 = i32(j);
        let t66 = (t64 < t65);
        let t67 = results[((ri * 8u) + j)];
        let t68 = (t67 * 0.3535533845424652f);
        let t69 = select(t68, (-kiln_inf()), t66);
        let t70 = abs(row0);
        let t71 = ((t70 < kiln_inf()) && (!(kiln_isnan(t70) || kiln_isnan(kiln_inf()))));
        let t72 = select(0.0f, row0, t71);
        let t73 = (t69 - t72);
        let t74 = exp(t73);
        row1 = (row1 + t74);
      }
      for (var j = 0u; j < 5u; j = j + 1u) {
        let t75 = i32(row57);
        let t76 = i32(j);
        let t77 = (t75 < t76);
        let t78 = results[((ri * 8u) + j)];
        let t79 = (t78 * 0.3535533845424652f);
        let t80 = select(t79, (-kiln_inf()), t77);
        let t81 = abs(row0);
        let t82 = ((t81 < kiln_inf()) && (!(kiln_isnan(t81) || kiln_isnan(kiln_inf()))));
        let t83 = select(0.0f, row0, t82);
        let t84 = (t80 - t83);
        let t85 = exp(t84);
        let t86 = ((row1 == 0.0f) && (!(kiln_isnan(row1) || kiln_isnan(0.0f))));
        let t87 = select(row1, 1.0f, t86);
        let t88 = select((t85 / t87), select(select((-kiln_inf()), kiln_inf(), ((0.0f < t85) != ((bitcast<u32>(t87) & 2147483648u) != 0u))), kiln_nan(), ((t85 == 0.0f) || kiln_isnan(t85))), (t87 == 0.0f));
        b2[(((j + (row57 * 5u)) + (c4 * 25u)) + (c3 * 100u))] = t88;
      }
    }
  }
}

// ----------------------------------------

// kernel matmul_flat_2x8_w64_adj_k1_vb
@group(0) @binding(0) var<storage, read> b0: array<f32>; // div f32[2,4,5,5]
@group(0) @binding(1) var<storage, read> b1: array<vec4<f32>>; // input f32[2,4,5,8] as vec4
@group(0) @binding(2) var<storage, read_write> b2: array<vec4<f32>>; // dot f32[2,4,5,8] as vec4
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 64u + lid;
  if ((24u <= gid)) {
    return;
  }
  let c0 = (gid % 1u);
  let c1 = ((gid / 1u) % 3u);
  let c2 = (gid / 3u);
  let c3 = (c2 / 4u);
  let c4 = (c2 % 4u);
  let c5 = (c1 * 2u);
  let c6 = (c0 * 8u);
  let row7 = min(c5, 4u);
  let row8 = min((c5 + 1u), 4u);
  let col9 = min(c6, 4u);
  let col10 = min((c6 + 4u), 4u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc0_2 = 0.0f;
  var acc0_3 = 0.0f;
  var acc0_4 = 0.0f;
  var acc0_5 = 0.0f;
  var acc0_6 = 0.0f;
  var acc0_7 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc1_2 = 0.0f;
  var acc1_3 = 0.0f;
  var acc1_4 = 0.0f;
  var acc1_5 = 0.0f;
  var acc1_6 = 0.0f;
  var acc1_7 = 0.0f;
  for (var kk = 0u; kk < 5u; kk = kk + 1u) {
    let t11 = b0[(((kk + (row7 * 5u)) + (c4 * 25u)) + (c3 * 100u))];
    let t12 = b0[(((kk + (row8 * 5u)) + (c4 * 25u)) + (c3 * 100u))];
    let bv13_v = b1[((((col9 + (kk * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bv13 = bv13_v[0];
    let bv14 = bv13_v[1];
    let bv15 = bv13_v[2];
    let bv16 = bv13_v[3];
    let bv17_v = b1[((((col10 + (kk * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)];
    let bv17 = bv17_v[0];
    let bv18 = bv17_v[1];
    let bv19 = bv17_v[2];
    let bv20 = bv17_v[3];
    acc0_0 = fma(t11, bv13, acc0_0);
    acc0_1 = fma(t11, bv14, acc0_1);
    acc0_2 = fma(t11, bv15, acc0_2);
    acc0_3 = fma(t11, bv16, acc0_3);
    acc0_4 = fma(t11, bv17, acc0_4);
    acc0_5 = fma(t11, bv18, acc0_5);
    acc0_6 = fma(t11, bv19, acc0_6);
    acc0_7 = fma(t11, bv20, acc0_7);
    acc1_0 = fma(t12, bv13, acc1_0);
    acc1_1 = fma(t12, bv14, acc1_1);
    acc1_2 = fma(t12, bv15, acc1_2);
    acc1_3 = fma(t12, bv16, acc1_3);
    acc1_4 = fma(t12, bv17, acc1_4);
    acc1_5 = fma(t12, bv18, acc1_5);
    acc1_6 = fma(t12, bv19, acc1_6);
    acc1_7 = fma(t12, bv20, acc1_7);
  }
  if (((c5 < 5u) && (c6 < 8u))) {
    b2[((((c6 + (c5 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)] = vec4<f32>(acc0_0, acc0_1, acc0_2, acc0_3);
  }
  if (((c5 < 5u) && ((c6 + 4u) < 8u))) {
    b2[(((((c6 + 4u) + (c5 * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)] = vec4<f32>(acc0_4, acc0_5, acc0_6, acc0_7);
  }
  if ((((c5 + 1u) < 5u) && (c6 < 8u))) {
    b2[((((c6 + ((c5 + 1u) * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)] = vec4<f32>(acc1_0, acc1_1, acc1_2, acc1_3);
  }
  if ((((c5 + 1u) < 5u) && ((c6 + 4u) < 8u))) {
    b2[(((((c6 + 4u) + ((c5 + 1u) * 8u)) + (c4 * 40u)) + (c3 * 160u)) / 4u)] = vec4<f32>(acc1_4, acc1_5, acc1_6, acc1_7);
  }
}
