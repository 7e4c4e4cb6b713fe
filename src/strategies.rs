//! # Proptest strategies for ncverify's types
//!
//! **This module is only available with the `proptest` feature** (as nalgebra's
//! `nalgebra::proptest` needs its `proptest-support` feature):
//!
//! ```toml
//! [dev-dependencies]
//! ncverify = { version = "0.1", features = ["proptest"] }
//! proptest = "1"
//! ```
//!
//! Every generator is a named function returning a proptest `Strategy`; inputs are built by mapping,
//! never by filtering, so shrinking stays inside the domain and no case is rejected. The
//! ranges are small on purpose: exact arithmetic on large instances is slow, and the
//! interesting failures of this crate's properties show up at a handful of classes and layers.
//! ncverify's own property tests (`tests/`) use these same generators.
//!
//! ## Main definitions
//! - Exact numbers: [`small_rational`] ($p/q$, $\lvert p\rvert \le 12$, $1 \le q \le 6$),
//!   [`positive_scale`] ($[1/6, 3]$), [`lambda_q`] ($m/10^e$ in $[10^{-6}, 0.9]$),
//!   [`rational_matrix`].
//! - Floating point: [`lambda_f64`] (log-uniform in $[10^{-8}, 1]$), [`f64_matrix`].
//! - Deep-UFM parameter sets: [`dufm_shape`] $(K, n, d, L)$, [`dufm_params_f64`] and
//!   [`dufm_params_exact`] $(K, n, H_1, [W_1, \dots, W_L])$.
//! - MSE: [`mse_params`] (exact $\lambda$), [`mse_params_f64`] ($\lambda$ drawn as `f64`,
//!   entered exactly), [`block`], [`family`], [`family_and_params`] (a family that applies at
//!   the parameters) and [`covering_construction`] (blocks covering exactly $K$ classes).
//! - Cross-entropy: [`ce_ufm`], [`ce_family`], [`ce_scale`].
//! - Training: [`small_model`] (any loss, activation and small sizes), [`model_and_seed`].
//!
//! ## Main results
//! None (test support).
//!
//! ## Example
//! ```
//! use ncverify::prelude::*;
//! use ncverify::strategies::{family_and_params, small_rational};
//! use proptest::prelude::*;
//!
//! proptest! {
//!     #![proptest_config(ProptestConfig::with_cases(16))]
//!     # /*
//!     #[test]
//!     # */
//!     fn optimal_loss_is_at_most_the_zero_solution((family, p) in family_and_params()) {
//!         let loss = construction_loss(&p, &family.construction(&p).unwrap()).unwrap().loss;
//!         prop_assert!(loss <= 0.5);
//!     }
//!
//!     # /*
//!     #[test]
//!     # */
//!     fn rationals_add_exactly(a in small_rational(), b in small_rational()) {
//!         prop_assert_eq!(&a + &b - &b, a);
//!     }
//! }
//! # optimal_loss_is_at_most_the_zero_solution();
//! # rationals_add_exactly();
//! ```
//!
//! ## References
//! The proptest book, "Filtering" (build inputs with `prop_map`, do not filter them).
#![cfg_attr(doc, doc = katex!())]

use crate::ce::family::{CeUfm, Family as CeFamily};
use crate::kernel::QMatrix;
use crate::kernel::arith::rational::{Q, q};
use crate::kernel::mse::family::triangular_classes;
use crate::mse::family::{Block, Construction, Family};
use crate::mse::params::MseParams;
use crate::numeric::f64_to_q;
use crate::train::model::{Activation, Dufm, Loss};
use nalgebra::DMatrix;
use proptest::prelude::*;

prop_compose! {
    /// A small rational $p/q$ with $\lvert p\rvert \le 12$, $1 \le q \le 6$.
    pub fn small_rational()(p in -12i64..=12, d in 1i64..=6) -> Q { q(p, d) }
}

prop_compose! {
    /// A positive rational scale in $[1/6, 3]$.
    pub fn positive_scale()(p in 1i64..=18, d in 1i64..=6) -> Q { q(p, d) }
}

prop_compose! {
    /// A regularisation strength $m/10^e$, $1 \le m \le 9$, $1 \le e \le 6$ (so in
    /// $[10^{-6}, 0.9]$), exact.
    pub fn lambda_q()(m in 1i64..=9, e in 1u32..=6) -> Q { q(m, 10i64.pow(e)) }
}

prop_compose! {
    /// A `rows` × `cols` rational matrix with [`small_rational`] entries.
    pub fn rational_matrix(rows: usize, cols: usize)
        (entries in proptest::collection::vec(small_rational(), rows * cols)) -> QMatrix {
        QMatrix::new(rows, cols, entries).expect("rows * cols entries")
    }
}

