//! Fuzzing of the `.npy`, `.npz` and safetensors parsers and of the DUFM point convention
//! (proptest, stable Rust): valid files mutated byte by byte (flips, truncations,
//! insertions, overwritten words, huge numbers spliced into the header text).
//!
//! Properties: no panic on any input; whatever is accepted respects the [`ReadLimits`]
//! (no tensor above `max_tensor_bytes`, every float finite); and a point accepted by
//! [`DufmPoint::from_tensors`] has shapes that chain.
//!
//! The default suite runs a short seeded campaign; the long one is `#[ignore]`d and run by CI:
//! `FUZZ_CASES=100000 cargo test --release --test it fuzz_io:: -- --ignored`.

use crate::common;

use common::{npy_f32, npy_i64, npz_bytes, safetensors_f64};
use ncverify::io::point::DufmPoint;
use ncverify::io::{
    IoError, ReadLimits, TensorData, TensorFile, npy_bytes_f64, parse_npy, parse_npz,
    parse_safetensors,
};
use proptest::prelude::*;

const LIMITS: ReadLimits = ReadLimits {
    max_tensor_bytes: 1 << 16,
    max_total_bytes: 1 << 18,
    max_header_bytes: 1 << 10,
    max_tensors: 16,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Npy,
    Npz,
    Safetensors,
}

fn h1() -> Vec<f64> {
    (0..12).map(|i| f64::from(i) / 4.0 - 1.0).collect()
}

/// The valid files the campaign starts from.
fn bases() -> Vec<(Kind, Vec<u8>)> {
    let w = vec![1.0, 0.0, 0.0, 0.5, 0.25, 0.0, 0.0, 1.0, 0.0];
    let w3: Vec<f64> = w[..6].to_vec();
    let point = vec![
        ("H1", npy_bytes_f64(&[3, 4], &h1())),
        ("W1", npy_bytes_f64(&[3, 3], &w)),
        ("W2", npy_bytes_f64(&[2, 3], &w3)),
        ("labels", npy_i64(&[0, 1, 1, 0])),
    ];
    vec![
        (Kind::Npy, npy_bytes_f64(&[3, 4], &h1())),
        (Kind::Npy, npy_f32(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0])),
        (Kind::Npy, npy_i64(&[0, 1, 2, 3])),
        (Kind::Npz, npz_bytes(&point, false)),
        (Kind::Npz, npz_bytes(&point, true)),
        (
            Kind::Safetensors,
            safetensors_f64(&[
                ("H1", vec![3, 4], h1()),
                ("W1", vec![3, 3], w.clone()),
                ("W2", vec![2, 3], w3),
            ]),
        ),
    ]
}

/// One mutation of a file's bytes.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Word(usize, u64),
    /// Replace the first occurrence of a digit run after "shape" with a huge number.
    HugeDim(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        1 => any::<usize>().prop_map(Edit::Truncate),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, v)| Edit::Insert(i, v)),
        2 => (any::<usize>(), prop_oneof![
            Just(u64::MAX), Just(1u64 << 40), Just(0u64), Just(u64::from(u32::MAX)), any::<u64>()
        ]).prop_map(|(i, w)| Edit::Word(i, w)),
        1 => prop_oneof![
            Just("18446744073709551616".to_string()),
            Just("4294967296".to_string()),
            Just("0".to_string()),
            "[0-9]{1,25}",
        ].prop_map(Edit::HugeDim),
    ]
}

fn apply(b: &mut Vec<u8>, e: &Edit) {
    if b.is_empty() {
        return;
    }
    match e {
        Edit::Flip(i, x) => {
            let n = b.len();
            b[i % n] ^= x | 1;
        }
        Edit::Truncate(i) => b.truncate(i % b.len()),
        Edit::Insert(i, v) => {
            let at = i % (b.len() + 1);
            b.splice(at..at, v.iter().copied());
        }
        Edit::Word(i, w) => {
            let n = b.len();
            for (k, byte) in w.to_le_bytes().iter().enumerate() {
                let j = (i % n + k) % n;
                b[j] = *byte;
            }
        }
        Edit::HugeDim(s) => {
            // the first digit run after "shape", found in the bytes themselves
            if let Some(at) = b.windows(5).position(|w| w == b"shape") {
                let digit = |c: &u8| c.is_ascii_digit();
                if let Some(d) = b[at..].iter().position(digit) {
                    let start = at + d;
                    let len = b[start..].iter().take_while(|c| digit(c)).count();
                    b.splice(start..start + len, s.bytes());
                }
            }
        }
    }
}

