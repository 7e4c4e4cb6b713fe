//! Tests of `ncverify::claims::proof_file` (`src/claims/proof_file.rs`).

use ncverify::claims::Method;
use ncverify::claims::*;

#[test]
fn front_matter_round_trip() {
    let text = "+++\nid = \"x.y\"\nstatement = \"s\"\nsource = \"src\"\nmethod = \"proof\"\nexpected = \"holds\"\n+++\n\nBecause.\n";
    let (m, body) = parse_proof_file(text).unwrap();
    assert_eq!(m.id, "x.y");
    assert_eq!(m.method, Method::Proof);
    assert_eq!(body, "Because.");
    assert_eq!(
        parse_proof_file("no"),
        Err(ProofFileError::MissingFrontMatter)
    );
    assert!(matches!(
        parse_proof_file("+++\nid = 1\n+++\nx\n"),
        Err(ProofFileError::BadFrontMatter(_))
    ));
}

fn front(extra_lines: &str) -> String {
    format!(
        "+++\nid = \"x.y\"\nstatement = \"s\"\nsource = \"src\"\nmethod = \"proof\"\n\
         expected = \"holds\"\n{extra_lines}+++\n\nBecause.\n"
    )
}

#[test]
fn extra_fields_are_kept_typed() {
    let text = front(
        "doi = \"10.1073/pnas.2015509117\"\nyear = 2020\nauthors = [\"Papyan\", \"Han\"]\n\
         theorem = \"3.10\"\n",
    );
    let (m, _) = parse_proof_file(&text).unwrap();
    assert_eq!(
        m.extra.get("doi"),
        Some(&ExtraValue::Text("10.1073/pnas.2015509117".into()))
    );
    assert_eq!(m.extra.get("year"), Some(&ExtraValue::Integer(2020)));
    assert_eq!(
        m.extra.get("authors"),
        Some(&ExtraValue::List(vec!["Papyan".into(), "Han".into()]))
    );
    assert_eq!(
        m.extra.get("theorem").map(|v| v.to_string()),
        Some("3.10".into())
    );
    assert_eq!(m.extra.len(), 4);
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["extra"]["year"], 2020);
    assert_eq!(json["extra"]["authors"][1], "Han");
    // No extra field, no `extra` key: the built-in JSON is unchanged.
    let (plain, _) = parse_proof_file(&front("")).unwrap();
    assert!(serde_json::to_value(&plain).unwrap().get("extra").is_none());
}

#[test]
fn near_misses_of_known_keys_are_rejected() {
    for (line, key, known) in [
        ("statment = \"t\"\n", "statment", "statement"),
        ("Method = \"proof\"\n", "Method", "method"),
        ("sources = \"t\"\n", "sources", "source"),
        ("ids = \"t\"\n", "ids", "id"),
        ("expect = \"holds\"\n", "expect", "expected"),
    ] {
        assert_eq!(
            parse_proof_file(&front(line)),
            Err(ProofFileError::MisspelledKey {
                key: key.into(),
                known
            }),
            "{key}"
        );
    }
    // A misspelled required key is also a missing one.
    let text = "+++\nid = \"x.y\"\nstatment = \"s\"\nsource = \"src\"\nmethod = \"proof\"\nexpected = \"holds\"\n+++\nBecause.\n";
    let err = parse_proof_file(text).unwrap_err();
    assert!(
        err.to_string().contains("did you mean `statement`"),
        "{err}"
    );
    // Keys far from every known key are extra fields.
    for key in ["doi", "arxiv", "theorem", "url", "year", "venue", "notes"] {
        let (m, _) = parse_proof_file(&front(&format!("{key} = \"v\"\n"))).unwrap();
        assert!(m.extra.contains_key(key), "{key}");
    }
}

#[test]
fn extra_values_must_be_strings_integers_or_string_arrays() {
    for (line, found) in [
        ("theorem = 3.10\n", "float"),
        ("draft = true\n", "boolean"),
        ("mixed = [\"a\", 1]\n", "array"),
        ("[venue]\nname = \"x\"\n", "table"),
    ] {
        assert!(
            matches!(
                parse_proof_file(&front(line)),
                Err(ProofFileError::BadExtraValue { found: f, .. }) if f == found
            ),
            "{line}: {:?}",
            parse_proof_file(&front(line))
        );
    }
    // A misspelled `points` holds tables, so it is not a permitted extra value either.
    let text = front(
        "[[point]]\nclasses = 4\nlayers = 3\nsamples = 1\nlambda_w = \"1\"\nlambda_h = \"1\"\n",
    );
    assert!(matches!(
        parse_proof_file(&text),
        Err(ProofFileError::MisspelledKey {
            known: "points",
            ..
        })
    ));
}

#[test]
fn ids_and_errors_are_checked_and_one_line() {
    let bad_id = "+++\nid = \"has space\"\nstatement = \"s\"\nsource = \"src\"\nmethod = \"proof\"\nexpected = \"holds\"\n+++\nBecause.\n";
    assert_eq!(
        parse_proof_file(bad_id),
        Err(ProofFileError::BadId("has space".into()))
    );
    assert!(validate_id("").is_err());
    assert!(validate_id("mse.low_rank_beats_dnc").is_ok());
    let syntax = "+++\nid = \"x.y\"\nstatement = \n+++\nBecause.\n";
    let err = parse_proof_file(syntax).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, ProofFileError::BadFrontMatter(_)));
    assert!(msg.contains("line 3"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
    let bad_method = front("").replace("\"proof\"", "\"prooof\"");
    let msg = parse_proof_file(&bad_method).unwrap_err().to_string();
    assert!(msg.contains("prooof") && !msg.contains('\n'), "{msg}");
    assert_eq!(
        parse_proof_file(&front("").replace("Because.", " ")),
        Err(ProofFileError::EmptyArgument)
    );
}

/// A near miss is a key within Levenshtein distance 2 of a known key of 5 or more letters
/// (1 of a shorter one), case aside: insertions, deletions, substitutions and a swap of two
/// letters (distance 2) count; a key one edit further is an extra field.
#[test]
fn near_misses_are_measured_by_edit_distance() {
    for (key, known) in [
        ("statemnet", "statement"),   // swap: 2
        ("stament", "statement"),     // two deletions
        ("statementxy", "statement"), // two insertions
        ("mthd", "method"),           // two deletions
        ("METHD", "method"),          // case aside, one deletion
        ("i", "id"),                  // one deletion, limit 1
        ("ix", "id"),                 // one substitution
    ] {
        assert_eq!(
            parse_proof_file(&front(&format!("{key} = \"t\"\n"))),
            Err(ProofFileError::MisspelledKey {
                key: key.into(),
                known
            }),
            "{key}"
        );
    }
    for key in ["stamnt", "statementxyz", "mth", "xy", "di"] {
        let (m, _) = parse_proof_file(&front(&format!("{key} = \"v\"\n"))).unwrap();
        assert!(m.extra.contains_key(key), "{key}");
    }
}
