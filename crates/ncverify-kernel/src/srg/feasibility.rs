//! # Feasibility conditions for srg parameters
//!
//! ## Main definitions
//! - [`FeasibilityCondition`]: one named necessary condition each; [`Feasibility`]: the
//!   outcomes (made only by [`feasibility`]), with [`Feasibility::fact`].
//!
//! ## Main results
//! [`feasibility`] evaluates exactly, in $\mathbb{Z}$ and $\mathbb{Q}(\sqrt\Delta)$:
//! - non-triviality $0 < k < v - 1$;
//! - the counting identity $k(k-\lambda-1) = \mu(v-k-1)$;
//! - integral multiplicities: $f, g \in \mathbb{Z}_{\ge 0}$;
//! - Belevitch: conference parameters $(4\mu+1, 2\mu, \mu-1, \mu)$ need $v = a^2 + b^2$;
//! - the Krein conditions $(r+1)(k+r+2rs) \le (k+r)(s+1)^2$ and
//!   $(s+1)(k+s+2rs) \le (k+s)(r+1)^2$;
//! - for primitive parameters ($0 < \mu < k$) the absolute bound $v \le f(f+3)/2$,
//!   $v \le g(g+3)/2$.
//!
//! These are *necessary* conditions: a feasible parameter set need not be realised.
//!
//! ## References
//! - A. E. Brouwer, J. H. van Lint, *Strongly regular graphs and partial geometries* (1984).
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §9.1 (Krein:
//!   Thm 9.1.8; the half case; the absolute bound).
//! - V. Belevitch, *Theorem of 2n-terminal networks with application to conference
//!   telephony*, Electr. Commun. 26 (1950): a symmetric conference matrix of order
//!   $n \equiv 2 \pmod 4$ needs $n - 1$ to be a sum of two squares.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::quadratic::Quadratic;
use crate::arith::rational::{Q, Z};
use crate::fact::Fact;
use crate::srg::SrgParams;
use crate::srg::spectrum::{Spectrum, spectrum};
use num_integer::Roots;
use num_traits::Signed;
use std::cmp::Ordering;
use std::fmt;

/// A named necessary condition for the existence of an srg$(v, k, \lambda, \mu)$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FeasibilityCondition {
    /// $0 < k < v - 1$ (neither edgeless nor complete).
    NonTrivial,
    /// $k(k - \lambda - 1) = \mu(v - k - 1)$: count the edges between the neighbourhood of a
    /// vertex and its non-neighbourhood in two ways.
    CountingIdentity,
    /// $f$ and $g$ are non-negative integers (multiplicities of eigenvalues).
    IntegralMultiplicities,
    /// For conference parameters $(4\mu+1, 2\mu, \mu-1, \mu)$, $v$ is a sum of two squares
    /// (a conference graph gives a symmetric conference matrix of order $v + 1$; Belevitch).
    ConferenceSumOfTwoSquares,
    /// $(r+1)(k+r+2rs) \le (k+r)(s+1)^2$.
    Krein1,
    /// $(s+1)(k+s+2rs) \le (k+s)(r+1)^2$.
    Krein2,
    /// $v \le f(f+3)/2$ (primitive graphs only).
    AbsoluteBoundF,
    /// $v \le g(g+3)/2$ (primitive graphs only).
    AbsoluteBoundG,
}

impl FeasibilityCondition {
    /// Every condition, in evaluation order.
    pub const ALL: [Self; 8] = [
        Self::NonTrivial,
        Self::CountingIdentity,
        Self::IntegralMultiplicities,
        Self::ConferenceSumOfTwoSquares,
        Self::Krein1,
        Self::Krein2,
        Self::AbsoluteBoundF,
        Self::AbsoluteBoundG,
    ];

