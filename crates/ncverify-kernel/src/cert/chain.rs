//! # Explicit exact-output constructions: a cost constant below $K$ from given matrices
//!
//! A *chain file* lists explicit rational factors $F_0 = H \in \mathbb Q^{d\times K}$ (one
//! sample per class), $F_1, \dots, F_{L-1} \in \mathbb Q^{d\times d}$ and
//! $F_L \in \mathbb Q^{K\times d}$ of the MSE deep UFM with ReLU. This module checks, with exact
//! arithmetic only, that the factors output $Y = I_K$ exactly and that their cost constant is
//! below DNC's.
//!
//! ## Main definitions
//! - [`ChainFile`]: the serde form (`kind = "chain"`, every entry an exact rational string,
//!   the witness in the layout of a point certificate's).
//! - [`ChainFile::verify`]: the kernel check; returns $C^{L+1}$ and a [`Fact`], or the first
//!   [`ChainError`].
//!
//! ## Main results
//! Verification establishes, by exact arithmetic,
//! 1. $F_L\thinspace\sigma(F_{L-1}\cdots\sigma(F_1F_0)) = I_K$ (entrywise ReLU $\sigma$);
//! 2. $C^{L+1} = \prod_{i=0}^{L}\Vert F_i\Vert_F^2 < K^{L+1} = C_{\mathrm{DNC}}^{L+1}$.
//!
//! With (1) the factors form a *family* in the sense of docs/theory.md §3.2 (scales $s_i$ per
//! factor, output $xY$ with $x = \prod_i s_i$), whose optimal loss is
//! $\ell(C) = \min_x \tfrac12(1-x)^2 + \tfrac{L+1}2cC\thinspace x^{2/(L+1)}$; by (2) and the
//! monotonicity of $\ell$ in $C$ (§3.2) it is strictly below DNC's optimal loss $\ell(K)$ at
//! every $\lambda$ where DNC's optimum is non-zero, the scale being re-chosen per $\lambda$.
//! That reduction is the reconstructed prose of docs/theory.md §3.2, not checked here.
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorems 4 and 5
//!   (the family reduction); docs/theory.md §3.2, §3.6b.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::rational::{Q, pow_u64};
use crate::cert::limits;
use crate::cert::point::{CertificateError, Witness, parse_matrix};
use crate::fact::Fact;
use crate::mse::dufm::mse_loss_parts_within;
use num_traits::{One, Zero};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A chain file (module docs).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainFile {
    /// Always `"chain"`.
    pub kind: String,
    /// $K$.
    pub classes: u64,
    /// $L$.
    pub layers: u32,
    /// Where the factors came from (free text, not checked).
    pub provenance: String,
    /// $F_0 = H$ (`h1`, $d \times K$) and $F_1, \dots, F_L$ (`w`).
    pub witness: Witness,
}

/// Why a chain file was rejected.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainError {
    /// Unreadable TOML.
    Format(String),
    /// A field outside what the check accepts: `file` (its size), `kind`, `classes`,
    /// `layers`, `witness.h1` (the width $d$), `witness.w` (the number of matrices).
    Field {
        /// The field, as the file spells it.
        field: String,
        /// What it is and what it must be.
        reason: String,
    },
    /// An entry or a shape of the witness is wrong.
    Witness(CertificateError),
    /// The output is not $I_K$.
    OutputNotLabels {
        /// $K$.
        classes: u64,
    },
    /// $C^{L+1} \ge K^{L+1}$.
    NotCheaper {
        /// $C^{L+1}$.
        cost: Box<Q>,
    },
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Format(m) => write!(f, "chain file: {m}"),
            Self::Field { field, reason } => write!(f, "chain file: {field}: {reason}"),
            Self::Witness(e) => write!(f, "chain file: {e}"),
            Self::OutputNotLabels { classes } => {
                write!(
                    f,
                    "chain file: the factors do not output I_{classes} exactly"
                )
            }
            Self::NotCheaper { cost } => {
                write!(f, "chain file: C^(L+1) = {cost} is not below K^(L+1)")
            }
        }
    }
}

impl std::error::Error for ChainError {}

