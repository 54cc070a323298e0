/**
 * The Pareto/NBD likelihood (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, "A Note on
 * Deriving the Pareto/NBD Model and Related Expressions", and "A Note on Implementing the
 * Pareto/NBD Model in MATLAB") in a form that stays accurate for any α, β and large x.
 *
 * L(r, α, s, β | x, t_x, T) = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s·I ],
 * I = ∫ from t_x to T of (α+y)^−(r+x) (β+y)^−(s+1) dy = (G(t_x) − G(T)) / (r+s+x),
 *
 * where Fader & Hardie write G with ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+y)) when α ≥ β and
 * ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+y)) when α < β. Euler's transformation
 * ₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) turns both into ₂F₁(1, b′; c; z) with b′ < c:
 *
 *   α ≥ β: G(y) = (α+y)^−(r+x) (β+y)^−s       · ₂F₁(1, r+x; r+s+x+1; (α−β)/(α+y))
 *   α < β: G(y) = (α+y)^(1−r−x) (β+y)^−(s+1)  · ₂F₁(1, s+1; r+s+x+1; (β−α)/(β+y))
 *
 * Every term of ₂F₁(1, b′; c; z) = Σ (b′)ₙ/(c)ₙ zⁿ is positive and each is less than z times the
 * one before, so the sum has no cancellation and no early growth — the original series' terms grow
 * like ((r+x)z)ⁿ/n! before they fall, which is what breaks naive code for large x — and it needs one
 * term when α = β (z = 0). Everything is in logs, since (α+T)^−(r+x) underflows for x in the
 * hundreds. The parameter derivatives of the series are summed in the same loop, which gives an
 * exact gradient for the fit.
 */
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import type { CompressedSummaries } from './compress-summaries.js';

/** Terms allowed in one ₂F₁(1, b; c; z) series in the fit (z ≤ 0.99999 needs fewer). Beyond: NaN, and the line search backs off. */
const FIT_MAX_TERMS = 200_000;
/** Terms allowed when evaluating a fitted model (P(alive), expectations). */
export const EVAL_MAX_TERMS = 20_000_000;

/**
 * ₂F₁(1, b; c; z) for 0 ≤ z < 1 and 0 < b < c, with ∂/∂b, ∂/∂c and ∂/∂z, written to `out`
 * as [F, F_b, F_c, F_z]. Returns false when the series needs more than `maxTerms` terms.
 * @internal
 */
export function hyp2f1One(b: number, c: number, z: number, out: Float64Array, maxTerms: number = EVAL_MAX_TERMS): boolean {
  let t = 1;
  let f = 1;
  let sb = 0;
  let sc = 0;
  let fb = 0;
  let fc = 0;
  let fz = 0;
  // Each term is below z times the last, so the tail after a term t is below t·z/(1−z).
  const tailFactor = z / (1 - z);
  for (let n = 0; n < maxTerms; n++) {
    const ratio = (b + n) / (c + n);
    sb += 1 / (b + n);
    sc += 1 / (c + n);
    fz += (n + 1) * t * ratio; // n·tₙ/z, without dividing by z
    t *= ratio * z;
    f += t;
    fb += t * sb;
    fc -= t * sc;
    // sb and sc grow like log n: the derivative tails are bounded by the same factor times them.
    if (t * tailFactor * (1 + sb + sc + n) <= 1e-17 * f) {
      out[0] = f;
      out[1] = fb;
      out[2] = fc;
      out[3] = fz;
      return true;
    }
  }
  return false;
}

/**
 * log G(y) and its derivatives ∂/∂(r, α, s, β), written to `out` as [log G, d_r, d_α, d_s, d_β].
 * Returns false when the series does not converge within `maxTerms`.
 * @internal
 */
