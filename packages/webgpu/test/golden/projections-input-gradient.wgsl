// kernel matmul_rows_8x2_w8_adj_k1_va
@group(0) @binding(0) var<storage, read> b0: array<vec4<f32>>; // input f32[8,16] as vec4
@group(0) @binding(1) var<storage, read> b1: array<f32>; // input f32[16,16]
@group(0) @binding(2) var<storage, read_write> b2: array<f32>; // where f32[8,16]
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn kiln_tanh(x: f32) -> f32 {
  if (kiln_isnan(x) || x == 0.0f) { return x; }
  if (abs(x) > 10.0f) { return sign(x); }
  // tanh|x| = -m / (2 + m) with m = expm1(-2|x|) keeps full relative precision near 0, where
  // 1 - exp(-2|x|) cancels.
  let m = kiln_expm1(-2.0f * abs(x));
  return sign(x) * (-m / (2.0f + m));
}
fn kiln_expm1(x: f32) -> f32 {
  if (abs(x) < 0.5f) {
    // exp(x) - 1 cancels for small x, so the Taylor series is summed to x^9/9! (truncation
    // below 1e-9 relative).
    return x * (1.0f + x * (0.5f + x * (0.16666667f + x * (0.041666668f + x * (0.008333334f + x * (0.0013888889f + x * (0.0001984127f + x * (0.000024801588f + x * 0.0000027557319f))))))));
  }
  return exp(x) - 1.0f;
}
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 8u + lid;
  if ((1u <= wid)) {
    return;
  }
  let c0 = (lid * 2u);
  if ((16u <= c0)) {
    return;
  }
  let row1 = min(0u, 7u);
  let row2 = min(1u, 7u);
  let row3 = min(2u, 7u);
  let row4 = min(3u, 7u);
  let row5 = min(4u, 7u);
  let row6 = min(5u, 7u);
  let row7 = min(6u, 7u);
  let row8 = min(7u, 7u);
  let col9 = min(c0, 15u);
  let col10 = min((c0 + 1u), 15u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc2_0 = 0.0f;
  var acc2_1 = 0.0f;
  var acc3_0 = 0.0f;
  var acc3_1 = 0.0f;
  var acc4_0 = 0.0f;
  var acc4_1 = 0.0f;
  var acc5_0 = 0.0f;
  var acc5_1 = 0.0f;
  var acc6_0 = 0.0f;
  var acc6_1 = 0.0f;
  var acc7_0 = 0.0f;
  var acc7_1 = 0.0f;
  for (var kk = 0u; kk < 16u; kk = kk + 4u) {
    let av11_v = b0[((kk + (row1 * 16u)) / 4u)];
    let av11 = av11_v[0];
    let av12 = av11_v[1];
    let av13 = av11_v[2];
    let av14 = av11_v[3];
    let av15_v = b0[((kk + (row2 * 16u)) / 4u)];
    let av15 = av15_v[0];
    let av16 = av15_v[1];
    let av17 = av15_v[2];
    let av18 = av15_v[3];
    let av19_v = b0[((kk + (row3 * 16u)) / 4u)];
    let av19 = av19_v[0];
    let av20 = av19_v[1];
    let av21 = av19_v[2];
    let av22 = av19_v[3];
    let av23_v = b0[((kk + (row4 * 16u)) / 4u)];
    let av23 = av23_v[0];
    let av24 = av23_v[1];
    let av25 = av23_v[2];
    let av26 = av23_v[3];
    let av27_v = b0[((kk + (row5 * 16u)) / 4u)];
    let av27 = av27_v[0];
    let av28 = av27_v[1];
    let av29 = av27_v[2];
    let av30 = av27_v[3];
    let av31_v = b0[((kk + (row6 * 16u)) / 4u)];
    let av31 = av31_v[0];
    let av32 = av31_v[1];
    let av33 = av31_v[2];
    let av34 = av31_v[3];
    let av35_v = b0[((kk + (row7 * 16u)) / 4u)];
    let av35 = av35_v[0];
    let av36 = av35_v[1];
    let av37 = av35_v[2];
    let av38 = av35_v[3];
    let av39_v = b0[((kk + (row8 * 16u)) / 4u)];
    let av39 = av39_v[0];
    let av40 = av39_v[1];
    let av41 = av39_v[2];
    let av42 = av39_v[3];
    let t43 = b1[(col9 + (kk * 16u))];
    let t44 = b1[(col10 + (kk * 16u))];
    let k45 = (kk + 1u);
    let t46 = b1[(col9 + (k45 * 16u))];
    let t47 = b1[(col10 + (k45 * 16u))];
    let k48 = (kk + 2u);
    let t49 = b1[(col9 + (k48 * 16u))];
    let t50 = b1[(col10 + (k48 * 16u))];
    let k51 = (kk + 3u);
    let t52 = b1[(col9 + (k51 * 16u))];
    let t53 = b1[(col10 + (k51 * 16u))];
    acc0_0 = fma(av11, t43, acc0_0);
    acc0_0 = fma(av12, t46, acc0_0);
    acc0_0 = fma(av13, t49, acc0_0);
    acc0_0 = fma(av14, t52, acc0_0);
    acc0_1 = fma(av11, t44, acc0_1);
    acc0_1 = fma(av12, t47, acc0_1);
    acc0_1 = fma(av13, t50, acc0_1);
    acc0_1 = fma(av14, t53, acc0_1);
    acc1_0 = fma(av15, t43, acc1_0);
    acc1_0 = fma(av16, t46, acc1_0);
    acc1_0 = fma(av17, t49, acc1_0);
    acc1_0 = fma(av18, t52, acc1_0);
    acc1_1 = fma(av15, t44, acc1_1);
    acc1_1 = fma(av16, t47, acc1_1);
    acc1_1 = fma(av17, t50, acc1_1);
    acc1_1 = fma(av18, t53, acc1_1);
    acc2_0 = fma(av19, t43, acc2_0);
    acc2_0 = fma(av20, t46, acc2_0);
    acc2_0 = fma(av21, t49, acc2_0);
    acc2_0 = fma(av22, t52, acc2_0);
    acc2_1 = fma(av19, t44, acc2_1);
    acc2_1 = fma(av20, t47, acc2_1);
    acc2_1 = fma(av21, t50, acc2_1);
    acc2_1 = fma(av22, t53, acc2_1);
    acc3_0 = fma(av23, t43, acc3_0);
    acc3_0 = fma(av24, t46, acc3_0);
    acc3_0 = fma(av25, t49, acc3_0);
    acc3_0 = fma(av26, t52, acc3_0);
    acc3_1 = fma(av23, t44, acc3_1);
    acc3_1 = fma(av24, t47, acc3_1);
    acc3_1 = fma(av25, t50, acc3_1);
    acc3_1 = fma(av26, t53, acc3_1);
    acc4_0 = fma(av27, t43, acc4_0);
    acc4_0 = fma(av28, t46, acc4_0);
    acc4_0 = fma(av29, t49, acc4_0);
    acc4_0 = fma(av30, t52, acc4_0);
    acc4_1 = fma(av27, t44, acc4_1);
    acc4_1 = fma(av28, t47, acc4_1);
    acc4_1 = fma(av29, t50, acc4_1);
    acc4_1 = fma(av30, t53, acc4_1);
    acc5_0 = fma(av31, t43, acc5_0);
    acc5_0 = fma(av32, t46, acc5_0);
    acc5_0 = fma(av33, t49, acc5_0);
    acc5_0 = fma(av34, t52, acc5_0);
    acc5_1 = fma(av31, t44, acc5_1);
    acc5_1 = fma(av32, t47, acc5_1);
    acc5_1 = fma(av33, t50, acc5_1);
    acc5_1 = fma(av34, t53, acc5_1);
    acc6_0 = fma(av35, t43, acc6_0);
    acc6_0 = fma(av36, t46, acc6_0);
    acc6_0 = fma(av37, t49, acc6_0);
    acc6_0 = fma(av38, t52, acc6_0);
    acc6_1 = fma(av35, t44, acc6_1);
    acc6_1 = fma(av36, t47, acc6_1);
    acc6_1 = fma(av37, t50, acc6_1);
    acc6_1 = fma(av38, t53, acc6_1);
    acc7_0 = fma(av39, t43, acc7_0);
    acc7_0 = fma(av40, t46, acc7_0);
    acc7_0 = fma(av41, t49, acc7_0);
    acc7_0 = fma(av42, t52, acc7_0);
    acc7_1 = fma(av39, t44, acc7_1);
    acc7_1 = fma(av40, t47, acc7_1);
    acc7_1 = fma(av41, t50, acc7_1);
    acc7_1 = fma(av42, t53, acc7_1);
  }
  if (((0u < 8u) && (c0 < 16u))) {
    let k54 = 1.0f;
    let t55 = ((k54 == 0.0f) && (!(kiln_isnan(k54) || kiln_isnan(0.0f))));
    let t56 = kiln_tanh(acc0_0);
    let t57 = (t56 * t56);
    let t58 = (-t57);
    let t59 = (t58 + 1.0f);
    let t60 = ((t59 != t59) || (kiln_isnan(t59) || kiln_isnan(t59)));
    let t61 = (t55 && t60);
    let t62 = select(t59, 0.0f, t61);
    b2[c0] = t62;
  }
  if (((0u < 8u) && ((c0 + 1u) < 16u))) {
    let k63 = 1.0f;
    let t64 = ((k63 == 0.0f) && (!(kiln_isnan(k63) || kiln_isnan(0.0f))));
    let t65 = kiln_tanh(acc0_1);
    let t66 = (t65 * t65);
    let t67 = (-t66);
    let t68 = (t67 + 1.0f);
    let t69 = ((t68 != t68) || (kiln_isnan(t68) || kiln_isnan(t68)));
    let t70 = (t64 && t69);
    let t71 = select(t68, 0.0f, t70);
    b2[(c0 + 1u)] = t71;
  }
  if (((1u < 8u) && (c0 < 16u))) {
    let k72 = 1.0f;
    let t73 = ((k72 == 0.0f) && (!(kiln_isnan(k72) || kiln_isnan(0.0f))));
    let t74 = kiln_tanh(acc1_0);
    let t75 = (t74 * t74);
    let t76 = (-t75);
    let t77 = (t76 + 1.0f);
    let t78 = ((t77 != t77) || (kiln_isnan(t77) || kiln_isnan(t77)));
    let t79 = (t73 && t78);
    let t80 = select(t77, 0.0f, t79);
    b2[(c0 + 16u)] = t80;
  }
  if (((1u < 8u) && ((c0 + 1u) < 16u))) {
    let k81 = 1.0f;
    let t82 = ((k81 == 0.0f) && (!(kiln_isnan(k81) || kiln_isnan(0.0f))));
    let t83 = kiln_tanh(acc1_1);
    let t84 = (t83 * t83);
    let t85 = (-t84);
    let t86 = (t85 + 1.0f);
    let t87 = ((t86 != t86) || (kiln_isnan(t86) || kiln_isnan(t86)));
    let t88 = (t82 && t87);
    let t89 = select(t86, 0.0f, t88);
    b2[((c0 + 1u) + 16u)] = t89;
  }
  if (((2u < 8u) && (c0 < 16u))) {
    let k90 = 1.0f;
    let t91 = ((k90 == 0.0f) && (!(kiln_isnan(k90) || kiln_isnan(0.0f))));
    let t92 = kiln_tanh(acc2_0);
    let t93 = (t92 * t92);
    let t94 = (-t93);
    let t95 = (t94 + 1.0f);
    let t96 = ((t95 != t95) || (kiln_isnan(t95) || kiln_isnan(t95)));
    let t97 = (t91 && t96);
    let t98 = select(t95, 0.0f, t97);
    b2[(c0 + 32u)] = t98;
  }
  if (((2u < 8u) && ((c0 + 1u) < 16u))) {
    let k99 = 1.0f;
    let t100 = ((k99 == 0.0f) && (!(kiln_isnan(k99) || kiln_isnan(0.0f))));
    let t101 = kiln_tanh(acc2_1);
    let t102 = (t101 * t101);
    let t103 = (-t102);
    let t104 = (t103 + 1.0f);
    let t105 = ((t104 != t104) || (kiln_isnan(t104) || kiln_isnan(t104)));
    let t106 = (t100 && t105);
    let t107 = select(t104, 0.0f, t106);
    b2[((c0 + 1u) + 32u)] = t107;
  }
  if (((3u < 8u) && (c0 < 16u))) {
    let k108 = 1.0f;
    let t109 = ((k108 == 0.0f) && (!(kiln_isnan(k108) || kiln_isnan(0.0f))));
    let t110 = kiln_tanh(acc3_0);
    let t111 = (t110 * t110);
    let t112 = (-t111);
    let t113 = (t112 + 1.0f);
    let t114 = ((t113 != t113) || (kiln_isnan(t113) || kiln_isnan(t113)));
    let t115 = (t109 && t114);
    let t116 = select(t113, 0.0f, t115);
    b2[(c0 + 48u)] = t116;
  }
  if (((3u < 8u) && ((c0 + 1u) < 16u))) {
    let k117 = 1.0f;
    let t118 = ((k117 == 0.0f) && (!(kiln_isnan(k117) || kiln_isnan(0.0f))));
    let t119 = kiln_tanh(acc3_1);
    let t120 = (t119 * t119);
    let t121 = (-t120);
    let t122 = (t121 + 1.0f);
    let t123 = ((t122 != t122) || (kiln_isnan(t122) || kiln_isnan(t122)));
    let t124 = (t118 && t123);
    let t125 = select(t122, 0.0f, t124);
    b2[((c0 + 1u) + 48u)] = t125;
  }
  if (((4u < 8u) && (c0 < 16u))) {
    let k126 = 1.0f;
    let t127 = ((k126 == 0.0f) && (!(kiln_isnan(k126) || kiln_isnan(0.0f))));
    let t128 = kiln_tanh(acc4_0);
    let t129 = (t128 * t128);
    let t130 = (-t129);
    let t131 = (t130 + 1.0f);
    let t132 = ((t131 != t131) || (kiln_isnan(t131) || kiln_isnan(t131)));
    let t133 = (t127 && t132);
    let t134 = select(t131, 0.0f, t133);
    b2[(c0 + 64u)] = t134;
  }
  if (((4u < 8u) && ((c0 + 1u) < 16u))) {
    let k135 = 1.0f;
    let t136 = ((k135 == 0.0f) && (!(kiln_isnan(k135) || kiln_isnan(0.0f))));
    let t137 = kiln_tanh(acc4_1);
    let t138 = (t137 * t137);
    let t139 = (-t138);
    let t140 = (t139 + 1.0f);
    let t141 = ((t140 != t140) || (kiln_isnan(t140) || kiln_isnan(t140)));
    let t142 = (t136 && t141);
    let t143 = select(t140, 0.0f, t142);
    b2[((c0 + 1u) + 64u)] = t143;
  }
  if (((5u < 8u) && (c0 < 16u))) {
    let k144 = 1.0f;
    let t145 = ((k144 == 0.0f) && (!(kiln_isnan(k144) || kiln_isnan(0.0f))));
    let t146 = kiln_tanh(acc5_0);
    let t147 = (t146 * t146);
    let t148 = (-t147);
    let t149 = (t148 + 1.0f);
    let t150 = ((t149 != t149) || (kiln_isnan(t149) || kiln_isnan(t149)));
    let t151 = (t145 && t150);
    let t152 = select(t149, 0.0f, t151);
    b2[(c0 + 80u)] = t152;
  }
  if (((5u < 8u) && ((c0 + 1u) < 16u))) {
    let k153 = 1.0f;
    let t154 = ((k153 == 0.0f) && (!(kiln_isnan(k153) || kiln_isnan(0.0f))));
    let t155 = kiln_tanh(acc5_1);
    let t156 = (t155 * t155);
    let t157 = (-t156);
    let t158 = (t157 + 1.0f);
    let t159 = ((t158 != t158) || (kiln_isnan(t158) || kiln_isnan(t158)));
    let t160 = (t154 && t159);
    let t161 = select(t158, 0.0f, t160);
    b2[((c0 + 1u) + 80u)] = t161;
  }
  if (((6u < 8u) && (c0 < 16u))) {
    let k162 = 1.0f;
    let t163 = ((k162 == 0.0f) && (!(kiln_isnan(k162) || kiln_isnan(0.0f))));
    let t164 = kiln_tanh(acc6_0);
    let t165 = (t164 * t164);
    let t166 = (-t165);
    let t167 = (t166 + 1.0f);
    let t168 = ((t167 != t167) || (kiln_isnan(t167) || kiln_isnan(t167)));
    let t169 = (t163 && t168);
    let t170 = select(t167, 0.0f, t169);
    b2[(c0 + 96u)] = t170;
  }
  if (((6u < 8u) && ((c0 + 1u) < 16u))) {
    let k171 = 1.0f;
    let t172 = ((k171 == 0.0f) && (!(kiln_isnan(k171) || kiln_isnan(0.0f))));
    let t173 = kiln_tanh(acc6_1);
    let t174 = (t173 * t173);
    let t175 = (-t174);
    let t176 = (t175 + 1.0f);
    let t177 = ((t176 != t176) || (kiln_isnan(t176) || kiln_isnan(t176)));
    let t178 = (t172 && t177);
    let t179 = select(t176, 0.0f, t178);
    b2[((c0 + 1u) + 96u)] = t179;
  }
  if (((7u < 8u) && (c0 < 16u))) {
    let k180 = 1.0f;
    let t181 = ((k180 == 0.0f) && (!(kiln_isnan(k180) || kiln_isnan(0.0f))));
    let t182 = kiln_tanh(acc7_0);
    let t183 = (t182 * t182);
    let t184 = (-t183);
    let t185 = (t184 + 1.0f);
    let t186 = ((t185 != t185) || (kiln_isnan(t185) || kiln_isnan(t185)));
    let t187 = (t181 && t186);
    let t188 = select(t185, 0.0f, t187);
    b2[(c0 + 112u)] = t188;
  }
  if (((7u < 8u) && ((c0 + 1u) < 16u))) {
    let k189 = 1.0f;
    let t190 = ((k189 == 0.0f) && (!(kiln_isnan(k189) || kiln_isnan(0.0f))));
    let t191 = kiln_tanh(acc7_1);
    let t192 = (t191 * t191);
    let t193 = (-t192);
    let t194 = (t193 + 1.0f);
    let t195 = ((t194 != t194) || (kiln_isnan(t194) || kiln_isnan(t194)));
    let t196 = (t190 && t195);
    let t197 = select(t194, 0.0f, t196);
    b2[((c0 + 1u) + 112u)] = t197;
  }
}

