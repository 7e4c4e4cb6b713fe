//! The (K, L) optimality map (`mse.dnc_optimality_map`): the block in its proof file is the one
//! built from verified objects; every `every λ` cell rests on a kernel-verified chain at exactly
//! that cell, and a derived chain with one entry changed fails verification.

use ncverify::claims::optimality_map::{
    MAP, MAP_CLASSES, MAP_LAYERS, MARKERS, MapStatus, block_in, build_map, derived_chain,
    generated, verified_chain,
};
use std::fs;
use std::path::Path;

/// Replace the block between the markers of `doc` by `block`.
/// The map built once for this test binary (building it verifies 104 chains).
pub fn verified_map() -> &'static (
    Vec<ncverify::claims::optimality_map::MapCell>,
    Vec<ncverify::kernel::Fact>,
) {
    static MAP_ONCE: std::sync::OnceLock<(
        Vec<ncverify::claims::optimality_map::MapCell>,
        Vec<ncverify::kernel::Fact>,
    )> = std::sync::OnceLock::new();
    MAP_ONCE.get_or_init(|| build_map().unwrap())
}

pub fn replace_block(doc: &str, block: &str) -> String {
    let start = doc.find(MARKERS.0).expect("start marker") + MARKERS.0.len();
    let end = doc[start..].find(MARKERS.1).expect("end marker") + start;
    format!("{}{block}{}", &doc[..start], &doc[end..])
}

/// `UPDATE_MAP=1 cargo test --test it optimality_map::` rewrites the block.
#[test]
fn map_in_the_proof_file_is_the_verified_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("proofs/{MAP}.md"));
    let proof = fs::read_to_string(&path).unwrap();
    let (cells, facts) = verified_map();
    assert!(!facts.is_empty());
    let block = generated(cells).unwrap();
    if std::env::var_os("UPDATE_MAP").is_some() {
        fs::write(&path, replace_block(&proof, &block)).unwrap();
        return;
    }
    assert_eq!(
        block_in(&proof).expect("markers"),
        block,
        "regenerate with UPDATE_MAP=1"
    );
}

#[test]
fn map_statuses_are_where_the_theorems_put_them() {
    let (cells, _) = verified_map();
    assert_eq!(cells.len(), MAP_CLASSES.count() * MAP_LAYERS.count());
    for c in cells {
        let (k, l) = (c.classes, c.layers);
        match &c.status {
            MapStatus::Optimal { .. } => assert!(l == 1 || (k, l) == (2, 2), "{k}, {l}"),
            MapStatus::Cited => assert!(k == 2 && l >= 3),
            MapStatus::EveryLambda { cost, .. } => {
                // C^(L+1) < K^(L+1), and the chain verifies again on its own
                let dnc = num_traits::pow::pow(
                    ncverify::kernel::arith::rational::Q::from_integer(k.into()),
                    l as usize + 1,
                );
                assert!(cost < &dnc);
                assert!(verified_chain(k, l).unwrap().is_some());
            }
            _ => {}
        }
        // K = 2 is never beaten; L = 1 never
        if k == 2 || l == 1 {
            assert!(matches!(
                c.status,
                MapStatus::Optimal { .. } | MapStatus::Cited
            ));
        }
    }
    // the committed chains' cells and what they reach
    for (k, l) in [(3, 4), (3, 8), (5, 4), (20, 8), (7, 3), (20, 3)] {
        let c = cells
            .iter()
            .find(|c| (c.classes, c.layers) == (k, l))
            .unwrap();
        assert_eq!(c.status.name(), "every λ", "{k}, {l}");
    }
    // nothing reaches L = 2, nor K < 7 at L = 3
    assert!(derived_chain(20, 2).is_none() && derived_chain(6, 3).is_none());
}

/// Changing one entry that the output depends on breaks the exact output: the identity entry
/// of the appended last factor (depth extension), or of the DNC block beside the chain (class
/// extension), from 1 to 2 (the bases: `k3_l4_n1` at (3, 6), `k9_l3_n1` at (12, 3),
/// `k5_l4_n1` at (9, 5) and (20, 8)).
#[test]
fn a_derived_chain_with_one_entry_changed_fails() {
    for (k, l) in [(3, 6), (12, 3), (9, 5), (20, 8)] {
        let (_, chain) = derived_chain(k, l).unwrap().unwrap();
        chain.verify().unwrap();
        let last = chain.witness.w.len() - 1;
        let d = chain.witness.h1.len();
        let ku = k as usize;
        // (factor, row, column) of an identity entry
        let entries: Vec<(Option<usize>, usize, usize)> = if k >= 10 || (l >= 4 && k >= 6) {
            vec![(Some(last), ku - 1, d - 1), (None, d - 1, ku - 1)]
        } else {
            vec![(Some(last), 0, 0)]
        };
        for (f, i, j) in entries {
            let mut bad = chain.clone();
            let e = match f {
                Some(f) => &mut bad.witness.w[f][i][j],
                None => &mut bad.witness.h1[i][j],
            };
            assert_eq!(e, "1", "K = {k}, L = {l}, {f:?} ({i}, {j})");
            *e = "2".into();
            assert!(bad.verify().is_err(), "K = {k}, L = {l}, {f:?} ({i}, {j})");
        }
    }
}

/// The phase maps and the table agree cell by cell: at λ = 1/(100K) (below DNC's zero
/// threshold for every L = 1..8), a cell is `proved` in the phase map iff it is `every λ` in the
/// table, and `optimal` iff `optimal`.
#[test]
fn phase_statuses_agree_with_the_table() {
    use ncverify::kernel::arith::rational::q;
    use ncverify::mse::MseParams;
    use ncverify::search::known::KnownIndex;
    use ncverify::search::phase::{CellStatus, phase_row};
    let (cells, _) = verified_map();
    let points: Vec<MseParams> = cells
        .iter()
        .map(|c| {
            let lam = q(1, 100 * c.classes as i64);
            MseParams::new(c.classes, c.layers, lam.clone(), lam, 1).unwrap()
        })
        .collect();
    let idx = KnownIndex::for_points(&points).unwrap();
    for (c, p) in cells.iter().zip(&points) {
        let row = phase_row(p, &idx, None).unwrap();
        assert!(!row.dnc_zero, "K = {}, L = {}", c.classes, c.layers);
        assert_eq!(
            row.status == CellStatus::Proved,
            c.status.name() == "every λ",
            "K = {}, L = {}: phase {:?}, table {}",
            c.classes,
            c.layers,
            row.status,
            c.status.name()
        );
        assert_eq!(
            row.status == CellStatus::Optimal,
            c.status.name() == "optimal",
            "K = {}, L = {}",
            c.classes,
            c.layers
        );
    }
}
