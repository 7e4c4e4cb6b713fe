//! Readers of `.npy`, `.npz` and safetensors: valid files of every supported kind read back
//! exactly, and every kind of bad input is a typed error naming the file and the tensor.

use crate::common;

use common::{npy_f32, npy_i64, npz_bytes, safetensors_f64};
use ncverify::io::point::DufmPoint;
use ncverify::io::{
    IoErrorKind, ReadLimits, TensorData, npy_bytes_f64, npy_header, parse_npy, parse_npz,
    parse_safetensors,
};

const L: ReadLimits = ReadLimits {
    max_tensor_bytes: 1 << 20,
    max_total_bytes: 1 << 22,
    max_header_bytes: 1 << 12,
    max_tensors: 64,
};

fn floats(t: &ncverify::io::Tensor) -> &[f64] {
    match &t.data {
        TensorData::Float(v) => v,
        other => panic!("not floats: {other:?}"),
    }
}

#[test]
fn npy_of_every_supported_dtype_reads_back() {
    let v = [1.5, -2.25, 3.0, 0.125, 1e-3, 7.0];
    let t = parse_npy(&npy_bytes_f64(&[2, 3], &v), "a.npy", "a", &L).unwrap();
    assert_eq!((t.shape.as_slice(), floats(&t)), (&[2usize, 3][..], &v[..]));
    let f: Vec<f32> = v.iter().map(|&x| x as f32).collect();
    let t = parse_npy(&npy_f32(&[3, 2], &f), "b.npy", "b", &L).unwrap();
    let widened: Vec<f64> = f.iter().map(|&x| f64::from(x)).collect();
    assert_eq!(floats(&t), &widened[..]);
    // big-endian float64
    let mut be = npy_header(">f8", &[2]);
    be.extend_from_slice(&2.5f64.to_be_bytes());
    be.extend_from_slice(&(-1.0f64).to_be_bytes());
    assert_eq!(
        floats(&parse_npy(&be, "c.npy", "c", &L).unwrap()),
        &[2.5, -1.0]
    );
    // integer labels of several widths
    let t = parse_npy(&npy_i64(&[0, 2, 1]), "y.npy", "y", &L).unwrap();
    assert_eq!(t.data, TensorData::Int(vec![0, 2, 1]));
    let mut u1 = npy_header("|u1", &[3]);
    u1.extend_from_slice(&[3, 0, 255]);
    assert_eq!(
        parse_npy(&u1, "y.npy", "y", &L).unwrap().data,
        TensorData::Int(vec![3, 0, 255])
    );
}

