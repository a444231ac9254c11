/**
 * exp, log, sin, cos, expm1 and tanh in plain arithmetic (ports of fdlibm, the code behind V8's Math functions in
 * Node 20), so that every JavaScript engine computes the same bits. Engines are free to implement Math.exp & co. as
 * they like: Chromium's current V8 rounds 3-10 % of exp, log, sin and cos results differently from Node 20's, and a
 * training run that amplifies last-bit differences (an unlearning method's gradient ascent) then ends elsewhere.
 * Only + − × ÷ and bit access are used here, which IEEE 754 fixes exactly. Node's results are unchanged: these
 * functions return Node 20's Math values bit for bit (tests/core/math.test.ts). Math.pow is not ported (V8's
 * differs from fdlibm's e_pow): Adam's bias correction β^t still goes through it (docs/playground.md).
 */

const view = new DataView(new ArrayBuffer(8));

function hi(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

function lo(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(4);
}

function fromWords(high: number, low: number): number {
  view.setInt32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.4513321910194110842e2;
const TWO_M1000 = 9.3326361850321887899e-302;

/** e^x, as fdlibm's __ieee754_exp. */
export function exp(x: number): number {
  // V8 returns Math.E for exp(1) (fdlibm's polynomial gives one ulp above it).
  if (x === 1) return Math.E;
  const h = hi(x);
  const negative = h < 0;
  const hx = h & 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? x : negative ? 0 : x;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let k = 0;
  let hiPart = 0;
  let loPart = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hiPart = negative ? x + LN2_HI : x - LN2_HI;
      loPart = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hiPart = x - k * LN2_HI;
      loPart = k * LN2_LO;
    }
    x = hiPart - loPart;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (loPart - (x * c) / (2 - c) - hiPart);
  if (k >= -1021) return fromWords(hi(y) + (k << 20), lo(y));
  return fromWords(hi(y) + ((k + 1000) << 20), lo(y)) * TWO_M1000;
}

const TWO54 = 1.8014398509481984e16;
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** The natural logarithm, as fdlibm's __ieee754_log. */
export function log(x: number): number {
  let hx = hi(x);
  const lx = lo(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hi(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = fromWords(hx | (i0 ^ 0x3ff00000), lo(x));
  k += i0 >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin(x + y) for |x + y| ≤ π/4, y the tail of x (fdlibm's __kernel_sin with iy = 1 when y is given). */
function kernelSin(x: number, y: number, iy: boolean): number {
  if ((hi(x) & 0x7fffffff) < 0x3e400000 && Math.trunc(x) === 0) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return iy ? x - (z * (0.5 * y - v * r) - y - v * S1) : x + v * (S1 + z * r);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;

/** cos(x + y) for |x + y| ≤ π/4 (fdlibm's __kernel_cos). */
function kernelCos(x: number, y: number): number {
  const ix = hi(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;

/** The reduced argument of the last remPio2 call: x − n·π/2 = y0 + y1. */
const reduced = [0, 0];

/**
 * n with x − n·π/2 in [−π/4, π/4], the remainder in `reduced` (fdlibm's __ieee754_rem_pio2 for |x| ≤ 2^19·π/2;
 * larger arguments never reach it).
 */
function remPio2(x: number, ix: number): number {
  const positive = x > 0;
  if (ix < 0x4002d97c) {
    let z = positive ? x - PIO2_1 : x + PIO2_1;
    const tail = ix !== 0x3ff921fb ? PIO2_1T : PIO2_2T;
    if (ix === 0x3ff921fb) z = positive ? z - PIO2_2 : z + PIO2_2;
    reduced[0] = positive ? z - tail : z + tail;
    reduced[1] = positive ? z - reduced[0] - tail : z - reduced[0] + tail;
    return positive ? 1 : -1;
  }
  const t = Math.abs(x);
  const n = Math.trunc(t * INV_PIO2 + 0.5);
  let r = t - n * PIO2_1;
  let w = n * PIO2_1T;
  const j = ix >> 20;
  let y0 = r - w;
  if (j - ((hi(y0) >> 20) & 0x7ff) > 16) {
    let u = r;
    w = n * PIO2_2;
    r = u - w;
    w = n * PIO2_2T - (u - r - w);
    y0 = r - w;
    if (j - ((hi(y0) >> 20) & 0x7ff) > 49) {
      u = r;
      w = n * PIO2_3;
      r = u - w;
      w = n * PIO2_3T - (u - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  reduced[0] = positive ? y0 : -y0;
  reduced[1] = positive ? y1 : -y1;
  return positive ? n : -n;
}

/** Above this high word (2^19·π/2) the medium-size reduction is not exact; such angles fall back to Math. */
const MEDIUM = 0x413921fb;

/** sin(x), as fdlibm's sin (|x| above 2^19·π/2, never a rotation angle here, is left to Math.sin). */
export function sin(x: number): number {
  const ix = hi(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, false);
  if (ix >= 0x7ff00000) return NaN;
  if (ix > MEDIUM) return Math.sin(x);
  const n = remPio2(x, ix) & 3;
  const [y0, y1] = reduced;
  return n === 0
    ? kernelSin(y0, y1, true)
    : n === 1
      ? kernelCos(y0, y1)
      : n === 2
        ? -kernelSin(y0, y1, true)
        : -kernelCos(y0, y1);
}

/** cos(x), as fdlibm's cos (|x| above 2^19·π/2 is left to Math.cos). */
export function cos(x: number): number {
  const ix = hi(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return NaN;
  if (ix > MEDIUM) return Math.cos(x);
  const n = remPio2(x, ix) & 3;
  const [y0, y1] = reduced;
  return n === 0
    ? kernelCos(y0, y1)
    : n === 1
      ? -kernelSin(y0, y1, true)
      : n === 2
        ? -kernelCos(y0, y1)
        : kernelSin(y0, y1, true);
}

/**
 * sin(x) and cos(x) into out[o] and out[o + 1], bit for bit as {@link sin} and {@link cos}, reducing the argument once
 * (a rotation matrix needs both).
 */
export function sincos(x: number, out: Float64Array, o = 0): void {
  const ix = hi(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    out[o] = kernelSin(x, 0, false);
    out[o + 1] = kernelCos(x, 0);
    return;
  }
  if (ix >= 0x7ff00000 || ix > MEDIUM) {
    out[o] = sin(x);
    out[o + 1] = cos(x);
    return;
  }
  const n = remPio2(x, ix) & 3;
  const s = kernelSin(reduced[0], reduced[1], true);
  const c = kernelCos(reduced[0], reduced[1]);
  out[o] = n === 0 ? s : n === 1 ? c : n === 2 ? -s : -c;
  out[o + 1] = n === 0 ? c : n === 1 ? -s : n === 2 ? -c : s;
}

const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/** e^x − 1, accurate near 0 (fdlibm's expm1; what tanh builds on). */
export function expm1(x: number): number {
  const h = hi(x);
  const negative = h < 0;
  const hx = h & 0x7fffffff;
  if (hx >= 0x4043687a) {
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) return Number.isNaN(x) ? x : negative ? -1 : x;
      if (x > O_THRESHOLD) return Infinity;
    }
    if (negative) return -1;
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    let hiPart: number;
    let loPart: number;
    if (hx < 0x3ff0a2b2) {
      hiPart = negative ? x + LN2_HI : x - LN2_HI;
      loPart = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hiPart = x - k * LN2_HI;
      loPart = k * LN2_LO;
    }
    x = hiPart - loPart;
    c = hiPart - x - loPart;
  } else if (hx < 0x3c900000) {
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  if (k <= -2 || k > 56) {
    const y = 1 - (e - x);
    return fromWords(hi(y) + (k << 20), lo(y)) - 1;
  }
  if (k < 20) {
    const y = fromWords(0x3ff00000 - (0x200000 >> k), 0) - (e - x);
    return fromWords(hi(y) + (k << 20), lo(y));
  }
  const y = x - (e + fromWords((0x3ff - k) << 20, 0)) + 1;
  return fromWords(hi(y) + (k << 20), lo(y));
}

/** tanh(x), as FreeBSD's fdlibm tanh (x itself below 2^-28), which V8 uses. */
export function tanh(x: number): number {
  const h = hi(x);
  const ix = h & 0x7fffffff;
  if (ix >= 0x7ff00000) return Number.isNaN(x) ? x : h >= 0 ? 1 : -1;
  let z: number;
  if (ix < 0x40360000) {
    if (ix < 0x3e300000) return x;
    if (ix >= 0x3ff00000) {
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1;
  }
  return h >= 0 ? z : -z;
}
