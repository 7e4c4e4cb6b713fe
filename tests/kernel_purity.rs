//! The trusted kernel must stay exact and self-contained: no floating point, no numerical
//! library, no dependency on the untrusted parts of the crate.

use std::fs;
use std::path::Path;

#[test]
fn kernel_uses_no_floats_and_no_search_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kernel");
    // Whole words, plus any identifier containing a float type (`to_f64`, `powf`, ...).
    let forbidden = [
        "nalgebra",
        "from_float",
        "rand",
        "powf",
        "Float",
        "FromPrimitive",
    ];
    let float_substrings = ["f64", "f32"];
    let mut checked = 0;
    for entry in fs::read_dir(&dir).expect("src/kernel exists") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                let hit = code.match_indices(word).any(|(i, _)| {
                    let before = code[..i].chars().last();
                    let after = code[i + word.len()..].chars().next();
                    let is_ident =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                    !is_ident(before) && !is_ident(after)
                });
                assert!(
                    !hit,
                    "{}:{}: kernel code mentions `{word}`: {line}",
                    path.display(),
                    n + 1
                );
            }
            for sub in float_substrings {
                assert!(
                    !code.contains(sub),
                    "{}:{}: kernel code mentions `{sub}`: {line}",
                    path.display(),
                    n + 1
                );
            }
            if let Some(i) = code.find("crate::") {
                assert!(
                    code[i..].starts_with("crate::kernel"),
                    "{}:{}: kernel depends on non-kernel code: {line}",
                    path.display(),
                    n + 1
                );
            }
            assert!(
                !code.contains("super::super"),
                "{}:{}: kernel reaches outside itself",
                path.display(),
                n + 1
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 3,
        "expected the kernel's source files, found {checked}"
    );
}
