//! Claims decided by exactly re-verified certificates (`proofs/certificates/*.toml`).
//!
//! Each certificate is compiled in with `include_str!` and re-verified by
//! [`crate::kernel::cert::point::Certificate::verify`] every time the checker runs: the
//! witness's loss is recomputed exactly, DNC's lower bound is re-proved by Sturm's theorem,
//! and `upper < lower` is re-checked.

use super::{CheckConfig, ClaimDef, Outcome, ParamPoint, parse_proof_file};
use crate::kernel::Fact;
use crate::kernel::arith::rational::{parse_rational, q};
use crate::kernel::cert::point::{Certificate, Verified};
use crate::numeric::q_to_f64;

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: K10_L3,
            proof: include_str!("../../proofs/mse.dnc_not_optimal_k10_l3.md"),
            check: check_dnc_not_optimal_k10_l3,
        },
        ClaimDef {
            id: K15_L2,
            proof: include_str!("../../proofs/mse.dnc_not_optimal_k15_l2.md"),
            check: check_dnc_not_optimal_k15_l2,
        },
        ClaimDef {
            id: K3_DEPTH,
            proof: K3_DEPTH_PROOF,
            check: |_| check_least_depth(K3_DEPTH, 3, K3_DEPTH_PROOF),
        },
        ClaimDef {
            id: K4_DEPTH,
            proof: K4_DEPTH_PROOF,
            check: |_| check_least_depth(K4_DEPTH, 4, K4_DEPTH_PROOF),
        },
        ClaimDef {
            id: K5_DEPTH,
            proof: K5_DEPTH_PROOF,
            check: |_| check_least_depth(K5_DEPTH, 5, K5_DEPTH_PROOF),
        },
    ]
}

/// Claim id: the least depth at which DNC is certified not optimal for $K = 3$.
#[cfg_attr(doc, doc = katex!())]
pub const K3_DEPTH: &str = "mse.dnc_not_optimal_k3_least_depth";
const K3_DEPTH_PROOF: &str = include_str!("../../proofs/mse.dnc_not_optimal_k3_least_depth.md");
/// Claim id: the least depth at which DNC is certified not optimal for $K = 4$.
#[cfg_attr(doc, doc = katex!())]
pub const K4_DEPTH: &str = "mse.dnc_not_optimal_k4_least_depth";
const K4_DEPTH_PROOF: &str = include_str!("../../proofs/mse.dnc_not_optimal_k4_least_depth.md");

/// Claim id: the least depth at which DNC is certified not optimal for $K = 5$.
#[cfg_attr(doc, doc = katex!())]
pub const K5_DEPTH: &str = "mse.dnc_not_optimal_k5_least_depth";
const K5_DEPTH_PROOF: &str = include_str!("../../proofs/mse.dnc_not_optimal_k5_least_depth.md");

/// A least-depth claim at `classes`: every listed point has that $K$, each is certified, and
/// the evidence names the least $L$ certified. That no smaller depth admits a point below DNC
/// is *not* claimed (the proof file records what was searched there).
fn check_least_depth(id: &str, classes: u64, proof: &str) -> Outcome {
    let verified = match verify_points(id, proof) {
        Ok(v) => v,
        Err(e) => return Outcome::undecided(e),
    };
    if let Some(v) = verified.iter().find(|v| v.shape().0 != classes) {
        return Outcome::undecided(format!(
            "a certificate filed under {id} has K = {}, not {classes}",
            v.shape().0
        ));
    }
    let Some(least) = verified.iter().min_by_key(|v| v.shape().1) else {
        return Outcome::undecided(format!("{id} lists no point"));
    };
    let Some(fact) = Fact::all(verified.iter().map(Verified::fact)) else {
        return Outcome::undecided("no certificate");
    };
    let (k, l, n) = least.shape();
    let (lw, lh) = least.lambdas();
    Outcome::proved(
        fact,
        format!(
            "{} certificate(s) re-verified exactly; least depth certified L = {l}: at K = {k}, n = {n}, λ_W = {lw}, λ_H = {lh} a witness has loss {} ≈ {:.8} < {} ≈ {:.8} ≤ every DNC point (upper/lower {:.4}); smaller depths were searched without success, which does not exclude them",
            verified.len(),
            least.upper(),
            q_to_f64(least.upper()),
            least.lower(),
            q_to_f64(least.lower()),
            q_to_f64(least.upper()) / q_to_f64(least.lower())
        ),
    )
}

/// Claim id of the $K = 15$, $L = 2$ certificate (found by `ncverify phase`).
#[cfg_attr(doc, doc = katex!())]
pub const K15_L2: &str = "mse.dnc_not_optimal_k15_l2";

