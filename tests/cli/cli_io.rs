//! `certify-point` and `metrics` from the command line: bad files exit 2 with one line naming
//! the file and the tensor; a perturbed trained point saved as `.npz` (float32) or safetensors
//! is polished, certified, and the written certificate passes `ncverify verify`.

use crate::common;

use common::{ncverify, npy_f32, npy_i64, npz_bytes, safetensors_f64};
use ncverify::io::{npy_bytes_f64, npy_header};
use ncverify::kernel::arith::rational::parse_rational;
use ncverify::kernel::cert::point::Certificate;
use ncverify::numeric::q_to_f64;
use std::path::{Path, PathBuf};

/// The committed certificate's witness (K = 10, L = 3, n = 3, λ_W = 1/500, λ_H = 1/100) as
/// row-major `f64` matrices `[H1, W1, W2, W3]`, each entry moved by `eps` times a fixed
/// pattern (a stand-in for a point trained elsewhere).
fn trained_point(eps: f64) -> Vec<(String, Vec<usize>, Vec<f64>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("proofs/certificates/k10_l3_n3_lw1-500_lh1-100.toml");
    let c = Certificate::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    let mats = std::iter::once(("H1".to_string(), &c.witness.h1)).chain(
        c.witness
            .w
            .iter()
            .enumerate()
            .map(|(i, w)| (format!("W{}", i + 1), w)),
    );
    for (name, rows) in mats {
        let shape = vec![rows.len(), rows[0].len()];
        let v: Vec<f64> = rows
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, s)| {
                q_to_f64(&parse_rational(s).unwrap()) + eps * (((i * 7919) % 13) as f64 - 6.0)
            })
            .collect();
        out.push((name, shape, v));
    }
    out
}