prop_compose! {
    /// A regularisation strength log-uniform in $[10^{-8}, 1]$.
    pub fn lambda_f64()(e in -8.0f64..0.0) -> f64 { 10f64.powf(e) }
}

prop_compose! {
    /// A `rows` × `cols` `f64` matrix with entries in $[-1, 1)$.
    pub fn f64_matrix(rows: usize, cols: usize)
        (v in proptest::collection::vec(-1.0f64..1.0, rows * cols)) -> DMatrix<f64> {
        DMatrix::from_vec(rows, cols, v)
    }
}

/// The shape $(K, n, d, L)$ of a small deep UFM: $K \in [2, 4]$, $n \in [1, 3]$,
/// $d \in [K, K + 2]$, $L \in [1, 4]$.
#[cfg_attr(doc, doc = katex!())]
pub fn dufm_shape() -> impl Strategy<Value = (usize, usize, usize, usize)> {
    (2usize..=4, 1usize..=3, 0usize..=2, 1usize..=4)
        .prop_map(|(k, n, extra, l)| (k, n, k + extra, l))
}

/// `f64` deep-UFM parameters $(K, n, H_1, [W_1, \dots, W_L])$ of a [`dufm_shape`]:
/// $H_1 \in \mathbb R^{d \times Kn}$, $W_l \in \mathbb R^{d\times d}$, $W_L \in \mathbb
/// R^{K \times d}$, entries in $[-1, 1)$.
#[cfg_attr(doc, doc = katex!())]
pub fn dufm_params_f64() -> impl Strategy<Value = (usize, usize, DMatrix<f64>, Vec<DMatrix<f64>>)> {
    dufm_shape().prop_flat_map(|(k, n, d, l)| {
        let h = f64_matrix(d, k * n);
        let ws: Vec<_> = (0..l)
            .map(|i| {
                if i + 1 == l {
                    f64_matrix(k, d)
                } else {
                    f64_matrix(d, d)
                }
            })
            .collect();
        (Just(k), Just(n), h, ws)
    })
}

/// Exact deep-UFM parameters $(K, n, H_1, [W_1, \dots, W_L])$ with $d = K \in [2, 3]$,
/// $n \in [1, 2]$, $L \in [1, 3]$ and [`small_rational`] entries.
#[cfg_attr(doc, doc = katex!())]
pub fn dufm_params_exact() -> impl Strategy<Value = (usize, usize, QMatrix, Vec<QMatrix>)> {
    (2usize..=3, 1usize..=2, 1usize..=3).prop_flat_map(|(k, n, l)| {
        let h = rational_matrix(k, k * n);
        let ws: Vec<_> = (0..l).map(|_| rational_matrix(k, k)).collect();
        (Just(k), Just(n), h, ws)
    })
}

prop_compose! {
    /// MSE deep-UFM parameters: $K \in [2, 30]$, $L \in [1, 6]$, $n \in [1, 3]$,
    /// $\lambda_W, \lambda_H$ from [`lambda_q`].
    pub fn mse_params()(
        k in 2u64..=30, l in 1u32..=6, lw in lambda_q(), lh in lambda_q(), n in 1u64..=3,
    ) -> MseParams {
        MseParams::new(k, l, lw, lh, n).expect("inside the domain of MseParams::new")
    }
}

prop_compose! {
    /// MSE deep-UFM parameters with $\lambda_W, \lambda_H$ drawn by [`lambda_f64`] and entered
    /// exactly (every finite double is a dyadic rational): $K \in [2, 200]$, $L \in [1, 8]$,
    /// $n \in [1, 50]$.
    pub fn mse_params_f64()(
        k in 2u64..=200, l in 1u32..=8, lw in lambda_f64(), lh in lambda_f64(), n in 1u64..=50,
    ) -> MseParams {
        let exact = |x: f64| f64_to_q(x).expect("a finite double");
        MseParams::new(k, l, exact(lw), exact(lh), n).expect("inside the domain of MseParams::new")
    }
}

/// One block: DNC on $m \in [1, 12]$ classes, the B-chain on $T(r)$, $r \in [3, 8]$, or the
/// Johnson chain on $J(r, t)$, $2 \le t < r \le 7$.
#[cfg_attr(doc, doc = katex!())]
pub fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        (1u64..=12).prop_map(|classes| Block::Dnc { classes }),
        (3u64..=8).prop_map(|r| Block::Triangular { r }),
        (3u64..=7)
            .prop_flat_map(|r| (Just(r), 2..r))
            .prop_map(|(r, t)| Block::Johnson { r, t }),
    ]
}

/// One of the MSE families.
pub fn family() -> impl Strategy<Value = Family> {
    prop_oneof![
        Just(Family::Dnc),
        Just(Family::Srg),
        Just(Family::SrgBlock),
        Just(Family::SrgBest),
    ]
}