// ----------------------------------------

// kernel matmul_rows_8x2_w8_adj_k1_va
@group(0) @binding(0) var<storage, read> b0: array<vec4<f32>>; // input f32[8,16] as vec4
@group(0) @binding(1) var<storage, read> b1: array<f32>; // input f32[16,16]
@group(0) @binding(2) var<storage, read_write> b2: array<f32>; // where f32[8,16]
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 8u + lid;
  if ((1u <= wid)) {
    return;
  }
  let c0 = (lid * 2u);
  if ((16u <= c0)) {
    return;
  }
  let row1 = min(0u, 7u);
  let row2 = min(1u, 7u);
  let row3 = min(2u, 7u);
  let row4 = min(3u, 7u);
  let row5 = min(4u, 7u);
  let row6 = min(5u, 7u);
  let row7 = min(6u, 7u);
  let row8 = min(7u, 7u);
  let col9 = min(c0, 15u);
  let col10 = min((c0 + 1u), 15u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc2_0 = 0.0f;
  var acc2_1 = 0.0f;
  var acc3_0 = 0.0f;
  var acc3_1 = 0.0f;
  var acc4_0 = 0.0f;
  var acc4_1 = 0.0f;
  var acc5_0 = 0.0f;
  var acc5_1 = 0.0f;
  var acc6_0 = 0.0f;
  var acc6_1 = 0.0f;
  var acc7_0 = 0.0f;
  var acc7_1 = 0.0f;
  for (var kk = 0u; kk < 16u; kk = kk + 4u) {
    let av11_v = b0[((kk + (row1 * 16u)) / 4u)];
    let av11 = av11_v[0];
    let av12 = av11_v[1];
    let av13 = av11_v[2];
    let av14 = av11_v[3];
    let av15_v = b0[((kk + (row2 * 16u)) / 4u)];
    let av15 = av15_v[0];
    let av16 = av15_v[1];
    let av17 = av15_v[2];
    let av18 = av15_v[3];
    let av19_v = b0[((kk + (row3 * 16u)) / 4u)];
    let av19 = av19_v[0];
    let av20 = av19_v[1];
    let av21 = av19_v[2];
    let av22 = av19_v[3];
    let av23_v = b0[((kk + (row4 * 16u)) / 4u)];
    let av23 = av23_v[0];
    let av24 = av23_v[1];
    let av25 = av23_v[2];
    let av26 = av23_v[3];
    let av27_v = b0[((kk + (row5 * 16u)) / 4u)];
    let av27 = av27_v[0];
    let av28 = av27_v[1];
    let av29 = av27_v[2];
    let av30 = av27_v[3];
    let av31_v = b0[((kk + (row6 * 16u)) / 4u)];
    let av31 = av31_v[0];
    let av32 = av31_v[1];
    let av33 = av31_v[2];
    let av34 = av31_v[3];
    let av35_v = b0[((kk + (row7 * 16u)) / 4u)];
    let av35 = av35_v[0];
    let av36 = av35_v[1];
    let av37 = av35_v[2];
    let av38 = av35_v[3];
    let av39_v = b0[((kk + (row8 * 16u)) / 4u)];
    let av39 = av39_v[0];
    let av40 = av39_v[1];
    let av41 = av39_v[2];
    let av42 = av39_v[3];
    let t43 = b1[(col9 + (kk * 16u))];
    let t44 = b1[(col10 + (kk * 16u))];
    let k45 = (kk + 1u);
    let t46 = b1[(col9 + (k45 * 16u))];
    let t47 = b1[(col10 + (k45 * 16u))];
    let k48 = (kk + 2u);
    let t49 = b1[(col9 + (k48 * 16u))];
    let t50 = b1[(col10 + (k48 * 16u))];
    let k51 = (kk + 3u);
    let t52 = b1[(col9 + (k51 * 16u))];
    let t53 = b1[(col10 + (k51 * 16u))];
    acc0_0 = fma(av11, t43, acc0_0);
    acc0_0 = fma(av12, t46, acc0_0);
    acc0_0 = fma(av13, t49, acc0_0);
    acc0_0 = fma(av14, t52, acc0_0);
    acc0_1 = fma(av11, t44, acc0_1);
    acc0_1 = fma(av12, t47, acc0_1);
    acc0_1 = fma(av13, t50, acc0_1);
    acc0_1 = fma(av14, t53, acc0_1);
    acc1_0 = fma(av15, t43, acc1_0);
    acc1_0 = fma(av16, t46, acc1_0);
    acc1_0 = fma(av17, t49, acc1_0);
    acc1_0 = fma(av18, t52, acc1_0);
    acc1_1 = fma(av15, t44, acc1_1);
    acc1_1 = fma(av16, t47, acc1_1);
    acc1_1 = fma(av17, t50, acc1_1);
    acc1_1 = fma(av18, t53, acc1_1);
    acc2_0 = fma(av19, t43, acc2_0);
    acc2_0 = fma(av20, t46, acc2_0);
    acc2_0 = fma(av21, t49, acc2_0);
    acc2_0 = fma(av22, t52, acc2_0);
    acc2_1 = fma(av19, t44, acc2_1);
    acc2_1 = fma(av20, t47, acc2_1);
    acc2_1 = fma(av21, t50, acc2_1);
    acc2_1 = fma(av22, t53, acc2_1);
    acc3_0 = fma(av23, t43, acc3_0);
    acc3_0 = fma(av24, t46, acc3_0);
    acc3_0 = fma(av25, t49, acc3_0);
    acc3_0 = fma(av26, t52, acc3_0);
    acc3_1 = fma(av23, t44, acc3_1);
    acc3_1 = fma(av24, t47, acc3_1);
    acc3_1 = fma(av25, t50, acc3_1);
    acc3_1 = fma(av26, t53, acc3_1);
    acc4_0 = fma(av27, t43, acc4_0);
    acc4_0 = fma(av28, t46, acc4_0);
    acc4_0 = fma(av29, t49, acc4_0);
    acc4_0 = fma(av30, t52, acc4_0);
    acc4_1 = fma(av27, t44, acc4_1);
    acc4_1 = fma(av28, t47, acc4_1);
    acc4_1 = fma(av29, t50, acc4_1);
    acc4_1 = fma(av30, t53, acc4_1);
    acc5_0 = fma(av31, t43, acc5_0);
    acc5_0 = fma(av32, t46, acc5_0);
    acc5_0 = fma(av33, t49, acc5_0);
    acc5_0 = fma(av34, t52, acc5_0);
    acc5_1 = fma(av31, t44, acc5_1);
    acc5_1 = fma(av32, t47, acc5_1);
    acc5_1 = fma(av33, t50, acc5_1);
    acc5_1 = fma(av34, t53, acc5_1);
    acc6_0 = fma(av35, t43, acc6_0);
    acc6_0 = fma(av36, t46, acc6_0);
    acc6_0 = fma(av37, t49, acc6_0);
    acc6_0 = fma(av38, t52, acc6_0);
    acc6_1 = fma(av35, t44, acc6_1);
    acc6_1 = fma(av36, t47, acc6_1);
    acc6_1 = fma(av37, t50, acc6_1);
    acc6_1 = fma(av38, t53, acc6_1);
    acc7_0 = fma(av39, t43, acc7_0);
    acc7_0 = fma(av40, t46, acc7_0);
    acc7_0 = fma(av41, t49, acc7_0);
    acc7_0 = fma(av42, t52, acc7_0);
    acc7_1 = fma(av39, t44, acc7_1);
    acc7_1 = fma(av40, t47, acc7_1);
    acc7_1 = fma(av41, t50, acc7_1);
    acc7_1 = fma(av42, t53, acc7_1);
  }
  if (((0u < 8u) && (c0 < 16u))) {
    let k54 = 1.0f;
    let t55 = ((k54 == 0.0f) && (!(kiln_isnan(k54) || kiln_isnan(0.0f))));
    let t56 = ((acc0_0 != acc0_0) || (kiln_isnan(acc0_0) || kiln_isnan(acc0_0)));
    let t57 = (t55 && t56);
    let t58 = select(acc0_0, 0.0f, t57);
    b2[c0] = t58;
  }
  if (((0u < 8u) && ((c0 + 1u) < 16u))) {
    let k59 = 1.0f;
    let t60 = ((k59 == 0.0f) && (!(kiln_isnan(k59) || kiln_isnan(0.0f))));
    let t61 = ((acc0_1 != acc0_1) || (kiln_isnan(acc0_1) || kiln_isnan(acc0_1)));
    let t62 = (t60 && t61);
    let t63 = select(acc0_1, 0.0f, t62);
    b2[(c0 + 1u)] = t63;
  }
  if (((1u < 8u) && (c0 < 16u))) {
    let k64 = 1.0f;
    let t65 = ((k64 == 0.0f) && (!(kiln_isnan(k64) || kiln_isnan(0.0f))));
    let t66 = ((acc1_0 != acc1_0) || (kiln_isnan(acc1_0) || kiln_isnan(acc1_0)));
    let t67 = (t65 && t66);
    let t68 = select(acc1_0, 0.0f, t67);
    b2[(c0 + 16u)] = t68;
  }
  if (((1u < 8u) && ((c0 + 1u) < 16u))) {
    let k69 = 1.0f;
    let t70 = ((k69 == 0.0f) && (!(kiln_isnan(k69) || kiln_isnan(0.0f))));
    let t71 = ((acc1_1 != acc1_1) || (kiln_isnan(acc1_1) || kiln_isnan(acc1_1)));
    let t72 = (t70 && t71);
    let t73 = select(acc1_1, 0.0f, t72);
    b2[((c0 + 1u) + 16u)] = t73;
  }
  if (((2u < 8u) && (c0 < 16u))) {
    let k74 = 1.0f;
    let t75 = ((k74 == 0.0f) && (!(kiln_isnan(k74) || kiln_isnan(0.0f))));
    let t76 = ((acc2_0 != acc2_0) || (kiln_isnan(acc2_0) || kiln_isnan(acc2_0)));
    let t77 = (t75 && t76);
    let t78 = select(acc2_0, 0.0f, t77);
    b2[(c0 + 32u)] = t78;
  }
  if (((2u < 8u) && ((c0 + 1u) < 16u))) {
    let k79 = 1.0f;
    let t80 = ((k79 == 0.0f) && (!(kiln_isnan(k79) || kiln_isnan(0.0f))));
    let t81 = ((acc2_1 != acc2_1) || (kiln_isnan(acc2_1) || kiln_isnan(acc2_1)));
    let t82 = (t80 && t81);
    let t83 = select(acc2_1, 0.0f, t82);
    b2[((c0 + 1u) + 32u)] = t83;
  }
  if (((3u < 8u) && (c0 < 16u))) {
    let k84 = 1.0f;
    let t85 = ((k84 == 0.0f) && (!(kiln_isnan(k84) || kiln_isnan(0.0f))));
    let t86 = ((acc3_0 != acc3_0) || (kiln_isnan(acc3_0) || kiln_isnan(acc3_0)));
    let t87 = (t85 && t86);
    let t88 = select(acc3_0, 0.0f, t87);
    b2[(c0 + 48u)] = t88;
  }
  if (((3u < 8u) && ((c0 + 1u) < 16u))) {
    let k89 = 1.0f;
    let t90 = ((k89 == 0.0f) && (!(kiln_isnan(k89) || kiln_isnan(0.0f))));
    let t91 = ((acc3_1 != acc3_1) || (kiln_isnan(acc3_1) || kiln_isnan(acc3_1)));
    let t92 = (t90 && t91);
    let t93 = select(acc3_1, 0.0f, t92);
    b2[((c0 + 1u) + 48u)] = t93;
  }
  if (((4u < 8u) && (c0 < 16u))) {
    let k94 = 1.0f;
    let t95 = ((k94 == 0.0f) && (!(kiln_isnan(k94) || kiln_isnan(0.0f))));
    let t96 = ((acc4_0 != acc4_0) || (kiln_isnan(acc4_0) || kiln_isnan(acc4_0)));
    let t97 = (t95 && t96);
    let t98 = select(acc4_0, 0.0f, t97);
    b2[(c0 + 64u)] = t98;
  }
  if (((4u < 8u) && ((c0 + 1u) < 16u))) {
    let k99 = 1.0f;
    let t100 = ((k99 == 0.0f) && (!(kiln_isnan(k99) || kiln_isnan(0.0f))));
    let t101 = ((acc4_1 != acc4_1) || (kiln_isnan(acc4_1) || kiln_isnan(acc4_1)));
    let t102 = (t100 && t101);
    let t103 = select(acc4_1, 0.0f, t102);
    b2[((c0 + 1u) + 64u)] = t103;
  }
  if (((5u < 8u) && (c0 < 16u))) {
    let k104 = 1.0f;
    let t105 = ((k104 == 0.0f) && (!(kiln_isnan(k104) || kiln_isnan(0.0f))));
    let t106 = ((acc5_0 != acc5_0) || (kiln_isnan(acc5_0) || kiln_isnan(acc5_0)));
    let t107 = (t105 && t106);
    let t108 = select(acc5_0, 0.0f, t107);
    b2[(c0 + 80u)] = t108;
  }
  if (((5u < 8u) && ((c0 + 1u) < 16u))) {
    let k109 = 1.0f;
    let t110 = ((k109 == 0.0f) && (!(kiln_isnan(k109) || kiln_isnan(0.0f))));
    let t111 = ((acc5_1 != acc5_1) || (kiln_isnan(acc5_1) || kiln_isnan(acc5_1)));
    let t112 = (t110 && t111);
    let t113 = select(acc5_1, 0.0f, t112);
    b2[((c0 + 1u) + 80u)] = t113;
  }
  if (((6u < 8u) && (c0 < 16u))) {
    let k114 = 1.0f;
    let t115 = ((k114 == 0.0f) && (!(kiln_isnan(k114) || kiln_isnan(0.0f))));
    let t116 = ((acc6_0 != acc6_0) || (kiln_isnan(acc6_0) || kiln_isnan(acc6_0)));
    let t117 = (t115 && t116);
    let t118 = select(acc6_0, 0.0f, t117);
    b2[(c0 + 96u)] = t118;
  }
  if (((6u < 8u) && ((c0 + 1u) < 16u))) {
    let k119 = 1.0f;
    let t120 = ((k119 == 0.0f) && (!(kiln_isnan(k119) || kiln_isnan(0.0f))));
    let t121 = ((acc6_1 != acc6_1) || (kiln_isnan(acc6_1) || kiln_isnan(acc6_1)));
    let t122 = (t120 && t121);
    let t123 = select(acc6_1, 0.0f, t122);
    b2[((c0 + 1u) + 96u)] = t123;
  }
  if (((7u < 8u) && (c0 < 16u))) {
    let k124 = 1.0f;
    let t125 = ((k124 == 0.0f) && (!(kiln_isnan(k124) || kiln_isnan(0.0f))));
    let t126 = ((acc7_0 != acc7_0) || (kiln_isnan(acc7_0) || kiln_isnan(acc7_0)));
    let t127 = (t125 && t126);
    let t128 = select(acc7_0, 0.0f, t127);
    b2[(c0 + 112u)] = t128;
  }
  if (((7u < 8u) && ((c0 + 1u) < 16u))) {
    let k129 = 1.0f;
    let t130 = ((k129 == 0.0f) && (!(kiln_isnan(k129) || kiln_isnan(0.0f))));
    let t131 = ((acc7_1 != acc7_1) || (kiln_isnan(acc7_1) || kiln_isnan(acc7_1)));
    let t132 = (t130 && t131);
    let t133 = select(acc7_1, 0.0f, t132);
    b2[((c0 + 1u) + 112u)] = t133;
  }
}

