//! # Explicit parameters of the MSE deep UFM
//!
//! ## Main definitions
//! - [`mse_loss_exact`] / [`mse_loss_f64`]: the DUFM objective of explicit parameters
//!   $(H_1, W_1, \dots, W_L)$ (module [`super`]), exactly over $\mathbb Q$ and in `f64`;
//!   [`mse_loss_grad_f64`] adds the gradient by back-propagation (ReLU derivative
//!   $\mathbb 1_{z > 0}$).
//! - [`unit_factors`]: the explicit shapes $F_0, \dots, F_L$ of a [`Construction`], block
//!   diagonal over its blocks. At unit scales $F_L\sigma(F_{L-1}\cdots\sigma(F_1F_0)) = Y$.
//!   DNC block on $m$ classes: $F_0 = I_m\otimes\mathbf 1_n^\top$, $F_i = I_m$. B-chain on
//!   $T(r)$ ($K_r$ classes, width $K_r$): $F_0 = \binom{B}{0}\otimes\mathbf 1_n^\top$,
//!   $F_1..F_{L-2} = \operatorname{diag}(I_r, 0)$, $F_{L-1} = [B^\top - \tfrac12 J,\ 0]$,
//!   $F_L = I$; then $F_{L-1}B = B^\top B - J$ has entries $1/0/-1$ (same / adjacent /
//!   disjoint edges) and $\sigma(B^\top B - J) = I$.
//! - [`scaled_factors`]: the same shapes with a positive scale per block and factor.
//!
//! ## Main results
//! - [`loss_at_scales`]: with scales $s_{b,i}$ and $x_b = \prod_i s_{b,i}$ the loss is
//!   $\sum_b \frac{K_b}{2K}(1-x_b)^2 + \frac{\lambda_H}{2}\sum_b s_{b,0}^2\|F_{b,0}\|^2 +
//!   \frac{\lambda_W}{2}\sum_{i\ge1}\sum_b s_{b,i}^2\|F_{b,i}\|^2$ — tested to equal
//!   [`mse_loss_exact`] of the explicit matrices exactly.
//! - [`balanced_factors_f64`]: balancing each block
//!   ($\lambda_i s_{b,i}^2\|F_{b,i}\|^2$ equal over $i$) attains the family loss
//!   $\ell(cC)$ with $C = \sum_b C_b$ — tested to $10^{-12}$ relative.
//!
//! ## References
//! - theory.md §2; arXiv:2405.14468, proof of Theorem 5.

use super::family::{Block, Construction};
use super::params::MseParams;
use crate::construct::srg::triangular_edges;
use crate::kernel::QMatrix;
pub use crate::kernel::dufm::{forward_exact, labels_exact, mse_loss_exact};
use crate::kernel::rational::{Q, Z, q, qi};
use crate::numeric::q_to_f64;
use nalgebra::DMatrix;
use num_traits::{One, Zero};

/// A sparse rational matrix given by its non-zero entries (no repeated positions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Non-zero entries `(i, j, value)`.
    pub entries: Vec<(usize, usize, Q)>,
}

impl Factor {
    /// Dense exact matrix.
    pub fn to_exact(&self) -> QMatrix {
        let mut m = QMatrix::zeros(self.rows, self.cols);
        for (i, j, v) in &self.entries {
            m.set(*i, *j, v.clone());
        }
        m
    }

    /// Dense `f64` matrix.
    pub fn to_f64(&self) -> DMatrix<f64> {
        let mut m = DMatrix::zeros(self.rows, self.cols);
        for (i, j, v) in &self.entries {
            m[(*i, *j)] = q_to_f64(v);
        }
        m
    }

    /// $\|F\|_F^2$ from the entries.
    pub fn frobenius_sq(&self) -> Q {
        self.entries
            .iter()
            .fold(Q::zero(), |s, (_, _, v)| s + v * v)
    }
}

