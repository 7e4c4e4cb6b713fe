//! The README speaks to users: one profile recipe, used verbatim by the example downstream
//! crate (a crate of its own, so its profiles apply), and no words from the project's own
//! bookkeeping.

use std::fs;
use std::path::Path;

fn read(path: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The ```toml block of the README's "Profiles for fast tests" paragraph.
fn readme_recipe() -> String {
    let readme = read("README.md");
    let start = readme
        .find("**Profiles for fast tests.**")
        .expect("README has the profile recipe");
    let rest = &readme[start..];
    let open = rest.find("```toml\n").expect("a toml block follows") + "```toml\n".len();
    let close = rest[open..].find("```").expect("the block ends");
    rest[open..open + close].to_string()
}

#[test]
fn the_example_crate_uses_the_readme_profile_recipe_verbatim() {
    let recipe = readme_recipe();
    assert!(
        recipe.contains("[profile.dev.package.ncverify-kernel]"),
        "{recipe}"
    );
    let manifest = read("examples/paper-claims/Cargo.toml");
    assert!(
        manifest.contains(&recipe),
        "examples/paper-claims/Cargo.toml does not contain the README's profile block:\n{recipe}"
    );
    // the example is its own workspace root, so Cargo applies those profiles to it
    let example: toml::Value = toml::from_str(&manifest).unwrap();
    assert!(
        example.get("workspace").is_some(),
        "the example has its own [workspace]"
    );
    let root: toml::Value = toml::from_str(&read("Cargo.toml")).unwrap();
    let ws = &root["workspace"];
    let listed = |key: &str| {
        ws.get(key).and_then(|v| v.as_array()).is_some_and(|a| {
            a.iter()
                .any(|m| m.as_str() == Some("examples/paper-claims"))
        })
    };
    assert!(!listed("members") && listed("exclude"));
    // the recipe is the only profile block the README and the crate docs offer
    assert_eq!(
        read("README.md")
            .matches("[profile.dev.package.num-bigint]")
            .count(),
        1
    );
    assert!(!read("src/lib.rs").contains("[profile.dev.package"));
}

#[test]
fn the_readme_has_no_internal_bookkeeping() {
    let readme = read("README.md").to_lowercase();
    for (i, _) in readme.match_indices("issue ") {
        let next = readme[i + "issue ".len()..].chars().next();
        assert!(
            !next.is_some_and(|c| c.is_ascii_digit() || c == '#'),
            "README refers to an internal issue number: {}",
            &readme[i..(i + 20).min(readme.len())]
        );
    }
    for word in ["helper", "the lead", "(duplicates finding)"] {
        assert!(!readme.contains(word), "README says {word:?}");
    }
}
