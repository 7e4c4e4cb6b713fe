//! Structure-aware fuzzing of the chain-file parser and verifier (`kind = "chain"`, read by
//! `ncverify verify` from strangers; proptest, stable Rust), the sibling of `fuzz_lower.rs`.
//!
//! Properties: no panic on any input; and the verifier never accepts a chain unless an
//! independent re-computation here (BigRational, its own forward pass and norms) agrees that
//! $F_L\thinspace\sigma(\cdots\sigma(F_1F_0)) = I_K$ exactly and
//! $\prod_i \Vert F_i\Vert_F^2 < K^{L+1}$, with the same $C^{L+1}$.
//!
//! The default suite runs a short campaign; the long one is `#[ignore]`d:
//! `FUZZ_CASES=20000 cargo test --release --test it fuzz_chain:: -- --ignored`.

use crate::common;

use ncverify::kernel::cert::chain::ChainFile;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use proptest::prelude::*;

const BASE: &str = include_str!("../../proofs/certificates/chain/k3_l4_n1.toml");

type M = Vec<Vec<BigRational>>;

/// An exact rational `p/q` or integer, as the chain files write them; `None` otherwise.
fn rational(s: &str) -> Option<BigRational> {
    let (p, q) = s.split_once('/').unwrap_or((s, "1"));
    let (p, q): (BigInt, BigInt) = (p.parse().ok()?, q.parse().ok()?);
    (!q.is_zero()).then(|| BigRational::new(p, q))
}

fn matrix(rows: &[Vec<String>]) -> Option<M> {
    rows.iter()
        .map(|r| r.iter().map(|x| rational(x)).collect())
        .collect()
}

fn mul(a: &M, b: &M) -> Option<M> {
    let inner = b.len();
    if a.iter().any(|r| r.len() != inner) || b.is_empty() {
        return None;
    }
    let cols = b[0].len();
    Some(
        a.iter()
            .map(|r| {
                (0..cols)
                    .map(|j| (0..inner).fold(BigRational::zero(), |acc, t| acc + &r[t] * &b[t][j]))
                    .collect()
            })
            .collect(),
    )
}

/// The independent check: `Some(C^(L+1))` iff the factors output I_K exactly and cost less
/// than K^(L+1).
fn recompute(c: &ChainFile) -> Option<BigRational> {
    let k = usize::try_from(c.classes).ok()?;
    let mut h = matrix(&c.witness.h1)?;
    if c.witness.w.len() != usize::try_from(c.layers).ok()? {
        return None;
    }
    let norm = |m: &M| {
        m.iter()
            .flatten()
            .fold(BigRational::zero(), |acc, x| acc + x * x)
    };
    let mut cost = norm(&h);
    for (i, w) in c.witness.w.iter().enumerate() {
        let w = matrix(w)?;
        cost *= norm(&w);
        h = mul(&w, &h)?;
        if i + 1 < c.witness.w.len() {
            for x in h.iter_mut().flatten() {
                if x.is_negative() {
                    *x = BigRational::zero();
                }
            }
        }
    }
    let identity = h.len() == k
        && h.iter().enumerate().all(|(i, r)| {
            r.len() == k
                && r.iter()
                    .enumerate()
                    .all(|(j, x)| if i == j { x.is_one() } else { x.is_zero() })
        });
    let dnc = BigRational::from_integer(BigInt::from(c.classes).pow(c.layers + 1));
    (identity && cost < dnc).then_some(cost)
}

#[derive(Debug, Clone)]
enum Edit {
    /// Replace one entry (matrix index, row, column; reduced modulo the sizes).
    Entry(usize, usize, usize, String),
    /// Drop the last row of one matrix.
    DropRow(usize),
    /// Change `classes`, `layers` or `kind`.
    Classes(u64),
    Layers(u32),
    Kind(String),
    /// Flip one byte of the TOML text.
    Byte(usize, u8),
}

fn hostile_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-3i64..4, 1i64..4).prop_map(|(p, q)| format!("{p}/{q}")),
        Just("0".to_string()),
        Just("1".to_string()),
        Just("1/0".to_string()),
        "[-+]?[0-9]{0,25}(/[0-9]{0,25})?",
        (1usize..2000).prop_map(|n| format!("1/{}", "7".repeat(n))),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0usize..8, 0usize..64, 0usize..64, hostile_number())
            .prop_map(|(m, i, j, v)| Edit::Entry(m, i, j, v)),
        1 => (0usize..8).prop_map(Edit::DropRow),
        1 => prop_oneof![Just(0u64), Just(1), 2u64..6, Just(u64::MAX)].prop_map(Edit::Classes),
        1 => prop_oneof![Just(0u32), 1u32..6, Just(u32::MAX)].prop_map(Edit::Layers),
        1 => prop_oneof![Just("chain".to_string()), "[a-z]{0,6}"].prop_map(Edit::Kind),
        1 => (0usize..100_000, any::<u8>()).prop_map(|(i, b)| Edit::Byte(i, b)),
    ]
}

