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

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values (R: `binom::binom.confint(x, n, method = "wilson")`):
    /// 0/10 → [0, 0.2775]; 5/10 → [0.2366, 0.7634].
    #[test]
    fn known_intervals() {
        let (lo, hi) = wilson_95(0, 10);
        assert!(lo == 0.0 && (hi - 0.27753).abs() < 1e-4);
        let (lo, hi) = wilson_95(5, 10);
        assert!((lo - 0.23659).abs() < 1e-4 && (hi - 0.76341).abs() < 1e-4);
        assert_eq!(wilson_95(3, 0), (0.0, 1.0));
        assert_eq!(
            describe(0, 20000),
            "0/20000 (p = 0.000, Wilson 95% [0.000, 1.92e-4])"
        );
    }
}
