//! # What is known about DNC's optimality at a parameter point
//!
//! ## Main definitions
//! - [`KnownIndex`]: the committed results that can settle a point $(K, L, n, \lambda_W,
//!   \lambda_H)$: the proved all-$\lambda$ constructions of
//!   [`crate::mse::known::ALL_LAMBDA_CONSTRUCTIONS`] and the committed certificates
//!   (`proofs/certificates/*.toml`, compiled in), and, for $n = 1$ and the cells $K = 2..20$,
//!   $L = 1..8$ of the optimality map (claim `mse.dnc_optimality_map`), the chains the map
//!   verifies at exactly $(K, L)$: there, and only there, a cell is proved for every $\lambda$
//!   iff [`every_lambda_chain`] verified one (the same function builds the map's table, so
//!   the two agree by construction); outside the map the constructions decide.
//!   [`KnownIndex::for_points`] re-verifies,
//!   with the kernel, every committed result that some requested point uses — a certificate
//!   by [`Certificate::verify`], a construction by running its registered claim, which must
//!   hold — and nothing is taken on faith.
//! - [`Known`]: the result that settles a point, with its source ([`KnownSource`]) and an
//!   `f64` illustration of its loss ratio to DNC.
//!
//! ## Main results
//! None (bookkeeping). What a [`Known`] means:
//! - [`KnownSource::Construction`]: DNC's optimum is nonzero (exact threshold) and the
//!   construction's claim holds, so some point beats every DNC point.
//! - [`KnownSource::Certificate`]: the kernel verified a certificate at exactly these
//!   parameters: an explicit point has loss $\mathrm{upper} < \mathrm{lower} \le
//!   \ell_{\mathrm{DNC}}$.
//!
//! A certificate kind that covers a set of parameters (e.g. a $\lambda$ interval) plugs in as
//! one more [`CommittedCertificate`] variant with its own `covers` and `verify`.
//!
//! ## References
//! - docs/theory.md §3 (MSE deep UFM; certificates §3.7); arXiv:2405.14468, Theorems 4–5.
#![cfg_attr(doc, doc = katex!())]

use crate::claims::Verdict;
use crate::claims::cert::CERTIFICATES;
use crate::claims::coverage::INTERVAL_CERTIFICATES;
use crate::claims::optimality_map::{MAP, every_lambda_chain, in_map};
use crate::kernel::arith::rational::{Q, parse_rational};
use crate::kernel::cert::interval::{CertificateFile, IntervalCertificate, IntervalVerified};
use crate::kernel::cert::point::{Certificate, Verified};
use crate::mse::MseParams;
use crate::mse::family::{
    Block, best_partition, construction_loss, dnc_zero_threshold, family_loss,
};
use crate::mse::known::{ALL_LAMBDA_CONSTRUCTIONS, AllLambdaConstruction, ExactBlock};
use crate::numeric::q_to_f64;
use std::fmt;

/// Why the index could not be built: a committed result failed its re-verification.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KnownError {
    /// A committed certificate did not parse or verify.
    Certificate {
        /// Its file name under `proofs/certificates/`.
        file: String,
        /// The kernel's located error.
        reason: String,
    },
    /// A construction's claim is not registered or did not hold.
    Construction {
        /// The claim id.
        claim: &'static str,
        /// What happened.
        reason: String,
    },
}

impl fmt::Display for KnownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Certificate { file, reason } => {
                write!(
                    f,
                    "committed certificate proofs/certificates/{file}: {reason}"
                )
            }
            Self::Construction { claim, reason } => {
                write!(f, "construction of claim {claim}: {reason}")
            }
        }
    }
}

impl std::error::Error for KnownError {}