fn tmp(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const LAMBDAS: [&str; 4] = ["--lambda-w", "1/500", "--lambda-h", "1/100"];

fn certify_and_verify(dir: &tempfile::TempDir, file: &Path) {
    let cert = tmp(dir, "cert.toml");
    let mut args = vec!["certify-point", s(file)];
    args.extend(LAMBDAS);
    args.extend(["--layers", "3", "--samples", "3", "--polish", "200"]);
    args.extend(["--out", s(&cert), "--json"]);
    let (code, out, err) = ncverify(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "dnc_not_optimal", "{out}");
    assert!(v["polished_loss"].as_f64().unwrap() <= v["point_loss"].as_f64().unwrap());
    let (code, out, err) = ncverify(&["verify", s(&cert)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("valid"), "{out}");
}

#[test]
fn trained_point_round_trips_through_npz_and_safetensors_to_a_verified_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let point = trained_point(1e-4);
    // float32 .npz (what most training code saves), labels shuffled
    let k = 10;
    let n = 3;
    let perm: Vec<usize> = (0..k * n).map(|j| (j * 7) % (k * n)).collect();
    let mut members = Vec::new();
    for (name, shape, v) in &point {
        let v = if name == "H1" {
            // shuffle the columns of H1 and record the labels
            (0..shape[0])
                .flat_map(|r| perm.iter().map(move |&j| (r, j)))
                .map(|(r, j)| v[r * shape[1] + j])
                .collect()
        } else {
            v.clone()
        };
        let f: Vec<f32> = v.iter().map(|&x| x as f32).collect();
        members.push((name.as_str(), npy_f32(shape, &f)));
    }
    let labels: Vec<i64> = perm.iter().map(|&j| (j / n) as i64).collect();
    members.push(("labels", npy_i64(&labels)));
    let npz = tmp(&dir, "trained.npz");
    std::fs::write(&npz, npz_bytes(&members, true)).unwrap();
    certify_and_verify(&dir, &npz);
    // float64 safetensors, class-major
    let st = tmp(&dir, "trained.safetensors");
    let tensors: Vec<(&str, Vec<usize>, Vec<f64>)> = point
        .iter()
        .map(|(n, s, v)| (n.as_str(), s.clone(), v.clone()))
        .collect();
    std::fs::write(&st, safetensors_f64(&tensors)).unwrap();
    certify_and_verify(&dir, &st);
}

#[test]
fn a_point_at_strong_regularisation_is_reported_with_its_exact_loss_and_the_dnc_enclosure() {
    let dir = tempfile::tempdir().unwrap();
    let point = trained_point(0.0);
    let members: Vec<(&str, Vec<u8>)> = point
        .iter()
        .map(|(n, s, v)| (n.as_str(), npy_bytes_f64(s, v)))
        .collect();
    let f = tmp(&dir, "p.npz");
    std::fs::write(&f, npz_bytes(&members, false)).unwrap();
    // at λ = 1 every DNC point, and this point, lose to the zero point: no certificate
    let (code, out, err) = ncverify(&[
        "certify-point",
        s(&f),
        "--lambda-w",
        "1",
        "--lambda-h",
        "1",
        "--bits",
        "8,16",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "not_better_than_dnc", "{out}");
    assert!(v["certificate"].is_null());
    let attempts = v["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    let upper = parse_rational(v["dnc_upper"].as_str().unwrap()).unwrap();
    let lower = parse_rational(v["dnc_lower"].as_str().unwrap()).unwrap();
    assert!(lower <= upper);
    for a in attempts {
        assert_eq!(a["result"], "not_below_lower");
        assert!(parse_rational(a["exact_loss"].as_str().unwrap()).unwrap() >= upper);
    }
    let (code, out, _) = ncverify(&["certify-point", s(&f), "--lambda-w", "1", "--lambda-h", "1"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("exact loss") && out.contains("not_better_than_dnc"),
        "{out}"
    );
}

/// Exit 2 with one stderr line containing every string of `needles`.
fn bad(args: &[&str], needles: &[&str]) {
    let (code, out, err) = ncverify(args);
    assert_eq!(code, 2, "{args:?}: {out}{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {err} lacks {n}");
    }
}

/// `.npz` members: name and `.npy` bytes.
type Members = Vec<(String, Vec<u8>)>;

#[test]
fn bad_point_files_exit_2_naming_file_and_tensor() {
    let dir = tempfile::tempdir().unwrap();
    let point = trained_point(0.0);
    let write = |name: &str, edit: &dyn Fn(&mut Members)| -> PathBuf {
        let mut m: Members = point
            .iter()
            .map(|(n, s, v)| (n.clone(), npy_bytes_f64(s, v)))
            .collect();
        edit(&mut m);
        let refs: Vec<(&str, Vec<u8>)> = m.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let p = tmp(&dir, name);
        std::fs::write(&p, npz_bytes(&refs, false)).unwrap();
        p
    };
    let set = |m: &mut Members, name: &str, b: Vec<u8>| {
        m.retain(|(n, _)| n != name);
        m.push((name.to_string(), b));
    };
    let cases: Vec<(PathBuf, &str, &str)> = vec![
        (
            write("trunc.npz", &|m| {
                let b = &mut m[0].1;
                b.truncate(b.len() - 5);
            }),
            "H1",
            "truncated",
        ),
        (
            write("nan.npz", &|m| {
                set(m, "W2", npy_bytes_f64(&[10, 10], &[f64::NAN; 100]))
            }),
            "W2",
            "non-finite",
        ),
        (
            write("chain.npz", &|m| {
                set(m, "W2", npy_bytes_f64(&[10, 9], &[0.5; 90]))
            }),
            "W2",
            "shape",
        ),
        (
            write("missing.npz", &|m| m.retain(|(n, _)| n != "W1")),
            "W1",
            "missing",
        ),
        (
            write("labels.npz", &|m| {
                set(
                    m,
                    "labels",
                    npy_i64(&(0..30).map(|i| i % 11).collect::<Vec<_>>()),
                )
            }),
            "labels",
            "outside",
        ),
        (
            write("dtype.npz", &|m| {
                set(m, "W3", npy_i64(&[1; 100]));
            }),
            "W3",
            "dtype",
        ),
        (
            write("huge.npz", &|m| {
                let mut b = npy_header("<f8", &[1 << 21, 1 << 21]);
                b.extend_from_slice(&[0; 64]);
                set(m, "H1", b);
            }),
            "H1",
            "limit",
        ),
    ];
    for (file, tensor, what) in &cases {
        let mut args = vec!["certify-point", s(file)];
        args.extend(LAMBDAS);
        bad(&args, &[s(file), &format!("tensor {tensor}"), what]);
    }
    let good = write("good.npz", &|_| {});
    let mut args = vec!["certify-point", s(&good), "--layers", "2"];
    args.extend(LAMBDAS);
    bad(&args, &["--layers"]);
    let mut args = vec!["certify-point", s(&good), "--samples", "2"];
    args.extend(LAMBDAS);
    bad(&args, &["--samples"]);
    bad(
        &[
            "certify-point",
            s(&good),
            "--lambda-w",
            "-1",
            "--lambda-h",
            "1",
        ],
        &["--lambda-w"],
    );
    let mut args = vec!["certify-point", "/nonexistent/p.npz"];
    args.extend(LAMBDAS);
    bad(&args, &["/nonexistent/p.npz"]);
}

#[test]
fn metrics_reads_npy_and_rejects_bad_files_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    // 2 classes in R^2, two samples each, plus a classifier
    let f = tmp(&dir, "feat.npy");
    std::fs::write(
        &f,
        npy_f32(&[4, 2], &[1.0, 0.1, -1.0, 0.0, 1.2, -0.1, -0.9, 0.1]),
    )
    .unwrap();
    let y = tmp(&dir, "y.npy");
    std::fs::write(&y, npy_i64(&[0, 1, 0, 1])).unwrap();
    let w = tmp(&dir, "w.npy");
    std::fs::write(&w, npy_bytes_f64(&[2, 2], &[1.0, 0.0, -1.0, 0.0])).unwrap();
    let (code, out, err) = ncverify(&[
        "metrics",
        s(&f),
        s(&y),
        "--weights",
        s(&w),
        "--layer-features",
        s(&f),
        "--json",
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["classes"], 2);
    assert_eq!(v["ncc_accuracy"], 1.0);
    assert_eq!(v["nc4"], 0.0);
    assert_eq!(v["effective_depth"], 1);
    // bad inputs
    let bad_y = tmp(&dir, "bad_y.npy");
    std::fs::write(&bad_y, npy_i64(&[0, 1, 5, -1])).unwrap();
    bad(
        &["metrics", s(&f), s(&bad_y), "--weights", s(&w)],
        &["bad_y.npy", "tensor bad_y", "outside"],
    );
    let short_y = tmp(&dir, "short.npy");
    std::fs::write(&short_y, npy_i64(&[0, 1, 0])).unwrap();
    bad(
        &["metrics", s(&f), s(&short_y)],
        &["short.npy", "tensor short", "one label per sample"],
    );
    let layer = tmp(&dir, "layer.npy");
    std::fs::write(&layer, npy_f32(&[3, 2], &[0.5; 6])).unwrap();
    bad(
        &["metrics", s(&f), s(&y), "--layer-features", s(&layer)],
        &["layer.npy", "tensor layer", "one row per label"],
    );
    let trunc = tmp(&dir, "trunc.npy");
    let b = npy_f32(&[4, 2], &[0.5; 8]);
    std::fs::write(&trunc, &b[..b.len() - 4]).unwrap();
    bad(
        &["metrics", s(&trunc), s(&y)],
        &["trunc.npy", "tensor trunc", "truncated"],
    );
    let nan = tmp(&dir, "nan.npy");
    std::fs::write(
        &nan,
        npy_f32(&[4, 2], &[0.5, 0.5, f32::NAN, 0.0, 1.0, 1.0, 0.0, 0.0]),
    )
    .unwrap();
    bad(
        &["metrics", s(&nan), s(&y), "--quiet"],
        &["nan.npy", "tensor nan", "index 2"],
    );
    let w3 = tmp(&dir, "w3.npy");
    std::fs::write(&w3, npy_bytes_f64(&[2, 3], &[1.0; 6])).unwrap();
    bad(
        &["metrics", s(&f), s(&y), "--weights", s(&w3)],
        &["w3.npy", "tensor w3", "dimension 2"],
    );
    let huge = tmp(&dir, "huge.npy");
    let mut b = npy_header("<f4", &[1 << 30, 1 << 30]);
    b.extend_from_slice(&[0; 16]);
    std::fs::write(&huge, b).unwrap();
    bad(&["metrics", s(&huge), s(&y)], &["huge.npy", "tensor huge"]);
    bad(&["metrics", s(&f), s(&y), "--epsilon", "2"], &["--epsilon"]);
}