impl ChainError {
    /// The field of the chain file the error is about (`kind`, `classes`, `layers`,
    /// `witness.h1`, `witness.w[2]`, `witness` when the factors fail a clause, `file` for its
    /// size), or `None` for TOML that does not parse (its message gives the line).
    pub fn parameter(&self) -> Option<String> {
        match self {
            Self::Format(_) => None,
            Self::Field { field, .. } => Some(field.clone()),
            Self::Witness(e) => e.parameter(),
            Self::OutputNotLabels { .. } | Self::NotCheaper { .. } => Some("witness".into()),
        }
    }
}

impl ChainFile {
    /// Read a chain file from TOML text of at most [`limits::MAX_FILE_BYTES`] bytes.
    ///
    /// # Errors
    /// [`ChainError::Field`] for a text longer than the limit (field `file`) or a `kind` other than
    /// `"chain"`; [`ChainError::Format`] for text that is not a chain file of this schema.
    ///
    /// # Cost
    /// Linear in the length of the text.
    pub fn from_toml(text: &str) -> Result<Self, ChainError> {
        if text.len() > limits::MAX_FILE_BYTES {
            return Err(ChainError::Field {
                field: "file".into(),
                reason: format!(
                    "{} bytes, need at most {}",
                    text.len(),
                    limits::MAX_FILE_BYTES
                ),
            });
        }
        let c: Self = toml::from_str(text).map_err(|e| ChainError::Format(e.to_string()))?;
        if c.kind != "chain" {
            return Err(ChainError::Field {
                field: "kind".into(),
                reason: format!("{:?}, need \"chain\"", c.kind),
            });
        }
        Ok(c)
    }