    /// Stable snake_case name (used in JSON `reasons`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::NonTrivial => "non_trivial",
            Self::CountingIdentity => "counting_identity",
            Self::IntegralMultiplicities => "integral_multiplicities",
            Self::ConferenceSumOfTwoSquares => "conference_sum_of_two_squares",
            Self::Krein1 => "krein_1",
            Self::Krein2 => "krein_2",
            Self::AbsoluteBoundF => "absolute_bound_f",
            Self::AbsoluteBoundG => "absolute_bound_g",
        }
    }

    /// The condition as a formula.
    pub fn formula(&self) -> &'static str {
        match self {
            Self::NonTrivial => "0 < k < v-1",
            Self::CountingIdentity => "k(k-lambda-1) = mu(v-k-1)",
            Self::IntegralMultiplicities => "f, g non-negative integers",
            Self::ConferenceSumOfTwoSquares => "conference => v = a^2 + b^2",
            Self::Krein1 => "(r+1)(k+r+2rs) <= (k+r)(s+1)^2",
            Self::Krein2 => "(s+1)(k+s+2rs) <= (k+s)(r+1)^2",
            Self::AbsoluteBoundF => "v <= f(f+3)/2",
            Self::AbsoluteBoundG => "v <= g(g+3)/2",
        }
    }
}

impl fmt::Display for FeasibilityCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The outcome of every feasibility condition that could be evaluated, and the formal
/// spectrum when it is defined. Only [`feasibility`] makes one.
///
/// Gating: `non_trivial` and `counting_identity` are always evaluated; the spectral
/// conditions need both (the spectrum is only meaningful then) and are listed in
/// [`Feasibility::skipped`] otherwise. The absolute bound additionally needs integral
/// multiplicities and is a theorem about *primitive* graphs ($0 < \mu < k$) only, so it is
/// skipped for imprimitive parameter sets: the octahedron $T(4)$ = srg(6, 4, 2, 4) has $g = 2$
/// and $g(g+3)/2 = 5 < 6$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feasibility {
    params: SrgParams,
    checks: Vec<(FeasibilityCondition, bool)>,
    skipped: Vec<FeasibilityCondition>,
    spectrum: Option<Spectrum>,
}

impl Feasibility {
    /// The parameters.
    pub fn params(&self) -> &SrgParams {
        &self.params
    }

    /// Each evaluated condition with whether it holds, in evaluation order.
    pub fn checks(&self) -> &[(FeasibilityCondition, bool)] {
        &self.checks
    }

    /// Conditions not evaluated because a prerequisite failed (or, for the absolute bound,
    /// because the parameters are imprimitive).
    pub fn skipped(&self) -> &[FeasibilityCondition] {
        &self.skipped
    }

    /// The formal spectrum, when non-triviality and the counting identity hold.
    pub fn spectrum(&self) -> Option<&Spectrum> {
        self.spectrum.as_ref()
    }

    /// `true` iff every evaluated condition holds.
    pub fn is_feasible(&self) -> bool {
        self.checks.iter().all(|(_, ok)| *ok)
    }

