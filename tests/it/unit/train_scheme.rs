//! Tests of `ncverify::train::scheme` (`src/train/scheme.rs`).

use ncverify::construct::scheme::Scheme;
use ncverify::train::Trainer;
use ncverify::train::model::{Activation, Dufm, Loss, Params};
use ncverify::train::scheme::*;
use proptest::prelude::*;

fn dufm(k: usize, layers: usize, lambda_h: f64, lambda_w: f64, relu: bool) -> Dufm {
    Dufm {
        classes: k,
        samples: 1,
        width: k,
        layers,
        lambda_h,
        lambda_w,
        loss: Loss::Mse,
        activation: if relu {
            Activation::Relu
        } else {
            Activation::Linear
        },
    }
}

#[test]
fn group_and_pairs_schemes_are_commutative_algebras() {
    for scheme in [Scheme::cyclic(7), Scheme::z2(3), Scheme::pairs(4)] {
        let a = SchemeAlgebra::new(&scheme);
        assert!(a.is_commutative(), "{}", scheme.name);
        assert_eq!(
            a.sizes().iter().sum::<f64>() as usize,
            scheme.points() * scheme.points()
        );
    }
}

#[test]
fn triangular_five_intersection_numbers() {
    // T(5) = srg(10, 6, 3, 4): A² = 6 I + 3 A + 4 (J − I − A)
    let a = SchemeAlgebra::new(&Scheme::triangular(5));
    assert_eq!(a.dim(), 3);
    assert_eq!(a.sizes(), &[10.0, 60.0, 30.0]);
    assert_eq!(a.identity(), &[1.0, 0.0, 0.0]);
    let sq: Vec<f64> = (0..3).map(|k| a.intersection(1, 1, k)).collect();
    assert_eq!(sq, vec![6.0, 3.0, 4.0]);
    assert!(a.is_commutative());
}

#[test]
fn structure_constants_are_the_kernels() {
    for s in [
        Scheme::triangular(6),
        Scheme::johnson(6, 3),
        Scheme::with_dnc_remainder(4, 3),
        Scheme::cyclic(5),
    ] {
        let a = SchemeAlgebra::new(&s);
        let c = s.configuration();
        let m = c.cells();
        assert_eq!(a.dim(), m);
        for i in 0..m {
            assert_eq!(a.transpose_of(i), c.transposes()[i]);
            for j in 0..m {
                for k in 0..m {
                    assert_eq!(
                        a.intersection(i, j, k),
                        c.intersection(i, j, k).unwrap() as f64,
                        "{}",
                        s.name
                    );
                }
            }
        }
    }
}

#[test]
fn products_match_dense_products() {
    for s in [
        Scheme::triangular(5),
        Scheme::johnson(6, 3),
        Scheme::with_dnc_remainder(4, 3),
    ] {
        let a = SchemeAlgebra::new(&s);
        let m = a.dim();
        let x: Vec<f64> = (0..m).map(|i| 0.3 * i as f64 - 0.7).collect();
        let y: Vec<f64> = (0..m).map(|i| 1.1 - 0.2 * (i * i) as f64).collect();
        let mut out = vec![0.0; m];
        for (xt, yt) in [(false, false), (true, false), (false, true)] {
            a.mul_into(&x, xt, &y, yt, &mut out);
            let op = |c: &[f64], t: bool| {
                let e = a.expand(c);
                if t { e.transpose() } else { e }
            };
            let dense = op(&x, xt) * op(&y, yt);
            assert!((a.expand(&out) - dense).norm() < 1e-12, "{}", s.name);
        }
    }
}

#[test]
fn dnc_remainder_is_closed_but_not_commutative() {
    let a = SchemeAlgebra::new(&Scheme::with_dnc_remainder(4, 3));
    assert!(!a.is_commutative());
}

