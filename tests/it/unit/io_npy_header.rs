//! Tests of the `.npy` header parser (`src/io/npy_header.rs`, private): each header is wrapped
//! in a version 1.0 `.npy` file and read with the public [`parse_npy`], so what is checked is
//! what a reader of a stranger's file sees.

use ncverify::io::{Dtype, IoError, IoErrorKind, ReadLimits, Tensor, TensorData, parse_npy};

/// A version 1.0 `.npy` file with this header text and data.
fn npy(header: &str, data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(header.len()).unwrap();
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

fn read(header: &str, data: &[u8]) -> Result<Tensor, IoError> {
    parse_npy(&npy(header, data), "t.npy", "array", &ReadLimits::default())
}

/// The one-line reason of a refused header.
fn refused(header: &str) -> IoErrorKind {
    read(header, &[0; 64])
        .expect_err(&format!("{header:?} must be refused"))
        .kind
}

fn f64_bytes(v: &[f64]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

#[test]
fn numpy_headers_parse() {
    let values: Vec<f64> = (0..12).map(f64::from).collect();
    let t = read(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }     \n",
        &f64_bytes(&values),
    )
    .unwrap();
    assert_eq!((t.shape, t.dtype), (vec![3, 4], Dtype::F64));
    assert_eq!(t.data, TensorData::Float(values));
    // double quotes, keys in another order, a Fortran-order vector
    let t = read(
        "{\"shape\": (7,), \"fortran_order\": True, \"descr\": \"|u1\"}\n",
        &[1, 2, 3, 4, 5, 6, 7],
    )
    .unwrap();
    assert_eq!((t.shape, t.dtype), (vec![7], Dtype::Uint(1)));
    assert_eq!(t.data, TensorData::Int((1..=7).collect()));
    // a scalar: shape ()
    let t = read(
        "{'descr':'<i8','fortran_order':False,'shape':()}",
        &(-5i64).to_le_bytes(),
    )
    .unwrap();
    assert_eq!((t.shape, t.data), (vec![], TensorData::Int(vec![-5])));
    // Python 2 long integers
    let t = read(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }",
        &[0; 24],
    )
    .unwrap();
    assert_eq!((t.shape, t.dtype), (vec![2, 3], Dtype::F32));
}

#[test]
fn malformed_headers_are_refused_with_a_reason() {
    let format = |header: &str| match refused(header) {
        IoErrorKind::Format(reason) => reason,
        other => panic!("{header:?}: {other:?}"),
    };
    assert_eq!(
        format("{'descr': '<f8', 'fortran_order': False}"),
        "header: no 'shape' entry"
    );
    assert!(
        format("{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}")
            .contains("repeated key \"descr\""),
    );
    assert!(matches!(
        refused("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}"),
        IoErrorKind::Dtype { found, .. } if found == "a structured dtype"
    ));
    assert!(
        format("{'descr': '<f8', 'fortran_order': False, 'shape': (18446744073709551616,)}")
            .contains("overflows u64"),
    );
    for t in [
        "",
        "{",
        "{'descr': '<f8', 'fortran_order': Falsey, 'shape': (1,)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} x",
        "{'descr': '<f8\\', 'fortran_order': False, 'shape': (3,)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3,),,}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3 4)}",
    ] {
        let reason = format(t);
        assert!(
            reason.starts_with("header: expected ") && reason.contains(" at byte "),
            "{t:?}: {reason}"
        );
    }
}

#[test]
fn descr_strings_split() {
    let dtype = |descr: &str, data: &[u8]| {
        read(
            &format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,)}}"),
            data,
        )
        .map(|t| (t.dtype, t.data))
    };
    assert_eq!(
        dtype("<f8", &1.5f64.to_le_bytes()).unwrap(),
        (Dtype::F64, TensorData::Float(vec![1.5]))
    );
    // big-endian is read as big-endian
    assert_eq!(
        dtype(">i4", &(-2i32).to_be_bytes()).unwrap(),
        (Dtype::Int(4), TensorData::Int(vec![-2]))
    );
    assert_eq!(
        dtype("|b1", &[1]).unwrap(),
        (Dtype::Bool, TensorData::Int(vec![1]))
    );
    // `|` (no byte order) only for one-byte types; a missing size, a sign, no byte order
    for bad in ["|f8", "<f", "<f+8", "f8"] {
        assert!(
            matches!(
                dtype(bad, &[0; 8]),
                Err(IoError {
                    kind: IoErrorKind::Dtype { .. },
                    ..
                })
            ),
            "{bad}"
        );
    }
}