fn check_dnc_not_optimal_k15_l2(_: &CheckConfig) -> Outcome {
    let proof = include_str!("../../proofs/mse.dnc_not_optimal_k15_l2.md");
    let verified = match verify_points(K15_L2, proof) {
        Ok(v) => v,
        Err(e) => return Outcome::undecided(e),
    };
    let [v] = verified.as_slice() else {
        return Outcome::undecided(format!("{K15_L2} lists {} points, not one", verified.len()));
    };
    Outcome::proved(
        v.fact(),
        format!(
            "certificate re-verified exactly: at K = 15, L = 2, n = 1, λ_W = λ_H = 1/50 a T(5)+DNC(5) witness has loss {} ≈ {:.8} < {} ≈ {:.8} ≤ every DNC point",
            v.upper(),
            q_to_f64(v.upper()),
            v.lower(),
            q_to_f64(v.lower())
        ),
    )
}

/// Claim id of the $K \ge 10$, $L = 3$ certificates.
#[cfg_attr(doc, doc = katex!())]
pub const K10_L3: &str = "mse.dnc_not_optimal_k10_l3";

macro_rules! certificates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../proofs/certificates/", $name, ".toml")))),*]
    };
}

/// Which schema a committed certificate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateKind {
    /// A point certificate ([`Certificate`], `proofs/certificates/<stem>.toml`).
    Point,
    /// An interval certificate
    /// ([`IntervalCertificate`](crate::kernel::cert::interval::IntervalCertificate),
    /// `proofs/certificates/interval/<stem>.toml`).
    Interval,
}

/// One certificate file committed with the crate (compiled in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommittedCertificate {
    /// The file stem, such as `k10_l3_n1_lw1-250_lh1-250`.
    pub stem: &'static str,
    /// Point or interval.
    pub kind: CertificateKind,
    /// The TOML text, byte for byte.
    pub toml: &'static str,
}

impl CommittedCertificate {
    /// The path below `proofs/certificates/`, such as `interval/k8_l2_n1_r1.toml`.
    pub fn path(&self) -> String {
        match self.kind {
            CertificateKind::Point => format!("{}.toml", self.stem),
            CertificateKind::Interval => format!("interval/{}.toml", self.stem),
        }
    }

    /// Parse the text (either schema); verify the result with
    /// [`CertificateFile::verify`](crate::kernel::cert::interval::CertificateFile::verify).
    ///
    /// # Errors
    /// Never for the committed files (a test parses and verifies each); the kernel's parse
    /// error otherwise.
    pub fn parse(
        &self,
    ) -> Result<
        crate::kernel::cert::interval::CertificateFile,
        crate::kernel::cert::interval::IntervalCertificateError,
    > {
        crate::kernel::cert::interval::CertificateFile::from_toml(self.toml)
    }
}

/// Every committed certificate, point certificates first, then interval certificates, each
/// in file-name order: the one place to reach them (the lists [`CERTIFICATES`] and
/// [`INTERVAL_CERTIFICATES`](super::coverage::INTERVAL_CERTIFICATES) hold the same files).
///
/// ```
/// use ncverify::prelude::*;
///
/// let first = committed_certificates().next().unwrap();
/// let verified = first.parse()?.verify()?;
/// assert!(!verified.fact().statements().is_empty());
/// assert!(committed_certificates().any(|c| c.kind == CertificateKind::Interval));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn committed_certificates() -> impl Iterator<Item = CommittedCertificate> {
    let point = CERTIFICATES
        .iter()
        .map(|&(stem, toml)| CommittedCertificate {
            stem,
            kind: CertificateKind::Point,
            toml,
        });
    let interval = super::coverage::INTERVAL_CERTIFICATES
        .iter()
        .map(|&(stem, toml)| CommittedCertificate {
            stem,
            kind: CertificateKind::Interval,
            toml,
        });
    point.chain(interval)
}

/// Every committed certificate: `(file stem, TOML text)`.
pub const CERTIFICATES: &[(&str, &str)] = certificates![
    "k10_l3_n1_lw1-1000_lh1-100",
    "k10_l3_n1_lw1-1000_lh1-1000",
    "k10_l3_n1_lw1-100_lh1-100",
    "k10_l3_n1_lw1-100_lh1-1000",
    "k10_l3_n1_lw1-125_lh1-125",
    "k10_l3_n1_lw1-150_lh1-150",
    "k10_l3_n1_lw1-2000_lh1-2000",
    "k10_l3_n1_lw1-200_lh1-200",
    "k10_l3_n1_lw1-250_lh1-250",
    "k10_l3_n1_lw1-250_lh1-50000",
    "k10_l3_n1_lw1-300_lh1-300",
    "k10_l3_n1_lw1-37_lh1-37",
    "k10_l3_n1_lw1-400_lh1-400",
    "k10_l3_n1_lw1-40_lh1-40",
    "k10_l3_n1_lw1-45_lh1-45",
    "k10_l3_n1_lw1-500_lh1-500",
    "k10_l3_n1_lw1-50_lh1-50",
    "k10_l3_n1_lw1-60_lh1-60",
    "k10_l3_n1_lw1-80_lh1-80",
    "k10_l3_n2_lw1-250_lh1-250",
    "k10_l3_n3_lw1-500_lh1-100",
    "k10_l3_n5_lw1-250_lh1-250",
    "k15_l2_n1_lw1-50_lh1-50",
    "k3_l4_n1_lw1-16_lh1-16",
    "k4_l4_n1_lw1-21_lh1-21",
    "k5_l3_n1_lw1-19_lh1-19",
    "k5_l4_n1_lw1-26_lh1-26",
    "k15_l3_n1_lw1-1000_lh1-1000",
    "k15_l3_n1_lw1-250_lh1-250",
    "k20_l3_n1_lw1-250_lh1-250",
    "k21_l3_n1_lw1-1000_lh1-1000",
    "k21_l3_n1_lw1-250_lh1-250",
];