/// A committed certificate, parsed but not yet verified.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum CommittedCertificate {
    /// A certificate at one parameter point.
    Point {
        /// File name under `proofs/certificates/`.
        file: String,
        /// The parsed certificate.
        cert: Box<Certificate>,
        /// Its $(K, L, n)$ and exact $(\lambda_W, \lambda_H)$ as written in the file.
        at: ((u64, u32, u64), (Q, Q)),
    },
    /// An interval certificate: every $\lambda_H \in [\lambda_{\min}, \lambda_{\max}]$ at
    /// $\lambda_W = \rho\lambda_H$ (kernel module `certificate_interval`).
    Interval {
        /// File name (under `proofs/certificates/interval/` for committed ones).
        file: String,
        /// The parsed certificate.
        cert: Box<IntervalCertificate>,
        /// Its $(K, L, n)$, $\rho$ and $[\lambda_{\min}, \lambda_{\max}]$ as written in the file.
        at: ((u64, u32, u64), Q, (Q, Q)),
    },
}

impl CommittedCertificate {
    /// The file name under `proofs/certificates/`.
    pub fn file(&self) -> &str {
        match self {
            Self::Point { file, .. } | Self::Interval { file, .. } => file,
        }
    }

    /// `true` iff the certificate's stated parameters cover `p` (exact comparison; the
    /// statement is checked again by the kernel in [`Self::verify_at`]).
    pub fn covers(&self, p: &MseParams) -> bool {
        match self {
            Self::Point { at, .. } => {
                at.0 == (p.classes(), p.layers(), p.samples())
                    && &at.1.0 == p.lambda_w()
                    && &at.1.1 == p.lambda_h()
            }
            Self::Interval { at, .. } => {
                let (shape, rho, (lo, hi)) = at;
                *shape == (p.classes(), p.layers(), p.samples())
                    && &(p.lambda_w() / p.lambda_h()) == rho
                    && lo <= p.lambda_h()
                    && p.lambda_h() <= hi
            }
        }
    }

    /// Verify with the kernel and return what it establishes at `p`.
    pub fn verify_at(&self, p: &MseParams) -> Result<Known, KnownError> {
        match self {
            Self::Point { file, cert, .. } => {
                let v = cert.verify().map_err(|e| KnownError::Certificate {
                    file: file.clone(),
                    reason: e.to_string(),
                })?;
                if !point_matches(&v, p) {
                    return Err(KnownError::Certificate {
                        file: file.clone(),
                        reason: "verified parameters differ from the stated ones".into(),
                    });
                }
                let dnc = crate::search::certify::dnc_loss(p);
                Ok(Known {
                    ratio: q_to_f64(v.upper()) / dnc,
                    upper: Some(v.upper().clone()),
                    lower: Some(v.lower().clone()),
                    source: KnownSource::Certificate { file: file.clone() },
                })
            }
            Self::Interval { file, cert, .. } => {
                let bad = |reason: String| KnownError::Certificate {
                    file: file.clone(),
                    reason,
                };
                let v = cert.verify().map_err(|e| bad(e.to_string()))?;
                let (upper, lower) = interval_bounds_at(&v, p).ok_or_else(|| {
                    bad("the verified interval does not contain these parameters".into())
                })?;
                let dnc = crate::search::certify::dnc_loss(p);
                Ok(Known {
                    ratio: q_to_f64(&upper) / dnc,
                    upper: Some(upper),
                    lower: Some(lower),
                    source: KnownSource::Certificate { file: file.clone() },
                })
            }
        }
    }
}

/// At $\lambda_H = \lambda$ inside a verified interval certificate (same $K, L, n$ and
/// $\rho = \lambda_W/\lambda_H$): on the piece $[\lambda_a, \lambda_b] \ni \lambda$,
/// $\lambda = (1-t)\lambda_a + t\lambda_b$, the witness's exact loss
/// $(1-t)\mathrm{upper}_a + t\thinspace\mathrm{upper}_b$ (affine in $\lambda$) and the bound
/// $(1-t)\mathrm{lower}_a + t\thinspace\mathrm{lower}_b$, below every DNC point's loss by
/// concavity (kernel module `certificate_interval`). `None` if $p$ is not covered.
#[cfg_attr(doc, doc = katex!())]
pub fn interval_bounds_at(v: &IntervalVerified, p: &MseParams) -> Option<(Q, Q)> {
    let lam = p.lambda_h();
    if v.shape() != (p.classes(), p.layers(), p.samples()) || &(p.lambda_w() / lam) != v.ratio() {
        return None;
    }
    let breaks = v.breaks();
    let i = breaks
        .windows(2)
        .position(|w| &w[0] <= lam && lam <= &w[1])?;
    let (a, b) = (&breaks[i], &breaks[i + 1]);
    let (ea, eb) = v.ends().get(i)?;
    let t = (lam - a) / (b - a);
    let one_t = Q::from_integer(1.into()) - &t;
    Some((
        &one_t * ea.upper() + &t * eb.upper(),
        &one_t * ea.lower() + &t * eb.lower(),
    ))
}

