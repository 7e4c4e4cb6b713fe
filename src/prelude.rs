//! # The names a paper author needs, in one import
//!
//! ```
//! use ncverify::prelude::*;
//!
//! let p = MseParams::new(6, 4, q(1, 1000), q(1, 1000), 1)?;
//! let srg = construction_loss(&p, &Family::Srg.construction(&p)?)?;
//! let dnc = construction_loss(&p, &Family::Dnc.construction(&p)?)?;
//! assert!(srg.loss < dnc.loss);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Main definitions
//! - Claims ([`crate::claims`]): [`Registry`], [`find`], [`registry`], [`run`], [`report`], [`Claim`], [`Outcome`], [`Verdict`],
//!   [`Method`], [`CheckConfig`], [`Report`].
//! - Trusted kernel ([`crate::kernel`]): exact rationals [`Q`] (built with [`q`]`(a, b)` $=
//!   a/b$ and [`qi`]`(a)` $= a$, parsed exactly by [`parse_rational`]), intervals
//!   [`QInterval`], [`QMatrix`], [`QPoly`] and the proof token [`Fact`].
//! - Certificates: [`Certificate`] (point), [`IntervalCertificate`], either one as
//!   [`CertificateFile`] (parse with `CertificateFile::from_toml`, then `verify`), what
//!   verification established ([`Verified`], [`IntervalVerified`], [`AnyVerified`]), the size
//!   limits a certificate file must respect ([`cert_limits`]), and the certificates committed
//!   with the crate through one function, [`committed_certificates`].
//! - The all-$r$ ordering of the B-chain and DNC: [`decide_bchain_vs_dnc`] ([`CostOrder`],
//!   [`BchainOrder`]).
//! - Errors, each with `parameter()` naming the bad argument: [`MseError`], [`RegistryError`],
//!   [`CompareConstructionsError`], [`FamilyError`], [`CertificateError`],
//!   [`IntervalCertificateError`], [`ParseRationalError`], [`ReportError`].
//! - MSE deep UFM ([`crate::mse`]): [`MseParams`], [`Block`], [`Construction`], [`Family`],
//!   [`FamilyLoss`], [`family_loss`], [`construction_loss`], [`dnc_zero_threshold`], and the
//!   exact comparison [`compare_constructions`] ([`Comparison`], [`LossOrdering`],
//!   [`enclose_construction_loss`]).
//! - Cross-entropy deep linear UFM ([`crate::ce`]): [`CeUfm`] and its families [`CeFamily`]
//!   (`ncverify::ce::family::Family`, renamed here because the MSE one is [`Family`]).
//! - Numerics ([`crate::numeric`]): [`svd`], [`q_to_f64`], [`f64_to_q`].
//! - nalgebra's [`DMatrix`] and [`DVector`], the types of every `f64` matrix in the API.
//!
//! ## Main results
//! None (re-exports).
//!
//! ## References
//! None.
#![cfg_attr(doc, doc = katex!())]

pub use crate::ce::family::{CeUfm, Family as CeFamily};
pub use crate::claims::RegistryError;
pub use crate::claims::cert::{CertificateKind, CommittedCertificate, committed_certificates};
pub use crate::claims::report::ReportError;
pub use crate::claims::{
    CheckConfig, Claim, Method, Outcome, Registry, Report, Verdict, find, registry, report, run,
};
pub use crate::kernel::arith::interval::QInterval;
pub use crate::kernel::arith::rational::{ParseRationalError, parse_rational, q, qi, try_q};
pub use crate::kernel::cert::interval::{
    AnyVerified, CertificateFile, IntervalCertificate, IntervalCertificateError, IntervalVerified,
};
pub use crate::kernel::cert::limits as cert_limits;
pub use crate::kernel::cert::point::{Certificate, CertificateError, Verified};
pub use crate::kernel::mse::family::FamilyError;
pub use crate::kernel::mse::order::{BchainOrder, CostOrder, decide_bchain_vs_dnc};
pub use crate::kernel::{Fact, Q, QMatrix, QPoly};
pub use crate::mse::compare::{
    CompareConstructionsError, Comparison, LossOrdering, compare_constructions,
    enclose_construction_loss,
};
pub use crate::mse::family::{
    Block, Construction, Family, FamilyLoss, construction_loss, dnc_zero_threshold, family_loss,
};
pub use crate::mse::params::{MseError, MseParams};
pub use crate::numeric::{f64_to_q, q_to_f64, svd};
pub use nalgebra::{DMatrix, DVector};
