//! # From a floating-point optimum to a kernel-checked certificate
//!
//! ## Main definitions
//! - [`search`]: L-BFGS from seeded random starts over every structure that fits $K$ —
//!   the Bose–Mesner algebra of $T(r)$ when $K = r(r-1)/2$, of the Johnson scheme $J(r,t)$
//!   when $K = \binom rt$, a $T(r)$ block beside a DNC block, and the full DUFM (width
//!   $d = K$), and at $L = 2$ on request the reduced objective ([`super::reduced`]) —
//!   returning candidates sorted by loss.
//! - [`certify`]: rationalise the best candidates (coefficients rounded to $b$ fractional
//!   bits, so every entry is an exact dyadic rational), compute `upper` exactly, choose
//!   `lower` just below $\ell_{\mathrm{DNC}}$ and $A_{\mathrm{lo}}$ just below $A$, and return
//!   the first [`Certificate`] that the kernel verifies.
//!
//! ## Main results
//! None: nothing here is trusted. A certificate is accepted only by
//! [`Certificate::verify`].
//!
//! ## References
//! - docs/theory.md §3 (MSE deep UFM; certificates §3.7) and §7.3 (Bose–Mesner algebras);
//!   arXiv:2405.14468, Theorem 5.
#![cfg_attr(doc, doc = katex!())]

use super::certificate_file::matrix_to_rows;
use super::dense::DenseModel;
use super::lbfgs::{LbfgsOptions, minimize};
use super::reduced::{ReducedSearchOptions, polish, search_reduced};
use crate::construct::scheme::{Scheme, SchemeModel};
use crate::kernel::QMatrix;
use crate::kernel::arith::rational::{Q, parse_rational, pow_u};
use crate::kernel::cert::point::{
    CertBounds, CertHints, CertParams, Certificate, Verified, Witness, a_hint_rhs,
};
use crate::kernel::mse::dufm::mse_loss_exact;
use crate::mse::Block;
use crate::mse::MseParams;
use crate::mse::explicit::balanced_factors_f64;
use crate::mse::family::{Family, construction_loss, family_loss, triangular_root};
use crate::numeric::{f64_to_q, q_to_f64};
use num_traits::Signed;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// Options of [`search`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Random starts per structure.
    pub restarts: usize,
    /// Base seed.
    pub seed: u64,
    /// Also search the full DUFM (slower; width $d = K$).
    pub dense: bool,
    /// L-BFGS iteration cap.
    pub max_iter: usize,
    /// At $L = 2$, also run the reduced two-layer search ([`super::reduced`]: L-BFGS on one
    /// $K\times K$ matrix, the explicit model recovered from it) and polish every dense end
    /// point on it (family `dense+reduced`, `srg-best+reduced`).
    pub reduced: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            restarts: 12,
            seed: 1,
            dense: true,
            max_iter: 3000,
            reduced: false,
        }
    }
}

/// A point found by the search.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub enum Point {
    /// Coefficients in a scheme's basis.
    Scheme {
        /// The scheme.
        scheme: Scheme,
        /// Coefficients, matrix-major ($H$'s core first).
        coeffs: Vec<f64>,
    },
    /// Full parameters.
    Dense {
        /// The model.
        model: DenseModel,
        /// Flat parameters.
        x: Vec<f64>,
    },
}

/// A candidate: a structure's name, its `f64` loss and the point.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// `T(5)`, `J(6,3)`, `T(5)+DNC(1)`, `dense`.
    pub family: String,
    /// Loss in `f64`.
    pub loss: f64,
    /// The point.
    pub point: Point,
}

/// $\ell_{\mathrm{DNC}} = \min_x \tfrac12(1-x)^2 + \tfrac{L+1}{2}cK\thinspace x^{2/(L+1)}$ in `f64`.
#[cfg_attr(doc, doc = katex!())]
pub fn dnc_loss(p: &MseParams) -> f64 {
    // a = cK >= 0 and L >= 1 for validated parameters, so this is never NaN
    family_loss(p.c_f64() * p.classes() as f64, p.layers()).map_or(f64::NAN, |fl| fl.loss)
}

