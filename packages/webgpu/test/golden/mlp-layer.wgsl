// kernel matmul_4x4
@group(0) @binding(0) var<storage, read> b0: array<f32>; // input f32[8,16]
@group(0) @binding(1) var<storage, read> b1: array<f32>; // input f32[16,32]
@group(0) @binding(2) var<storage, read> b2: array<f32>; // input f32[32]
@group(0) @binding(3) var<storage, read_write> b3: array<f32>; // mul f32[8,32]
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
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
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 64u + lid;
  if ((16u <= gid)) {
    return;
  }
  let c0 = (gid % 8u);
  let c1 = ((gid / 8u) % 2u);
  let c2 = (gid / 16u);
  let c3 = (c1 * 4u);
  let c4 = (c0 * 4u);
  let row5 = min(c3, 7u);
  let row6 = min((c3 + 1u), 7u);
  let row7 = min((c3 + 2u), 7u);
  let row8 = min((c3 + 3u), 7u);
  let col9 = min(c4, 31u);
  let col10 = min((c4 + 1u), 31u);
  let col11 = min((c4 + 2u), 31u);
  let col12 = min((c4 + 3u), 31u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc0_2 = 0.0f;
  var acc0_3 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc1_2 = 0.0f;
  var acc1_3 = 0.0f;
  var acc2_0 = 0.0f;
  var acc2_1 = 0.0f;
  var acc2_2 = 0.0f;
  var acc2_3 = 0.0f;
  var acc3_0 = 0.0f;
  var acc3_1 = 0.0f;
  var acc3_2 = 0.0f;
  var acc3_3 = 0.0f;
  for (var kk = 0u; kk < 16u; kk = kk + 1u) {
    let t13 = b0[(kk + (row5 * 16u))];
    let t14 = b0[(kk + (row6 * 16u))];
    let t15 = b0[(kk + (row7 * 16u))];
    let t16 = b0[(kk + (row8 * 16u))];
    let t17 = b1[(col9 + (kk * 32u))];
    let t18 = b1[(col10 + (kk * 32u))];
    let t19 = b1[(col11 + (kk * 32u))];
    let t20 = b1[(col12 + (kk * 32u))];
    acc0_0 = (acc0_0 + (t13 * t17));
    acc0_1 = (acc0_1 + (t13 * t18));
    acc0_2 = (acc0_2 + (t13 * t19));
    acc0_3 = (acc0_3 + (t13 * t20));
    acc1_0 = (acc1_0 + (t14 * t17));
    acc1_1 = (acc1_1 + (t14 * t18));
    acc1_2 = (acc1_2 + (t14 * t19));
    acc1_3 = (acc1_3 + (t14 * t20));
    acc2_0 = (acc2_0 + (t15 * t17));
    acc2_1 = (acc2_1 + (t15 * t18));
    acc2_2 = (acc2_2 + (t15 * t19));
    acc2_3 = (acc2_3 + (t15 * t20));
    acc3_0 = (acc3_0 + (t16 * t17));
    acc3_1 = (acc3_1 + (t16 * t18));
    acc3_2 = (acc3_2 + (t16 * t19));
    acc3_3 = (acc3_3 + (t16 * t20));
  }
  if (((c3 < 8u) && (c4 < 32u))) {
    let t21 = b2[c4];
    let t22 = (acc0_0 + t21);
    let t23 = (t22 * 0.5f);
    let t24 = (t22 * 0.7071067690849304f);
    let t25 = kiln_erf(t24);
    let t26 = (t25 + 1.0f);
    let t27 = (t23 * t26);
    b3[(c4 + (c3 * 32u))] = t27;
  }
  if (((c3 < 8u) && ((c4 + 1u) < 32u))) {
    let i28 = (c4 + 1u);
    let t29 = b2[i28];
    let t30 = (acc0_1 + t29);
    let t31 = (t30 * 0.5f);
    let t32 = (t30 * 0.7071067690849304f);
    let t33 = kiln_erf(t32);
    let t34 = (t33 + 1.0f);
    let t35 = (t31 * t34);
    b3[((c4 + 1u) + (c3 * 32u))] = t35;
  }
  if (((c3 < 8u) && ((c4 + 2u) < 32u))) {
    let i36 = (c4 + 2u);
    let t37 = b2[i36];
    let t38 = (acc0_2 + t37);
    let t39 = (t38 * 0.5f);
    let t40 = (t38 * 0.7071067690849304f);
    let t41 = kiln_erf(t40);
    let t42 = (t41 + 1.0f);
    let t43 = (t39 * t42);
    b3[((c4 + 2u) + (c3 * 32u))] = t43;
  }
  if (((c3 < 8u) && ((c4 + 3u) < 32u))) {
    let i44 = (c4 + 3u);
    let t45 = b2[i44];
    let t46 = (acc0_3 + t45);
    let t47 = (t46 * 0.5f);
    let t48 = (t46 * 0.7071067690849304f);
    let t49 = kiln_erf(t48);
    let t50 = (t49 + 1.0f);
    let t51 = (t47 * t50);
    b3[((c4 + 3u) + (c3 * 32u))] = t51;
  }
  if ((((c3 + 1u) < 8u) && (c4 < 32u))) {
    let t52 = b2[c4];
    let t53 = (acc1_0 + t52);
    let t54 = (t53 * 0.5f);
    let t55 = (t53 * 0.7071067690849304f);
    let t56 = kiln_erf(t55);
    let t57 = (t56 + 1.0f);
    let t58 = (t54 * t57);
    b3[(c4 + ((c3 + 1u) * 32u))] = t58;
  }
  if ((((c3 + 1u) < 8u) && ((c4 + 1u) < 32u))) {
    let i59 = (c4 + 1u);
    let t60 = b2[i59];
    let t61 = (acc1_1 + t60);
    let t62 = (t61 * 0.5f);
    let t63 = (t61 * 0.7071067690849304f);
    let t64 = kiln_erf(t63);
    let t65 = (t64 + 1.0f);
    let t66 = (t62 * t65);
    b3[((c4 + 1u) + ((c3 + 1u) * 32u))] = t66;
  }
  if ((((c3 + 1u) < 8u) && ((c4 + 2u) < 32u))) {
    let i67 = (c4 + 2u);
    let t68 = b2[i67];
    let t69 = (acc1_2 + t68);
    let t70 = (t69 * 0.5f);
    let t71 = (t69 * 0.7071067690849304f);
    let t72 = kiln_erf(t71);
    let t73 = (t72 + 1.0f);
    let t74 = (t70 * t73);
    b3[((c4 + 2u) + ((c3 + 1u) * 32u))] = t74;
  }
  if ((((c3 + 1u) < 8u) && ((c4 + 3u) < 32u))) {
    let i75 = (c4 + 3u);
    let t76 = b2[i75];
    let t77 = (acc1_3 + t76);
    let t78 = (t77 * 0.5f);
    let t79 = (t77 * 0.7071067690849304f);
    let t80 = kiln_erf(t79);
    let t81 = (t80 + 1.0f);
    let t82 = (t78 * t81);
    b3[((c4 + 3u) + ((c3 + 1u) * 32u))] = t82;
  }
  if ((((c3 + 2u) < 8u) && (c4 < 32u))) {
    let t83 = b2[c4];
    let t84 = (acc2_0 + t83);
    let t85 = (t84 * 0.5f);
    let t86 = (t84 * 0.7071067690849304f);
    let t87 = kiln_erf(t86);
    let t88 = (t87 + 1.0f);
    let t89 = (t85 * t88);
    b3[(c4 + ((c3 + 2u) * 32u))] = t89;
  }
  if ((((c3 + 2u) < 8u) && ((c4 + 1u) < 32u))) {
    let i90 = (c4 + 1u);
    let t91 = b2[i90];
    let t92 = (acc2_1 + t91);
    let t93 = (t92 * 0.5f);
    let t94 = (t92 * 0.7071067690849304f);
    let t95 = kiln_erf(t94);
    let t96 = (t95 + 1.0f);
    let t97 = (t93 * t96);
    b3[((c4 + 1u) + ((c3 + 2u) * 32u))] = t97;
  }
  if ((((c3 + 2u) < 8u) && ((c4 + 2u) < 32u))) {
    let i98 = (c4 + 2u);
    let t99 = b2[i98];
    let t100 = (acc2_2 + t99);
    let t101 = (t100 * 0.5f);
    let t102 = (t100 * 0.7071067690849304f);
    let t103 = kiln_erf(t102);
    let t104 = (t103 + 1.0f);
    let t105 = (t101 * t104);
    b3[((c4 + 2u) + ((c3 + 2u) * 32u))] = t105;
  }
  if ((((c3 + 2u) < 8u) && ((c4 + 3u) < 32u))) {
    let i106 = (c4 + 3u);
    let t107 = b2[i106];
    let t108 = (acc2_3 + t107);
    let t109 = (t108 * 0.5f);
    let t110 = (t108 * 0.7071067690849304f);
    let t111 = kiln_erf(t110);
    let t112 = (t111 + 1.0f);
    let t113 = (t109 * t112);
    b3[((c4 + 3u) + ((c3 + 2u) * 32u))] = t113;
  }
  if ((((c3 + 3u) < 8u) && (c4 < 32u))) {
    let t114 = b2[c4];
    let t115 = (acc3_0 + t114);
    let t116 = (t115 * 0.5f);
    let t117 = (t115 * 0.7071067690849304f);
    let t118 = kiln_erf(t117);
    let t119 = (t118 + 1.0f);
    let t120 = (t116 * t119);
    b3[(c4 + ((c3 + 3u) * 32u))] = t120;
  }
  if ((((c3 + 3u) < 8u) && ((c4 + 1u) < 32u))) {
    let i121 = (c4 + 1u);
    let t122 = b2[i121];
    let t123 = (acc3_1 + t122);
    let t124 = (t123 * 0.5f);
    let t125 = (t123 * 0.7071067690849304f);
    let t126 = kiln_erf(t125);
    let t127 = (t126 + 1.0f);
    let t128 = (t124 * t127);
    b3[((c4 + 1u) + ((c3 + 3u) * 32u))] = t128;
  }
  if ((((c3 + 3u) < 8u) && ((c4 + 2u) < 32u))) {
    let i129 = (c4 + 2u);
    let t130 = b2[i129];
    let t131 = (acc3_2 + t130);
    let t132 = (t131 * 0.5f);
    let t133 = (t131 * 0.7071067690849304f);
    let t134 = kiln_erf(t133);
    let t135 = (t134 + 1.0f);
    let t136 = (t132 * t135);
    b3[((c4 + 2u) + ((c3 + 3u) * 32u))] = t136;
  }
  if ((((c3 + 3u) < 8u) && ((c4 + 3u) < 32u))) {
    let i137 = (c4 + 3u);
    let t138 = b2[i137];
    let t139 = (acc3_3 + t138);
    let t140 = (t139 * 0.5f);
    let t141 = (t139 * 0.7071067690849304f);
    let t142 = kiln_erf(t141);
    let t143 = (t142 + 1.0f);
    let t144 = (t140 * t143);
    b3[((c4 + 3u) + ((c3 + 3u) * 32u))] = t144;
  }
}