// ----------------------------------------

// kernel matmul_rows_8x2_w8_adj_k1_va
@group(0) @binding(0) var<storage, read> b0: array<vec4<f32>>; // input f32[8,16] as vec4
@group(0) @binding(1) var<storage, read> b1: array<f32>; // input f32[16,16]
@group(0) @binding(2) var<storage, read_write> b2: array<f32>; // where f32[8,16]
fn kiln_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 8u + lid;
  if ((1u <= wid)) {
    return;
  }
  let c0 = (lid * 2u);
  if ((16u <= c0)) {
    return;
  }
  let row1 = min(0u, 7u);
  let row2 = min(1u, 7u);
  let row3 = min(2u, 7u);
  let row4 = min(3u, 7u);
  let row5 = min(4u, 7u);
  let row6 = min(5u, 7u);
  let row7 = min(6u, 7u);
  let row8 = min(7u, 7u);
  let col9 = min(c0, 15u);
  let col10 = min((c0 + 1u), 15u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc2_0 = 0.0f;
  var acc2_1 = 0.0f;
  var acc3_0 = 0.0f;
  var acc3_1 = 0.0f;
  var acc4_0 = 0.0f;
  var acc4_1 = 0.0f;
  var acc5_0 = 0.0f;
  var acc5_1 = 0.0f;
  var acc6_0 = 0.0f;
  var acc6_1 = 0.0f;
  var acc7_0 = 0.0f;
  var acc7_1 = 0.0f;
  for (var kk = 0u; kk < 16u; kk = kk + 4u) {
    let av11_v = b0[((kk + (row1 * 16u)) / 4u)];
    let av11 = av11_v[0];
    let av12 = av11_v[1];
    let av13 = av11_v[2];
    let av14 = av11_v[3];
    let av15_v = b0[((kk + (row2 * 16u)) / 4u)];
    let av15 = av15_v[0];
    let av16 = av15_v[1];
    let av17 = av15_v[2];
    let av18 = av15_v[3];
    let av19_v = b0[((kk + (row3 * 16u)) / 4u)];
    let av19 = av19_v[0];
    let av20 = av19_v[1];
    let av21 = av19_v[2];
    let av22 = av19_v[3];
    let av23_v = b0[((kk + (row4 * 16u)) / 4u)];
    let av23 = av23_v[0];
    let av24 = av23_v[1];
    let av25 = av23_v[2];
    let av26 = av23_v[3];
    let av27_v = b0[((kk + (row5 * 16u)) / 4u)];
    let av27 = av27_v[0];
    let av28 = av27_v[1];
    let av29 = av27_v[2];
    let av30 = av27_v[3];
    let av31_v = b0[((kk + (row6 * 16u)) / 4u)];
    let av31 = av31_v[0];
    let av32 = av31_v[1];
    let av33 = av31_v[2];
    let av34 = av31_v[3];
    let av35_v = b0[((kk + (row7 * 16u)) / 4u)];
    let av35 = av35_v[0];
    let av36 = av35_v[1];
    let av37 = av35_v[2];
    let av38 = av35_v[3];
    let av39_v = b0[((kk + (row8 * 16u)) / 4u)];
    let av39 = av39_v[0];
    let av40 = av39_v[1];
    let av41 = av39_v[2];
    let av42 = av39_v[3];
    let t43 = b1[(col9 + (kk * 16u))];
    let t44 = b1[(col10 + (kk * 16u))];
    let k45 = (kk + 1u);
    let t46 = b1[(col9 + (k45 * 16u))];
    let t47 = b1[(col10 + (k45 * 16u))];
    let k48 = (kk + 2u);
    let t49 = b1[(col9 + (k48 * 16u))];
    let t50 = b1[(col10 + (k48 * 16u))];
    let k51 = (kk + 3u);
    let t52 = b1[(col9 + (k51 * 16u))];
    let t53 = b1[(col10 + (k51 * 16u))];
    acc0_0 = fma(av11, t43, acc0_0);
    acc0_0 = fma(av12, t46, acc0_0);
    acc0_0 = fma(av13, t49, acc0_0);
    acc0_0 = fma(av14, t52, acc0_0);
    acc0_1 = fma(av11, t44, acc0_1);
    acc0_1 = fma(av12, t47, acc0_1);
    acc0_1 = fma(av13, t50, acc0_1);
    acc0_1 = fma(av14, t53, acc0_1);
    acc1_0 = fma(av15, t43, acc1_0);
    acc1_0 = fma(av16, t46, acc1_0);
    acc1_0 = fma(av17, t49, acc1_0);
    acc1_0 = fma(av18, t52, acc1_0);
    acc1_1 = fma(av15, t44, acc1_1);
    acc1_1 = fma(av16, t47, acc1_1);
    acc1_1 = fma(av17, t50, acc1_1);
    acc1_1 = fma(av18, t53, acc1_1);
    acc2_0 = fma(av19, t43, acc2_0);
    acc2_0 = fma(av20, t46, acc2_0);
    acc2_0 = fma(av21, t49, acc2_0);
    acc2_0 = fma(av22, t52, acc2_0);
    acc2_1 = fma(av19, t44, acc2_1);
    acc2_1 = fma(av20, t47, acc2_1);
    acc2_1 = fma(av21, t50, acc2_1);
    acc2_1 = fma(av22, t53, acc2_1);
    acc3_0 = fma(av23, t43, acc3_0);
    acc3_0 = fma(av24, t46, acc3_0);
    acc3_0 = fma(av25, t49, acc3_0);
    acc3_0 = fma(av26, t52, acc3_0);
    acc3_1 = fma(av23, t44, acc3_1);
    acc3_1 = fma(av24, t47, acc3_1);
    acc3_1 = fma(av25, t50, acc3_1);
    acc3_1 = fma(av26, t53, acc3_1);
    acc4_0 = fma(av27, t43, acc4_0);
    acc4_0 = fma(av28, t46, acc4_0);
    acc4_0 = fma(av29, t49, acc4_0);
    acc4_0 = fma(av30, t52, acc4_0);
    acc4_1 = fma(av27, t44, acc4_1);
    acc4_1 = fma(av28, t47, acc4_1);
    acc4_1 = fma(av29, t50, acc4_1);
    acc4_1 = fma(av30, t53, acc4_1);
    acc5_0 = fma(av31, t43, acc5_0);
    acc5_0 = fma(av32, t46, acc5_0);
    acc5_0 = fma(av33, t49, acc5_0);
    acc5_0 = fma(av34, t52, acc5_0);
    acc5_1 = fma(av31, t44, acc5_1);
    acc5_1 = fma(av32, t47, acc5_1);
    acc5_1 = fma(av33, t50, acc5_1);
    acc5_1 = fma(av34, t53, acc5_1);
    acc6_0 = fma(av35, t43, acc6_0);
    acc6_0 = fma(av36, t46, acc6_0);
    acc6_0 = fma(av37, t49, acc6_0);
    acc6_0 = fma(av38, t52, acc6_0);
    acc6_1 = fma(av35, t44, acc6_1);
    acc6_1 = fma(av36, t47, acc6_1);
    acc6_1 = fma(av37, t50, acc6_1);
    acc6_1 = fma(av38, t53, acc6_1);
    acc7_0 = fma(av39, t43, acc7_0);
    acc7_0 = fma(av40, t46, acc7_0);
    acc7_0 = fma(av41, t49, acc7_0);
    acc7_0 = fma(av42, t52, acc7_0);
    acc7_1 = fma(av39, t44, acc7_1);
    acc7_1 = fma(av40, t47, acc7_1);
    acc7_1 = fma(av41, t50, acc7_1);
    acc7_1 = fma(av42, t53, acc7_1);
  }
  if (((0u < 8u) && (c0 < 16u))) {
    let k54 = 1.0f;
    let t55 = ((k54 == 0.0f) && (!(kiln_isnan(k54) || kiln_isnan(0.0f))));
    let t56 = ((acc0_0 != acc0_0) || (kiln_isnan(acc0_0) || kiln_isnan(acc0_0)));
    let t57 = (t55 && t56);
    let t58 = select(acc0_0, 0.0f, t57);
    b2[c0] = t58;
  }
  if (((0u < 8u) && ((c0 + 1u) < 16u))) {
    let k59 = 1.0f;
    let t60 = ((k59 == 0.0f) && (!(kiln_isnan(k59) || kiln_isnan(0.0f))));
    let t61 = ((acc0_1 != acc0_1) || (kiln_isnan(acc0_1) || kiln_isnan(acc0_1)));
    let t62 = (t60 && t61);
    let t63 = select(acc0_1, 0.0f, t62);
    b2[(c0 + 1u)] = t63;
  }
  if (((1u < 8u) && (c0 < 16u))) {
    let k64 = 1.0f;
    let t65 = ((k64 == 0.0f) && (!(kiln_isnan(k64) || kiln_isnan(0.0f))));
    let t66 = ((acc1_0 != acc1_0) || (kiln_isnan(acc1_0) || kiln_isnan(acc1_0)));
    let t67 = (t65 && t66);
    let t68 = select(acc1_0, 0.0f, t67);
    b2[(c0 + 16u)] = t68;
  }
  if (((1u < 8u) && ((c0 + 1u) < 16u))) {
    let k69 = 1.0f;
    let t70 = ((k69 == 0.0f) && (!(kiln_isnan(k69) || kiln_isnan(0.0f))));
    let t71 = ((acc1_1 != acc1_1) || (kiln_isnan(acc1_1) || kiln_isnan(acc1_1)));
    let t72 = (t70 && t71);
    let t73 = select(acc1_1, 0.0f, t72);
    b2[((c0 + 1u) + 16u)] = t73;
  }
  if (((2u < 8u) && (c0 < 16u))) {
    let k74 = 1.0f;
    let t75 = ((k74 == 0.0f) && (!(kiln_isnan(k74) || kiln_isnan(0.0f))));
    let t76 = ((acc2_0 != acc2_0) || (kiln_isnan(acc2_0) || kiln_isnan(acc2_0)));
    let t77 = (t75 && t76);
    let t78 = select(acc2_0, 0.0f, t77);
    b2[(c0 + 32u)] = t78;
  }
  if (((2u < 8u) && ((c0 + 1u) < 16u))) {
    let k79 = 1.0f;
    let t80 = ((k79 == 0.0f) && (!(kiln_isnan(k79) || kiln_isnan(0.0f))));
    let t81 = ((acc2_1 != acc2_1) || (kiln_isnan(acc2_1) || kiln_isnan(acc2_1)));
    let t82 = (t80 && t81);
    let t83 = select(acc2_1, 0.0f, t82);
    b2[((c0 + 1u) + 32u)] = t83;
  }
  if (((3u < 8u) && (c0 < 16u))) {
    let k84 = 1.0f;
    let t85 = ((k84 == 0.0f) && (!(kiln_isnan(k84) || kiln_isnan(0.0f))));
    let t86 = ((acc3_0 != acc3_0) || (kiln_isnan(acc3_0) || kiln_isnan(acc3_0)));
    let t87 = (t85 && t86);
    let t88 = select(acc3_0, 0.0f, t87);
    b2[(c0 + 48u)] = t88;
  }
  if (((3u < 8u) && ((c0 + 1u) < 16u))) {
    let k89 = 1.0f;
    let t90 = ((k89 == 0.0f) && (!(kiln_isnan(k89) || kiln_isnan(0.0f))));
    let t91 = ((acc3_1 != acc3_1) || (kiln_isnan(acc3_1) || kiln_isnan(acc3_1)));
    let t92 = (t90 && t91);
    let t93 = select(acc3_1, 0.0f, t92);
    b2[((c0 + 1u) + 48u)] = t93;
  }
  if (((4u < 8u) && (c0 < 16u))) {
    let k94 = 1.0f;
    let t95 = ((k94 == 0.0f) && (!(kiln_isnan(k94) || kiln_isnan(0.0f))));
    let t96 = ((acc4_0 != acc4_0) || (kiln_isnan(acc4_0) || kiln_isnan(acc4_0)));
    let t97 = (t95 && t96);
    let t98 = select(acc4_0, 0.0f, t97);
    b2[(c0 + 64u)] = t98;
  }
  if (((4u < 8u) && ((c0 + 1u) < 16u))) {
    let k99 = 1.0f;
    let t100 = ((k99 == 0.0f) && (!(kiln_isnan(k99) || kiln_isnan(0.0f))));
    let t101 = ((acc4_1 != acc4_1) || (kiln_isnan(acc4_1) || kiln_isnan(acc4_1)));
    let t102 = (t100 && t101);
    let t103 = select(acc4_1, 0.0f, t102);
    b2[((c0 + 1u) + 64u)] = t103;
  }
  if (((5u < 8u) && (c0 < 16u))) {
    let k104 = 1.0f;
    let t105 = ((k104 == 0.0f) && (!(kiln_isnan(k104) || kiln_isnan(0.0f))));
    let t106 = ((acc5_0 != acc5_0) || (kiln_isnan(acc5_0) || kiln_isnan(acc5_0)));
    let t107 = (t105 && t106);
    let t108 = select(acc5_0, 0.0f, t107);
    b2[(c0 + 80u)] = t108;
  }
  if (((5u < 8u) && ((c0 + 1u) < 16u))) {
    let k109 = 1.0f;
    let t110 = ((k109 == 0.0f) && (!(kiln_isnan(k109) || kiln_isnan(0.0f))));
    let t111 = ((acc5_1 != acc5_1) || (kiln_isnan(acc5_1) || kiln_isnan(acc5_1)));
    let t112 = (t110 && t111);
    let t113 = select(acc5_1, 0.0f, t112);
    b2[((c0 + 1u) + 80u)] = t113;
  }
  if (((6u < 8u) && (c0 < 16u))) {
    let k114 = 1.0f;
    let t115 = ((k114 == 0.0f) && (!(kiln_isnan(k114) || kiln_isnan(0.0f))));
    let t116 = ((acc6_0 != acc6_0) || (kiln_isnan(acc6_0) || kiln_isnan(acc6_0)));
    let t117 = (t115 && t116);
    let t118 = select(acc6_0, 0.0f, t117);
    b2[(c0 + 96u)] = t118;
  }
  if (((6u < 8u) && ((c0 + 1u) < 16u))) {
    let k119 = 1.0f;
    let t120 = ((k119 == 0.0f) && (!(kiln_isnan(k119) || kiln_isnan(0.0f))));
    let t121 = ((acc6_1 != acc6_1) || (kiln_isnan(acc6_1) || kiln_isnan(acc6_1)));
    let t122 = (t120 && t121);
    let t123 = select(acc6_1, 0.0f, t122);
    b2[((c0 + 1u) + 96u)] = t123;
  }
  if (((7u < 8u) && (c0 < 16u))) {
    let k124 = 1.0f;
    let t125 = ((k124 == 0.0f) && (!(kiln_isnan(k124) || kiln_isnan(0.0f))));
    let t126 = ((acc7_0 != acc7_0) || (kiln_isnan(acc7_0) || kiln_isnan(acc7_0)));
    let t127 = (t125 && t126);
    let t128 = select(acc7_0, 0.0f, t127);
    b2[(c0 + 112u)] = t128;
  }
  if (((7u < 8u) && ((c0 + 1u) < 16u))) {
    let k129 = 1.0f;
    let t130 = ((k129 == 0.0f) && (!(kiln_isnan(k129) || kiln_isnan(0.0f))));
    let t131 = ((acc7_1 != acc7_1) || (kiln_isnan(acc7_1) || kiln_isnan(acc7_1)));
    let t132 = (t130 && t131);
    let t133 = select(acc7_1, 0.0f, t132);
    b2[((c0 + 1u) + 112u)] = t133;
  }
}