#[test]
fn fortran_order_is_reordered_to_c_order() {
    // the 2x3 matrix [[1,2,3],[4,5,6]] stored column by column
    let mut b = npy_header("<f8", &[2, 3]);
    let at = b.windows(5).position(|w| w == b"False").unwrap();
    b.splice(at..at + 5, *b"True ");
    for x in [1.0f64, 4.0, 2.0, 5.0, 3.0, 6.0] {
        b.extend_from_slice(&x.to_le_bytes());
    }
    let t = parse_npy(&b, "f.npy", "f", &L).unwrap();
    assert_eq!(floats(&t), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
}

fn point_members() -> Vec<(&'static str, Vec<u8>)> {
    // K = 2, L = 2, d = 2, N = 4
    vec![
        (
            "H1",
            npy_bytes_f64(&[2, 4], &[1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]),
        ),
        ("W1", npy_bytes_f64(&[2, 2], &[1.0, 0.0, 0.0, 1.0])),
        ("W2", npy_bytes_f64(&[2, 2], &[0.5, 0.0, 0.0, 0.5])),
    ]
}

#[test]
fn npz_and_safetensors_points_read_back_identically() {
    for deflate in [false, true] {
        let f = parse_npz(&npz_bytes(&point_members(), deflate), "p.npz", &L).unwrap();
        let p = DufmPoint::from_tensors(&f).unwrap();
        assert_eq!((p.classes(), p.layers(), p.width()), (2, 2, 2));
        assert_eq!(p.h1[(0, 1)], 1.0);
        assert_eq!(p.h1[(1, 2)], 1.0);
        let st = safetensors_f64(&[
            (
                "H1",
                vec![2, 4],
                vec![1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0],
            ),
            ("W1", vec![2, 2], vec![1.0, 0.0, 0.0, 1.0]),
            ("W2", vec![2, 2], vec![0.5, 0.0, 0.0, 0.5]),
        ]);
        let q =
            DufmPoint::from_tensors(&parse_safetensors(&st, "p.safetensors", &L).unwrap()).unwrap();
        assert_eq!((q.h1.clone(), q.ws.clone()), (p.h1.clone(), p.ws.clone()));
    }
}

/// `parse` fails with `kind`, and the message names `file` and `tensor`.
fn fails<T: std::fmt::Debug>(
    r: Result<T, ncverify::io::IoError>,
    file: &str,
    tensor: Option<&str>,
    kind: fn(&IoErrorKind) -> bool,
) {
    let e = r.unwrap_err();
    let msg = e.to_string();
    assert!(kind(&e.kind), "{msg}");
    assert!(msg.starts_with(file), "{msg}");
    if let Some(t) = tensor {
        assert!(msg.contains(&format!("tensor {t}")), "{msg}");
    }
    assert!(!msg.contains('\n'), "{msg}");
}

#[test]
fn bad_npy_files_are_typed_errors() {
    let good = npy_bytes_f64(&[2, 3], &[1.0; 6]);
    // truncated data
    fails(
        parse_npy(&good[..good.len() - 3], "t.npy", "t", &L),
        "t.npy",
        Some("t"),
        |k| matches!(k, IoErrorKind::Truncated { .. }),
    );
    // truncated header
    fails(
        parse_npy(&good[..20], "t.npy", "t", &L),
        "t.npy",
        Some("t"),
        |k| matches!(k, IoErrorKind::Truncated { .. }),
    );
    // a header claiming terabytes: refused before allocating
    let mut huge = npy_header("<f8", &[1 << 20, 1 << 20]);
    huge.extend_from_slice(&[0; 64]);
    fails(
        parse_npy(&huge, "h.npy", "h", &L),
        "h.npy",
        Some("h"),
        |k| matches!(k, IoErrorKind::TooLarge { .. }),
    );
    // a shape whose product overflows u64
    let mut over = npy_header("<f8", &[1 << 40, 1 << 40]);
    over.extend_from_slice(&[0; 8]);
    fails(
        parse_npy(&over, "o.npy", "o", &L),
        "o.npy",
        Some("o"),
        |k| matches!(k, IoErrorKind::TooLarge { claimed: None, .. }),
    );
    // a header length beyond the cap
    let mut long = good.clone();
    long[8] = 0xff;
    long[9] = 0xff;
    fails(
        parse_npy(&long, "l.npy", "l", &L),
        "l.npy",
        Some("l"),
        |k| matches!(k, IoErrorKind::TooLarge { .. }),
    );
    // NaN and infinity
    for bad in [f64::NAN, f64::INFINITY] {
        let b = npy_bytes_f64(&[3], &[0.0, bad, 1.0]);
        fails(parse_npy(&b, "n.npy", "n", &L), "n.npy", Some("n"), |k| {
            matches!(k, IoErrorKind::NonFinite { index: 1 })
        });
    }
    // unsupported dtypes: complex, float16, strings
    for descr in ["<c16", "<f2", "|S4", "<U2"] {
        let mut b = npy_header(descr, &[1]);
        b.extend_from_slice(&[0; 16]);
        fails(parse_npy(&b, "d.npy", "d", &L), "d.npy", Some("d"), |k| {
            matches!(k, IoErrorKind::Dtype { .. } | IoErrorKind::Truncated { .. })
        });
    }
    // not a .npy at all
    fails(
        parse_npy(b"hello", "x.npy", "x", &L),
        "x.npy",
        Some("x"),
        |k| matches!(k, IoErrorKind::Format(_)),
    );
}

fn with(replace: (&'static str, Vec<u8>)) -> Vec<u8> {
    let mut m = point_members();
    m.retain(|(n, _)| *n != replace.0);
    m.push(replace);
    npz_bytes(&m, false)
}

fn point_err(bytes: &[u8], tensor: &str, kind: fn(&IoErrorKind) -> bool) {
    let r = parse_npz(bytes, "p.npz", &L).and_then(|f| DufmPoint::from_tensors(&f));
    fails(r, "p.npz", Some(tensor), kind);
}

#[test]
fn bad_points_name_the_tensor() {
    // missing tensors
    let mut m = point_members();
    m.retain(|(n, _)| *n != "H1");
    point_err(&npz_bytes(&m, false), "H1", |k| {
        matches!(k, IoErrorKind::Missing)
    });
    let mut m = point_members();
    m.retain(|(n, _)| *n != "W1");
    point_err(&npz_bytes(&m, false), "W1", |k| {
        matches!(k, IoErrorKind::Missing)
    });
    // a gap: W1, W2, W4
    point_err(
        &with(("W4", npy_bytes_f64(&[2, 2], &[1.0; 4]))),
        "W3",
        |k| matches!(k, IoErrorKind::Missing),
    );
    // shapes that do not chain
    point_err(
        &with(("W1", npy_bytes_f64(&[2, 3], &[1.0; 6]))),
        "W1",
        |k| matches!(k, IoErrorKind::Shape { .. }),
    );
    point_err(
        &with(("W2", npy_bytes_f64(&[2, 3], &[1.0; 6]))),
        "W2",
        |k| matches!(k, IoErrorKind::Shape { .. }),
    );
    point_err(
        &with(("H1", npy_bytes_f64(&[2, 3], &[1.0; 6]))),
        "H1",
        |k| matches!(k, IoErrorKind::Shape { .. }),
    );
    point_err(&with(("H1", npy_bytes_f64(&[8], &[1.0; 8]))), "H1", |k| {
        matches!(k, IoErrorKind::Shape { .. })
    });
    // integer weights, float labels
    point_err(&with(("W1", npy_i64(&[1, 0, 0, 1]))), "W1", |k| {
        matches!(k, IoErrorKind::Dtype { .. })
    });
    point_err(
        &with(("labels", npy_bytes_f64(&[4], &[0.0; 4]))),
        "labels",
        |k| matches!(k, IoErrorKind::Dtype { .. }),
    );
    // labels out of range, negative, of the wrong length
    for bad in [vec![0, 1, 2, 0], vec![0, -1, 1, 1], vec![0, 1, 1]] {
        point_err(&with(("labels", npy_i64(&bad))), "labels", |k| {
            matches!(k, IoErrorKind::Label(_) | IoErrorKind::Shape { .. })
        });
    }
    // a misspelt tensor
    point_err(
        &with(("W_1", npy_bytes_f64(&[2, 2], &[1.0; 4]))),
        "W_1",
        |k| matches!(k, IoErrorKind::Unexpected),
    );
    // NaN inside W2
    point_err(
        &with(("W2", npy_bytes_f64(&[2, 2], &[1.0, f64::NAN, 0.0, 1.0]))),
        "W2",
        |k| matches!(k, IoErrorKind::NonFinite { index: 1 }),
    );
    // unequal class sizes are an error of class_major, naming labels
    let f = parse_npz(&with(("labels", npy_i64(&[0, 1, 1, 1]))), "p.npz", &L).unwrap();
    let p = DufmPoint::from_tensors(&f).unwrap();
    fails(p.class_major(), "p.npz", Some("labels"), |k| {
        matches!(k, IoErrorKind::Label(_))
    });
}

#[test]
fn labels_sort_columns_class_major() {
    let f = parse_npz(&with(("labels", npy_i64(&[1, 0, 1, 0]))), "p.npz", &L).unwrap();
    let (p, n) = DufmPoint::from_tensors(&f).unwrap().class_major().unwrap();
    assert_eq!(n, 2);
    // columns 1 and 3 (class 0) first: H1 rows were [1,1,0,0] and [0,0,1,1]
    assert_eq!(
        p.h1.row(0).iter().copied().collect::<Vec<_>>(),
        vec![1.0, 0.0, 1.0, 0.0]
    );
    assert!(p.labels.is_none());
}

#[test]
fn bad_archives_are_typed_errors() {
    // a zip member decompressing beyond the cap (a zip bomb) is cut off
    let big = npy_bytes_f64(&[200_000], &vec![0.0; 200_000]);
    let small = ReadLimits {
        max_tensor_bytes: 1 << 16,
        ..L
    };
    let r = parse_npz(&npz_bytes(&[("H1", big)], true), "z.npz", &small);
    fails(r, "z.npz", Some("H1"), |k| {
        matches!(k, IoErrorKind::TooLarge { .. })
    });
    fails(
        parse_npz(b"PK\x03\x04junk", "z.npz", &L),
        "z.npz",
        None,
        |k| matches!(k, IoErrorKind::Format(_)),
    );
    // safetensors: a header claiming more bytes than present, and junk
    let mut st = safetensors_f64(&[("H1", vec![2, 2], vec![1.0; 4])]);
    st.truncate(st.len() - 8);
    fails(parse_safetensors(&st, "s.st", &L), "s.st", None, |k| {
        matches!(k, IoErrorKind::Format(_))
    });
    let st = safetensors_f64(&[("W1", vec![2, 2], vec![1.0, f64::INFINITY, 0.0, 0.0])]);
    fails(
        parse_safetensors(&st, "s.st", &L),
        "s.st",
        Some("W1"),
        |k| matches!(k, IoErrorKind::NonFinite { index: 1 }),
    );
    fails(
        parse_safetensors(&u64::MAX.to_le_bytes(), "s.st", &L),
        "s.st",
        None,
        |k| matches!(k, IoErrorKind::Format(_)),
    );
}

#[test]
fn points_built_from_matrices_are_validated() {
    use nalgebra::DMatrix;
    let h = DMatrix::from_element(3, 4, 0.5);
    let w = DMatrix::identity(3, 3);
    let wl = DMatrix::from_element(2, 3, 0.25);
    assert!(DufmPoint::new("m", h.clone(), vec![w.clone(), wl.clone()], None).is_ok());
    let e = DufmPoint::new("m", h.clone(), vec![wl.clone(), w.clone()], None).unwrap_err();
    assert_eq!(e.tensor.as_deref(), Some("W1"));
    let e = DufmPoint::new("m", h.clone(), vec![], None).unwrap_err();
    assert_eq!(e.kind, IoErrorKind::Missing);
    let e = DufmPoint::new("m", h.clone(), vec![wl.clone()], Some(vec![0, 1, 2, 0])).unwrap_err();
    assert!(matches!(e.kind, IoErrorKind::Label(_)), "{e}");
    let mut bad = h.clone();
    bad[(1, 2)] = f64::NAN;
    let e = DufmPoint::new("m", bad, vec![wl.clone()], None).unwrap_err();
    assert_eq!(e.kind, IoErrorKind::NonFinite { index: 6 });
    // fields set directly are re-checked before use: no panic on out-of-range labels
    let mut p = DufmPoint::new("m", h, vec![wl], None).unwrap();
    p.labels = Some(vec![0, 1, 7, 0]);
    assert!(p.class_major().is_err());
    let opts = ncverify::search::certify_point::CertifyPointOptions::default();
    assert!(ncverify::search::certify_point::certify_point(&p, "1", "1", &opts).is_err());
}

#[test]
fn errors_name_their_parameter_the_tensor_else_the_file() {
    // a tensor-level error: the tensor as the caller named it
    let bad = npy_header("<f8", &[2]);
    let e = parse_npy(&bad, "dir/a.npy", "H1", &L).unwrap_err();
    assert_eq!(e.parameter(), "H1");
    // an npz member: its name without `.npy`
    let big = npy_bytes_f64(&[3], &[1.0, f64::NAN, 0.0]);
    let e = parse_npz(&npz_bytes(&[("W2", big)], false), "p.npz", &L).unwrap_err();
    assert!(matches!(e.kind, IoErrorKind::NonFinite { index: 1 }), "{e}");
    assert_eq!(e.parameter(), "W2");
    // a file-level error: the file as given
    let e = parse_npz(b"PK\x03\x04junk", "dir/z.npz", &L).unwrap_err();
    assert_eq!((e.tensor.as_deref(), e.parameter()), (None, "dir/z.npz"));
    let e = ncverify::io::read_tensors(std::path::Path::new("x.csv"), &L).unwrap_err();
    assert_eq!(e.parameter(), "x.csv");
}