#[test]
fn rejects_unsupported_models() {
    let a = SchemeAlgebra::new(&Scheme::trivial(3));
    let c = vec![vec![0.1, 0.2]; 3];
    let mut m = dufm(3, 2, 0.0, 0.0, true);
    m.samples = 2;
    assert!(matches!(
        SchemeTrainer::new(a.clone(), m, 0.1, c.clone()),
        Err(SchemeTrainerError::Unsupported { .. })
    ));
    let m = dufm(3, 2, 0.0, 0.0, true);
    for lr in [0.0, -1.0, f64::NAN, 1e-50] {
        let c32: Vec<Vec<f32>> = vec![vec![0.1, 0.2]; 3];
        assert!(
            SchemeTrainer::new(a.clone(), m, lr, c32).is_err(),
            "lr {lr}"
        );
    }
    let short = vec![vec![0.1]; 3];
    assert!(matches!(
        SchemeTrainer::new(a, m, 0.1, short),
        Err(SchemeTrainerError::Coefficients { .. })
    ));
}

#[test]
fn coefficient_gradient_matches_finite_differences() {
    let a = SchemeAlgebra::new(&Scheme::triangular(4));
    let model = dufm(6, 3, 0.02, 0.01, true);
    let c: Vec<Vec<f64>> = (0..4)
        .map(|l| {
            (0..3)
                .map(|j| 0.4 + 0.3 * j as f64 - 0.25 * l as f64)
                .collect()
        })
        .collect();
    let t = SchemeTrainer::new(a.clone(), model, 0.1, c.clone()).unwrap();
    let grad = t.coefficient_gradient();
    let h = 1e-6;
    for l in 0..4 {
        for j in 0..3 {
            let at = |delta: f64| {
                let mut cc = c.clone();
                cc[l][j] += delta;
                SchemeTrainer::new(a.clone(), model, 0.1, cc)
                    .unwrap()
                    .loss()
                    .total()
            };
            let fd = (at(h) - at(-h)) / (2.0 * h);
            assert!(
                (fd - grad[l][j]).abs() < 1e-6 * (1.0 + fd.abs()),
                "({l}, {j}): {fd} vs {}",
                grad[l][j]
            );
        }
    }
}

fn ce(mut model: Dufm) -> Dufm {
    model.loss = Loss::Ce;
    model
}

/// Closed form: trivial scheme ($I$, $J - I$), $L = 1$, $H_1 = I$, $W_1 = aI + b(J - I)$,
/// so $Z = W_1$ and every column has one $a$ (at its label) and $K - 1$ entries $b$:
/// $g = \log(e^a + (K-1)e^b) - a$, and $\nabla W_1 = (\operatorname{softmax}(Z) - I)/K$ has
/// coefficients $(p_a - 1)/K$, $p_b/K$ with $p_x = e^x/(e^a + (K-1)e^b)$.
#[test]
fn ce_matches_closed_form_on_trivial_scheme() {
    for (k, a_, b_) in [(5usize, 0.7f64, -0.4f64), (8, -1.5, 2.0), (3, 30.0, -30.0)] {
        let algebra = SchemeAlgebra::new(&Scheme::trivial(k));
        let model = ce(dufm(k, 1, 0.0, 0.0, false));
        let t =
            SchemeTrainer::new(algebra, model, 1.0, vec![vec![1.0, 0.0], vec![a_, b_]]).unwrap();
        let den = a_.exp() + (k - 1) as f64 * b_.exp();
        let fit = den.ln() - a_;
        let got = t.clone().loss();
        assert!(
            (got.fit - fit).abs() <= 1e-14 * (1.0 + fit.abs()),
            "{got:?} vs {fit}"
        );
        assert_eq!(got.reg, 0.0);
        // ∂L/∂c_j = g_j |A_j| with |I| = K, |J - I| = K(K - 1)
        let kf = k as f64;
        let want = [
            (a_.exp() / den - 1.0) / kf * kf,
            b_.exp() / den / kf * kf * (kf - 1.0),
        ];
        let grad = t.coefficient_gradient();
        for (g, w) in grad[1].iter().zip(want) {
            assert!((g - w).abs() <= 1e-14 * (1.0 + w.abs()), "{g} vs {w}");
        }
    }
}

