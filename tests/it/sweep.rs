//! Sweeps: an interrupted and resumed sweep, a sharded and merged sweep, and sweeps with 1 and
//! 2 threads all write byte-identical files; bad input gives typed errors naming the line.
//!
//! The 200-run demonstration is `#[ignore]`d and run by CI:
//! `cargo test --release --test it sweep:: -- --ignored`.

use ncverify::sweep::grid::{Grid, GridFile, Shard};
use ncverify::sweep::merge::merge;
use ncverify::sweep::writer::{self, OutputFormat};
use ncverify::sweep::{SweepError, SweepOptions, run_sweep};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ncverify-sweep-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Eight tiny runs (K ∈ {3, 4}, L ∈ {2, 3}, two seeds), traced.
fn small_grid() -> Grid {
    Grid::new(
        &GridFile::from_toml(
            "classes = [3, 4]\nlayers = [2, 3]\nwidth = [6]\nsteps = [150]\nseeds = 2\ntrace_every = 50\n",
        )
        .unwrap(),
    )
    .unwrap()
}

fn opts(out: &Path, trace: Option<&Path>) -> SweepOptions {
    SweepOptions {
        out: out.to_path_buf(),
        format: OutputFormat::from_path(out),
        trace_out: trace.map(Path::to_path_buf),
        shard: None,
        max_runs: None,
        threads: Some(2),
        // 2 threads: the machine's cores
    }
}