fn point_matches(v: &Verified, p: &MseParams) -> bool {
    let (lw, lh) = v.lambdas();
    v.shape() == (p.classes(), p.layers(), p.samples()) && lw == p.lambda_w() && lh == p.lambda_h()
}

/// Where a known result comes from.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KnownSource {
    /// A proved all-$\lambda$ construction (its claim id).
    Construction {
        /// The claim that proves it.
        claim: &'static str,
        /// The blocks of the cheapest closed-form construction whose ratio is shown: the
        /// entry's block beside DNC, or the cheapest $T(r)$ partition if that is cheaper,
        /// e.g. `T(4) + DNC(4)` or `T(5)`.
        block: String,
    },
    /// A committed certificate, re-verified.
    Certificate {
        /// File name under `proofs/certificates/`.
        file: String,
    },
    /// A certificate the user supplied (e.g. `phase --certificate FILE`), re-verified by the
    /// kernel like the committed ones but not part of the project.
    User {
        /// The path as the user gave it.
        path: String,
    },
}

impl fmt::Display for KnownSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Construction { claim, block } => write!(f, "{block} ({claim})"),
            Self::Certificate { file } => write!(f, "proofs/certificates/{file}"),
            Self::User { path } => write!(f, "{path}"),
        }
    }
}

/// A known result at one point.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    /// Where it comes from.
    pub source: KnownSource,
    /// Its loss over DNC's optimal loss (`f64`, an illustration; below 1).
    pub ratio: f64,
    /// A certificate's exact `upper` (the witness's loss).
    pub upper: Option<Q>,
    /// A certificate's exact `lower` (proved below every DNC point's loss).
    pub lower: Option<Q>,
}

/// The committed results, re-verified for a set of points (see the module docs).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Default)]
pub struct KnownIndex {
    constructions: Vec<&'static AllLambdaConstruction>,
    certificates: Vec<CommittedCertificate>,
    optimal: Vec<&'static DncOptimalProof>,
    /// The user's certificates (their `file` is the path given).
    user: Vec<CommittedCertificate>,
    /// Chains verified at exactly $(K, L)$ for cells of the optimality map:
    /// `(K, L, how the chain was made, C)` (`C` as `f64`, for the ratio only).
    chains: Vec<(u64, u32, String, f64)>,
}

/// A proved claim that DNC *is* a global minimiser on a domain of $(K, L)$ (every $n$,
/// $\lambda_W$, $\lambda_H$).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug)]
pub struct DncOptimalProof {
    /// The claim (method `proof`) that must hold.
    pub claim: &'static str,
    /// $K$, or `None` for every $K$.
    pub classes: Option<u64>,
    /// $L$.
    pub layers: u32,
}

impl DncOptimalProof {
    /// `true` iff the proof covers $(K, L)$.
    pub fn covers(&self, classes: u64, layers: u32) -> bool {
        layers == self.layers && self.classes.is_none_or(|k| k == classes)
    }
}

/// The proofs that DNC is optimal: $K = 2$, $L = 2$ (docs/theory.md §3.10), and $L = 1$ for
/// every $K$ (no ReLU at one layer: the deep linear model of §3.8).
#[cfg_attr(doc, doc = katex!())]
pub const DNC_OPTIMAL_PROOFS: &[DncOptimalProof] = &[
    DncOptimalProof {
        claim: crate::claims::lower::TWO_CLASS,
        classes: Some(2),
        layers: 2,
    },
    DncOptimalProof {
        claim: "mse.linear_dnc_global",
        classes: None,
        layers: 1,
    },
];

