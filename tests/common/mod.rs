//! Shared test helpers: the binary runner and the fuzzing runners. The proptest generators are
//! the crate's own, `ncverify::strategies` (feature `proptest`, enabled for these tests by the
//! dev-dependency on the package itself in Cargo.toml).
#![allow(dead_code)]

/// Run the `ncverify` binary: `(exit code, stdout, stderr)`.
pub fn ncverify(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ncverify"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fuzzing runner for `cases` cases: `seeded` (the default suite) is reproducible, otherwise
/// (the long `#[ignore]`d campaigns) each run draws a fresh seed. No failure persistence: a
/// finding becomes a named regression test instead.
pub fn fuzz_runner(cases: u32, seeded: bool) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    if seeded {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    } else {
        TestRunner::new(config)
    }
}

/// `FUZZ_CASES` from the environment, or `default`.
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// A `.npz` archive of `.npy` members (`name` without `.npy`), stored or deflated.
#[cfg(feature = "io")]
pub fn npz_bytes(members: &[(&str, Vec<u8>)], deflate: bool) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in members {
        w.start_file(format!("{name}.npy"), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A safetensors file of `F64` tensors (row-major values).
#[cfg(feature = "io")]
pub fn safetensors_f64(tensors: &[(&str, Vec<usize>, Vec<f64>)]) -> Vec<u8> {
    let raw: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
        .iter()
        .map(|(n, s, v)| {
            (
                n.to_string(),
                s.clone(),
                v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            )
        })
        .collect();
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = raw
        .iter()
        .map(|(n, s, b)| {
            (
                n.clone(),
                safetensors::tensor::TensorView::new(safetensors::Dtype::F64, s.clone(), b)
                    .unwrap(),
            )
        })
        .collect();
    safetensors::serialize(views, None).unwrap()
}

/// A C-order `i64` `.npy` (labels).
#[cfg(feature = "io")]
pub fn npy_i64(data: &[i64]) -> Vec<u8> {
    let mut out = ncverify::io::npy_header("<i8", &[data.len()]);
    for v in data {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// A C-order `f32` `.npy`.
#[cfg(feature = "io")]
pub fn npy_f32(shape: &[usize], data: &[f32]) -> Vec<u8> {
    let mut out = ncverify::io::npy_header("<f4", shape);
    for v in data {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// Every `.rs` file below `dir`, at any depth, sorted. Panics (failing the test) if `dir` is
/// missing or if it or any folder below it holds no `.rs` file: a check that walks the kernel
/// must not silently cover less after a regrouping.
pub fn rs_files_recursive(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: cannot read the folder: {e}", dir.display()));
        let before = out.len();
        let mut subdirs = Vec::new();
        for entry in entries {
            let path = entry.expect("a readable folder entry").path();
            if path.is_dir() {
                subdirs.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                out.push(path);
            }
        }
        assert!(
            out.len() > before,
            "{}: a source folder without .rs files",
            dir.display()
        );
        for sub in subdirs {
            walk(&sub, out);
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// A tiny sweep (K = 3, L = 2, 10 steps, one seed, traced every 5 steps) written into `dir`
/// through the binary: `(csv path, trace path)`, both as strings. Panics if the sweep fails.
pub fn tiny_sweep(dir: &std::path::Path) -> (String, String) {
    let csv = dir.join("s.csv").display().to_string();
    let trace = dir.join("t.jsonl").display().to_string();
    let (code, _, err) = ncverify(&[
        "sweep",
        "--out",
        &csv,
        "--trace-out",
        &trace,
        "--trace-every",
        "5",
        "--classes",
        "3",
        "--layers",
        "2",
        "--steps",
        "10",
        "--seeds",
        "1",
        "--loss",
        "mse",
        "--activation",
        "relu",
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    (csv, trace)
}
