//! Every singular value decomposition goes through `numeric::svd`, which checks that the
//! result rebuilds its input and falls back to one-sided Jacobi (nalgebra 0.35 returns a wrong
//! decomposition for some rank-one matrices). A direct nalgebra SVD call elsewhere fails here.

use std::fs;
use std::path::Path;

fn visit(dir: &Path, hits: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, hits);
        } else if path.extension().and_then(|e| e.to_str()) == Some("rs")
            && !path.ends_with("src/numeric.rs")
        {
            let text = fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if code.contains(".svd(")
                    || code.contains("SVD::")
                    || code.contains(".svd_unordered(")
                {
                    hits.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
}

#[test]
fn no_direct_nalgebra_svd_outside_numeric() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut hits = Vec::new();
    for dir in ["src", "benches", "examples"] {
        visit(&root.join(dir), &mut hits);
    }
    assert!(
        hits.is_empty(),
        "use ncverify::numeric::svd:\n{}",
        hits.join("\n")
    );
}