// ----------------------------------------

// kernel matmul_rows_8x2_w8_adj_k1_va_sum3
@group(0) @binding(0) var<storage, read> b0: array<vec4<f32>>; // where f32[8,16] as vec4
@group(0) @binding(1) var<storage, read> b1: array<vec4<f32>>; // input f32[16,16] as vec4
@group(0) @binding(2) var<storage, read> b2: array<vec4<f32>>; // where f32[8,16] as vec4
@group(0) @binding(3) var<storage, read> b3: array<vec4<f32>>; // input f32[16,16] as vec4
@group(0) @binding(4) var<storage, read> b4: array<vec4<f32>>; // where f32[8,16] as vec4
@group(0) @binding(5) var<storage, read> b5: array<vec4<f32>>; // input f32[16,16] as vec4
@group(0) @binding(6) var<storage, read_write> b6: array<f32>; // add f32[8,16]
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wid = group.x + group.y * 1u;
  let gid = wid * 8u + lid;
  if ((1u <= wid)) {
    return;
  }
  let c0 = (lid * 2u);
  if ((16u <= c0)) {
    return;
  }
  let row1 = min(0u, 7u);
  let row2 = min(1u, 7u);
  let row3 = min(2u, 7u);
  let row4 = min(3u, 7u);
  let row5 = min(4u, 7u);
  let row6 = min(5u, 7u);
  let row7 = min(6u, 7u);
  let row8 = min(7u, 7u);
  let col9 = min(c0, 15u);
  let col10 = min((c0 + 1u), 15u);
  var acc0_0 = 0.0f;
  var acc0_1 = 0.0f;
  var acc1_0 = 0.0f;
  var acc1_1 = 0.0f;
  var acc2_0 = 0.0f;
  var acc2_1 = 0.0f;
  var acc3_0 = 0.0f;
  var acc3_1 = 0.0f;
  var acc4_0 = 0.0f;
  var acc4_1 = 0.0f;
  var acc5_0 = 0.0f;
  var acc5_1 = 0.0f;
  var acc6_0 = 0.0f;
  var acc6_1 = 0.0f;
  var acc7_0 = 0.0f;
  var acc7_1 = 0.0f;
  for (var kk = 0u; kk < 16u; kk = kk + 4u) {
    let av11_v = b0[((kk + (row1 * 16u)) / 4u)];
    let av11 = av11_v[0];
    let av12 = av11_v[1];
    let av13 = av11_v[2];
    let av14 = av11_v[3];
    let av15_v = b0[((kk + (row2 * 16u)) / 4u)];
    let av15 = av15_v[0];
    let av16 = av15_v[1];
    let av17 = av15_v[2];
    let av18 = av15_v[3];
    let av19_v = b0[((kk + (row3 * 16u)) / 4u)];
    let av19 = av19_v[0];
    let av20 = av19_v[1];
    let av21 = av19_v[2];
    let av22 = av19_v[3];
    let av23_v = b0[((kk + (row4 * 16u)) / 4u)];
    let av23 = av23_v[0];
    let av24 = av23_v[1];
    let av25 = av23_v[2];
    let av26 = av23_v[3];
    let av27_v = b0[((kk + (row5 * 16u)) / 4u)];
    let av27 = av27_v[0];
    let av28 = av27_v[1];
    let av29 = av27_v[2];
    let av30 = av27_v[3];
    let av31_v = b0[((kk + (row6 * 16u)) / 4u)];
    let av31 = av31_v[0];
    let av32 = av31_v[1];
    let av33 = av31_v[2];
    let av34 = av31_v[3];
    let av35_v = b0[((kk + (row7 * 16u)) / 4u)];
    let av35 = av35_v[0];
    let av36 = av35_v[1];
    let av37 = av35_v[2];
    let av38 = av35_v[3];
    let av39_v = b0[((kk + (row8 * 16u)) / 4u)];
    let av39 = av39_v[0];
    let av40 = av39_v[1];
    let av41 = av39_v[2];
    let av42 = av39_v[3];
    let bk43_v = b1[((kk + (col9 * 16u)) / 4u)];
    let bk43 = bk43_v[0];
    let bk44 = bk43_v[1];
    let bk45 = bk43_v[2];
    let bk46 = bk43_v[3];
    let bk47_v = b1[((kk + (col10 * 16u)) / 4u)];
    let bk47 = bk47_v[0];
    let bk48 = bk47_v[1];
    let bk49 = bk47_v[2];
    let bk50 = bk47_v[3];
    acc0_0 = fma(av11, bk43, acc0_0);
    acc0_0 = fma(av12, bk44, acc0_0);
    acc0_0 = fma(av13, bk45, acc0_0);
    acc0_0 = fma(av14, bk46, acc0_0);
    acc0_1 = fma(av11, bk47, acc0_1);
    acc0_1 = fma(av12, bk48, acc0_1);
    acc0_1 = fma(av13, bk49, acc0_1);
    acc0_1 = fma(av14, bk50, acc0_1);
    acc1_0 = fma(av15, bk43, acc1_0);
    acc1_0 = fma(av16, bk44, acc1_0);
    acc1_0 = fma(av17, bk45, acc1_0);
    acc1_0 = fma(av18, bk46, acc1_0);
    acc1_1 = fma(av15, bk47, acc1_1);
    acc1_1 = fma(av16, bk48, acc1_1);
    acc1_1 = fma(av17, bk49, acc1_1);
    acc1_1 = fma(av18, bk50, acc1_1);
    acc2_0 = fma(av19, bk43, acc2_0);
    acc2_0 = fma(av20, bk44, acc2_0);
    acc2_0 = fma(av21, bk45, acc2_0);
    acc2_0 = fma(av22, bk46, acc2_0);
    acc2_1 = fma(av19, bk47, acc2_1);
    acc2_1 = fma(av20, bk48, acc2_1);
    acc2_1 = fma(av21, bk49, acc2_1);
    acc2_1 = fma(av22, bk50, acc2_1);
    acc3_0 = fma(av23, bk43, acc3_0);
    acc3_0 = fma(av24, bk44, acc3_0);
    acc3_0 = fma(av25, bk45, acc3_0);
    acc3_0 = fma(av26, bk46, acc3_0);
    acc3_1 = fma(av23, bk47, acc3_1);
    acc3_1 = fma(av24, bk48, acc3_1);
    acc3_1 = fma(av25, bk49, acc3_1);
    acc3_1 = fma(av26, bk50, acc3_1);
    acc4_0 = fma(av27, bk43, acc4_0);
    acc4_0 = fma(av28, bk44, acc4_0);
    acc4_0 = fma(av29, bk45, acc4_0);
    acc4_0 = fma(av30, bk46, acc4_0);
    acc4_1 = fma(av27, bk47, acc4_1);
    acc4_1 = fma(av28, bk48, acc4_1);
    acc4_1 = fma(av29, bk49, acc4_1);
    acc4_1 = fma(av30, bk50, acc4_1);
    acc5_0 = fma(av31, bk43, acc5_0);
    acc5_0 = fma(av32, bk44, acc5_0);
    acc5_0 = fma(av33, bk45, acc5_0);
    acc5_0 = fma(av34, bk46, acc5_0);
    acc5_1 = fma(av31, bk47, acc5_1);
    acc5_1 = fma(av32, bk48, acc5_1);
    acc5_1 = fma(av33, bk49, acc5_1);
    acc5_1 = fma(av34, bk50, acc5_1);
    acc6_0 = fma(av35, bk43, acc6_0);
    acc6_0 = fma(av36, bk44, acc6_0);
    acc6_0 = fma(av37, bk45, acc6_0);
    acc6_0 = fma(av38, bk46, acc6_0);
    acc6_1 = fma(av35, bk47, acc6_1);
    acc6_1 = fma(av36, bk48, acc6_1);
    acc6_1 = fma(av37, bk49, acc6_1);
    acc6_1 = fma(av38, bk50, acc6_1);
    acc7_0 = fma(av39, bk43, acc7_0);
    acc7_0 = fma(av40, bk44, acc7_0);
    acc7_0 = fma(av41, bk45, acc7_0);
    acc7_0 = fma(av42, bk46, acc7_0);
    acc7_1 = fma(av39, bk47, acc7_1);
    acc7_1 = fma(av40, bk48, acc7_1);
    acc7_1 = fma(av41, bk49, acc7_1);
    acc7_1 = fma(av42, bk50, acc7_1);
  }
  for (var kk = 0u; kk < 16u; kk = kk + 4u) {
    let av51_v = b2[((kk + (row1 * 16u)) / 4u)];
    let av51 = av51_v[0];
    let av52 = av51_v[1];
    let av53 = av51_v[2];
    let av54 = av51_v[3];
    let av55_v = b2[((kk + (row2 * 16u)) / 4u)];
    let av55 = av55_v[0];
    let av56 = av55_v[1];
    let av57 = av55_v[2];
    let av58 = av55_v[3];
    let av59_v = b2[((kk + (row3 * 16u)) / 4u)];
    let av59 = av59_v[0];
    let av60 = av59_v[1];
    let av61 = av59_v[2];
    let av62 = av59_v[3];
    let av63_v = b2[((kk + (row4 * 16u)) / 4u)];
    let av63 = av63_v[0];
    let av64 = av63_v[1];
    let av65 = av63_v[2];
    let av66 = av63_v[3];
    let av67_v = b2[((kk + (row5 * 16u)) / 4u)];
    let av67 = av67_v[0];
    let av68 = av67_v[1];
    let av69 = av67_v[2];
    let av70 = av67_v[3];
    let av71_v = b2[((kk + (row6 * 16u)) / 4u)];
    let av71 = av71_v[0];
    let av72 = av71_v[1];
    let av73 = av71_v[2];
    let av74 = av71_v[3];
    let av75_v = b2[((kk + (row7 * 16u)) / 4u)];
    let av75 = av75_v[0];
    let av76 = av75_v[1];
    let av77 = av75_v[2];
    let av78 = av75_v[3];
    let av79_v = b2[((kk + (row8 * 16u)) / 4u)];
    let av79 = av79_v[0];
    let av80 = av79_v[1];
    let av81 = av79_v[2];
    let av82 = av79_v[3];
    let bk83_v = b3[((kk + (col9 * 16u)) / 4u)];
    let bk83 = bk83_v[0];
    let bk84 = bk83_v[1];
    let bk85 = bk83_v[2];
    let bk86 = bk83_v[3];
    let bk87_v = b3[((kk + (col10 * 16u)) / 4u)];
    let bk87 = bk87_v[0];
    let bk88 = bk87_v[1];
    let bk89 = bk87_v[2];
    let bk90 = bk87_v[3];
    acc0_0 = fma(av51, bk83, acc0_0);
    acc0_0 = fma(av52, bk84, acc0_0);
    acc0_0 = fma(av53, bk85, acc0_0);
    acc0_0 = fma(av54, bk86, acc0_0);
    acc0_1 = fma(av51, bk87, acc0_1);
    acc0_1 = fma(av52, bk88, acc0_1);
    acc0_1 = fma(av53, bk89, acc0_1);
    acc0_1 = fma(av54, bk90, acc0_1);
    acc1_0 = fma(av55, bk83, acc1_0);
    acc1_0 = fma(av56, bk84, acc1_0);
    acc1_0 = fma(av57, bk85, acc1_0);
    acc1_0 = fma(av58, bk86, acc1_0);
    acc1_1 = fma(av55, bk87, acc1_1);
    acc1_1 = fma(av56, bk88, acc1_1);
    acc1_1 = fma(av57, bk89, acc1_1);
    acc1_1 = fma(av58, bk90, acc1_1);
    acc2_0 = fma(av59, bk83, acc2_0);
    acc2_0 = fma(av60, bk84, acc2_0);
    acc2_0 = fma(av61, bk85, acc2_0);
    acc2_0 = fma(av62, bk86, acc2_0);
    acc2_1 = fma(av59, bk87, acc2_1);
    acc2_1 = fma(av60, bk88, acc2_1);
    acc2_1 = fma(av61, bk89, acc2_1);
    acc2_1 = fma(av62, bk90, acc2_1);
    acc3_0 = fma(av63, bk83, acc3_0);
    acc3_0 = fma(av64, bk84, acc3_0);
    acc3_0 = fma(av65, bk85, acc3_0);
    acc3_0 = fma(av66, bk86, acc3_0);
    acc3_1 = fma(av63, bk87, acc3_1);
    acc3_1 = fma(av64, bk88, acc3_1);
    acc3_1 = fma(av65, bk89, acc3_1);
    acc3_1 = fma(av66, bk90, acc3_1);
    acc4_0 = fma(av67, bk83, acc4_0);
    acc4_0 = fma(av68, bk84, acc4_0);
    acc4_0 = fma(av69, bk85, acc4_0);
    acc4_0 = fma(av70, bk86, acc4_0);
    acc4_1 = fma(av67, bk87, acc4_1);
    acc4_1 = fma(av68, bk88, acc4_1);
    acc4_1 = fma(av69, bk89, acc4_1);
    acc4_1 = fma(av70, bk90, acc4_1);
    acc5_0 = fma(av71, bk83, acc5_0);
    acc5_0 = fma(av72, bk84, acc5_0);
    acc5_0 = fma(av73, bk85, acc5_0);
    acc5_0 = fma(av74, bk86, acc5_0);
    acc5_1 = fma(av71, bk87, acc5_1);
    acc5_1 = fma(av72, bk88, acc5_1);
    acc5_1 = fma(av73, bk89, acc5_1);
    acc5_1 = fma(av74, bk90, acc5_1);
    acc6_0 = fma(av75, bk83, acc6_0);
    acc6_0 = fma(av76, bk84, acc6_0);
    acc6_0 = fma(av77, bk85, acc6_0);
    acc6_0 = fma(av78, bk86, acc6_0);
    acc6_1 = fma(av75, bk87, acc6_1);
    acc6_1 = fma(av76, bk88, acc6_1);
    acc6_1 = fma(av77, bk89, acc6_1);
    acc6_1 = fma(av78, bk90, acc6_1);
    acc7_0 = fma(av79, bk83, acc7_0);
    acc7_0 = fma(av80, bk84, acc7_0);
    acc7_0 = fma(av81, bk85, acc7_0);
    acc7_0 = fma(av82, bk86, acc7_0);
    acc7_1 = fma(av79, bk87, acc7_1);
    acc7_1 = fma(av80, bk88, acc7_1);
    acc7_1 = fma(av81, bk89, acc7_1);
    acc7_1 = fma(av82, bk90, acc7_1);
  }
  for (var kk = 0u; kk < 16u; kk = kk + 4u) {
    let av91_v = b4[((kk + (row1 * 16u)) / 4u)];
    let av91 = av91_v[0];
    let av92 = av91_v[1];
    let av93 = av91_v[2];
    let av94 = av91_v[3];
    let av95_v = b4[((kk + (row2 * 16u)) / 4u)];
    let av95 = av95_v[0];
    let av96 = av95_v[1];
    let av97 = av95_v[2];
    let av98 = av95_v[3];
    let av99_v = b4[((kk + (row3 * 16u)) / 4u)];
    let av99 = av99_v[0];
    let av100 = av99_v[1];
    let av101 = av99_v[2];
    let av102 = av99_v[3];
    let av103_v = b4[((kk + (row4 * 16u)) / 4u)];
    let av103 = av103_v[0];
    let av104 = av103_v[1];
    let av105 = av103_v[2];
    let av106 = av103_v[3];
    let av107_v = b4[((kk + (row5 * 16u)) / 4u)];
    let av107 = av107_v[0];
    let av108 = av107_v[1];
    let av109 = av107_v[2];
    let av110 = av107_v[3];
    let av111_v = b4[((kk + (row6 * 16u)) / 4u)];
    let av111 = av111_v[0];
    let av112 = av111_v[1];
    let av113 = av111_v[2];
    let av114 = av111_v[3];
    let av115_v = b4[((kk + (row7 * 16u)) / 4u)];
    let av115 = av115_v[0];
    let av116 = av115_v[1];
    let av117 = av115_v[2];
    let av118 = av115_v[3];
    let av119_v = b4[((kk + (row8 * 16u)) / 4u)];
    let av119 = av119_v[0];
    let av120 = av119_v[1];
    let av121 = av119_v[2];
    let av122 = av119_v[3];
    let bk123_v = b5[((kk + (col9 * 16u)) / 4u)];
    let bk123 = bk123_v[0];
    let bk124 = bk123_v[1];
    let bk125 = bk123_v[2];
    let bk126 = bk123_v[3];
    let bk127_v = b5[((kk + (col10 * 16u)) / 4u)];
    let bk127 = bk127_v[0];
    let bk128 = bk127_v[1];
    let bk129 = bk127_v[2];
    let bk130 = bk127_v[3];
    acc0_0 = fma(av91, bk123, acc0_0);
    acc0_0 = fma(av92, bk124, acc0_0);
    acc0_0 = fma(av93, bk125, acc0_0);
    acc0_0 = fma(av94, bk126, acc0_0);
    acc0_1 = fma(av91, bk127, acc0_1);
    acc0_1 = fma(av92, bk128, acc0_1);
    acc0_1 = fma(av93, bk129, acc0_1);
    acc0_1 = fma(av94, bk130, acc0_1);
    acc1_0 = fma(av95, bk123, acc1_0);
    acc1_0 = fma(av96, bk124, acc1_0);
    acc1_0 = fma(av97, bk125, acc1_0);
    acc1_0 = fma(av98, bk126, acc1_0);
    acc1_1 = fma(av95, bk127, acc1_1);
    acc1_1 = fma(av96, bk128, acc1_1);
    acc1_1 = fma(av97, bk129, acc1_1);
    acc1_1 = fma(av98, bk130, acc1_1);
    acc2_0 = fma(av99, bk123, acc2_0);
    acc2_0 = fma(av100, bk124, acc2_0);
    acc2_0 = fma(av101, bk125, acc2_0);
    acc2_0 = fma(av102, bk126, acc2_0);
    acc2_1 = fma(av99, bk127, acc2_1);
    acc2_1 = fma(av100, bk128, acc2_1);
    acc2_1 = fma(av101, bk129, acc2_1);
    acc2_1 = fma(av102, bk130, acc2_1);
    acc3_0 = fma(av103, bk123, acc3_0);
    acc3_0 = fma(av104, bk124, acc3_0);
    acc3_0 = fma(av105, bk125, acc3_0);
    acc3_0 = fma(av106, bk126, acc3_0);
    acc3_1 = fma(av103, bk127, acc3_1);
    acc3_1 = fma(av104, bk128, acc3_1);
    acc3_1 = fma(av105, bk129, acc3_1);
    acc3_1 = fma(av106, bk130, acc3_1);
    acc4_0 = fma(av107, bk123, acc4_0);
    acc4_0 = fma(av108, bk124, acc4_0);
    acc4_0 = fma(av109, bk125, acc4_0);
    acc4_0 = fma(av110, bk126, acc4_0);
    acc4_1 = fma(av107, bk127, acc4_1);
    acc4_1 = fma(av108, bk128, acc4_1);
    acc4_1 = fma(av109, bk129, acc4_1);
    acc4_1 = fma(av110, bk130, acc4_1);
    acc5_0 = fma(av111, bk123, acc5_0);
    acc5_0 = fma(av112, bk124, acc5_0);
    acc5_0 = fma(av113, bk125, acc5_0);
    acc5_0 = fma(av114, bk126, acc5_0);
    acc5_1 = fma(av111, bk127, acc5_1);
    acc5_1 = fma(av112, bk128, acc5_1);
    acc5_1 = fma(av113, bk129, acc5_1);
    acc5_1 = fma(av114, bk130, acc5_1);
    acc6_0 = fma(av115, bk123, acc6_0);
    acc6_0 = fma(av116, bk124, acc6_0);
    acc6_0 = fma(av117, bk125, acc6_0);
    acc6_0 = fma(av118, bk126, acc6_0);
    acc6_1 = fma(av115, bk127, acc6_1);
    acc6_1 = fma(av116, bk128, acc6_1);
    acc6_1 = fma(av117, bk129, acc6_1);
    acc6_1 = fma(av118, bk130, acc6_1);
    acc7_0 = fma(av119, bk123, acc7_0);
    acc7_0 = fma(av120, bk124, acc7_0);
    acc7_0 = fma(av121, bk125, acc7_0);
    acc7_0 = fma(av122, bk126, acc7_0);
    acc7_1 = fma(av119, bk127, acc7_1);
    acc7_1 = fma(av120, bk128, acc7_1);
    acc7_1 = fma(av121, bk129, acc7_1);
    acc7_1 = fma(av122, bk130, acc7_1);
  }
  if (((0u < 8u) && (c0 < 16u))) {
    b6[c0] = acc0_0;
  }
  if (((0u < 8u) && ((c0 + 1u) < 16u))) {
    b6[(c0 + 1u)] = acc0_1;
  }
  if (((1u < 8u) && (c0 < 16u))) {
    b6[(c0 + 16u)] = acc1_0;
  }
  if (((1u < 8u) && ((c0 + 1u) < 16u))) {
    b6[((c0 + 1u) + 16u)] = acc1_1;
  }
  if (((2u < 8u) && (c0 < 16u))) {
    b6[(c0 + 32u)] = acc2_0;
  }
  if (((2u < 8u) && ((c0 + 1u) < 16u))) {
    b6[((c0 + 1u) + 32u)] = acc2_1;
  }
  if (((3u < 8u) && (c0 < 16u))) {
    b6[(c0 + 48u)] = acc3_0;
  }
  if (((3u < 8u) && ((c0 + 1u) < 16u))) {
    b6[((c0 + 1u) + 48u)] = acc3_1;
  }
  if (((4u < 8u) && (c0 < 16u))) {
    b6[(c0 + 64u)] = acc4_0;
  }
  if (((4u < 8u) && ((c0 + 1u) < 16u))) {
    b6[((c0 + 1u) + 64u)] = acc4_1;
  }
  if (((5u < 8u) && (c0 < 16u))) {
    b6[(c0 + 80u)] = acc5_0;
  }
  if (((5u < 8u) && ((c0 + 1u) < 16u))) {
    b6[((c0 + 1u) + 80u)] = acc5_1;
  }
  if (((6u < 8u) && (c0 < 16u))) {
    b6[(c0 + 96u)] = acc6_0;
  }
  if (((6u < 8u) && ((c0 + 1u) < 16u))) {
    b6[((c0 + 1u) + 96u)] = acc6_1;
  }
  if (((7u < 8u) && (c0 < 16u))) {
    b6[(c0 + 112u)] = acc7_0;
  }
  if (((7u < 8u) && ((c0 + 1u) < 16u))) {
    b6[((c0 + 1u) + 112u)] = acc7_1;
  }
}