/// The reduced CE loss and gradient equal the full trainer's on the expanded matrices, on
/// homogeneous schemes and on $T(4)$ + DNC(3) (two fibers, so two column normalisers).
#[test]
fn ce_loss_and_gradient_match_full_trainer() {
    for (scheme, layers, relu) in [
        (Scheme::triangular(5), 3, true),
        (Scheme::johnson(6, 3), 2, false),
        (Scheme::cyclic(6), 4, true),
        (Scheme::with_dnc_remainder(4, 3), 3, true),
    ] {
        let algebra = SchemeAlgebra::new(&scheme);
        let (k, m) = (scheme.points(), algebra.dim());
        let model = ce(dufm(k, layers, 0.01, 0.02, relu));
        let coeffs: Vec<Vec<f64>> = (0..=layers)
            .map(|l| {
                (0..m)
                    .map(|j| 0.9 * ((3 * l + 5 * j) as f64).sin())
                    .collect()
            })
            .collect();
        let t = SchemeTrainer::new(algebra.clone(), model, 0.1, coeffs).unwrap();
        let fast = t.clone().loss();
        let (full, grad) = ncverify::train::trainer::loss_and_gradient(model, t.params()).unwrap();
        let rel = (fast.total() - full.total()).abs() / full.total().abs();
        assert!(rel < 1e-12, "{}: {fast:?} vs {full:?}", scheme.name);
        // the full gradient lies in the algebra, with coefficients (∂L/∂c_j) / |A_j|
        for (cg, g) in t.coefficient_gradient().iter().zip(grad.iter()) {
            let per_entry: Vec<f64> = cg.iter().zip(algebra.sizes()).map(|(x, s)| x / s).collect();
            let d = (algebra.expand(&per_entry) - g).norm();
            assert!(
                d <= 1e-10 * (1.0 + g.norm()),
                "{}: gradient off by {d}",
                scheme.name
            );
        }
    }
}

/// $\gamma_n = nu/(1 - nu)$ (Higham, *Accuracy and Stability of Numerical Algorithms*,
/// 2nd ed., Lemma 3.1): the relative error bound of $n$ rounded operations.
fn gamma(n: usize, u: f64) -> f64 {
    let nu = n as f64 * u;
    assert!(nu < 0.5);
    nu / (1.0 - nu)
}

