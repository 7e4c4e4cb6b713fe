//! # Confidence intervals for experiment counts
//!
//! ## Main definitions
//! - [`wilson_95`]: the Wilson score interval for a binomial proportion at 95 % ($z = 1.96$).
//!
//! ## Main results
//! For $k$ successes in $n$ trials, $\hat p = k/n$:
//! $\dfrac{\hat p + \frac{z^2}{2n} \pm z\sqrt{\frac{\hat p(1-\hat p)}{n} + \frac{z^2}{4n^2}}}{1 + \frac{z^2}{n}}$.
//!
//! ## References
//! E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
//! JASA 22 (1927) 209–212.
#![cfg_attr(doc, doc = katex!())]

/// Wilson 95 % interval for `k` successes out of `n` trials (`(0, 1)` if `n == 0`).
pub fn wilson_95(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959963984540054;
    let (nf, p) = (n as f64, k as f64 / n as f64);
    let denom = 1.0 + z * z / nf;
    let centre = (p + z * z / (2.0 * nf)) / denom;
    let half = z / denom * (p * (1.0 - p) / nf + z * z / (4.0 * nf * nf)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// `"k/n (p̂ = …, Wilson 95 % [lo, hi])"`.
pub fn describe(k: u64, n: u64) -> String {
    let (lo, hi) = wilson_95(k, n);
    let p = if n == 0 {
        f64::NAN
    } else {
        k as f64 / n as f64
    };
    // three significant digits, so that small bounds (0/20000 → 1.9e-4) stay visible
    let sig = |x: f64| {
        if x == 0.0 || x >= 0.01 {
            format!("{x:.3}")
        } else {
            format!("{x:.2e}")
        }
    };
    format!(
        "{k}/{n} (p = {}, Wilson 95% [{}, {}])",
        sig(p),
        sig(lo),
        sig(hi)
    )
}