    /// The failed conditions.
    pub fn failed(&self) -> Vec<FeasibilityCondition> {
        self.checks
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(c, _)| *c)
            .collect()
    }

    /// The names of the failed conditions (empty iff feasible).
    pub fn reasons(&self) -> Vec<&'static str> {
        self.failed().iter().map(|c| c.name()).collect()
    }

    /// Whether `c` holds, or `None` if it was skipped.
    pub fn holds(&self, c: FeasibilityCondition) -> Option<bool> {
        self.checks.iter().find(|(d, _)| *d == c).map(|(_, ok)| *ok)
    }

    /// The established statement: $\Delta$, the spectrum with whether $r, s$ are rational and
    /// $f, g$ non-negative integers, and every condition's outcome, e.g.
    /// "srg(21, 10, 4, 5): Delta = 21, r, s = (-1+√21)/2, (-1-√21)/2 are irrational, f = 10,
    /// g = 10 are non-negative integers; non_trivial holds, ...".
    pub fn fact(&self) -> Fact {
        let mut s = format!("{}: Delta = {}", self.params, self.params.discriminant());
        if let Some(spec) = &self.spectrum {
            let rational = if spec.r().is_rational() && spec.s().is_rational() {
                "are rational"
            } else {
                "are irrational"
            };
            let integral = if is_natural(spec.f()) && is_natural(spec.g()) {
                "are non-negative integers"
            } else {
                "are not both non-negative integers"
            };
            s.push_str(&format!(
                ", r, s = {}, {} {rational}, f = {}, g = {} {integral}",
                spec.r(),
                spec.s(),
                spec.f(),
                spec.g()
            ));
        }
        let outcomes: Vec<String> = FeasibilityCondition::ALL
            .iter()
            .map(|c| match self.holds(*c) {
                Some(true) => format!("{c} holds"),
                Some(false) => format!("{c} fails"),
                None => format!("{c} not evaluated"),
            })
            .collect();
        s.push_str(&format!("; {}", outcomes.join(", ")));
        Fact::new(s)
    }
}

/// `true` iff `x` is a non-negative integer.
fn is_natural(x: &Quadratic) -> bool {
    x.to_integer().is_some_and(|n| !n.is_negative())
}

/// `true` iff $n = a^2 + b^2$ for integers $a, b$.
// n = a^2 + b^2 for some 0 <= a <= sqrt(n)
fn is_sum_of_two_squares(n: u64) -> bool {
    (0..=n.sqrt()).any(|a| {
        let rest = n - a * a;
        let b = rest.sqrt();
        b * b == rest
    })
}

/// $v \le m(m+3)/2$ for an integral multiplicity $m$.
fn absolute_bound(v: u64, mult: &Quadratic) -> Option<bool> {
    let m = mult.to_rational()?;
    Some(
        Q::from_integer(Z::from(v))
            <= &m * (&m + Q::from_integer(Z::from(3))) / Q::from_integer(Z::from(2)),
    )
}