/// The unit-scale factors of one block: `(F_0, .., F_L)`, each in block-local coordinates.
/// Width $d_b$ = the block's class count. `layers >= 2` for a B-chain.
fn block_factors(block: &Block, layers: u32, n: usize) -> Vec<Factor> {
    let one = Q::one();
    let eye = |d: usize, keep: usize| Factor {
        rows: d,
        cols: d,
        entries: (0..keep).map(|i| (i, i, one.clone())).collect(),
    };
    let copies = |rows: usize, cols_per: usize, col_entries: &dyn Fn(usize) -> Vec<usize>| Factor {
        rows,
        cols: cols_per * n,
        entries: (0..cols_per)
            .flat_map(|c| {
                col_entries(c)
                    .into_iter()
                    .flat_map(move |i| (0..n).map(move |s| (i, c * n + s, Q::one())))
            })
            .collect(),
    };
    let l = layers as usize;
    match *block {
        Block::Dnc { classes } => {
            let m = classes as usize;
            let mut f = vec![copies(m, m, &|c| vec![c])];
            f.extend((1..=l).map(|_| eye(m, m)));
            f
        }
        Block::Triangular { r } => {
            let edges = triangular_edges(r as usize);
            let subsets: Vec<Vec<usize>> = edges.iter().map(|&(a, b)| vec![a, b]).collect();
            incidence_chain(&subsets, r as usize, 2, layers, n)
        }
        Block::Johnson { r, t } => incidence_chain(
            &t_subsets(r as usize, t as usize),
            r as usize,
            t as usize,
            layers,
            n,
        ),
    }
}

/// The $t$-subsets of $\{0..r-1\}$ in lexicographic order (for $t = 2$ the order of
/// [`triangular_edges`]).
pub fn t_subsets(r: usize, t: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur: Vec<usize> = (0..t).collect();
    if t > r {
        return out;
    }
    loop {
        out.push(cur.clone());
        // advance the rightmost index that can still move
        let Some(i) = (0..t).rev().find(|&i| cur[i] < r - t + i) else {
            return out;
        };
        cur[i] += 1;
        for j in i + 1..t {
            cur[j] = cur[j - 1] + 1;
        }
    }
}

/// Unit factors of an incidence chain on the given $t$-subsets of an $r$-set (width $K$ =
/// number of subsets): $F_0 = \binom{B}{0}\otimes\mathbf 1_n^\top$,
/// $F_1..F_{L-2} = \operatorname{diag}(I_r, 0)$, $F_{L-1} = [B^\top - \frac{t-1}{t}J,\ 0]$,
/// $F_L = I$.
fn incidence_chain(
    subsets: &[Vec<usize>],
    r: usize,
    t: usize,
    layers: u32,
    n: usize,
) -> Vec<Factor> {
    assert!(layers >= 2, "an incidence chain needs L >= 2");
    let k = subsets.len();
    let l = layers as usize;
    let eye = |d: usize, keep: usize| Factor {
        rows: d,
        cols: d,
        entries: (0..keep).map(|i| (i, i, Q::one())).collect(),
    };
    let h = Factor {
        rows: k,
        cols: k * n,
        entries: subsets
            .iter()
            .enumerate()
            .flat_map(|(c, s)| {
                s.iter()
                    .flat_map(move |&v| (0..n).map(move |j| (v, c * n + j, Q::one())))
            })
            .collect(),
    };
    let mut f = vec![h];
    f.extend((1..l - 1).map(|_| eye(k, r)));
    // W_{L-1} = [B^T - (t-1)/t J, 0]: 1/t on the subset's members, -(t-1)/t elsewhere.
    let inside = q(1, t as i64);
    let outside = q(1 - t as i64, t as i64);
    let w = Factor {
        rows: k,
        cols: k,
        entries: subsets
            .iter()
            .enumerate()
            .flat_map(|(c, s)| {
                let (inside, outside) = (inside.clone(), outside.clone());
                (0..r).map(move |v| {
                    (
                        c,
                        v,
                        if s.contains(&v) {
                            inside.clone()
                        } else {
                            outside.clone()
                        },
                    )
                })
            })
            .collect(),
    };
    f.push(w);
    f.push(eye(k, k));
    f
}

/// Factors of a construction with per-block, per-factor scales `scales[b][i]`
/// (`i = 0..=L`), assembled block-diagonally in the order of `c.blocks`.
pub fn scaled_factors(c: &Construction, layers: u32, n: usize, scales: &[Vec<Q>]) -> Vec<Factor> {
    assert_eq!(scales.len(), c.blocks.len(), "one scale vector per block");
    let per_block: Vec<Vec<Factor>> = c
        .blocks
        .iter()
        .map(|b| block_factors(b, layers, n))
        .collect();
    (0..=layers as usize)
        .map(|i| {
            let (mut rows, mut cols, mut entries) = (0, 0, Vec::new());
            for (b, fs) in per_block.iter().enumerate() {
                let f = &fs[i];
                let s = &scales[b][i];
                entries.extend(
                    f.entries
                        .iter()
                        .map(|(r, cc, v)| (r + rows, cc + cols, v * s)),
                );
                rows += f.rows;
                cols += f.cols;
            }
            Factor {
                rows,
                cols,
                entries,
            }
        })
        .collect()
}