/// Parse and verify one compiled-in certificate.
pub fn verify_named(name: &str, text: &str) -> Result<Verified, String> {
    Certificate::from_toml(text)
        .and_then(|c| c.verify())
        .map_err(|e| format!("proofs/certificates/{name}.toml: {e}"))
}

/// `true` iff the verified certificate is at the listed point (exact comparison).
pub fn at_point(v: &Verified, p: &ParamPoint) -> bool {
    let (lw, lh) = v.lambdas();
    v.shape() == (p.classes, p.layers, p.samples)
        && parse_rational(&p.lambda_w).is_ok_and(|x| &x == lw)
        && parse_rational(&p.lambda_h).is_ok_and(|x| &x == lh)
}

/// Verify every compiled-in certificate filed under `id` and tie them one-to-one to the
/// points listed in the claim's front matter: a listed point without a certificate, a
/// certificate at an unlisted point, or two certificates at one point is an error.
pub fn verify_points(id: &str, proof: &str) -> Result<Vec<Verified>, String> {
    let (meta, _) = parse_proof_file(proof).map_err(|e| format!("proofs/{id}.md: {e}"))?;
    let mut found: Vec<Option<Verified>> = vec![None; meta.points.len()];
    for (name, text) in CERTIFICATES {
        let v = verify_named(name, text)?;
        if v.claim() != id {
            continue;
        }
        let Some(i) = meta.points.iter().position(|p| at_point(&v, p)) else {
            return Err(format!(
                "proofs/certificates/{name}.toml is filed under {id} at a point its statement does not list"
            ));
        };
        if found[i].replace(v).is_some() {
            return Err(format!("two certificates at {} for {id}", meta.points[i]));
        }
    }
    found
        .into_iter()
        .zip(&meta.points)
        .map(|(v, p)| v.ok_or_else(|| format!("{id} lists {p} but no certificate is filed there")))
        .collect()
}

fn check_dnc_not_optimal_k10_l3(_: &CheckConfig) -> Outcome {
    let proof = include_str!("../../proofs/mse.dnc_not_optimal_k10_l3.md");
    let verified = match verify_points(K10_L3, proof) {
        Ok(v) => v,
        Err(e) => return Outcome::undecided(e),
    };
    if let Some(v) = verified
        .iter()
        .find(|v| v.shape().1 != 3 || v.shape().0 < 10)
    {
        let (k, l, _) = v.shape();
        return Outcome::undecided(format!(
            "a certificate filed under {K10_L3} has K = {k}, L = {l}"
        ));
    }
    let base = verified.iter().find(|v| {
        v.shape() == (10, 3, 1) && v.lambdas().0 == v.lambdas().1 && v.lambdas().0 == q(1, 250)
    });
    let Some(base) = base else {
        return Outcome::undecided("no verified certificate at K = 10, L = 3, n = 1, λ = 1/250");
    };
    let Some(fact) = Fact::all(verified.iter().map(Verified::fact)) else {
        return Outcome::undecided("no certificate");
    };
    let ks: std::collections::BTreeSet<u64> = verified.iter().map(|v| v.shape().0).collect();
    // illustration only: the f64 ratio decides nothing
    let best_ratio = verified
        .iter()
        .map(|v| q_to_f64(v.upper()) / q_to_f64(v.lower()))
        .fold(f64::INFINITY, f64::min);
    Outcome::proved(
        fact,
        format!(
            "{} certificates re-verified exactly, one at each listed point (K ∈ {:?}, L = 3); at K = 10, n = 1, λ_W = λ_H = 1/250 a T(5) Bose–Mesner witness has loss {} ≈ {:.8} < {} ≈ {:.8} ≤ every DNC point (smallest upper/lower {:.4})",
            verified.len(),
            ks,
            base.upper(),
            q_to_f64(base.upper()),
            base.lower(),
            q_to_f64(base.lower()),
            best_ratio
        ),
    )
}