/// The structured families that fit $K$: $T(r)$, $J(r,t)$ ($t \ge 3$, $r \ge 2t$), and the
/// largest $T(r)$ ($r \ge 4$) beside a DNC block on the remaining classes.
#[cfg_attr(doc, doc = katex!())]
pub fn schemes_for(k: u64) -> Vec<Scheme> {
    let mut out = Vec::new();
    if let Some(r) = triangular_root(k).filter(|r| *r >= 4) {
        out.push(Scheme::triangular(r));
    }
    for r in 6..=16usize {
        for t in 3..=r / 2 {
            if binomial(r, t) == k {
                out.push(Scheme::johnson(r, t));
            }
        }
    }
    let block = (4..).take_while(|r| r * (r - 1) / 2 < k).last();
    if let Some(r) = block {
        out.push(Scheme::with_dnc_remainder(
            r,
            k as usize - (r * (r - 1) / 2) as usize,
        ));
    }
    out
}

fn binomial(r: usize, t: usize) -> u64 {
    (0..t).fold(1u64, |acc, i| acc * (r - i) as u64 / (i as u64 + 1))
}

fn gaussian_start(rng: &mut ChaCha8Rng, dim: usize, sd: f64) -> Vec<f64> {
    let normal = Normal::new(0.0, sd).expect("positive standard deviation");
    (0..dim).map(|_| normal.sample(rng)).collect()
}

/// Run the search; candidates sorted by loss (best first).
pub fn search(p: &MseParams, opts: &SearchOptions) -> Vec<Candidate> {
    let (k, l, n) = (
        p.classes() as usize,
        p.layers() as usize,
        p.samples() as usize,
    );
    let (lw, lh) = (q_to_f64(p.lambda_w()), q_to_f64(p.lambda_h()));
    let lb = LbfgsOptions {
        max_iter: opts.max_iter,
        ..LbfgsOptions::default()
    };
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut out = Vec::new();
    for scheme in schemes_for(k as u64) {
        let model = SchemeModel {
            scheme: &scheme,
            layers: l,
            samples: n,
            lambda_w: lw,
            lambda_h: lh,
        };
        for _ in 0..opts.restarts {
            let x0 = gaussian_start(&mut rng, model.dim(), 0.7);
            let r = minimize(|x| model.loss_grad(x), x0, &lb);
            out.push(Candidate {
                family: scheme.name.clone(),
                loss: r.f,
                point: Point::Scheme {
                    scheme: scheme.clone(),
                    coeffs: r.x,
                },
            });
        }
    }
    if let Some(c) = srg_best_candidate(p) {
        out.push(c);
    }
    if opts.dense {
        let model = DenseModel {
            classes: k,
            layers: l,
            samples: n,
            width: k,
            lambda_w: lw,
            lambda_h: lh,
        };
        for _ in 0..opts.restarts {
            let x0 = gaussian_start(&mut rng, model.dim(), 1.0 / (k as f64).sqrt());
            let r = minimize(|x| model.loss_grad(x), x0, &lb);
            out.push(Candidate {
                family: "dense".into(),
                loss: r.f,
                point: Point::Dense { model, x: r.x },
            });
        }
    }
    if opts.reduced && l == 2 {
        let ro = ReducedSearchOptions {
            restarts: opts.restarts,
            seed: opts.seed.wrapping_add(0x5eed),
            max_iter: opts.max_iter,
            ..ReducedSearchOptions::default()
        };
        // validated parameters at L = 2: the reduced search cannot refuse them
        if let Ok(found) = search_reduced(p, &ro) {
            out.extend(found);
        }
        // polish the dense end points on F (never worse than their start, up to rounding)
        let polished: Vec<Candidate> = out
            .iter()
            .filter_map(|c| match &c.point {
                Point::Dense { model, x } if c.family != "reduced" => {
                    polish(p, model, x, opts.max_iter).ok().map(|mut r| {
                        r.family = format!("{}+reduced", c.family);
                        r
                    })
                }
                _ => None,
            })
            .collect();
        out.extend(polished);
    }
    out.retain(|c| c.loss.is_finite());
    out.sort_by(|a, b| a.loss.total_cmp(&b.loss));
    out
}

