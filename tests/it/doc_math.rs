//! The TeX in doc comments survives rustdoc's Markdown, so that KaTeX (`docs/katex.html`, loaded
//! by every page with a formula) renders what the source says. Markdown runs first and knows nothing about `$`: it drops the
//! backslash before ASCII punctuation (`\|`, `\,`, `\{` reach KaTeX as `|`, `,`, `{`), pairs
//! `*` and some `_` as emphasis, and a `$` left without its partner pairs with the wrong one.
//! `docs/README.md` lists what to write instead. Checked over every doc comment of both
//! crates; the emphasis rule is CommonMark's (left- and right-flanking delimiter runs).

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Consecutive doc-comment lines of one kind (`//!` or `///`): `(line number, text)`.
fn doc_blocks(text: &str) -> Vec<Vec<(usize, String)>> {
    let mut blocks = Vec::new();
    let mut cur: Vec<(usize, String)> = Vec::new();
    let mut kind = "";
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let this = ["//!", "///"]
            .into_iter()
            .find(|p| t.starts_with(p) && !t.starts_with("////"));
        match this {
            Some(p) if p == kind || cur.is_empty() => {
                kind = p;
                let rest = &t[3..];
                cur.push((i + 1, rest.strip_prefix(' ').unwrap_or(rest).to_string()));
            }
            _ => {
                if !cur.is_empty() {
                    blocks.push(std::mem::take(&mut cur));
                }
                if let Some(p) = this {
                    kind = p;
                    let rest = &t[3..];
                    cur.push((i + 1, rest.strip_prefix(' ').unwrap_or(rest).to_string()));
                }
            }
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    blocks
}

/// The block's text with fenced code blocks and code spans blanked (newlines kept), as chars.
fn without_code(block: &[(usize, String)]) -> Vec<char> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for (_, t) in block {
        if t.trim_start().starts_with("```") {
            fenced = !fenced;
            lines.push(" ".repeat(t.chars().count()));
        } else if fenced {
            lines.push(" ".repeat(t.chars().count()));
        } else {
            lines.push(t.clone());
        }
    }
    let mut c: Vec<char> = lines.join("\n").chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '`' {
            i += 1;
            continue;
        }
        let run = c[i..].iter().take_while(|&&x| x == '`').count();
        // the closing run of the same length
        let mut j = i + run;
        let mut close = None;
        while j < c.len() {
            if c[j] == '`' {
                let r = c[j..].iter().take_while(|&&x| x == '`').count();
                if r == run {
                    close = Some(j);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match close {
            Some(j) => {
                for x in &mut c[i..j + run] {
                    if *x != '\n' {
                        *x = ' ';
                    }
                }
                i = j + run;
            }
            None => i += run,
        }
    }
    c
}

/// Math spans `(start, end)` (delimiters included), or the position of an unpaired `$`.
fn math_spans(c: &[char]) -> Result<Vec<(usize, usize)>, usize> {
    let find = |from: usize, pat: &[char]| (from..c.len()).find(|&k| c[k..].starts_with(pat));
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(j) = find(i, &['$']) {
        let display = c[j..].starts_with(&['$', '$']);
        let (open, close) = if display {
            (2, &['$', '$'][..])
        } else {
            (1, &['$'][..])
        };
        let k = find(j + open, close).ok_or(j)?;
        if c[j..k].windows(2).any(|w| w == ['\n', '\n']) {
            return Err(j);
        }
        spans.push((j, k + close.len()));
        i = k + close.len();
    }
    Ok(spans)
}

fn is_punct(ch: char) -> bool {
    ch.is_ascii_punctuation() || (!ch.is_alphanumeric() && !ch.is_whitespace())
}

/// Problems of one doc block: `(line, message)`.
fn check_block(block: &[(usize, String)]) -> Vec<(usize, String)> {
    let c = without_code(block);
    let line_of = |pos: usize| block[c[..pos].iter().filter(|&&x| x == '\n').count()].0;
    let snippet = |a: usize, b: usize| {
        c[a..b.min(c.len())]
            .iter()
            .map(|&x| if x == '\n' { ' ' } else { x })
            .collect::<String>()
    };
    let mut out = Vec::new();
    let spans = match math_spans(&c) {
        Ok(s) => s,
        Err(j) => {
            let msg = format!("unpaired $: {}", snippet(j, j + 40));
            return vec![(line_of(j), msg)];
        }
    };
    let in_math = |pos: usize| spans.iter().any(|&(a, b)| a <= pos && pos < b);
    for &(a, b) in &spans {
        let tex = &c[a..b];
        let first = out.len();
        let mut k = 0;
        while k < tex.len() {
            let ch = tex[k];
            if ch == '\\' && k + 1 < tex.len() {
                let next = tex[k + 1];
                if next.is_ascii_punctuation() && !matches!(next, '_' | '[' | ']') {
                    out.push((
                        line_of(a + k),
                        format!(
                            "\\{next} loses its backslash in Markdown: {}",
                            snippet(a, b)
                        ),
                    ));
                }
                k += 2;
                continue;
            }
            if ch == '*' {
                let msg = format!("* is Markdown emphasis (write \\ast): {}", snippet(a, b));
                out.push((line_of(a + k), msg));
            }
            k += 1;
        }
        // one report per kind and formula
        let mut seen = std::collections::HashSet::new();
        let mut k = first;
        while k < out.len() {
            if seen.insert(out[k].1.split(' ').next().unwrap_or("").to_string()) {
                k += 1;
            } else {
                out.remove(k);
            }
        }
        if snippet(a, b).contains("psmallmatrix") {
            let msg = "KaTeX has no psmallmatrix".to_string();
            out.push((line_of(a), msg));
        }
    }
    // `_` delimiter runs that can open / close emphasis (CommonMark), per paragraph
    let mut para = vec![0usize; c.len()];
    let mut id = 0;
    let mut start_of_line = true;
    for (pos, p) in para.iter_mut().enumerate() {
        if start_of_line {
            let rest: String = c[pos..].iter().take_while(|&&x| x != '\n').collect();
            let t = rest.trim_start();
            let item = ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m))
                || t.split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|d| d.is_ascii_digit()));
            if t.is_empty() || item || t.starts_with('#') {
                id += 1;
            }
        }
        *p = id;
        start_of_line = c[pos] == '\n';
    }
    let (mut openers, mut closers) = (Vec::new(), Vec::new());
    let mut pos = 0;
    while pos < c.len() {
        if c[pos] == '\\' {
            pos += 2;
            continue;
        }
        if c[pos] != '_' {
            pos += 1;
            continue;
        }
        let end = pos + c[pos..].iter().take_while(|&&x| x == '_').count();
        let prev = if pos == 0 { ' ' } else { c[pos - 1] };
        let next = c.get(end).copied().unwrap_or(' ');
        let left =
            !next.is_whitespace() && (!is_punct(next) || prev.is_whitespace() || is_punct(prev));
        let right =
            !prev.is_whitespace() && (!is_punct(prev) || next.is_whitespace() || is_punct(next));
        if left && (!right || is_punct(prev)) {
            openers.push(pos);
        }
        if right && (!left || is_punct(next)) {
            closers.push(pos);
        }
        pos = end;
    }
    for &o in &openers {
        if let Some(&cl) = closers
            .iter()
            .find(|&&cl| cl > o && para[cl] == para[o] && (in_math(o) || in_math(cl)))
        {
            out.push((
                line_of(o),
                format!(
                    "_ in '{}' pairs with '{}' as Markdown emphasis (escape the first: \\_)",
                    snippet(o.saturating_sub(20), o + 4),
                    snippet(cl.saturating_sub(8), cl + 4)
                ),
            ));
        }
    }
    out
}

