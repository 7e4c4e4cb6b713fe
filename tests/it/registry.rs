//! The registry, `proofs/` and the README claim table must agree, and every claim must be
//! decided as expected.

use ncverify::claims::report::to_markdown;
use ncverify::claims::{Report, area, parse_proof_file};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

use crate::decided::reports;

#[test]
fn every_proof_file_parses_and_is_registered_once() {
    let defs = area::all();
    let mut ids = BTreeSet::new();
    for d in &defs {
        assert!(ids.insert(d.id), "duplicate claim id {}", d.id);
        let (meta, body) = parse_proof_file(d.proof).unwrap_or_else(|e| panic!("{}: {e}", d.id));
        assert_eq!(
            meta.id, d.id,
            "front matter id differs from the registered id"
        );
        assert!(
            body.len() > 200,
            "{}: the argument in proofs/ is too short to follow",
            d.id
        );
        let on_disk = fs::read_to_string(root().join("proofs").join(format!("{}.md", d.id)))
            .unwrap_or_else(|e| panic!("proofs/{}.md: {e}", d.id));
        assert_eq!(
            on_disk, d.proof,
            "{}: compiled-in proof differs from the file",
            d.id
        );
    }
    for entry in fs::read_dir(root().join("proofs")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if let Some(id) = name.strip_suffix(".md") {
            if id == "README" || id == "TRUST" {
                continue;
            }
            assert!(
                ids.contains(id),
                "proofs/{name} belongs to no registered claim"
            );
        }
    }
    assert!(
        ids.len() >= 6,
        "expected the foundation claims, found {}",
        ids.len()
    );
}

#[test]
fn every_claim_is_decided_as_expected() {
    for r in reports() {
        assert!(
            r.as_expected(),
            "{}: expected {}, got {} — {}",
            r.id,
            r.expected,
            r.verdict,
            r.evidence
        );
    }
}

#[test]
fn false_claims_are_refuted_with_a_counterexample() {
    let refuted: Vec<&Report> = reports()
        .iter()
        .filter(|r| r.expected == ncverify::claims::Verdict::Refuted)
        .collect();
    assert!(
        !refuted.is_empty(),
        "the registry must contain at least one false claim"
    );
    for r in refuted {
        assert_eq!(r.verdict, ncverify::claims::Verdict::Refuted, "{}", r.id);
        assert!(
            r.evidence.chars().any(|c| c.is_ascii_digit()),
            "{}: counterexample names no values",
            r.id
        );
    }
}

/// Serialises the two tests that rewrite README.md under `UPDATE_README`.
static README_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The README's claim table is `ncverify check`'s output. Regenerate with
/// `UPDATE_README=1 cargo test --test it registry::readme`.
#[test]
fn readme_claim_table_is_current() {
    let path = root().join("README.md");
    let readme = fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- claims:start -->\n", "<!-- claims:end -->");
    let i = readme
        .find(start)
        .expect("README has a claims:start marker")
        + start.len();
    let j = readme.find(end).expect("README has a claims:end marker");
    let current = to_markdown(reports());
    if std::env::var_os("UPDATE_README").is_some() {
        // re-read under the lock: the optimality-map test rewrites the same file
        let _guard = README_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let readme = fs::read_to_string(&path).expect("README.md");
        let i = readme.find(start).expect("claims:start") + start.len();
        let j = readme.find(end).expect("claims:end");
        fs::write(
            &path,
            format!("{}{}{}", &readme[..i], current, &readme[j..]),
        )
        .unwrap();
        return;
    }
    assert_eq!(
        &readme[i..j],
        current,
        "README claim table is stale: run UPDATE_README=1 cargo test --test it registry::readme"
    );
}

/// The README's (K, L) optimality map is the claim `mse.dnc_optimality_map`'s block, built from
/// verified objects. Regenerate with `UPDATE_README=1 cargo test --test it registry::readme`.
#[test]
fn readme_optimality_map_is_current() {
    use ncverify::claims::optimality_map::{MARKERS, block_in, generated};
    let path = root().join("README.md");
    let readme = fs::read_to_string(&path).expect("README.md");
    let (cells, _) = crate::optimality_map::verified_map();
    let block = generated(cells).unwrap();
    if std::env::var_os("UPDATE_README").is_some() {
        let _guard = README_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let readme = fs::read_to_string(&path).expect("README.md");
        let i = readme.find(MARKERS.0).expect("optimality-map:start marker") + MARKERS.0.len();
        let j = readme.find(MARKERS.1).expect("optimality-map:end marker");
        fs::write(&path, format!("{}{block}{}", &readme[..i], &readme[j..])).unwrap();
        return;
    }
    assert_eq!(
        block_in(&readme).expect("README has the optimality-map markers"),
        block,
        "README optimality map is stale: run UPDATE_README=1 cargo test --test it registry::readme"
    );
}

/// Every decided `proof` or `certificate` claim carries the kernel facts that decided it;
/// `sampled` and `experiment` claims carry none (they observe).
#[test]
fn proof_and_certificate_verdicts_carry_kernel_facts() {
    use ncverify::claims::{Method, Verdict};
    for r in reports() {
        match (r.method, r.verdict) {
            (Method::Proof | Method::Certificate, Verdict::Holds | Verdict::Refuted) => assert!(
                !r.kernel_facts.is_empty() && r.kernel_facts.iter().all(|f| !f.is_empty()),
                "{}: decided without a kernel fact",
                r.id
            ),
            (Method::Sampled | Method::Experiment, _) | (_, Verdict::Undecided) => assert!(
                r.kernel_facts.is_empty(),
                "{}: facts on a verdict they did not decide",
                r.id
            ),
        }
    }
}