/// Unit-scale factors of a construction.
pub fn unit_factors(c: &Construction, layers: u32, n: usize) -> Vec<Factor> {
    let ones = vec![vec![Q::one(); layers as usize + 1]; c.blocks.len()];
    scaled_factors(c, layers, n, &ones)
}

/// The exact product $\prod_i \|F_i\|_F^2 / n$ of a block's unit factors — the explicit
/// counterpart of [`Block::cost_power`].
pub fn explicit_cost_power(block: &Block, layers: u32, n: usize) -> Q {
    block_factors(block, layers, n)
        .iter()
        .fold(Q::one(), |p, f| p * f.frobenius_sq())
        / Q::from_integer(Z::from(n))
}

/// The closed-form loss of a construction at given per-block scales (exact).
pub fn loss_at_scales(p: &MseParams, c: &Construction, scales: &[Vec<Q>]) -> Q {
    let k = qi(p.classes() as i64);
    let n = p.samples() as usize;
    let mut total = Q::zero();
    for (b, block) in c.blocks.iter().enumerate() {
        let fs = block_factors(block, p.layers(), n);
        let x = scales[b].iter().fold(Q::one(), |acc, s| acc * s);
        let one_minus = Q::one() - x;
        total += qi(block.classes() as i64) / (qi(2) * &k) * &one_minus * &one_minus;
        for (i, f) in fs.iter().enumerate() {
            let lam = if i == 0 { p.lambda_h() } else { p.lambda_w() };
            total += lam / qi(2) * &scales[b][i] * &scales[b][i] * f.frobenius_sq();
        }
    }
    total
}

/// Split factors into `(H_1, [W_1..W_L])`.
pub fn split_exact(fs: &[Factor]) -> (QMatrix, Vec<QMatrix>) {
    (
        fs[0].to_exact(),
        fs[1..].iter().map(Factor::to_exact).collect(),
    )
}

/// `f64` parameters `(H_1, [W_1..W_L])`.
pub type ParamsF64 = (DMatrix<f64>, Vec<DMatrix<f64>>);

/// Explicit `f64` factors of a construction, each block balanced, with common output scale
/// `x > 0`: $s_{b,i} = \sqrt{t_b / (\lambda_i\|F_{b,i}\|^2)}$,
/// $t_b = (x^2\prod_i\lambda_i\|F_{b,i}\|^2)^{1/(L+1)}$.
pub fn balanced_factors_f64(p: &MseParams, c: &Construction, x: f64) -> ParamsF64 {
    let l = p.layers();
    let n = p.samples() as usize;
    let lam = |i: usize| q_to_f64(if i == 0 { p.lambda_h() } else { p.lambda_w() });
    let mut out: Vec<DMatrix<f64>> = Vec::new();
    let per_block: Vec<Vec<Factor>> = c.blocks.iter().map(|b| block_factors(b, l, n)).collect();
    let scales: Vec<Vec<f64>> = per_block
        .iter()
        .map(|fs| {
            let w: Vec<f64> = fs
                .iter()
                .enumerate()
                .map(|(i, f)| lam(i) * q_to_f64(&f.frobenius_sq()))
                .collect();
            let log_t = (2.0 * x.ln() + w.iter().map(|v| v.ln()).sum::<f64>()) / (l as f64 + 1.0);
            w.iter().map(|wi| (log_t.exp() / wi).sqrt()).collect()
        })
        .collect();
    for i in 0..=l as usize {
        let (rows, cols) = per_block
            .iter()
            .fold((0, 0), |(r, cc), fs| (r + fs[i].rows, cc + fs[i].cols));
        let mut m = DMatrix::zeros(rows, cols);
        let (mut r0, mut c0) = (0, 0);
        for (b, fs) in per_block.iter().enumerate() {
            for (r, cc, v) in &fs[i].entries {
                m[(r0 + r, c0 + cc)] = q_to_f64(v) * scales[b][i];
            }
            r0 += fs[i].rows;
            c0 += fs[i].cols;
        }
        out.push(m);
    }
    let h = out.remove(0);
    (h, out)
}