export function logG(r: number, alpha: number, s: number, beta: number, x: number, y: number, out: Float64Array, work: Float64Array, maxTerms: number): boolean {
  const ay = alpha + y;
  const by = beta + y;
  const la = Math.log(ay);
  const lb = Math.log(by);
  const c = r + s + x + 1;
  if (alpha >= beta) {
    const z = (alpha - beta) / ay;
    if (!hyp2f1One(r + x, c, z, work, maxTerms)) return false;
    const F = work[0] as number;
    const Fb = (work[1] as number) / F;
    const Fc = (work[2] as number) / F;
    const Fz = (work[3] as number) / F;
    out[0] = -(r + x) * la - s * lb + Math.log(F);
    out[1] = -la + Fb + Fc;
    out[2] = -(r + x) / ay + Fz * (by / (ay * ay));
    out[3] = -lb + Fc;
    out[4] = -s / by - Fz / ay;
  } else {
    const z = (beta - alpha) / by;
    if (!hyp2f1One(s + 1, c, z, work, maxTerms)) return false;
    const F = work[0] as number;
    const Fb = (work[1] as number) / F;
    const Fc = (work[2] as number) / F;
    const Fz = (work[3] as number) / F;
    out[0] = (1 - r - x) * la - (s + 1) * lb + Math.log(F);
    out[1] = -la + Fc;
    out[2] = (1 - r - x) / ay - Fz / by;
    out[3] = -lb + Fb + Fc;
    out[4] = -(s + 1) / by + Fz * (ay / (by * by));
  }
  return true;
}

/**
 * log(s·I), I = ∫ from t_x to T of (α+y)^−(r+x) (β+y)^−(s+1) dy, and its derivatives, into `out`
 * ([value, d_r, d_α, d_s, d_β]); −∞ when t_x = T. `g1`/`g2` are {@link logG} at t_x and T.
 * @internal
 */
export function logSI(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, g1: Float64Array, g2: Float64Array, out: Float64Array): void {
  const m = r + s + x;
  const h = T - tx;
  if (!(h > 0)) {
    out.fill(0);
    out[0] = -Infinity;
    return;
  }
  const d = (g2[0] as number) - (g1[0] as number); // log(G(T)/G(t_x)) ≤ 0
  const oneMinusQ = -Math.expm1(d);
  if (h <= 1e-7 * (Math.min(alpha, beta) + tx) || !(oneMinusQ > 1e-9)) {
    // A very short interval: the midpoint rule, I ≈ h · (α+ȳ)^−(r+x) (β+ȳ)^−(s+1) (relative error ~ ((r+x)h/(α+ȳ))²).
    const yMid = tx + h / 2;
    const la = Math.log(alpha + yMid);
    const lb = Math.log(beta + yMid);
    out[0] = Math.log(s) + Math.log(h) - (r + x) * la - (s + 1) * lb;
    out[1] = -la;
    out[2] = -(r + x) / (alpha + yMid);
    out[3] = 1 / s - lb;
    out[4] = -(s + 1) / (beta + yMid);
    return;
  }
  const q = Math.exp(d);
  out[0] = Math.log(s) - Math.log(m) + (g1[0] as number) + Math.log(oneMinusQ);
  // d log(G1 − G2) = (dlogG1 − q·dlogG2) / (1 − q); d log m = 1 for r and s.
  for (let k = 1; k <= 4; k++) out[k] = ((g1[k] as number) - q * (g2[k] as number)) / oneMinusQ;
  out[1] = (out[1] as number) - 1 / m;
  out[3] = (out[3] as number) + 1 / s - 1 / m;
}

/**
 * −log L and its gradient in log-parameter space (log r, log α, log s, log β), on compressed rows.
 * G is evaluated once per distinct (x, y) with y ∈ {t_x, T}. Returns NaN where a series does not
 * converge (far from any optimum: α/β or β/α beyond ~10⁵), which the line search treats as +∞.
 * @internal
 */