fn problems(roots: &[&str]) -> Vec<String> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for r in roots {
        rust_files(&base.join(r), &mut files);
    }
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for block in doc_blocks(&text) {
            for (line, msg) in check_block(&block) {
                let rel = f.strip_prefix(base).unwrap().display();
                out.push(format!("{rel}:{line}: {msg}"));
            }
        }
    }
    out
}

#[test]
fn doc_comment_tex_survives_markdown() {
    let found = problems(&["src", "crates/ncverify-kernel/src"]);
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The checks catch each kind of mangling they are meant to catch.
#[test]
fn the_checks_catch_mangled_tex() {
    let block = |s: &str| -> Vec<(usize, String)> {
        s.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_string()))
            .collect()
    };
    let caught = |s: &str| !check_block(&block(s)).is_empty();
    assert!(caught(r"the norm $\|W\|_F$"));
    assert!(caught(r"a space $a\,b$"));
    assert!(caught(r"the optimum $x^*$"));
    assert!(caught(r"$\mathrm{Var}_c = \sum h_{c,s}$"));
    assert!(caught(r"$P = \begin{psmallmatrix}1\end{psmallmatrix}$"));
    assert!(caught("a lone $x\n\nin two paragraphs$"));
    assert!(!caught(
        r"the norm $\Vert W\Vert_F$, $\mathrm{Var}\_c = \sum h_{c,s}$"
    ));
    assert!(!caught(
        r"$\mathbb Q\[r\]$, `$\|x\|$` in code, $x^\ast$, *emphasis* and $W_L$"
    ));
}