/// A rigorous bound on $\vert\hat g - g\vert$ for the reduced forward pass and fit computed
/// in a float type with unit roundoff `u` (exact inputs, the coefficients). Entrywise
/// ("running error") analysis in the algebra of nonnegative coefficients: a computed product
/// $\mathrm{fl}(\hat X\hat Y)$ (each term two roundings, $m^2$ terms summed) is within
/// $\gamma_{m^2+2}\thinspace|\hat X||\hat Y|$ of $\hat X\hat Y$ (Higham Lemma 3.4 style), and
/// $|\hat X\hat Y - XY| \le |E_X||Y| + |X||E_Y| + |E_X||E_Y|$; ReLU is 1-Lipschitz and
/// $|\sigma(x)| \le |x|$. The fit adds the rounding of its own operations; `exp` and `ln`
/// are taken within 2 units of `u` (relative; libm's are within 1 ulp). The bound itself is
/// evaluated in f64 (relative error $\sim 10^{-14}$, covered by the factor 1.001).
fn fit_error_bound(t: &SchemeTrainer<f64>, u: f64) -> f64 {
    let a = &t.algebra();
    let m = a.dim();
    let (layers, k) = (t.model().layers, a.points() as f64);
    let abs = |v: &[f64]| v.iter().map(|x| x.abs()).collect::<Vec<f64>>();
    let g = gamma(m * m + 2, u);
    let mul = |x: &[f64], y: &[f64]| {
        let mut o = vec![0.0; m];
        a.mul_into(x, false, y, false, &mut o);
        o
    };
    // (|X|, E_X) for H_1 (exact), then each layer
    let (mut h, mut e) = (abs(&t.coeffs()[0]), vec![0.0; m]);
    for l in 1..=layers {
        let w = abs(&t.coeffs()[l]);
        let prod = mul(&w, &h);
        let prop = mul(&w, &e);
        let he: Vec<f64> = h.iter().zip(&e).map(|(x, y)| x + y).collect();
        let round = mul(&w, &he);
        e = prop.iter().zip(&round).map(|(p, r)| p + g * r).collect();
        h = prod;
    }
    let (z, ez) = (h, e); // |Z| ≤ z, |Ẑ − Z| ≤ ez (coefficientwise)
    let bound = match t.model().loss {
        Loss::Mse => {
            let mut first = 0.0;
            let mut sq = 0.0;
            for j in 0..m {
                let (s, y) = (a.sizes()[j], a.identity()[j]);
                let r = z[j] + y;
                let rho = ez[j] + u * (r + ez[j]);
                first += s * (2.0 * r * rho + rho * rho);
                sq += s * (r + rho) * (r + rho);
            }
            (first + gamma(m + 4, u) * sq) / (2.0 * k)
        }
        Loss::Ce => {
            let (fiber, count) = a.column_fibers().unwrap();
            let fibers: Vec<usize> = (0..m).filter(|&f| a.identity()[f] == 1.0).collect();
            let mut total = 0.0;
            let mut mag = 0.0;
            for &f in &fibers {
                let cells: Vec<usize> = (0..m).filter(|&j| fiber[j] == f).collect();
                let zmax = cells.iter().map(|&j| z[j]).fold(0.0, f64::max);
                let delta = cells.iter().map(|&j| ez[j]).fold(0.0, f64::max);
                // relative error of each exp(ẑ_j − m̂): input error 2δ + u|t|, then exp's own
                let theta = cells
                    .iter()
                    .map(|&j| {
                        let tj = z[j] + zmax + 2.0 * delta;
                        ((2.0 * delta + u * tj).exp() - 1.0) * (1.0 + 2.0 * u) + 2.0 * u
                    })
                    .fold(0.0, f64::max);
                // s = Σ c_j e_j, positive terms: relative error of the computed sum
                let sigma = theta + gamma(cells.len() + 1, u) * (1.0 + theta);
                assert!(sigma < 0.5);
                let ln_s_max = cells.iter().map(|&j| count[j]).sum::<f64>().ln();
                let dln = -(1.0 - sigma).ln() + 2.0 * u * (ln_s_max + 1.0);
                let dsub = ez[f] + delta + u * (z[f] + zmax + ez[f] + delta);
                let ell = ln_s_max + z[f] + zmax + dln + dsub;
                total += a.sizes()[f] * (dln + dsub + u * ell);
                mag += a.sizes()[f] * ell;
            }
            (total + gamma(fibers.len() + 3, u) * mag) / k
        }
    };
    // the regulariser: m-term sums of three products per parameter, L + 1 of them, and
    // the final combination (λ's rounded too)
    let reg_mag: f64 = t.coeffs().iter().map(|c| a.inner(c, c)).sum::<f64>()
        * 0.5
        * t.model().lambda_h.max(t.model().lambda_w);
    1.001 * (bound + gamma(m + layers + 8, u) * reg_mag)
}

/// f32 against f64 on the same (f32-representable) point: the loss differs by at most the
/// sum of the two rounding-error bounds of [`fit_error_bound`] (u = 2^-24 and 2^-53).
#[test]
fn f32_loss_within_derived_rounding_bound() {
    for (scheme, layers, relu) in [
        (Scheme::triangular(5), 3, true),
        (Scheme::johnson(6, 3), 2, false),
        (Scheme::with_dnc_remainder(4, 3), 4, true),
        (Scheme::pairs(3), 3, false),
    ] {
        for loss in [Loss::Mse, Loss::Ce] {
            let algebra = SchemeAlgebra::new(&scheme);
            let (k, m) = (scheme.points(), algebra.dim());
            let mut model = dufm(k, layers, 0.01, 0.02, relu);
            model.loss = loss;
            // u_j K / (m |A_j|) with |u_j| ≤ 1.5: spectral norms at most 1.5
            let c32: Vec<Vec<f32>> = (0..=layers)
                .map(|l| {
                    (0..m)
                        .map(|j| {
                            let u = 1.5 * ((2 * l + 7 * j) as f64).cos();
                            (u * k as f64 / (m as f64 * algebra.sizes()[j])) as f32
                        })
                        .collect()
                })
                .collect();
            let c64: Vec<Vec<f64>> = c32
                .iter()
                .map(|v| v.iter().map(|&x| f64::from(x)).collect())
                .collect();
            let mut t32 = SchemeTrainer::new(algebra.clone(), model, 0.1, c32).unwrap();
            let mut t64 = SchemeTrainer::new(algebra, model, 0.1, c64).unwrap();
            let bound = fit_error_bound(&t64, f64::from(f32::EPSILON) / 2.0)
                + fit_error_bound(&t64, f64::EPSILON / 2.0);
            let (a, b) = (f64::from(t32.loss().total()), t64.loss().total());
            assert!(
                (a - b).abs() <= bound,
                "{} {loss:?}: f32 {a} vs f64 {b}, bound {bound}",
                scheme.name
            );
            // the bound is a small multiple of f32's rounding of the loss, not a blanket tolerance
            assert!(
                bound < 1e-4 * b.abs(),
                "{}: bound {bound} loss {b}",
                scheme.name
            );
        }
    }
}