/// The cheapest partition into $T(r)$ B-chains and a DNC block (closed form,
/// docs/theory.md §3.5), balanced at its optimal scale, as explicit matrices; `None` if it
/// does not apply or its optimum is zero.
fn srg_best_candidate(p: &MseParams) -> Option<Candidate> {
    if p.layers() < 2 {
        return None;
    }
    let c = Family::SrgBest.construction(p).ok()?;
    if c.blocks().iter().all(|b| matches!(b, Block::Dnc { .. })) {
        return None;
    }
    let fl = construction_loss(p, &c).ok()?;
    if fl.scale <= 0.0 {
        return None;
    }
    let (h, ws) = balanced_factors_f64(p, &c, fl.scale).ok()?;
    let k = p.classes() as usize;
    let model = DenseModel {
        classes: k,
        layers: p.layers() as usize,
        samples: p.samples() as usize,
        width: h.nrows(),
        lambda_w: q_to_f64(p.lambda_w()),
        lambda_h: q_to_f64(p.lambda_h()),
    };
    if model.shapes()
        != std::iter::once(&h)
            .chain(&ws)
            .map(|m| m.shape())
            .collect::<Vec<_>>()
    {
        return None;
    }
    let mut x: Vec<f64> = h.as_slice().to_vec();
    for w in &ws {
        x.extend_from_slice(w.as_slice());
    }
    let loss = model.loss_grad(&x).0;
    Some(Candidate {
        family: "srg-best".into(),
        loss,
        point: Point::Dense { model, x },
    })
}

/// `x` rounded to a multiple of $2^{-b}$, as an exact rational.
fn round_bits(x: f64, bits: i32) -> Q {
    let s = 2f64.powi(bits);
    f64_to_q((x * s).round() / s).unwrap_or_default()
}

/// The exact witness of a candidate, entries rounded to `bits` fractional bits.
pub fn exact_witness(p: &MseParams, c: &Candidate, bits: i32) -> (QMatrix, Vec<QMatrix>) {
    match &c.point {
        Point::Scheme { scheme, coeffs } => {
            let model = SchemeModel {
                scheme,
                layers: p.layers() as usize,
                samples: p.samples() as usize,
                lambda_w: 0.0,
                lambda_h: 0.0,
            };
            let cq: Vec<Q> = coeffs.iter().map(|x| round_bits(*x, bits)).collect();
            model.exact_matrices(&cq)
        }
        Point::Dense { model, x } => {
            let (h, ws) = model.matrices(x);
            let ex = |m: &nalgebra::DMatrix<f64>| {
                QMatrix::from_fn(m.nrows(), m.ncols(), |i, j| round_bits(m[(i, j)], bits))
            };
            (ex(&h), ws.iter().map(ex).collect())
        }
    }
}

/// A short decimal rational at or below `x` (`digits` significant digits, rounded down);
/// `None` if `x` is not finite.
pub(crate) fn decimal_below(x: f64, digits: usize) -> Option<Q> {
    if !x.is_finite() {
        return None;
    }
    let s = format!("{:.*e}", digits.saturating_sub(1), x);
    let v = parse_rational(&s).ok()?;
    if q_to_f64(&v) <= x {
        Some(v)
    } else {
        // rounding went up: step one unit in the last place down
        let exp = x.abs().log10().floor() as i32 - digits as i32 + 1;
        Some(v - parse_rational(&format!("1e{exp}")).ok()?)
    }
}

/// Most candidates the hint searches ([`a_lower_hint`], the DNC enclosure) try before giving
/// up: each step moves the candidate by a relative $10^{-9}$, and for parameters that pass
/// [`MseParams::float_ready`] the first candidate already succeeds but for rounding.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_HINT_STEPS: usize = 10_000;