export function paretoNbdObjective(data: CompressedSummaries, maxTerms: number = FIT_MAX_TERMS): (logParams: Float64Array, gradient: Float64Array) => number {
  // Distinct (x, y) pairs.
  const pairIndex = new Map<number, Map<number, number>>();
  const pairX: number[] = [];
  const pairY: number[] = [];
  const pairOf = (x: number, y: number): number => {
    let byY = pairIndex.get(x);
    if (byY === undefined) pairIndex.set(x, (byY = new Map()));
    let k = byY.get(y);
    if (k === undefined) {
      k = pairX.length;
      byY.set(y, k);
      pairX.push(x);
      pairY.push(y);
    }
    return k;
  };
  const rowTx = new Int32Array(data.length);
  const rowT = new Int32Array(data.length);
  let maxX = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data.x[i] as number;
    maxX = Math.max(maxX, x);
    rowT[i] = pairOf(x, data.T[i] as number);
    rowTx[i] = (data.tx[i] as number) < (data.T[i] as number) ? pairOf(x, data.tx[i] as number) : -1;
  }
  const pairs = pairX.length;
  const G = new Float64Array(5 * pairs);
  const lgRX = new Float64Array(maxX + 1);
  const psiRX = new Float64Array(maxX + 1);
  const present = new Uint8Array(maxX + 1);
  for (let i = 0; i < data.length; i++) present[data.x[i] as number] = 1;
  const g = new Float64Array(5);
  const work = new Float64Array(4);
  const g1 = new Float64Array(5);
  const g2 = new Float64Array(5);
  const sI = new Float64Array(5);
  return (logParams, gradient) => {
    const r = Math.exp(logParams[0] as number);
    const alpha = Math.exp(logParams[1] as number);
    const s = Math.exp(logParams[2] as number);
    const beta = Math.exp(logParams[3] as number);
    if (![r, alpha, s, beta].every((v) => v > 0 && Number.isFinite(v))) return NaN;
    for (let k = 0; k < pairs; k++) {
      if (!logG(r, alpha, s, beta, pairX[k] as number, pairY[k] as number, g, work, maxTerms)) return NaN;
      G.set(g, 5 * k);
    }
    const lgR = gammaln(r);
    const psiR = digamma(r);
    for (let x = 0; x <= maxX; x++) {
      if (present[x] === 0) continue;
      lgRX[x] = gammaln(r + x);
      psiRX[x] = digamma(r + x);
    }
    const lAlpha = Math.log(alpha);
    const lBeta = Math.log(beta);
    let ll = 0;
    let gr = 0;
    let ga = 0;
    let gs = 0;
    let gb = 0;
    for (let i = 0; i < data.length; i++) {
      const x = data.x[i] as number;
      const tx = data.tx[i] as number;
      const T = data.T[i] as number;
      const w = data.count[i] as number;
      const laT = Math.log(alpha + T);
      const lbT = Math.log(beta + T);
      // log C = log Γ(r+x) − log Γ(r) + r log α + s log β
      const lC = (lgRX[x] as number) - lgR + r * lAlpha + s * lBeta;
      // log E = −(r+x) log(α+T) − s log(β+T)
      const lE = -(r + x) * laT - s * lbT;
      const k1 = rowTx[i] as number;
      let value: number;
      let wI = 0;
      if (k1 >= 0) {
        const k2 = rowT[i] as number;
        for (let k = 0; k < 5; k++) {
          g1[k] = G[5 * k1 + k] as number;
          g2[k] = G[5 * k2 + k] as number;
        }
        logSI(r, alpha, s, beta, x, tx, T, g1, g2, sI);
        const lI = sI[0] as number;
        // log(e^lE + e^lI), and the share of the second term.
        if (lI > lE) {
          const e = Math.exp(lE - lI);
          value = lI + Math.log1p(e);
          wI = 1 / (1 + e);
        } else {
          const e = Math.exp(lI - lE);
          value = lE + Math.log1p(e);
          wI = e / (1 + e);
        }
      } else value = lE;
      const wE = 1 - wI;
      ll += w * (lC + value);
      gr += w * ((psiRX[x] as number) - psiR + lAlpha + wE * -laT + wI * (wI > 0 ? (sI[1] as number) : 0));
      ga += w * (r / alpha + wE * (-(r + x) / (alpha + T)) + wI * (wI > 0 ? (sI[2] as number) : 0));
      gs += w * (lBeta + wE * -lbT + wI * (wI > 0 ? (sI[3] as number) : 0));
      gb += w * (s / beta + wE * (-s / (beta + T)) + wI * (wI > 0 ? (sI[4] as number) : 0));
    }
    gradient[0] = -gr * r;
    gradient[1] = -ga * alpha;
    gradient[2] = -gs * s;
    gradient[3] = -gb * beta;
    return -ll;
  };
}

/**
 * log P(alive)-style pieces for one customer at fitted parameters: log E and log(s·I), so that
 * L/C = e^logE + e^logSI and P(alive) = 1 / (1 + e^(logSI − logE)).
 * @internal
 */
export function paretoNbdTerms(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): { logE: number; logSI: number } | undefined {
  const logE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (!(T > tx)) return { logE, logSI: -Infinity };
  const g1 = new Float64Array(5);
  const g2 = new Float64Array(5);
  const work = new Float64Array(4);
  const out = new Float64Array(5);
  if (!logG(r, alpha, s, beta, x, tx, g1, work, EVAL_MAX_TERMS) || !logG(r, alpha, s, beta, x, T, g2, work, EVAL_MAX_TERMS)) return undefined;
  logSI(r, alpha, s, beta, x, tx, T, g1, g2, out);
  return { logE, logSI: out[0] as number };
}