/// Accepted files respect the limits; accepted points chain.
fn check_file(r: Result<TensorFile, IoError>) -> Result<(), TestCaseError> {
    let Ok(f) = r else { return Ok(()) };
    prop_assert!(f.tensors.len() <= LIMITS.max_tensors);
    for t in &f.tensors {
        let elems: usize = t.shape.iter().product();
        prop_assert_eq!(elems, t.data.len());
        prop_assert!(elems as u64 * t.dtype.size() <= LIMITS.max_tensor_bytes);
        if let TensorData::Float(v) = &t.data {
            prop_assert!(v.iter().all(|x| x.is_finite()));
        }
    }
    if let Ok(p) = DufmPoint::from_tensors(&f) {
        let d = p.width();
        prop_assert!(p.ws.iter().all(|w| w.ncols() == d));
        prop_assert!(p.classes() >= 2 && d >= p.classes());
        if let Some(l) = &p.labels {
            prop_assert_eq!(l.len(), p.h1.ncols());
            prop_assert!(l.iter().all(|&y| y < p.classes()));
            let _ = p.class_major();
        }
    }
    Ok(())
}

fn campaign(cases: u32, seeded: bool) {
    let bases = bases();
    let n = bases.len();
    let mut runner = common::fuzz_runner(cases, seeded);
    runner
        .run(
            &(0..n, proptest::collection::vec(edit(), 1..4)),
            |(i, edits)| {
                let (kind, mut bytes) = bases[i].clone();
                for e in &edits {
                    apply(&mut bytes, e);
                }
                match kind {
                    Kind::Npy => {
                        check_file(
                            parse_npy(&bytes, "f.npy", "f", &LIMITS).map(|t| TensorFile {
                                file: "f.npy".into(),
                                tensors: vec![t],
                            }),
                        )
                    }
                    Kind::Npz => check_file(parse_npz(&bytes, "f.npz", &LIMITS)),
                    Kind::Safetensors => {
                        check_file(parse_safetensors(&bytes, "f.safetensors", &LIMITS))
                    }
                }
            },
        )
        .unwrap();
}

#[test]
fn the_unmutated_bases_are_valid() {
    for (kind, b) in bases() {
        let ok = match kind {
            Kind::Npy => parse_npy(&b, "f.npy", "f", &LIMITS).is_ok(),
            Kind::Npz => DufmPoint::from_tensors(&parse_npz(&b, "f.npz", &LIMITS).unwrap()).is_ok(),
            Kind::Safetensors => {
                DufmPoint::from_tensors(&parse_safetensors(&b, "f.safetensors", &LIMITS).unwrap())
                    .is_ok()
            }
        };
        assert!(ok, "{kind:?}");
    }
}

#[test]
fn mutated_files_never_panic_and_stay_within_limits() {
    campaign(common::fuzz_cases(3000), true);
}

/// Long campaign for CI (`-- --ignored`); `FUZZ_CASES` sets its length.
#[test]
#[ignore]
fn long_mutation_campaign() {
    campaign(common::fuzz_cases(100_000), false);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary bytes behind a valid magic never make a parser panic.
    #[test]
    fn arbitrary_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut npy = b"\x93NUMPY\x01\x00".to_vec();
        npy.extend_from_slice(&tail);
        let _ = parse_npy(&npy, "f.npy", "f", &LIMITS);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&tail);
        let _ = parse_npz(&zip, "f.npz", &LIMITS);
        let _ = parse_safetensors(&tail, "f.safetensors", &LIMITS);
    }
}