/// Factor `m` (modulo their number) of a chain: `h1`, then the `w`s.
fn factor(c: &mut ChainFile, m: usize) -> &mut Vec<Vec<String>> {
    let n = 1 + c.witness.w.len();
    if m.is_multiple_of(n) {
        &mut c.witness.h1
    } else {
        &mut c.witness.w[m % n - 1]
    }
}

/// The text of the base chain with `edits` applied.
fn mutate(edits: &[Edit]) -> String {
    let mut c = ChainFile::from_toml(BASE).unwrap();
    let mut bytes: Option<(usize, u8)> = None;
    for e in edits {
        match e {
            Edit::Entry(m, i, j, v) => {
                let rows = factor(&mut c, *m);
                if !rows.is_empty() {
                    let r = i % rows.len();
                    if !rows[r].is_empty() {
                        let len = rows[r].len();
                        rows[r][j % len] = v.clone();
                    }
                }
            }
            Edit::DropRow(m) => {
                factor(&mut c, *m).pop();
            }
            Edit::Classes(k) => c.classes = *k,
            Edit::Layers(l) => c.layers = *l,
            Edit::Kind(k) => c.kind = k.clone(),
            Edit::Byte(i, b) => bytes = Some((*i, *b)),
        }
    }
    let mut text = toml::to_string(&c).unwrap();
    if let Some((i, b)) = bytes {
        let mut raw = text.into_bytes();
        let len = raw.len();
        raw[i % len] = b;
        text = String::from_utf8_lossy(&raw).into_owned();
    }
    text
}

fn property(edits: &[Edit]) -> Result<(), TestCaseError> {
    let text = mutate(edits);
    let Ok(c) = ChainFile::from_toml(&text) else {
        return Ok(());
    };
    let ours = recompute(&c);
    match c.verify() {
        Ok((cost, _fact)) => {
            prop_assert_eq!(
                Some(cost),
                ours,
                "accepted, but the re-computation disagrees"
            );
        }
        Err(e) => {
            // a rejection names a field and is one line
            prop_assert!(!e.to_string().contains('\n'), "{}", e);
        }
    }
    Ok(())
}

fn campaign(cases: u32, seeded: bool) {
    let mut runner = common::fuzz_runner(cases, seeded);
    runner
        .run(&proptest::collection::vec(edit(), 0..4), |edits| {
            property(&edits)
        })
        .unwrap();
}

#[test]
fn mutated_chains_never_panic_and_are_accepted_only_when_exactly_right() {
    campaign(common::fuzz_cases(48), true);
}

#[test]
fn committed_chains_pass_the_independent_recomputation() {
    for (name, text) in [
        ("k3_l4", BASE),
        (
            "k7_l3",
            include_str!("../../proofs/certificates/chain/k7_l3_n1.toml"),
        ),
    ] {
        let c = ChainFile::from_toml(text).unwrap();
        let (cost, _) = c.verify().unwrap();
        assert_eq!(recompute(&c), Some(cost), "{name}");
    }
    // one entry changed: both sides refuse
    let bad = mutate(&[Edit::Entry(0, 0, 0, "22696/68416".into())]);
    let c = ChainFile::from_toml(&bad).unwrap();
    assert!(c.verify().is_err() && recompute(&c).is_none());
}

#[test]
#[ignore]
fn long_chain_mutation_campaign() {
    campaign(common::fuzz_cases(2_000), false);
}

/// A stranger's chain whose exact forward pass would take about a minute (K = 380, width 1000,
/// every entry 1: 3 MB of TOML) is refused before any product, naming the work it would cost.
#[test]
fn a_chain_beyond_one_files_work_is_refused_before_multiplying() {
    let ones = |r: usize, c: usize| vec![vec!["1".to_string(); c]; r];
    let c = ChainFile {
        kind: "chain".into(),
        classes: 380,
        layers: 1,
        provenance: "hostile".into(),
        witness: ncverify::kernel::cert::point::Witness {
            h1: ones(1000, 380),
            w: vec![ones(380, 1000)],
        },
    };
    let e = c.verify().unwrap_err().to_string();
    assert!(
        e.starts_with("chain file: witness: exact evaluation would cost about")
            && e.contains("above the 2147483648 left in the budget"),
        "{e}"
    );
}