    /// The kernel check (module docs): returns $C^{L+1}$ and the fact.
    ///
    /// # Errors
    /// [`ChainError::Field`] naming `classes`, `layers`, `witness.h1` or `witness.w` outside the
    /// [`limits`], or `witness` if the exact forward pass would exceed one file's work
    /// ([`limits::WORK`], estimated before any product); [`ChainError::Witness`] for an entry that
    /// does not parse or a matrix of the wrong shape; [`ChainError::OutputNotLabels`] or
    /// [`ChainError::NotCheaper`] (field `witness`) if the factors fail a clause.
    ///
    /// # Cost
    /// At most [`limits::FILE_WORK`] work units (about 2 s) for the forward pass — the
    /// certificates' own budgeted pass (`mse::dufm::mse_loss_parts_within` with $n = 1$, whose
    /// fit is zero iff the output is $I_K$) — plus parsing the file's entries.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::cert::chain::{ChainError, ChainFile};
    /// // DNC's own factors at K = 2, L = 1 output I_2 but are not cheaper than DNC
    /// let text = r#"
    /// kind = "chain"
    /// classes = 2
    /// layers = 1
    /// provenance = "identity factors"
    /// [witness]
    /// h1 = [["1", "0"], ["0", "1"]]
    /// w = [[["1", "0"], ["0", "1"]]]
    /// "#;
    /// let e = ChainFile::from_toml(text)?.verify().unwrap_err();
    /// assert!(matches!(e, ChainError::NotCheaper { .. }));
    /// assert_eq!(e.parameter().as_deref(), Some("witness"));
    ///
    /// # Ok::<(), ChainError>(())
    /// ```
    // F_L σ(... σ(F_1 F_0)) = I_K  and  Π_i ||F_i||^2 < K^(L+1)
    pub fn verify(&self) -> Result<(Q, Fact), ChainError> {
        let (k, l) = (self.classes, self.layers);
        let classes = |reason: String| ChainError::Field {
            field: "classes".into(),
            reason,
        };
        let layers = |reason: String| ChainError::Field {
            field: "layers".into(),
            reason,
        };
        if !(2..=limits::MAX_CLASSES).contains(&k) {
            return Err(classes(format!(
                "K = {k}, need 2 <= K <= {}",
                limits::MAX_CLASSES
            )));
        }
        if !(1..=limits::MAX_LAYERS).contains(&l) {
            return Err(layers(format!(
                "L = {l}, need 1 <= L <= {}",
                limits::MAX_LAYERS
            )));
        }
        let ku = usize::try_from(k).map_err(|_| classes(format!("K = {k} does not fit")))?;
        let lu = usize::try_from(l).map_err(|_| layers(format!("L = {l} does not fit")))?;
        let d = self.witness.h1.len();
        if d == 0 || d > limits::MAX_WIDTH {
            return Err(ChainError::Field {
                field: "witness.h1".into(),
                reason: format!("width d = {d}, need 1 <= d <= {}", limits::MAX_WIDTH),
            });
        }
        if self.witness.w.len() != lu {
            return Err(ChainError::Field {
                field: "witness.w".into(),
                reason: format!("{} weight matrices, need L = {l}", self.witness.w.len()),
            });
        }
        let h =
            parse_matrix("witness.h1", &self.witness.h1, (d, ku)).map_err(ChainError::Witness)?;
        let mut ws = Vec::with_capacity(lu);
        for (i, rows) in self.witness.w.iter().enumerate() {
            let shape = if i + 1 == lu { (ku, d) } else { (d, d) };
            ws.push(
                parse_matrix(&format!("witness.w[{i}]"), rows, shape)
                    .map_err(ChainError::Witness)?,
            );
        }
        // The factors are the parameters of a DUFM point with n = 1 (H = F_0, W_i = F_i): its
        // fit (1/2K)||F_L σ(...σ(F_1 F_0)) - I_K||_F^2 is zero iff the output is I_K exactly.
        // The forward pass is the certificates' own, budgeted: a file whose pass would exceed
        // one file's work (`limits::WORK`) is refused before any product.
        let parts = mse_loss_parts_within(&h, &ws, ku, 1, &limits::WORK).map_err(|e| {
            ChainError::Field {
                field: "witness".into(),
                reason: e.to_string(),
            }
        })?;
        if !parts.loss(&Q::zero(), &Q::zero()).is_zero() {
            return Err(ChainError::OutputNotLabels { classes: k });
        }
        let cost = std::iter::once(&h)
            .chain(&ws)
            .fold(Q::one(), |p, m| p * m.frobenius_sq());
        let dnc = pow_u64(&Q::from_integer(k.into()), u64::from(l) + 1);
        if cost >= dnc {
            return Err(ChainError::NotCheaper {
                cost: Box::new(cost),
            });
        }
        let fact = Fact::new(format!(
            "explicit chain, K = {k}, L = {l}, width {d}: the factors F_0..F_{l} output Y = I_{k} \
             exactly and C^{} = prod_i ||F_i||_F^2 = {cost} < {dnc} = {k}^{} = C_DNC^{}",
            l + 1,
            l + 1,
            l + 1
        ));
        Ok((cost, fact))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(m: &[&[&str]]) -> Vec<Vec<String>> {
        m.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    /// DNC itself at $K = 2$, $L = 1$ (identity factors): output $I_2$ exactly, but
    /// $C^2 = 4$ is not below $K^2 = 4$.
    fn dnc2() -> ChainFile {
        let id: &[&[&str]] = &[&["1", "0"], &["0", "1"]];
        ChainFile {
            kind: "chain".into(),
            classes: 2,
            layers: 1,
            provenance: String::new(),
            witness: Witness {
                h1: strings(id),
                w: vec![strings(id)],
            },
        }
    }

    #[test]
    fn dnc_is_not_cheaper_than_itself() {
        assert!(matches!(
            dnc2().verify(),
            Err(ChainError::NotCheaper { cost }) if *cost == Q::from_integer(4.into())
        ));
    }

    #[test]
    fn a_wrong_output_is_rejected() {
        let mut c = dnc2();
        c.witness.w[0][0][0] = "1/2".into();
        assert_eq!(
            c.verify().unwrap_err(),
            ChainError::OutputNotLabels { classes: 2 }
        );
    }

    #[test]
    fn shapes_and_kind_are_checked() {
        let mut c = dnc2();
        c.witness.w.push(c.witness.w[0].clone());
        let e = c.verify().unwrap_err();
        assert_eq!(e.parameter().as_deref(), Some("witness.w"), "{e}");
        let e = ChainFile::from_toml(
            "kind = \"point\"\nclasses = 2\nlayers = 1\nprovenance = \"\"\n[witness]\nh1 = [[\"1\"]]\nw = [[[\"1\"]]]\n",
        )
        .unwrap_err();
        assert_eq!(e.parameter().as_deref(), Some("kind"), "{e}");
        let e = ChainFile::from_toml("kind = ").unwrap_err();
        assert!(matches!(e, ChainError::Format(_)), "{e}");
        assert_eq!(e.parameter(), None);
    }
}