/// Every page with a formula loads KaTeX itself (so the formulas render in a dependent's
/// `cargo doc` too): a module whose `//!` docs have a `$` carries
/// `#![cfg_attr(doc, doc = katex!())]`, a public top-level item whose `///` docs have one
/// carries `#[cfg_attr(doc, doc = katex!())]`; the kernel's and the library's loader are the
/// same file.
#[test]
fn every_page_with_a_formula_loads_katex() {
    const MODULE: &str = "#![cfg_attr(doc, doc = katex!())]";
    const ITEM: &str = "#[cfg_attr(doc, doc = katex!())]";
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for r in ["src", "crates/ncverify-kernel/src"] {
        rust_files(&base.join(r), &mut files);
    }
    let items = [
        "fn ",
        "const fn ",
        "struct ",
        "enum ",
        "trait ",
        "type ",
        "const ",
        "static ",
    ];
    let mut missing = Vec::new();
    for f in files {
        if f.ends_with("main.rs") {
            continue;
        }
        let text = fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let rel = f.strip_prefix(base).unwrap().display().to_string();
        let top = lines.iter().take_while(|l| l.starts_with("//!"));
        if top.clone().any(|l| l.contains('$')) && !lines.contains(&MODULE) {
            missing.push(format!("{rel}: module docs with a formula, no {MODULE}"));
        }
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].starts_with("///") {
                i += 1;
                continue;
            }
            let start = i;
            while i < lines.len() && lines[i].starts_with("///") {
                i += 1;
            }
            let attrs = lines[i..]
                .iter()
                .take_while(|l| l.starts_with("#["))
                .count();
            let item = lines.get(i + attrs).copied().unwrap_or("");
            let public = item
                .strip_prefix("pub ")
                .is_some_and(|rest| items.iter().any(|k| rest.starts_with(k)));
            let math = lines[start..i].iter().any(|l| l.contains('$'));
            if public && math && !lines[i..i + attrs].contains(&ITEM) {
                missing.push(format!("{rel}:{}: {item}", i + attrs + 1));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} pages with formulas that do not load KaTeX:\n{}",
        missing.len(),
        missing.join("\n")
    );
    let lib = fs::read_to_string(base.join("docs/katex.html")).unwrap();
    let kernel = fs::read_to_string(base.join("crates/ncverify-kernel/katex.html")).unwrap();
    assert_eq!(
        lib, kernel,
        "docs/katex.html and crates/ncverify-kernel/katex.html differ"
    );
    assert!(lib.contains("renderMathInElement") && lib.contains("integrity"));
}
