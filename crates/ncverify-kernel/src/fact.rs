//! # Kernel facts
//!
//! A [`Fact`] is a statement that the kernel has established by exact computation. Its
//! constructor is private to this crate (the LCF discipline of proof assistants): code outside
//! the kernel can hold, combine, print and pass facts on, but never make one. A claim of
//! method `proof` or `certificate` can only be decided *Holds* or *Refuted* from a fact; the
//! registry in the main crate enforces that.
//!
//! ## Main definitions
//! - [`Fact`]: an established statement, as text written by the kernel from its own values.
//! - [`Fact::and`]: the conjunction of two facts is a fact.
//! - [`decide_lt`], [`decide_le`], [`decide_eq`]: exact comparison of two rationals, with the
//!   established relation as a fact whichever way it comes out.
//!
//! ## Main results
//! Soundness rests on two points, both checkable by reading this crate alone:
//! 1. every `Fact::new` call in the kernel follows an exact computation whose outcome is the
//!    statement it writes (`grep -n "Fact::new" crates/ncverify-kernel/src`);
//! 2. a fact's statement never contains text supplied from outside the kernel except exact
//!    values that the kernel itself parsed or computed.
//!
//! What a fact *means* for a claim (for example "every DNC point has loss ≥ ℓ_DNC") is a
//! reduction argued in prose in the claim's proof file and listed in `proofs/TRUST.md`.

use crate::arith::rational::Q;
use std::fmt;

/// A statement established by the kernel. Only the kernel can construct one.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    statements: Vec<String>,
}

impl Fact {
    /// A fact with the given statement. Private to the kernel: see the module docs.
    pub(crate) fn new(statement: impl Into<String>) -> Self {
        Self {
            statements: vec![statement.into()],
        }
    }

    /// The conjunction of `self` and `other`; a statement already in `self` is not repeated
    /// ($A \wedge A = A$), so the statements stay in first-conjoined order without duplicates.
    ///
    /// # Cost
    /// $O(mn)$ string comparisons for $m$ and $n$ statements.
    #[must_use]
    pub fn and(mut self, other: Fact) -> Fact {
        for s in other.statements {
            if !self.statements.contains(&s) {
                self.statements.push(s);
            }
        }
        self
    }

    /// The conjunction of all facts, or `None` if there are none.
    pub fn all(facts: impl IntoIterator<Item = Fact>) -> Option<Fact> {
        facts.into_iter().reduce(Fact::and)
    }

    /// The established statements, in the order they were conjoined.
    pub fn statements(&self) -> &[String] {
        &self.statements
    }
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.statements.join("; "))
    }
}

/// Decide $a < b$ exactly: `Ok` holds the fact $a < b$, `Err` the fact $a \ge b$.
///
/// # Errors
/// `Err` holds the exact refutation $a \ge b$: a verdict, never a failure.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::fact::decide_lt;
/// assert_eq!(decide_lt(&q(1, 3), &q(1, 2)).unwrap().to_string(), "1/3 < 1/2");
/// assert_eq!(decide_lt(&q(1, 2), &q(1, 2)).unwrap_err().to_string(), "1/2 >= 1/2");
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn decide_lt(a: &Q, b: &Q) -> Result<Fact, Fact> {
    if a < b {
        Ok(Fact::new(format!("{a} < {b}")))
    } else {
        Err(Fact::new(format!("{a} >= {b}")))
    }
}

/// Decide $a \le b$ exactly: `Ok` holds the fact $a \le b$, `Err` the fact $a > b$.
///
/// # Errors
/// `Err` holds the exact refutation $a > b$: a verdict, never a failure.
#[cfg_attr(doc, doc = katex!())]
pub fn decide_le(a: &Q, b: &Q) -> Result<Fact, Fact> {
    if a <= b {
        Ok(Fact::new(format!("{a} <= {b}")))
    } else {
        Err(Fact::new(format!("{a} > {b}")))
    }
}

/// Decide $a = b$ exactly: `Ok` holds the fact $a = b$, `Err` the fact $a \ne b$.
///
/// # Errors
/// `Err` holds the exact refutation $a \ne b$: a verdict, never a failure.
#[cfg_attr(doc, doc = katex!())]
pub fn decide_eq(a: &Q, b: &Q) -> Result<Fact, Fact> {
    if a == b {
        Ok(Fact::new(format!("{a} = {b}")))
    } else {
        Err(Fact::new(format!("{a} != {b}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    #[test]
    fn comparisons_state_what_they_decided() {
        assert_eq!(
            decide_lt(&q(1, 3), &q(1, 2)).unwrap().to_string(),
            "1/3 < 1/2"
        );
        assert_eq!(decide_lt(&qi(1), &qi(1)).unwrap_err().to_string(), "1 >= 1");
        assert_eq!(decide_le(&qi(1), &qi(1)).unwrap().to_string(), "1 <= 1");
        assert_eq!(decide_le(&qi(2), &qi(1)).unwrap_err().to_string(), "2 > 1");
        assert_eq!(
            decide_eq(&q(2, 4), &q(1, 2)).unwrap().to_string(),
            "1/2 = 1/2"
        );
        assert_eq!(decide_eq(&qi(0), &qi(1)).unwrap_err().to_string(), "0 != 1");
    }

    #[test]
    fn conjunction_states_each_statement_once() {
        let a = decide_lt(&qi(0), &qi(1)).unwrap();
        let b = decide_eq(&qi(2), &qi(2)).unwrap();
        let c = a
            .clone()
            .and(b.clone())
            .and(a.clone())
            .and(b.clone().and(a.clone()));
        assert_eq!(c.statements(), &["0 < 1".to_string(), "2 = 2".to_string()]);
        assert_eq!(a.clone().and(a.clone()), a);
    }

    #[test]
    fn conjunction_keeps_every_statement() {
        let a = decide_lt(&qi(0), &qi(1)).unwrap();
        let b = decide_eq(&qi(2), &qi(2)).unwrap();
        let c = Fact::all([a.clone(), b.clone()]).unwrap();
        assert_eq!(c.statements(), &["0 < 1".to_string(), "2 = 2".to_string()]);
        assert_eq!(c, a.and(b));
        assert_eq!(Fact::all([]), None);
    }
}