/// Evaluate the feasibility conditions ([`FeasibilityCondition`]) exactly.
///
/// # Cost
/// Constant: a handful of exact operations in $\mathbb Z$ and $\mathbb Q(\sqrt\Delta)$.
///
/// # Examples
/// ```
/// use ncverify_kernel::srg::SrgParams;
/// use ncverify_kernel::srg::feasibility::feasibility;
/// assert!(feasibility(&SrgParams::new(10, 3, 0, 1)?).is_feasible()); // Petersen
/// assert!(!feasibility(&SrgParams::new(10, 3, 1, 1)?).is_feasible());
///
/// # Ok::<(), ncverify_kernel::srg::SrgError>(())
/// ```
// the conditions of the module docs, in Z and Q(sqrt Delta)
pub fn feasibility(p: &SrgParams) -> Feasibility {
    use FeasibilityCondition as C;
    let (v, k, l, m) = p.as_integers();
    let mut checks = Vec::new();
    let non_trivial = k.is_positive() && &k + 1 < v;
    checks.push((C::NonTrivial, non_trivial));
    // k(k - lambda - 1) = mu (v - k - 1)
    let identity = &k * (&k - &l - 1) == &m * (&v - &k - 1);
    checks.push((C::CountingIdentity, identity));
    let spec = if non_trivial && identity {
        // Delta > 0 here for parameters in the domain (Delta = 0 forces lambda = mu = k,
        // which contradicts the identity); otherwise the spectral conditions are skipped.
        spectrum(p).ok()
    } else {
        None
    };
    let Some(spec) = spec else {
        return Feasibility {
            params: *p,
            checks,
            skipped: C::ALL[2..].to_vec(),
            spectrum: None,
        };
    };
    let integral = is_natural(spec.f()) && is_natural(spec.g());
    checks.push((C::IntegralMultiplicities, integral));
    checks.push((
        C::ConferenceSumOfTwoSquares,
        !p.is_conference() || is_sum_of_two_squares(p.v),
    ));
    let (kq, r, s) = (&spec.eigenvalues[0], spec.r(), spec.s());
    let one = Quadratic::integer(1);
    let two_rs = (r * s).scale(&Q::from_integer(Z::from(2)));
    let (r1, s1) = (r + &one, s + &one);
    // (k+r)(s+1)^2 - (r+1)(k+r+2rs) >= 0
    let krein1 = &(&(kq + r) * &(&s1 * &s1)) - &(&r1 * &(&(kq + r) + &two_rs));
    // (k+s)(r+1)^2 - (s+1)(k+s+2rs) >= 0
    let krein2 = &(&(kq + s) * &(&r1 * &r1)) - &(&s1 * &(&(kq + s) + &two_rs));
    checks.push((C::Krein1, krein1.sign() != Ordering::Less));
    checks.push((C::Krein2, krein2.sign() != Ordering::Less));
    let mut skipped = Vec::new();
    match (
        integral && p.is_primitive(),
        absolute_bound(p.v, spec.f()),
        absolute_bound(p.v, spec.g()),
    ) {
        (true, Some(bf), Some(bg)) => {
            checks.push((C::AbsoluteBoundF, bf));
            checks.push((C::AbsoluteBoundG, bg));
        }
        _ => skipped.extend([C::AbsoluteBoundF, C::AbsoluteBoundG]),
    }
    Feasibility {
        params: *p,
        checks,
        skipped,
        spectrum: Some(spec),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srg::fixtures::params;

    #[test]
    fn feasible_table_entries_pass_every_condition() {
        for (v, k, l, m) in [
            (5, 2, 0, 1),
            (9, 4, 1, 2),
            (10, 3, 0, 1),
            (10, 6, 3, 4),
            (15, 8, 4, 4),
            (13, 6, 2, 3),
            (16, 6, 2, 2),
            (27, 10, 1, 5),
            (36, 14, 4, 6),
        ] {
            let fz = feasibility(&params(v, k, l, m));
            assert!(fz.is_feasible(), "({v},{k},{l},{m}): {:?}", fz.reasons());
            assert!(fz.skipped().is_empty());
            assert_eq!(fz.checks().len(), FeasibilityCondition::ALL.len());
        }
    }

    #[test]
    fn infeasible_sets_name_the_failed_condition() {
        // 2*1 = 2 != 1*3
        let fz = feasibility(&params(6, 2, 0, 1));
        assert_eq!(fz.reasons(), vec!["counting_identity"]);
        assert_eq!(fz.skipped().len(), 6);
        assert!(fz.spectrum().is_none());
        // conference parameters with v = 21 = 3*7, not a sum of two squares
        assert_eq!(
            feasibility(&params(21, 10, 4, 5)).reasons(),
            vec!["conference_sum_of_two_squares"]
        );
        // r, s = 1, -5; f, g = 21, 6: (s+1)(k+s+2rs) = 24 > (k+s)(r+1)^2 = 16, 28 > 6*9/2 = 27
        assert_eq!(
            feasibility(&params(28, 9, 0, 4)).reasons(),
            vec!["krein_2", "absolute_bound_g"]
        );
        assert_eq!(
            feasibility(&params(6, 5, 4, 0)).reasons(),
            vec!["non_trivial"]
        );
        // Delta = 12 is not a square and 2k + (v-1)(lambda-mu) = 10 != 0: f = (30-5√3)/6
        let p = params(11, 5, 2, 2);
        assert_eq!(feasibility(&p).reasons(), vec!["integral_multiplicities"]);
        assert_eq!(spectrum(&p).unwrap().f().to_string(), "(30-5√3)/6");
        // Found by scanning v <= 100: r, s = 1, -9, f, g = 42, 7, and g(g+3)/2 = 35 < 50.
        let fz = feasibility(&params(50, 21, 4, 12));
        assert_eq!(fz.reasons(), vec!["absolute_bound_g"]);
        // its complement (50, 28, 18, 12) swaps f and g
        assert_eq!(
            feasibility(&params(50, 28, 18, 12)).reasons(),
            vec!["absolute_bound_f"]
        );
    }

    #[test]
    fn the_fact_states_the_spectrum_and_every_outcome() {
        assert_eq!(
            feasibility(&params(21, 10, 4, 5)).fact().to_string(),
            "srg(21, 10, 4, 5): Delta = 21, r, s = (-1+√21)/2, (-1-√21)/2 are irrational, \
             f = 10, g = 10 are non-negative integers; non_trivial holds, counting_identity \
             holds, integral_multiplicities holds, conference_sum_of_two_squares fails, \
             krein_1 holds, krein_2 holds, absolute_bound_f holds, absolute_bound_g holds"
        );
        let fact = feasibility(&params(11, 5, 2, 2)).fact().to_string();
        assert!(
            fact.contains("f = (30-5√3)/6, g = (30+5√3)/6 are not both"),
            "{fact}"
        );
        let fact = feasibility(&params(6, 2, 0, 1)).fact().to_string();
        assert!(fact.contains("counting_identity fails, integral_multiplicities not evaluated"));
        // parameters outside the domain are evaluated in Z without overflow
        let wild = SrgParams {
            v: u64::MAX,
            k: u64::MAX,
            lambda: u64::MAX,
            mu: u64::MAX,
        };
        assert_eq!(feasibility(&wild).reasons(), vec!["non_trivial"]);
    }

    #[test]
    fn imprimitive_sets_skip_the_absolute_bound() {
        use FeasibilityCondition as C;
        // T(4) = K_{2,2,2}, C_4 = K_{2,2}, K_{3,3}, 2K_3: all exist, all imprimitive.
        for (v, k, l, m) in [(6, 4, 2, 4), (4, 2, 0, 2), (6, 3, 0, 3), (6, 2, 1, 0)] {
            let fz = feasibility(&params(v, k, l, m));
            assert!(fz.is_feasible(), "({v},{k},{l},{m}): {:?}", fz.reasons());
            assert_eq!(fz.skipped(), &[C::AbsoluteBoundF, C::AbsoluteBoundG]);
        }
        // 3K_2 would need 2 | 5: f = v/(k+1) - 1 = 3/2 for (5, 1, 0, 0)
        assert_eq!(
            feasibility(&params(5, 1, 0, 0)).reasons(),
            vec!["integral_multiplicities"]
        );
    }

    #[test]
    fn primitive_feasible_sets_up_to_30_match_brouwers_table() {
        // The primitive parameter sets with v <= 30, k < v/2 that Brouwer's table
        // (https://aeb.win.tue.nl/graphs/srg/srgtab1-50.html) does not rule out, written down
        // from the table; it rules out (21,10,4,5) (conference, 21 not a sum of two squares)
        // and (28,9,0,4) (Krein / absolute bound).
        let table = [
            (5, 2, 0, 1),
            (9, 4, 1, 2),
            (10, 3, 0, 1),
            (13, 6, 2, 3),
            (15, 6, 1, 3),
            (16, 5, 0, 2),
            (16, 6, 2, 2),
            (17, 8, 3, 4),
            (21, 10, 3, 6),
            (21, 10, 5, 4),
            (25, 8, 3, 2),
            (25, 12, 5, 6),
            (26, 10, 3, 4),
            (27, 10, 1, 5),
            (28, 12, 6, 4),
            (29, 14, 6, 7),
        ];
        let mut found = Vec::new();
        for v in 3..=30u64 {
            for k in 1..v.div_ceil(2) {
                for l in 0..k {
                    for m in 1..k {
                        let p = params(v, k, l, m);
                        if feasibility(&p).is_feasible() {
                            found.push((v, k, l, m));
                        }
                    }
                }
            }
        }
        assert_eq!(found, table);
    }
}
