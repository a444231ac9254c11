/**
 * The standard normal distribution and the exact privacy profile of the Gaussian mechanism, as independent
 * references for the audit's ε estimator.
 */

/** Complementary error function (Numerical Recipes' Chebyshev fit: relative error below 1.2e-7 everywhere, tails included). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * δ(ε) of the Gaussian mechanism N(0, 1) vs N(μ, 1) (Balle & Wang, ICML 2018):
 * Φ(μ/2 − ε/μ) − e^ε Φ(−μ/2 − ε/μ).
 */
export function gaussianDelta(mu: number, epsilon: number): number {
  return normalCdf(mu / 2 - epsilon / mu) - Math.exp(epsilon) * normalCdf(-mu / 2 - epsilon / mu);
}

/** The exact ε at which the Gaussian mechanism's δ(ε) equals `delta` (δ decreases in ε: bisection). */
export function gaussianEpsilon(mu: number, delta: number): number {
  let lo = 0;
  let hi = 200;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (gaussianDelta(mu, mid) > delta) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
