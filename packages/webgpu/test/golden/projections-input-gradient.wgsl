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
    let t55 = (k54 * 1.0f);
    let t56 = ((t55 == 0.0f) && (!(kiln_isnan(t55) || kiln_isnan(0.0f))));
    let t57 = kiln_tanh(acc0_0);
    let t58 = (t57 * t57);
    let t59 = (-t58);
    let t60 = (t59 + 1.0f);
    let t61 = (t55 * t60);
    let t62 = ((t61 != t61) || (kiln_isnan(t61) || kiln_isnan(t61)));
    let t63 = (t56 && t62);
    let t64 = select(t61, 0.0f, t63);
    b2[c0] = t64;
  }
  if (((0u < 8u) && ((c0 + 1u) < 16u))) {
    let k65 = 1.0f;
    let t66 = (k65 * 1.0f);
    let t67 = ((t66 == 0.0f) && (!(kiln_isnan(t66) || kiln_isnan(0.0f))));
    let t68 = kiln_tanh(acc0_1);
    let t69 = (t68 * t68);
    let t70 = (-t69);
    let t71 = (t70 + 1.0f);
    let t72 = (t66 * t71);
    let t73 = ((t72 != t72) || (kiln_isnan(t72) || kiln_isnan(t72)));
    let t74 = (t67 && t73);
    let t75 = select(t72, 0.0f, t74);
    b2[(c0 + 1u)] = t75;
  }
  if (((1u < 8u) && (c0 < 16u))) {
    let k76 = 1.0f;
    let t77 = (k76 * 1.0f);
    let t78 = ((t77 == 0.0f) && (!(kiln_isnan(t77) || kiln_isnan(0.0f))));
    let t79 = kiln_tanh(acc1_0);
    let t80 = (t79 * t79);
    let t81 = (-t80);
    let t82 = (t81 + 1.0f);
    let t83 = (t77 * t82);
    let t84 = ((t83 != t83) || (kiln_isnan(t83) || kiln_isnan(t83)));
    let t85 = (t78 && t84);
    let t86 = select(t83, 0.0f, t85);
    b2[(c0 + 16u)] = t86;
  }
  if (((1u < 8u) && ((c0 + 1u) < 16u))) {
    let k87 = 1.0f;
    let t88 = (k87 * 1.0f);
    let t89 = ((t88 == 0.0f) && (!(kiln_isnan(t88) || kiln_isnan(0.0f))));
    let t90 = kiln_tanh(acc1_1);
    let t91 = (t90 * t90);
    let t92 = (-t91);
    let t93 = (t92 + 1.0f);
    let t94 = (t88 * t93);
    let t95 = ((t94 != t94) || (kiln_isnan(t94) || kiln_isnan(t94)));
    let t96 = (t89 && t95);
    let t97 = select(t94, 0.0f, t96);
    b2[((c0 + 1u) + 16u)] = t97;
  }
  if (((2u < 8u) && (c0 < 16u))) {
    let k98 = 1.0f;
    let t99 = (k98 * 1.0f);
    let t100 = ((t99 == 0.0f) && (!(kiln_isnan(t99) || kiln_isnan(0.0f))));
    let t101 = kiln_tanh(acc2_0);
    let t102 = (t101 * t101);
    let t103 = (-t102);
    let t104 = (t103 + 1.0f);
    let t105 = (t99 * t104);
    let t106 = ((t105 != t105) || (kiln_isnan(t105) || kiln_isnan(t105)));
    let t107 = (t100 && t106);
    let t108 = select(t105, 0.0f, t107);
    b2[(c0 + 32u)] = t108;
  }
  if (((2u < 8u) && ((c0 + 1u) < 16u))) {
    let k109 = 1.0f;
    let t110 = (k109 * 1.0f);
    let t111 = ((t110 == 0.0f) && (!(kiln_isnan(t110) || kiln_isnan(0.0f))));
    let t112 = kiln_tanh(acc2_1);
    let t113 = (t112 * t112);
    let t114 = (-t113);
    let t115 = (t114 + 1.0f);
    let t116 = (t110 * t115);
    let t117 = ((t116 != t116) || (kiln_isnan(t116) || kiln_isnan(t116)));
    let t118 = (t111 && t117);
    let t119 = select(t116, 0.0f, t118);
    b2[((c0 + 1u) + 32u)] = t119;
  }
  if (((3u < 8u) && (c0 < 16u))) {
    let k120 = 1.0f;
    let t121 = (k120 * 1.0f);
    let t122 = ((t121 == 0.0f) && (!(kiln_isnan(t121) || kiln_isnan(0.0f))));
    let t123 = kiln_tanh(acc3_0);
    let t124 = (t123 * t123);
    let t125 = (-t124);
    let t126 = (t125 + 1.0f);
    let t127 = (t121 * t126);
    let t128 = ((t127 != t127) || (kiln_isnan(t127) || kiln_isnan(t127)));
    let t129 = (t122 && t128);
    let t130 = select(t127, 0.0f, t129);
    b2[(c0 + 48u)] = t130;
  }
  if (((3u < 8u) && ((c0 + 1u) < 16u))) {
    let k131 = 1.0f;
    let t132 = (k131 * 1.0f);
    let t133 = ((t132 == 0.0f) && (!(kiln_isnan(t132) || kiln_isnan(0.0f))));
    let t134 = kiln_tanh(acc3_1);
    let t135 = (t134 * t134);
    let t136 = (-t135);
    let t137 = (t136 + 1.0f);
    let t138 = (t132 * t137);
    let t139 = ((t138 != t138) || (kiln_isnan(t138) || kiln_isnan(t138)));
    let t140 = (t133 && t139);
    let t141 = select(t138, 0.0f, t140);
    b2[((c0 + 1u) + 48u)] = t141;
  }
  if (((4u < 8u) && (c0 < 16u))) {
    let k142 = 1.0f;
    let t143 = (k142 * 1.0f);
    let t144 = ((t143 == 0.0f) && (!(kiln_isnan(t143) || kiln_isnan(0.0f))));
    let t145 = kiln_tanh(acc4_0);
    let t146 = (t145 * t145);
    let t147 = (-t146);
    let t148 = (t147 + 1.0f);
    let t149 = (t143 * t148);
    let t150 = ((t149 != t149) || (kiln_isnan(t149) || kiln_isnan(t149)));
    let t151 = (t144 && t150);
    let t152 = select(t149, 0.0f, t151);
    b2[(c0 + 64u)] = t152;
  }
  if (((4u < 8u) && ((c0 + 1u) < 16u))) {
    let k153 = 1.0f;
    let t154 = (k153 * 1.0f);
    let t155 = ((t154 == 0.0f) && (!(kiln_isnan(t154) || kiln_isnan(0.0f))));
    let t156 = kiln_tanh(acc4_1);
    let t157 = (t156 * t156);
    let t158 = (-t157);
    let t159 = (t158 + 1.0f);
    let t160 = (t154 * t159);
    let t161 = ((t160 != t160) || (kiln_isnan(t160) || kiln_isnan(t160)));
    let t162 = (t155 && t161);
    let t163 = select(t160, 0.0f, t162);
    b2[((c0 + 1u) + 64u)] = t163;
  }
  if (((5u < 8u) && (c0 < 16u))) {
    let k164 = 1.0f;
    let t165 = (k164 * 1.0f);
    let t166 = ((t165 == 0.0f) && (!(kiln_isnan(t165) || kiln_isnan(0.0f))));
    let t167 = kiln_tanh(acc5_0);
    let t168 = (t167 * t167);
    let t169 = (-t168);
    let t170 = (t169 + 1.0f);
    let t171 = (t165 * t170);
    let t172 = ((t171 != t171) || (kiln_isnan(t171) || kiln_isnan(t171)));
    let t173 = (t166 && t172);
    let t174 = select(t171, 0.0f, t173);
    b2[(c0 + 80u)] = t174;
  }
  if (((5u < 8u) && ((c0 + 1u) < 16u))) {
    let k175 = 1.0f;
    let t176 = (k175 * 1.0f);
    let t177 = ((t176 == 0.0f) && (!(kiln_isnan(t176) || kiln_isnan(0.0f))));
    let t178 = kiln_tanh(acc5_1);
    let t179 = (t178 * t178);
    let t180 = (-t179);
    let t181 = (t180 + 1.0f);
    let t182 = (t176 * t181);
    let t183 = ((t182 != t182) || (kiln_isnan(t182) || kiln_isnan(t182)));
    let t184 = (t177 && t183);
    let t185 = select(t182, 0.0f, t184);
    b2[((c0 + 1u) + 80u)] = t185;
  }
  if (((6u < 8u) && (c0 < 16u))) {
    let k186 = 1.0f;
    let t187 = (k186 * 1.0f);
    let t188 = ((t187 == 0.0f) && (!(kiln_isnan(t187) || kiln_isnan(0.0f))));
    let t189 = kiln_tanh(acc6_0);
    let t190 = (t189 * t189);
    let t191 = (-t190);
    let t192 = (t191 + 1.0f);
    let t193 = (t187 * t192);
    let t194 = ((t193 != t193) || (kiln_isnan(t193) || kiln_isnan(t193)));
    let t195 = (t188 && t194);
    let t196 = select(t193, 0.0f, t195);
    b2[(c0 + 96u)] = t196;
  }
  if (((6u < 8u) && ((c0 + 1u) < 16u))) {
    let k197 = 1.0f;
    let t198 = (k197 * 1.0f);
    let t199 = ((t198 == 0.0f) && (!(kiln_isnan(t198) || kiln_isnan(0.0f))));
    let t200 = kiln_tanh(acc6_1);
    let t201 = (t200 * t200);
    let t202 = (-t201);
    let t203 = (t202 + 1.0f);
    let t204 = (t198 * t203);
    let t205 = ((t204 != t204) || (kiln_isnan(t204) || kiln_isnan(t204)));
    let t206 = (t199 && t205);
    let t207 = select(t204, 0.0f, t206);
    b2[((c0 + 1u) + 96u)] = t207;
  }
  if (((7u < 8u) && (c0 < 16u))) {
    let k208 = 1.0f;
    let t209 = (k208 * 1.0f);
    let t210 = ((t209 == 0.0f) && (!(kiln_isnan(t209) || kiln_isnan(0.0f))));
    let t211 = kiln_tanh(acc7_0);
    let t212 = (t211 * t211);
    let t213 = (-t212);
    let t214 = (t213 + 1.0f);
    let t215 = (t209 * t214);
    let t216 = ((t215 != t215) || (kiln_isnan(t215) || kiln_isnan(t215)));
    let t217 = (t210 && t216);
    let t218 = select(t215, 0.0f, t217);
    b2[(c0 + 112u)] = t218;
  }
  if (((7u < 8u) && ((c0 + 1u) < 16u))) {
    let k219 = 1.0f;
    let t220 = (k219 * 1.0f);
    let t221 = ((t220 == 0.0f) && (!(kiln_isnan(t220) || kiln_isnan(0.0f))));
    let t222 = kiln_tanh(acc7_1);
    let t223 = (t222 * t222);
    let t224 = (-t223);
    let t225 = (t224 + 1.0f);
    let t226 = (t220 * t225);
    let t227 = ((t226 != t226) || (kiln_isnan(t226) || kiln_isnan(t226)));
    let t228 = (t221 && t227);
    let t229 = select(t226, 0.0f, t228);
    b2[((c0 + 1u) + 112u)] = t229;
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
    let t55 = (k54 * 1.0f);
    let t56 = ((t55 == 0.0f) && (!(kiln_isnan(t55) || kiln_isnan(0.0f))));
    let t57 = (t55 * acc0_0);
    let t58 = ((t57 != t57) || (kiln_isnan(t57) || kiln_isnan(t57)));
    let t59 = (t56 && t58);
    let t60 = select(t57, 0.0f, t59);
    b2[c0] = t60;
  }
  if (((0u < 8u) && ((c0 + 1u) < 16u))) {
    let k61 = 1.0f;
    let t62 = (k61 * 1.0f);
    let t63 = ((t62 == 0.0f) && (!(kiln_isnan(t62) || kiln_isnan(0.0f))));
    let t64 = (t62 * acc0_1);
    let t65 = ((t64 != t64) || (kiln_isnan(t64) || kiln_isnan(t64)));
    let t66 = (t63 && t65);
    let t67 = select(t64, 0.0f, t66);
    b2[(c0 + 1u)] = t67;
  }
  if (((1u < 8u) && (c0 < 16u))) {
    let k68 = 1.0f;
    let t69 = (k68 * 1.0f);
    let t70 = ((t69 == 0.0f) && (!(kiln_isnan(t69) || kiln_isnan(0.0f))));
    let t71 = (t69 * acc1_0);
    let t72 = ((t71 != t71) || (kiln_isnan(t71) || kiln_isnan(t71)));
    let t73 = (t70 && t72);
    let t74 = select(t71, 0.0f, t73);
    b2[(c0 + 16u)] = t74;
  }
  if (((1u < 8u) && ((c0 + 1u) < 16u))) {
    let k75 = 1.0f;
    let t76 = (k75 * 1.0f);
    let t77 = ((t76 == 0.0f) && (!(kiln_isnan(t76) || kiln_isnan(0.0f))));
    let t78 = (t76 * acc1_1);
    let t79 = ((t78 != t78) || (kiln_isnan(t78) || kiln_isnan(t78)));
    let t80 = (t77 && t79);
    let t81 = select(t78, 0.0f, t80);
    b2[((c0 + 1u) + 16u)] = t81;
  }
  if (((2u < 8u) && (c0 < 16u))) {
    let k82 = 1.0f;
    let t83 = (k82 * 1.0f);
    let t84 = ((t83 == 0.0f) && (!(kiln_isnan(t83) || kiln_isnan(0.0f))));
    let t85 = (t83 * acc2_0);
    let t86 = ((t85 != t85) || (kiln_isnan(t85) || kiln_isnan(t85)));
    let t87 = (t84 && t86);
    let t88 = select(t85, 0.0f, t87);
    b2[(c0 + 32u)] = t88;
  }
  if (((2u < 8u) && ((c0 + 1u) < 16u))) {
    let k89 = 1.0f;
    let t90 = (k89 * 1.0f);
    let t91 = ((t90 == 0.0f) && (!(kiln_isnan(t90) || kiln_isnan(0.0f))));
    let t92 = (t90 * acc2_1);
    let t93 = ((t92 != t92) || (kiln_isnan(t92) || kiln_isnan(t92)));
    let t94 = (t91 && t93);
    let t95 = select(t92, 0.0f, t94);
    b2[((c0 + 1u) + 32u)] = t95;
  }
  if (((3u < 8u) && (c0 < 16u))) {
    let k96 = 1.0f;
    let t97 = (k96 * 1.0f);
    let t98 = ((t97 == 0.0f) && (!(kiln_isnan(t97) || kiln_isnan(0.0f))));
    let t99 = (t97 * acc3_0);
    let t100 = ((t99 != t99) || (kiln_isnan(t99) || kiln_isnan(t99)));
    let t101 = (t98 && t100);
    let t102 = select(t99, 0.0f, t101);
    b2[(c0 + 48u)] = t102;
  }
  if (((3u < 8u) && ((c0 + 1u) < 16u))) {
    let k103 = 1.0f;
    let t104 = (k103 * 1.0f);
    let t105 = ((t104 == 0.0f) && (!(kiln_isnan(t104) || kiln_isnan(0.0f))));
    let t106 = (t104 * acc3_1);
    let t107 = ((t106 != t106) || (kiln_isnan(t106) || kiln_isnan(t106)));
    let t108 = (t105 && t107);
    let t109 = select(t106, 0.0f, t108);
    b2[((c0 + 1u) + 48u)] = t109;
  }
  if (((4u < 8u) && (c0 < 16u))) {
    let k110 = 1.0f;
    let t111 = (k110 * 1.0f);
    let t112 = ((t111 == 0.0f) && (!(kiln_isnan(t111) || kiln_isnan(0.0f))));
    let t113 = (t111 * acc4_0);
    let t114 = ((t113 != t113) || (kiln_isnan(t113) || kiln_isnan(t113)));
    let t115 = (t112 && t114);
    let t116 = select(t113, 0.0f, t115);
    b2[(c0 + 64u)] = t116;
  }
  if (((4u < 8u) && ((c0 + 1u) < 16u))) {
    let k117 = 1.0f;
    let t118 = (k117 * 1.0f);
    let t119 = ((t118 == 0.0f) && (!(kiln_isnan(t118) || kiln_isnan(0.0f))));
    let t120 = (t118 * acc4_1);
    let t121 = ((t120 != t120) || (kiln_isnan(t120) || kiln_isnan(t120)));
    let t122 = (t119 && t121);
    let t123 = select(t120, 0.0f, t122);
    b2[((c0 + 1u) + 64u)] = t123;
  }
  if (((5u < 8u) && (c0 < 16u))) {
    let k124 = 1.0f;
    let t125 = (k124 * 1.0f);
    let t126 = ((t125 == 0.0f) && (!(kiln_isnan(t125) || kiln_isnan(0.0f))));
    let t127 = (t125 * acc5_0);
    let t128 = ((t127 != t127) || (kiln_isnan(t127) || kiln_isnan(t127)));
    let t129 = (t126 && t128);
    let t130 = select(t127, 0.0f, t129);
    b2[(c0 + 80u)] = t130;
  }
  if (((5u < 8u) && ((c0 + 1u) < 16u))) {
    let k131 = 1.0f;
    let t132 = (k131 * 1.0f);
    let t133 = ((t132 == 0.0f) && (!(kiln_isnan(t132) || kiln_isnan(0.0f))));
    let t134 = (t132 * acc5_1);
    let t135 = ((t134 != t134) || (kiln_isnan(t134) || kiln_isnan(t134)));
    let t136 = (t133 && t135);
    let t137 = select(t134, 0.0f, t136);
    b2[((c0 + 1u) + 80u)] = t137;
  }
  if (((6u < 8u) && (c0 < 16u))) {
    let k138 = 1.0f;
    let t139 = (k138 * 1.0f);
    let t140 = ((t139 == 0.0f) && (!(kiln_isnan(t139) || kiln_isnan(0.0f))));
    let t141 = (t139 * acc6_0);
    let t142 = ((t141 != t141) || (kiln_isnan(t141) || kiln_isnan(t141)));
    let t143 = (t140 && t142);
    let t144 = select(t141, 0.0f, t143);
    b2[(c0 + 96u)] = t144;
  }
  if (((6u < 8u) && ((c0 + 1u) < 16u))) {
    let k145 = 1.0f;
    let t146 = (k145 * 1.0f);
    let t147 = ((t146 == 0.0f) && (!(kiln_isnan(t146) || kiln_isnan(0.0f))));
    let t148 = (t146 * acc6_1);
    let t149 = ((t148 != t148) || (kiln_isnan(t148) || kiln_isnan(t148)));
    let t150 = (t147 && t149);
    let t151 = select(t148, 0.0f, t150);
    b2[((c0 + 1u) + 96u)] = t151;
  }
  if (((7u < 8u) && (c0 < 16u))) {
    let k152 = 1.0f;
    let t153 = (k152 * 1.0f);
    let t154 = ((t153 == 0.0f) && (!(kiln_isnan(t153) || kiln_isnan(0.0f))));
    let t155 = (t153 * acc7_0);
    let t156 = ((t155 != t155) || (kiln_isnan(t155) || kiln_isnan(t155)));
    let t157 = (t154 && t156);
    let t158 = select(t155, 0.0f, t157);
    b2[(c0 + 112u)] = t158;
  }
  if (((7u < 8u) && ((c0 + 1u) < 16u))) {
    let k159 = 1.0f;
    let t160 = (k159 * 1.0f);
    let t161 = ((t160 == 0.0f) && (!(kiln_isnan(t160) || kiln_isnan(0.0f))));
    let t162 = (t160 * acc7_1);
    let t163 = ((t162 != t162) || (kiln_isnan(t162) || kiln_isnan(t162)));
    let t164 = (t161 && t163);
    let t165 = select(t162, 0.0f, t164);
    b2[((c0 + 1u) + 112u)] = t165;
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
    let t55 = (k54 * 1.0f);
    let t56 = ((t55 == 0.0f) && (!(kiln_isnan(t55) || kiln_isnan(0.0f))));
    let t57 = (t55 * acc0_0);
    let t58 = ((t57 != t57) || (kiln_isnan(t57) || kiln_isnan(t57)));
    let t59 = (t56 && t58);
    let t60 = select(t57, 0.0f, t59);
    b2[c0] = t60;
  }
  if (((0u < 8u) && ((c0 + 1u) < 16u))) {
    let k61 = 1.0f;
    let t62 = (k61 * 1.0f);
    let t63 = ((t62 == 0.0f) && (!(kiln_isnan(t62) || kiln_isnan(0.0f))));
    let t64 = (t62 * acc0_1);
    let t65 = ((t64 != t64) || (kiln_isnan(t64) || kiln_isnan(t64)));
    let t66 = (t63 && t65);
    let t67 = select(t64, 0.0f, t66);
    b2[(c0 + 1u)] = t67;
  }
  if (((1u < 8u) && (c0 < 16u))) {
    let k68 = 1.0f;
    let t69 = (k68 * 1.0f);
    let t70 = ((t69 == 0.0f) && (!(kiln_isnan(t69) || kiln_isnan(0.0f))));
    let t71 = (t69 * acc1_0);
    let t72 = ((t71 != t71) || (kiln_isnan(t71) || kiln_isnan(t71)));
    let t73 = (t70 && t72);
    let t74 = select(t71, 0.0f, t73);
    b2[(c0 + 16u)] = t74;
  }
  if (((1u < 8u) && ((c0 + 1u) < 16u))) {
    let k75 = 1.0f;
    let t76 = (k75 * 1.0f);
    let t77 = ((t76 == 0.0f) && (!(kiln_isnan(t76) || kiln_isnan(0.0f))));
    let t78 = (t76 * acc1_1);
    let t79 = ((t78 != t78) || (kiln_isnan(t78) || kiln_isnan(t78)));
    let t80 = (t77 && t79);
    let t81 = select(t78, 0.0f, t80);
    b2[((c0 + 1u) + 16u)] = t81;
  }
  if (((2u < 8u) && (c0 < 16u))) {
    let k82 = 1.0f;
    let t83 = (k82 * 1.0f);
    let t84 = ((t83 == 0.0f) && (!(kiln_isnan(t83) || kiln_isnan(0.0f))));
    let t85 = (t83 * acc2_0);
    let t86 = ((t85 != t85) || (kiln_isnan(t85) || kiln_isnan(t85)));
    let t87 = (t84 && t86);
    let t88 = select(t85, 0.0f, t87);
    b2[(c0 + 32u)] = t88;
  }
  if (((2u < 8u) && ((c0 + 1u) < 16u))) {
    let k89 = 1.0f;
    let t90 = (k89 * 1.0f);
    let t91 = ((t90 == 0.0f) && (!(kiln_isnan(t90) || kiln_isnan(0.0f))));
    let t92 = (t90 * acc2_1);
    let t93 = ((t92 != t92) || (kiln_isnan(t92) || kiln_isnan(t92)));
    let t94 = (t91 && t93);
    let t95 = select(t92, 0.0f, t94);
    b2[((c0 + 1u) + 32u)] = t95;
  }
  if (((3u < 8u) && (c0 < 16u))) {
    let k96 = 1.0f;
    let t97 = (k96 * 1.0f);
    let t98 = ((t97 == 0.0f) && (!(kiln_isnan(t97) || kiln_isnan(0.0f))));
    let t99 = (t97 * acc3_0);
    let t100 = ((t99 != t99) || (kiln_isnan(t99) || kiln_isnan(t99)));
    let t101 = (t98 && t100);
    let t102 = select(t99, 0.0f, t101);
    b2[(c0 + 48u)] = t102;
  }
  if (((3u < 8u) && ((c0 + 1u) < 16u))) {
    let k103 = 1.0f;
    let t104 = (k103 * 1.0f);
    let t105 = ((t104 == 0.0f) && (!(kiln_isnan(t104) || kiln_isnan(0.0f))));
    let t106 = (t104 * acc3_1);
    let t107 = ((t106 != t106) || (kiln_isnan(t106) || kiln_isnan(t106)));
    let t108 = (t105 && t107);
    let t109 = select(t106, 0.0f, t108);
    b2[((c0 + 1u) + 48u)] = t109;
  }
  if (((4u < 8u) && (c0 < 16u))) {
    let k110 = 1.0f;
    let t111 = (k110 * 1.0f);
    let t112 = ((t111 == 0.0f) && (!(kiln_isnan(t111) || kiln_isnan(0.0f))));
    let t113 = (t111 * acc4_0);
    let t114 = ((t113 != t113) || (kiln_isnan(t113) || kiln_isnan(t113)));
    let t115 = (t112 && t114);
    let t116 = select(t113, 0.0f, t115);
    b2[(c0 + 64u)] = t116;
  }
  if (((4u < 8u) && ((c0 + 1u) < 16u))) {
    let k117 = 1.0f;
    let t118 = (k117 * 1.0f);
    let t119 = ((t118 == 0.0f) && (!(kiln_isnan(t118) || kiln_isnan(0.0f))));
    let t120 = (t118 * acc4_1);
    let t121 = ((t120 != t120) || (kiln_isnan(t120) || kiln_isnan(t120)));
    let t122 = (t119 && t121);
    let t123 = select(t120, 0.0f, t122);
    b2[((c0 + 1u) + 64u)] = t123;
  }
  if (((5u < 8u) && (c0 < 16u))) {
    let k124 = 1.0f;
    let t125 = (k124 * 1.0f);
    let t126 = ((t125 == 0.0f) && (!(kiln_isnan(t125) || kiln_isnan(0.0f))));
    let t127 = (t125 * acc5_0);
    let t128 = ((t127 != t127) || (kiln_isnan(t127) || kiln_isnan(t127)));
    let t129 = (t126 && t128);
    let t130 = select(t127, 0.0f, t129);
    b2[(c0 + 80u)] = t130;
  }
  if (((5u < 8u) && ((c0 + 1u) < 16u))) {
    let k131 = 1.0f;
    let t132 = (k131 * 1.0f);
    let t133 = ((t132 == 0.0f) && (!(kiln_isnan(t132) || kiln_isnan(0.0f))));
    let t134 = (t132 * acc5_1);
    let t135 = ((t134 != t134) || (kiln_isnan(t134) || kiln_isnan(t134)));
    let t136 = (t133 && t135);
    let t137 = select(t134, 0.0f, t136);
    b2[((c0 + 1u) + 80u)] = t137;
  }
  if (((6u < 8u) && (c0 < 16u))) {
    let k138 = 1.0f;
    let t139 = (k138 * 1.0f);
    let t140 = ((t139 == 0.0f) && (!(kiln_isnan(t139) || kiln_isnan(0.0f))));
    let t141 = (t139 * acc6_0);
    let t142 = ((t141 != t141) || (kiln_isnan(t141) || kiln_isnan(t141)));
    let t143 = (t140 && t142);
    let t144 = select(t141, 0.0f, t143);
    b2[(c0 + 96u)] = t144;
  }
  if (((6u < 8u) && ((c0 + 1u) < 16u))) {
    let k145 = 1.0f;
    let t146 = (k145 * 1.0f);
    let t147 = ((t146 == 0.0f) && (!(kiln_isnan(t146) || kiln_isnan(0.0f))));
    let t148 = (t146 * acc6_1);
    let t149 = ((t148 != t148) || (kiln_isnan(t148) || kiln_isnan(t148)));
    let t150 = (t147 && t149);
    let t151 = select(t148, 0.0f, t150);
    b2[((c0 + 1u) + 96u)] = t151;
  }
  if (((7u < 8u) && (c0 < 16u))) {
    let k152 = 1.0f;
    let t153 = (k152 * 1.0f);
    let t154 = ((t153 == 0.0f) && (!(kiln_isnan(t153) || kiln_isnan(0.0f))));
    let t155 = (t153 * acc7_0);
    let t156 = ((t155 != t155) || (kiln_isnan(t155) || kiln_isnan(t155)));
    let t157 = (t154 && t156);
    let t158 = select(t155, 0.0f, t157);
    b2[(c0 + 112u)] = t158;
  }
  if (((7u < 8u) && ((c0 + 1u) < 16u))) {
    let k159 = 1.0f;
    let t160 = (k159 * 1.0f);
    let t161 = ((t160 == 0.0f) && (!(kiln_isnan(t160) || kiln_isnan(0.0f))));
    let t162 = (t160 * acc7_1);
    let t163 = ((t162 != t162) || (kiln_isnan(t162) || kiln_isnan(t162)));
    let t164 = (t161 && t163);
    let t165 = select(t162, 0.0f, t164);
    b2[((c0 + 1u) + 112u)] = t165;
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