fn sweep(grid: &Grid, o: &SweepOptions) -> ncverify::sweep::SweepSummary {
    run_sweep(grid, o, &mut |_, _| {}).unwrap()
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

/// Stop after 3 runs, add a torn line (a kill while writing), resume: identical to the
/// uninterrupted sweep, rows and traces, CSV and JSON Lines; and every run in the file once.
#[test]
fn stopped_and_resumed_equals_uninterrupted() {
    let d = tmp("resume");
    let g = small_grid();
    for ext in ["csv", "jsonl"] {
        let (full, full_t) = (
            d.join(format!("full.{ext}")),
            d.join(format!("full-{ext}.trace")),
        );
        let s = sweep(&g, &opts(&full, Some(&full_t)));
        assert_eq!((s.total, s.ran, s.remaining), (8, 8, 0));
        let (part, part_t) = (
            d.join(format!("part.{ext}")),
            d.join(format!("part-{ext}.trace")),
        );
        let mut o = opts(&part, Some(&part_t));
        o.max_runs = Some(3);
        o.threads = Some(1);
        let s = sweep(&g, &o);
        assert_eq!((s.ran, s.remaining), (3, 5));
        // a kill in the middle of writing a row leaves a line without its newline
        let mut torn = bytes(&part);
        torn.extend_from_slice(b"loss=mse act=relu K=4 L=3 d=6 n=1 lw=0.0");
        std::fs::write(&part, torn).unwrap();
        let mut tt = bytes(&part_t);
        tt.extend_from_slice(b"{\"key\":\"loss=mse");
        std::fs::write(&part_t, tt).unwrap();
        o.max_runs = None;
        let s = sweep(&g, &o);
        assert_eq!((s.skipped, s.ran, s.remaining), (3, 5, 0));
        assert_eq!(bytes(&part), bytes(&full), "{ext}");
        assert_eq!(bytes(&part_t), bytes(&full_t), "{ext} traces");
        // a third call finds everything done and changes nothing
        let s = sweep(&g, &o);
        assert_eq!((s.skipped, s.ran), (8, 0));
        assert_eq!(bytes(&part), bytes(&full));
        let (rows, partial) = writer::read_rows(&full, OutputFormat::from_path(&full)).unwrap();
        assert!(!partial);
        assert_eq!(rows.len(), 8);
        assert!(
            rows.iter()
                .all(|(r, _)| r.final_loss.is_some() && r.ranks.len() == r.layers + 1)
        );
    }
}

/// Four shards merged equal the unsharded sweep; 1 and 2 threads give the same bytes.
#[test]
fn shards_merged_and_thread_counts_equal_unsharded() {
    let d = tmp("shards");
    let g = small_grid();
    let full = d.join("full.csv");
    let mut o = opts(&full, Some(&d.join("full.trace")));
    o.threads = Some(1);
    sweep(&g, &o);
    let two = d.join("two.csv");
    sweep(&g, &opts(&two, Some(&d.join("two.trace"))));
    assert_eq!(bytes(&two), bytes(&full));
    assert_eq!(bytes(&d.join("two.trace")), bytes(&d.join("full.trace")));
    let mut shards = Vec::new();
    let mut seen = 0;
    for i in 0..4 {
        let p = d.join(format!("shard{i}.csv"));
        let mut o = opts(&p, Some(&d.join(format!("shard{i}.trace"))));
        o.shard = Some(Shard { index: i, count: 4 });
        seen += sweep(&g, &o).total;
        shards.push(p);
    }
    assert_eq!(seen, 8);
    let merged = d.join("merged.csv");
    let s = merge(&merged, &shards, OutputFormat::Csv, Some(&g)).unwrap();
    assert_eq!((s.runs, s.duplicates), (8, 0));
    assert_eq!(bytes(&merged), bytes(&full));
    // a shard given twice is a duplicate, not an error; a missing shard is
    shards.push(shards[0].clone());
    assert_eq!(
        merge(&merged, &shards, OutputFormat::Csv, Some(&g))
            .unwrap()
            .duplicates,
        2
    );
    let e = merge(&merged, &shards[1..4], OutputFormat::Csv, Some(&g)).unwrap_err();
    assert!(
        matches!(e, SweepError::Merge(ref m) if m.contains("2 of 8 run(s) missing")),
        "{e}"
    );
    // a contradicting row
    let text = std::fs::read_to_string(&shards[0]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut f: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    f[15] = "0.5".into(); // final_loss
    let other = d.join("other.csv");
    std::fs::write(&other, format!("{}\n{}\n", lines[0], f.join(","))).unwrap();
    let e = merge(
        &merged,
        &[shards[0].clone(), other],
        OutputFormat::Csv,
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("differs between"), "{e}");
}

#[test]
fn bad_input_gives_typed_errors() {
    let d = tmp("bad");
    // grid too large: 1000^3 runs
    let many: Vec<String> = (2..1002).map(|k| k.to_string()).collect();
    let text = format!(
        "classes = [{0}]\nwidth = [{0}]\nseeds = 1000\n",
        many.join(",")
    );
    let e = Grid::new(&GridFile::from_toml(&text).unwrap()).unwrap_err();
    assert_eq!(
        e,
        SweepError::TooLarge {
            runs: Some(1_000_000_000)
        }
    );
    let e =
        Grid::new(&GridFile::from_toml("seeds = 18446744073709551615\nclasses = [2, 3]").unwrap())
            .unwrap_err();
    assert_eq!(e, SweepError::TooLarge { runs: None });
    assert!(GridFile::from_toml("clases = [3]").is_err());
    let e = Grid::new(&GridFile::from_toml("classes = [1]").unwrap()).unwrap_err();
    assert!(e.to_string().contains("classes"), "{e}");
    let e = Grid::new(
        &GridFile::from_toml("classes = [6]\ninit = [\"hadamard\"]\nwidth = [8]").unwrap(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("2^p"), "{e}");
    for s in ["4/4", "1", "a/2", "0/0", "-1/3"] {
        assert!(
            matches!(s.parse::<Shard>(), Err(SweepError::BadShard(_))),
            "{s}"
        );
    }
    assert_eq!(
        "3/4".parse::<Shard>().unwrap(),
        Shard { index: 3, count: 4 }
    );
    // corrupt output on resume: the error names the file and line
    let g = small_grid();
    let out = d.join("o.jsonl");
    let o = SweepOptions {
        trace_out: None,
        ..opts(&out, None)
    };
    let g2 = Grid::new(
        &GridFile::from_toml(
            "classes = [3, 4]\nlayers = [2, 3]\nwidth = [6]\nsteps = [150]\nseeds = 2\n",
        )
        .unwrap(),
    )
    .unwrap();
    run_sweep(
        &g2,
        &SweepOptions {
            max_runs: Some(2),
            ..o.clone()
        },
        &mut |_, _| {},
    )
    .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    std::fs::write(
        &out,
        text.replacen("\"fit\":", "\"fit\":-", 1)
            .replacen("\"reg\"", "\"rex\"", 2),
    )
    .unwrap();
    let e = run_sweep(&g2, &o, &mut |_, _| {}).unwrap_err();
    assert!(matches!(e, SweepError::Corrupt { line: 1, .. }), "{e}");
    // a row of another grid
    std::fs::write(
        &out,
        text.lines()
            .next()
            .unwrap()
            .replace("\"seed\":0", "\"seed\":7")
            .to_string()
            + "\n",
    )
    .unwrap();
    assert!(matches!(
        run_sweep(&g2, &o, &mut |_, _| {}).unwrap_err(),
        SweepError::Corrupt { line: 1, .. }
    ));
    // traces need a trace file
    assert!(run_sweep(&g, &o, &mut |_, _| {}).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    /// The row parser never panics, and what it accepts writes back to the same line.
    #[test]
    fn row_parser_never_panics(line in "[ -~]{0,200}", csv in any::<bool>(), cut in 0usize..2000) {
        let fmt = if csv { OutputFormat::Csv } else { OutputFormat::Jsonl };
        if let Ok((row, _)) = writer::parse_row(&line, fmt) {
            let again = writer::row_line(&row, fmt).unwrap();
            prop_assert_eq!(again.trim_end(), line.as_str());
        }
        // a cut valid line is rejected or (a prefix that is a line) accepted, never a panic
        let valid = "{\"key\":\"loss=mse act=relu K=3 L=2 d=6 n=1 lw=0.004 lh=0.004 init=gaussian scale=0.3 steps=150 lr=0.5 seed=0\"}";
        let _ = writer::parse_row(&valid[..cut.min(valid.len())], OutputFormat::Jsonl);
    }
}

/// The demonstration: 200 tiny runs, stopped and resumed several times, and split
/// into 4 shards and merged; every output byte-identical to the uninterrupted sweep.
#[test]
#[ignore = "200 runs: cargo test --release --test it sweep:: -- --ignored"]
fn two_hundred_runs_stop_resume_shard() {
    let d = tmp("200");
    let g = Grid::new(
        &GridFile::from_toml(
            "classes = [3, 4, 5, 6, 8]\nlayers = [2, 3, 4, 5]\nwidth = [8]\nsteps = [400]\nseeds = 10\n",
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(g.count().unwrap(), 200);
    let full = d.join("full.csv");
    assert_eq!(sweep(&g, &opts(&full, None)).ran, 200);
    let part = d.join("part.csv");
    for (k, max) in [37u64, 50, 1, 80].iter().enumerate() {
        let mut o = opts(&part, None);
        o.max_runs = Some(*max);
        o.threads = Some(1 + k % 2);
        sweep(&g, &o);
    }
    let s = sweep(&g, &opts(&part, None));
    assert_eq!((s.skipped, s.ran), (168, 32));
    assert_eq!(bytes(&part), bytes(&full));
    let shards: Vec<PathBuf> = (0..4)
        .map(|i| {
            let p = d.join(format!("s{i}.csv"));
            let mut o = opts(&p, None);
            o.shard = Some(Shard { index: i, count: 4 });
            assert_eq!(sweep(&g, &o).ran, 50);
            p
        })
        .collect();
    let merged = d.join("merged.csv");
    merge(&merged, &shards, OutputFormat::Csv, Some(&g)).unwrap();
    assert_eq!(bytes(&merged), bytes(&full));
}