/// Parse the compiled-in certificates (not yet verified).
pub fn committed_certificates() -> Result<Vec<CommittedCertificate>, KnownError> {
    CERTIFICATES
        .iter()
        .map(|(name, text)| parse_certificate(&format!("{name}.toml"), text))
        .chain(
            INTERVAL_CERTIFICATES
                .iter()
                .map(|(name, text)| parse_certificate(&format!("interval/{name}.toml"), text)),
        )
        .collect()
}

/// Parse a certificate file of either kind (point or interval; not yet verified). `file`
/// names it in errors.
pub fn parse_certificate(file: &str, text: &str) -> Result<CommittedCertificate, KnownError> {
    let bad = |reason: String| KnownError::Certificate {
        file: file.to_string(),
        reason,
    };
    match CertificateFile::from_toml(text).map_err(|e| bad(e.to_string()))? {
        CertificateFile::Point(cert) => {
            let lw = parse_rational(&cert.params.lambda_w).map_err(|e| bad(e.to_string()))?;
            let lh = parse_rational(&cert.params.lambda_h).map_err(|e| bad(e.to_string()))?;
            let shape = (cert.params.classes, cert.params.layers, cert.params.samples);
            Ok(CommittedCertificate::Point {
                file: file.to_string(),
                cert: Box::new(cert),
                at: (shape, (lw, lh)),
            })
        }
        CertificateFile::Interval(cert) => {
            let q = |t: &str| parse_rational(t).map_err(|e| bad(e.to_string()));
            let p = &cert.params;
            let at = (
                (p.classes, p.layers, p.samples),
                q(&p.ratio)?,
                (q(&p.lambda_min)?, q(&p.lambda_max)?),
            );
            Ok(CommittedCertificate::Interval {
                file: file.to_string(),
                cert: Box::new(cert),
                at,
            })
        }
        CertificateFile::Lower(_) => Err(bad(
            "a lower-bound certificate (kind = \"lower\") proves that DNC is optimal; this index \
             holds results that DNC is beaten (K = 2, L = 2 cells are marked by the claim \
             mse.two_class_dnc_optimal_l2)"
                .into(),
        )),
    }
}

impl KnownIndex {
    /// Everything committed that bears on some point of `points`, re-verified: each
    /// construction whose domain contains a point with DNC's optimum nonzero (its claim is
    /// run and must hold), and each committed certificate that covers a point (verified by
    /// the kernel). An error names the first committed result that failed.
    pub fn for_points(points: &[MseParams]) -> Result<Self, KnownError> {
        Self::for_points_with(points, Vec::new())
    }

    /// [`Self::for_points`] with `extra` certificates (e.g. the user's own files) beside the
    /// committed ones; they are verified the same way.
    pub fn for_points_with(
        points: &[MseParams],
        extra: Vec<CommittedCertificate>,
    ) -> Result<Self, KnownError> {
        let mut index = Self::default();
        // inside the optimality map the cells proved for every λ are the map's own (one
        // source): a chain verified at exactly (K, L); the constructions answer outside it
        let mut cells: Vec<(u64, u32)> = points
            .iter()
            .filter(|p| mapped(p) && !dnc_zero_threshold(p))
            .map(|p| (p.classes(), p.layers()))
            .collect();
        cells.sort();
        cells.dedup();
        for (k, l) in cells {
            let chain = every_lambda_chain(k, l)
                .map_err(|reason| KnownError::Construction { claim: MAP, reason })?;
            if let Some((by, cost, _)) = chain {
                let c = q_to_f64(&cost).powf(1.0 / f64::from(l + 1));
                index.chains.push((k, l, by, c));
            }
        }
        for c in ALL_LAMBDA_CONSTRUCTIONS {
            if points
                .iter()
                .any(|p| c.covers(p.classes(), p.layers()) && !dnc_zero_threshold(p))
            {
                check_construction(c)?;
                index.constructions.push(c);
            }
        }
        for d in DNC_OPTIMAL_PROOFS {
            if points.iter().any(|p| d.covers(p.classes(), p.layers())) {
                check_claim(d.claim)?;
                index.optimal.push(d);
            }
        }
        index.add_certificates(points, committed_certificates()?, false)?;
        index.add_certificates(points, extra, true)?;
        Ok(index)
    }