/// $A_{\mathrm{lo}}$: a short decimal with $A_{\mathrm{lo}}^{L+1} \le A^{L+1}$ (checked exactly);
/// `None` if $A$ has no normal `f64` image or no candidate passed within [`MAX_HINT_STEPS`].
#[cfg_attr(doc, doc = katex!())]
pub fn a_lower_hint(p: &MseParams) -> Option<Q> {
    let a = 0.5 * (p.layers() as f64 + 1.0) * p.c_f64() * p.classes() as f64;
    let rhs = a_hint_rhs(
        p.classes(),
        p.layers(),
        p.samples(),
        p.lambda_w(),
        p.lambda_h(),
    );
    if !a.is_normal() {
        return None;
    }
    let mut factor = 1.0 - 1e-13;
    for _ in 0..MAX_HINT_STEPS {
        let cand = decimal_below(a * factor, 15)?;
        if cand.is_positive() && pow_u(&cand, p.layers() + 1) <= rhs {
            return Some(cand);
        }
        factor *= 1.0 - 1e-9;
    }
    None
}

/// Outcome of [`certify`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct CertifyOutcome {
    /// The verified certificate, if one was found.
    pub certificate: Option<(Certificate, Verified)>,
    /// The best candidate's family.
    pub family: String,
    /// Best `f64` loss found.
    pub best_loss: f64,
    /// $\ell_{\mathrm{DNC}}$ in `f64`.
    pub dnc_loss: f64,
}

impl CertifyOutcome {
    /// Best loss over DNC's loss.
    pub fn ratio(&self) -> f64 {
        self.best_loss / self.dnc_loss
    }
}

/// Search, rationalise and verify. `lambda_w`/`lambda_h` are the texts the user typed
/// (recorded verbatim in the certificate).
pub fn certify(
    p: &MseParams,
    lambda_texts: (&str, &str),
    claim: &str,
    opts: &SearchOptions,
) -> CertifyOutcome {
    certify_candidates(p, lambda_texts, claim, &search(p, opts))
}

/// Rationalise and verify candidates found by any search (sorted best first, as [`search`]
/// and [`super::reduced::search_reduced`] return them): the best three below
/// $\ell_{\mathrm{DNC}}$ are tried at increasing precision; the first certificate the kernel
/// verifies is returned.
#[cfg_attr(doc, doc = katex!())]
pub fn certify_candidates(
    p: &MseParams,
    lambda_texts: (&str, &str),
    claim: &str,
    cands: &[Candidate],
) -> CertifyOutcome {
    let dnc = dnc_loss(p);
    let best = cands.first();
    let mut outcome = CertifyOutcome {
        certificate: None,
        family: best.map_or_else(|| "none".into(), |c| c.family.clone()),
        best_loss: best.map_or(f64::INFINITY, |c| c.loss),
        dnc_loss: dnc,
    };
    // no hint or no lower bound (parameters outside the f64 range): no certificate
    let (Some(a_lower), Some(lower)) = (a_lower_hint(p), decimal_below(dnc * (1.0 - 1e-9), 12))
    else {
        return outcome;
    };
    for c in cands.iter().take(3).filter(|c| c.loss < dnc) {
        for bits in [8, 12, 16, 20, 26, 34, 44] {
            let (h, ws) = exact_witness(p, c, bits);
            let k = p.classes() as usize;
            let n = p.samples() as usize;
            let Ok(upper) = mse_loss_exact(&h, &ws, k, n, p.lambda_w(), p.lambda_h()) else {
                continue;
            };
            if upper >= lower {
                continue;
            }
            let cert = Certificate {
                claim: claim.to_string(),
                provenance: format!(
                    "ncverify search: family {}, L-BFGS, f64 loss {:.12}, DNC loss {:.12}, ratio {:.6}, coefficients rounded to {bits} fractional bits",
                    c.family,
                    c.loss,
                    dnc,
                    c.loss / dnc
                ),
                params: CertParams {
                    classes: p.classes(),
                    layers: p.layers(),
                    samples: p.samples(),
                    lambda_w: lambda_texts.0.to_string(),
                    lambda_h: lambda_texts.1.to_string(),
                },
                bounds: CertBounds {
                    upper: upper.to_string(),
                    lower: lower.to_string(),
                },
                hints: CertHints {
                    a_lower: a_lower.to_string(),
                },
                witness: Witness {
                    h1: matrix_to_rows(&h),
                    w: ws.iter().map(matrix_to_rows).collect(),
                },
            };
            if let Ok(v) = cert.verify() {
                outcome.certificate = Some((cert, v));
                outcome.family = c.family.clone();
                return outcome;
            }
        }
    }
    outcome
}