/// `f64` forward pass, keeping pre-activations `Z_l = W_l A_{l-1}` for back-propagation.
fn forward_f64(h: &DMatrix<f64>, ws: &[DMatrix<f64>]) -> Vec<DMatrix<f64>> {
    let mut zs: Vec<DMatrix<f64>> = Vec::with_capacity(ws.len());
    for (l, w) in ws.iter().enumerate() {
        let z = if l == 0 {
            w * h
        } else {
            w * zs[l - 1].map(|v| v.max(0.0))
        };
        zs.push(z);
    }
    zs
}

/// The DUFM objective of explicit `f64` parameters.
pub fn mse_loss_f64(
    h: &DMatrix<f64>,
    ws: &[DMatrix<f64>],
    k: usize,
    n: usize,
    lambda_w: f64,
    lambda_h: f64,
) -> f64 {
    mse_loss_grad_f64(h, ws, k, n, lambda_w, lambda_h).0
}

/// The objective and its gradient `(loss, dH, [dW_1..dW_L])`.
pub fn mse_loss_grad_f64(
    h: &DMatrix<f64>,
    ws: &[DMatrix<f64>],
    k: usize,
    n: usize,
    lambda_w: f64,
    lambda_h: f64,
) -> (f64, DMatrix<f64>, Vec<DMatrix<f64>>) {
    let big_n = (k * n) as f64;
    let zs = forward_f64(h, ws);
    let out = zs.last().expect("at least one layer");
    let mut d_out = out.clone();
    for c in 0..k * n {
        d_out[(c / n, c)] -= 1.0;
    }
    let fit = d_out.norm_squared() / (2.0 * big_n);
    let reg: f64 = lambda_w / 2.0 * ws.iter().map(|w| w.norm_squared()).sum::<f64>()
        + lambda_h / 2.0 * h.norm_squared();
    d_out /= big_n;
    let mut grads = vec![DMatrix::zeros(0, 0); ws.len()];
    let mut delta = d_out; // dLoss/dZ_l
    for l in (0..ws.len()).rev() {
        let a_prev = if l == 0 {
            h.clone()
        } else {
            zs[l - 1].map(|v| v.max(0.0))
        };
        grads[l] = &delta * a_prev.transpose() + &ws[l] * lambda_w;
        let da = ws[l].transpose() * &delta;
        delta = if l == 0 {
            da
        } else {
            da.zip_map(&zs[l - 1], |g, z| if z > 0.0 { g } else { 0.0 })
        };
    }
    let dh = delta + h * lambda_h;
    (fit + reg, dh, grads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::rational::parse_rational;
    use crate::mse::family::{Family, construction_loss};

    fn params(k: u64, l: u32, lw: &str, lh: &str, n: u64) -> MseParams {
        MseParams::new(
            k,
            l,
            parse_rational(lw).unwrap(),
            parse_rational(lh).unwrap(),
            n,
        )
        .unwrap()
    }

    #[test]
    fn unit_factors_output_the_labels_exactly() {
        for (k, l, fam) in [
            (6, 2, Family::Srg),
            (6, 4, Family::Srg),
            (10, 3, Family::Srg),
            (4, 1, Family::Dnc),
            (3, 3, Family::Dnc),
            (8, 3, Family::SrgBlock),
            (7, 2, Family::SrgBest),
        ] {
            let p = params(k, l, "1", "1", 2);
            let c = fam.construction(&p).unwrap();
            let (h, ws) = split_exact(&unit_factors(&c, l, 2));
            let out = forward_exact(&h, &ws).unwrap();
            assert_eq!(
                out,
                labels_exact(k as usize, 2).unwrap(),
                "{fam:?} K={k} L={l}"
            );
        }
    }

    #[test]
    fn bchain_last_preactivation_is_btb_minus_j() {
        // X = F_{L-1} σ(F_{L-2} ... F_0) for one sample per class: entries 1 / 0 / -1.
        let r = 5;
        let c = Construction {
            blocks: vec![Block::Triangular { r }],
        };
        let (h, ws) = split_exact(&unit_factors(&c, 3, 1));
        let x = ws[1].mul(&ws[0].mul(&h).relu());
        let edges = triangular_edges(r as usize);
        for (a, e) in edges.iter().enumerate() {
            for (b, f) in edges.iter().enumerate() {
                let shared = [e.0, e.1]
                    .iter()
                    .filter(|v| **v == f.0 || **v == f.1)
                    .count() as i64;
                assert_eq!(x.get(a, b), &qi(shared - 1));
            }
        }
        // rank r (r - 1 when r = 4)
        assert_eq!(x.rank(), r as usize);
        let c4 = Construction {
            blocks: vec![Block::Triangular { r: 4 }],
        };
        let (h4, ws4) = split_exact(&unit_factors(&c4, 3, 1));
        assert_eq!(ws4[1].mul(&ws4[0].mul(&h4).relu()).rank(), 3);
    }

    #[test]
    fn explicit_costs_equal_closed_forms() {
        for l in 2..7 {
            for r in 3..8 {
                let b = Block::Triangular { r };
                assert_eq!(
                    explicit_cost_power(&b, l, 3),
                    b.cost_power(l),
                    "r={r} L={l}"
                );
            }
            for m in 1..6 {
                let b = Block::Dnc { classes: m };
                assert_eq!(explicit_cost_power(&b, l, 2), b.cost_power(l));
            }
        }
    }

    #[test]
    fn johnson_chains_output_labels_and_match_their_closed_form() {
        for (r, t) in [(4u64, 3u64), (5, 2), (5, 3), (6, 3), (6, 4)] {
            for l in [2u32, 3, 4] {
                let b = Block::Johnson { r, t };
                let k = b.classes() as usize;
                let c = Construction { blocks: vec![b] };
                let (h, ws) = split_exact(&unit_factors(&c, l, 2));
                assert_eq!(
                    forward_exact(&h, &ws).unwrap(),
                    labels_exact(k, 2).unwrap(),
                    "J({r},{t}) L={l}"
                );
                assert_eq!(
                    explicit_cost_power(&b, l, 2),
                    b.cost_power(l),
                    "J({r},{t}) L={l}"
                );
            }
        }
        // t = 2 is the B-chain on T(r), with the same factors.
        for r in 4..8u64 {
            let j = Construction {
                blocks: vec![Block::Johnson { r, t: 2 }],
            };
            let tr = Construction {
                blocks: vec![Block::Triangular { r }],
            };
            assert_eq!(unit_factors(&j, 3, 1), unit_factors(&tr, 3, 1));
            assert_eq!(
                Block::Johnson { r, t: 2 }.cost_power(5),
                Block::Triangular { r }.cost_power(5)
            );
        }
        assert_eq!(t_subsets(5, 3).len(), 10);
        assert_eq!(
            t_subsets(4, 2),
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
    }

    #[test]
    fn loss_at_scales_equals_explicit_loss_exactly() {
        let p = params(8, 3, "1/250", "1/100", 2);
        let c = Family::SrgBlock.construction(&p).unwrap();
        let scales = vec![
            vec![q(3, 2), q(2, 3), q(5, 4), q(7, 8)],
            vec![q(1, 2), q(9, 5), qi(1), q(4, 3)],
        ];
        let (h, ws) = split_exact(&scaled_factors(&c, 3, 2, &scales));
        let explicit = mse_loss_exact(&h, &ws, 8, 2, p.lambda_w(), p.lambda_h()).unwrap();
        assert_eq!(explicit, loss_at_scales(&p, &c, &scales));
    }

    #[test]
    fn balanced_explicit_matrices_attain_family_loss() {
        for (k, l, fam, lam) in [
            (6, 4, Family::Srg, "1e-3"),
            (6, 4, Family::Dnc, "1e-3"),
            (10, 5, Family::SrgBlock, "2e-3"),
            (28, 6, Family::SrgBest, "1e-3"),
        ] {
            let p = params(k, l, lam, lam, 1);
            let c = fam.construction(&p).unwrap();
            let fl = construction_loss(&p, &c);
            assert!(fl.scale > 0.0);
            let (h, ws) = balanced_factors_f64(&p, &c, fl.scale);
            let lw = q_to_f64(p.lambda_w());
            let explicit = mse_loss_f64(&h, &ws, k as usize, 1, lw, lw);
            assert!(
                crate::numeric::rel_diff(explicit, fl.loss, 1e-300) < 1e-12,
                "{fam:?}: explicit {explicit} vs family {}",
                fl.loss
            );
        }
    }
}