    /// An index of `certificates` alone (no constructions, chains or proofs of DNC's
    /// optimality), each verified by the kernel at the first of `points` it covers and kept only
    /// if it covers one; `user` labels them as the user's files ([`KnownSource::User`]) rather
    /// than committed ones. An error names the first certificate that failed.
    pub fn of_certificates(
        points: &[MseParams],
        certificates: Vec<CommittedCertificate>,
        user: bool,
    ) -> Result<Self, KnownError> {
        let mut index = Self::default();
        index.add_certificates(points, certificates, user)?;
        Ok(index)
    }

    /// Verify each certificate at the first of `points` it covers and keep it (verified here
    /// once; `lookup` verifies again only the cheap point match).
    fn add_certificates(
        &mut self,
        points: &[MseParams],
        certificates: Vec<CommittedCertificate>,
        user: bool,
    ) -> Result<(), KnownError> {
        for cert in certificates {
            if let Some(p) = points.iter().find(|p| cert.covers(p)) {
                cert.verify_at(p)?;
                if user {
                    self.user.push(cert);
                } else {
                    self.certificates.push(cert);
                }
            }
        }
        Ok(())
    }

    /// The claim proving DNC a global minimiser at `p`, if one in the index covers it (its
    /// claim held when the index was built).
    pub fn dnc_optimal(&self, p: &MseParams) -> Option<&'static str> {
        self.optimal
            .iter()
            .find(|d| d.covers(p.classes(), p.layers()))
            .map(|d| d.claim)
    }

    /// The constructions in the index.
    pub fn constructions(&self) -> &[&'static AllLambdaConstruction] {
        &self.constructions
    }

    /// The certificates in the index (each verified when the index was built).
    pub fn certificates(&self) -> &[CommittedCertificate] {
        &self.certificates
    }

    /// The covering construction's result at `p` (the caller checks that DNC's optimum is
    /// nonzero), if one in the index covers it.
    fn construction_known(&self, p: &MseParams) -> Result<Option<Known>, KnownError> {
        for c in &self.constructions {
            if !c.covers(p.classes(), p.layers()) {
                continue;
            }
            let err = |e: crate::mse::MseError| KnownError::Construction {
                claim: c.claim,
                reason: e.to_string(),
            };
            let dnc = crate::search::certify::dnc_loss(p);
            let own = c.loss_f64(p).map_err(err)?;
            let mut best = (own, c.construction(p).ok());
            // the cheapest closed-form T(r) partition may do better (same claim family at
            // L >= 4; an f64 illustration of the ratio only)
            if matches!(c.block, ExactBlock::Family(_))
                && let Ok(part) = best_partition(p.classes(), p.layers())
                && part
                    .blocks()
                    .iter()
                    .any(|b| !matches!(b, Block::Dnc { .. }))
                && let Ok(fl) = construction_loss(p, &part)
                && fl.loss < best.0
            {
                best = (fl.loss, Some(part));
            }
            let ratio = best.0 / dnc;
            let blocks: Vec<String> = match &best.1 {
                Some(con) => con.blocks().iter().map(|b| b.to_string()).collect(),
                None => vec![c.block.to_string()],
            };
            return Ok(Some(Known {
                source: KnownSource::Construction {
                    claim: c.claim,
                    block: blocks.join(" + "),
                },
                ratio,
                upper: None,
                lower: None,
            }));
        }
        Ok(None)
    }

    /// The optimality map's chain at `p`'s cell, if the index verified one.
    fn chain_known(&self, p: &MseParams) -> Result<Option<Known>, KnownError> {
        let Some((_, _, by, c)) = self
            .chains
            .iter()
            .find(|(k, l, ..)| (*k, *l) == (p.classes(), p.layers()))
        else {
            return Ok(None);
        };
        let err = |e: crate::mse::MseError| KnownError::Construction {
            claim: MAP,
            reason: e.to_string(),
        };
        let dnc = crate::search::certify::dnc_loss(p);
        let own = family_loss(p.c_f64() * c, p.layers()).map_err(err)?.loss;
        Ok(Some(Known {
            source: KnownSource::Construction {
                claim: MAP,
                block: by.replace('`', ""),
            },
            ratio: own / dnc,
            upper: None,
            lower: None,
        }))
    }

    /// The strongest known result at `p`: where DNC's optimum is nonzero, a proof for every
    /// $\lambda$ — at $n = 1$ inside the optimality map exactly when the map verified a chain
    /// at $p$'s cell (the shown source and ratio are the best proved ones: the chain's, or a
    /// covering construction's if its ratio is lower), elsewhere a covering construction —
    /// else the covering certificate with the lowest ratio, else `None`. Certificates are
    /// re-verified by the kernel here too.
    #[cfg_attr(doc, doc = katex!())]
    pub fn lookup(&self, p: &MseParams) -> Result<Option<Known>, KnownError> {
        if !dnc_zero_threshold(p) {
            if mapped(p) {
                if let Some(chain) = self.chain_known(p)? {
                    return Ok(Some(match self.construction_known(p)? {
                        Some(o) if o.ratio < chain.ratio => o,
                        _ => chain,
                    }));
                }
            } else if let Some(k) = self.construction_known(p)? {
                return Ok(Some(k));
            }
        }
        let mut best: Option<Known> = None;
        let all = (self.certificates.iter().map(|c| (c, false)))
            .chain(self.user.iter().map(|c| (c, true)));
        for (cert, user) in all.filter(|(c, _)| c.covers(p)) {
            let mut k = cert.verify_at(p)?;
            if user {
                k.source = KnownSource::User {
                    path: cert.file().to_string(),
                };
            }
            if best.as_ref().is_none_or(|b| k.ratio < b.ratio) {
                best = Some(k);
            }
        }
        Ok(best)
    }

    /// The $(K, \lambda)$ ($\lambda_W = \lambda_H$) at which some committed certificate sits
    /// for these $(L, n)$ and $K$ in `classes` (for adding them to a $\lambda$ grid). Unverified:
    /// the cells they give are verified by [`Self::lookup`].
    pub fn certificate_lambdas(layers: u32, samples: u64, classes: (u64, u64)) -> Vec<(u64, Q)> {
        let Ok(certs) = committed_certificates() else {
            return Vec::new();
        };
        let mut out: Vec<(u64, Q)> = certs
            .iter()
            .filter_map(|c| match c {
                CommittedCertificate::Point { at, .. } => {
                    let ((k, l, n), (lw, lh)) = at;
                    (*l == layers
                        && *n == samples
                        && lw == lh
                        && (classes.0..=classes.1).contains(k))
                    .then(|| (*k, lw.clone()))
                }
                CommittedCertificate::Interval { .. } => None,
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// `true` iff `p` is decided by the optimality map: $(K, L)$ is a cell of it and $n = 1$ (the
/// map's chains have one sample per class).
#[cfg_attr(doc, doc = katex!())]
fn mapped(p: &MseParams) -> bool {
    p.samples() == 1 && in_map(p.classes(), p.layers())
}

fn check_construction(c: &AllLambdaConstruction) -> Result<(), KnownError> {
    check_claim(c.claim)
}

/// Run a registered claim; it must hold.
fn check_claim(id: &'static str) -> Result<(), KnownError> {
    let claim = crate::claims::find(id).ok_or(KnownError::Construction {
        claim: id,
        reason: "no such registered claim".into(),
    })?;
    let report = claim.run(&crate::claims::CheckConfig::default());
    if report.verdict == Verdict::Holds {
        Ok(())
    } else {
        Err(KnownError::Construction {
            claim: id,
            reason: format!("verdict {:?}: {}", report.verdict, report.evidence),
        })
    }
}