/// Relative Frobenius distance of two parameter sets.
fn rel_params(a: &Params<f64>, b: &Params<f64>) -> f64 {
    let (mut d, mut n) = (0.0, 0.0);
    for (x, y) in a.iter().zip(b.iter()) {
        d += (x - y).norm_squared();
        n += y.norm_squared();
    }
    (d / n.max(1e-300)).sqrt()
}

prop_compose! {
    /// A scheme among trivial(3..=6), T(4), T(5), J(6,3), cyclic(5), cyclic(6), Z2^2,
    /// Z2^3, pairs(2), pairs(3).
    fn small_scheme()(pick in 0usize..13) -> Scheme {
        match pick {
            0..=3 => Scheme::trivial(pick + 3),
            4 => Scheme::triangular(4),
            5 => Scheme::triangular(5),
            6 => Scheme::johnson(6, 3),
            7 => Scheme::cyclic(5),
            8 => Scheme::cyclic(6),
            9 => Scheme::z2(2),
            10 => Scheme::z2(3),
            11 => Scheme::pairs(2),
            _ => Scheme::pairs(3),
        }
    }
}

prop_compose! {
    /// A scheme, a model on its points, a step size and random coefficients of matrices with
    /// spectral norm at most 1.
    fn scheme_run()(scheme in small_scheme(), layers in 1usize..=4, relu in any::<bool>(),
                    lambda_h in prop_oneof![Just(0.0), 0.0..0.05f64],
                    lambda_w in prop_oneof![Just(0.0), 0.0..0.05f64],
                    lr in 0.01..0.2f64, use_ce in any::<bool>())
        (coeffs in proptest::collection::vec(
            proptest::collection::vec(-1.0..1.0f64, SchemeAlgebra::new(&scheme).dim()),
            layers + 1),
         scheme in Just(scheme), layers in Just(layers), relu in Just(relu),
         lambda_h in Just(lambda_h), lambda_w in Just(lambda_w), lr in Just(lr),
         use_ce in Just(use_ce))
        -> (Scheme, Dufm, f64, Vec<Vec<f64>>) {
        let mut model = dufm(scheme.points(), layers, lambda_h, lambda_w, relu);
        if use_ce {
            model.loss = Loss::Ce;
        }
        // c_j = u_j K / (m |A_j|): every expanded matrix has spectral norm at most 1
        // (|A_j| / K is the row sum of a regular cell), so GD at lr <= 0.2 stays bounded
        let algebra = SchemeAlgebra::new(&scheme);
        let (k, m) = (scheme.points() as f64, algebra.dim() as f64);
        let coeffs = coeffs
            .into_iter()
            .map(|u| u.iter().zip(algebra.sizes()).map(|(x, s)| x * k / (m * s)).collect())
            .collect();
        (scheme, model, lr, coeffs)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn matches_full_trainer_for_fifty_steps((scheme, model, lr, coeffs) in scheme_run()) {
        let algebra = SchemeAlgebra::new(&scheme);
        let mut fast = SchemeTrainer::new(algebra, model, lr, coeffs).unwrap();
        let mut full = Trainer::<f64>::new(model, lr, fast.params()).unwrap();
        for step in 0..50 {
            let (a, b) = (fast.step(), full.step());
            let rel = (a.total() - b.total()).abs() / b.total().abs().max(1e-300);
            prop_assert!(rel < 1e-10, "{} step {step}: loss {} vs {}", scheme.name, a.total(), b.total());
            let rp = rel_params(&fast.params(), full.params());
            prop_assert!(rp < 1e-10, "{} step {step}: params rel {rp}", scheme.name);
        }
    }
}