/// A family with parameters at which it applies ([`Family::construction`] succeeds):
/// `Srg` gets a triangular $K = r(r-1)/2$, $r \in [3, 8]$, and `Srg`, `SrgBlock` get
/// $L \ge 2$, `SrgBlock` $K \ge 6$; the $\lambda$ are from [`lambda_q`].
#[cfg_attr(doc, doc = katex!())]
pub fn family_and_params() -> impl Strategy<Value = (Family, MseParams)> {
    let k_for = |f: Family| -> BoxedStrategy<u64> {
        match f {
            Family::Srg => (3u64..=8)
                .prop_map(|r| triangular_classes(r).expect("small r"))
                .boxed(),
            Family::SrgBlock => (6u64..=30).boxed(),
            Family::Dnc | Family::SrgBest => (2u64..=30).boxed(),
        }
    };
    family().prop_flat_map(move |f| {
        let min_l = if matches!(f, Family::Dnc | Family::SrgBest) {
            1
        } else {
            2
        };
        (
            Just(f),
            k_for(f),
            min_l..=6u32,
            lambda_q(),
            lambda_q(),
            1u64..=3,
        )
            .prop_map(|(f, k, l, lw, lh, n)| {
                let p = MseParams::new(k, l, lw, lh, n).expect("inside the domain");
                (f, p)
            })
    })
}

/// Parameters with $L \in [2, 6]$ and a construction covering exactly their $K$ classes:
/// up to three $T(r)$ blocks ($r \in [3, 6]$) and a DNC block on $m \in [0, 8]$ further
/// classes (omitted when $m = 0$; at least one block in all).
#[cfg_attr(doc, doc = katex!())]
pub fn covering_construction() -> impl Strategy<Value = (MseParams, Construction)> {
    (
        proptest::collection::vec(3u64..=6, 0..=3),
        0u64..=8,
        2u32..=6,
        lambda_q(),
        lambda_q(),
        1u64..=3,
    )
        .prop_map(|(rs, dnc, l, lw, lh, n)| {
            let mut blocks: Vec<Block> = rs.into_iter().map(|r| Block::Triangular { r }).collect();
            // at least two classes and one block: a DNC block of 2 when nothing else was drawn
            let dnc = if blocks.is_empty() { dnc.max(2) } else { dnc };
            if dnc > 0 {
                blocks.push(Block::Dnc { classes: dnc });
            }
            let c = Construction::new(blocks).expect("valid small blocks");
            let k = c.classes();
            let p = MseParams::new(k, l, lw, lh, n).expect("inside the domain");
            (p, c)
        })
}

prop_compose! {
    /// A cross-entropy deep linear UFM: $K \in [2, 7]$, $L \in [1, 5]$, $\lambda = a/10^4$
    /// with $a \in [1, 999]$, $n \in [1, 3]$.
    pub fn ce_ufm()(k in 2usize..8, l in 1u32..6, lam in 1i64..1000, n in 1u64..4) -> CeUfm {
        CeUfm::new(k, l, q(lam, 10_000), n).expect("inside the domain of CeUfm::new")
    }
}

/// The DNC or the paired CE family.
pub fn ce_family() -> impl Strategy<Value = CeFamily> {
    prop_oneof![Just(CeFamily::Dnc), Just(CeFamily::Paired)]
}

prop_compose! {
    /// A CE family scale $a/100 \in (0, 20]$.
    pub fn ce_scale()(a in 1i64..=2000) -> Q { q(a, 100) }
}

prop_compose! {
    /// A small trainable model with every option: $K \in [1, 5]$, $n \in [1, 3]$,
    /// $d \in [1, 7]$, $L \in [1, 4]$, MSE or CE, ReLU or linear, $\lambda_H, \lambda_W \in
    /// [0, 0.05)$ (zero with positive probability).
    pub fn small_model()(
        classes in 1usize..=5,
        samples in 1usize..=3,
        width in 1usize..=7,
        layers in 1usize..=4,
        ce in any::<bool>(),
        relu in any::<bool>(),
        lambda_h in prop_oneof![Just(0.0), 0.0..0.05f64],
        lambda_w in prop_oneof![Just(0.0), 0.0..0.05f64],
    ) -> Dufm {
        Dufm {
            classes, samples, width, layers, lambda_h, lambda_w,
            loss: if ce { Loss::Ce } else { Loss::Mse },
            activation: if relu { Activation::Relu } else { Activation::Linear },
        }
    }
}

prop_compose! {
    /// A [`small_model`], a seed and an initialisation scale in $[0.3, 1.2)$.
    pub fn model_and_seed()(model in small_model(), seed in any::<u64>(), scale in 0.3..1.2f64)
        -> (Dufm, u64, f64) {
        (model, seed, scale)
    }
}
