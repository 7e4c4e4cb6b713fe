//! Tests of `ncverify::plot::phase` (`src/plot/phase.rs`).

use super::search_phase::row;
use ncverify::plot::phase::*;
use ncverify::search::phase::drawn_lambda_zero;
use ncverify::search::phase::{CellStatus, PhaseError, PhaseRow};

#[test]
fn kl_map_has_every_status_axis_titles_and_ratio_labels() {
    let rows = vec![
        row(10, 3, 0.004, CellStatus::Committed, Some(0.9795)),
        row(6, 3, 0.004, CellStatus::Undecided, None),
        row(6, 4, 0.004, CellStatus::Zero, None),
    ];
    let svg = kl_map_svg(&rows, "test").unwrap();
    // every status in the legend, axis titles, the ratio label
    for s in CellStatus::ALL {
        assert!(svg.contains(s.legend()), "{}", s.legend());
    }
    assert!(svg.contains("K (classes)") && svg.contains("L (layers)"));
    assert!(svg.contains("0.980"), "{svg}");
    assert_eq!(kl_map_svg(&[], "t").unwrap_err(), PhaseError::Empty);
}

/// The `y` of the `<text>` element whose content starts with `content`.
fn text_y(svg: &str, content: &str) -> u32 {
    let lines: Vec<&str> = svg.lines().collect();
    let i = lines.iter().position(|l| l.starts_with(content)).unwrap();
    let tag = lines[i - 1];
    assert!(tag.starts_with("<text"), "{tag}");
    number_after(tag, " y=\"")
}

/// The number between `key` (ending in a quote) and the next quote.
fn number_after(s: &str, key: &str) -> u32 {
    s.split(key)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn kl_map_notes_sit_below_the_legend_inside_the_picture() {
    // one layer: the grid alone would be 194 pixels high, the legend needs more
    let rows = vec![row(6, 1, 0.004, CellStatus::Optimal, None)];
    let svg = kl_map_svg(&rows, "t").unwrap();
    let last = text_y(&svg, CellStatus::ALL[7].legend());
    let first_note = text_y(&svg, "in cells:");
    let second_note = text_y(&svg, "(&quot;?&quot;");
    assert!(last < first_note && first_note < second_note);
    let height = number_after(&svg, "height=\"");
    assert!(second_note + 16 <= height, "{second_note} {height}");
}

#[test]
fn klambda_map_draws_bands_and_threshold() {
    let rows: Vec<PhaseRow> = [1e-3, 1e-2]
        .iter()
        .flat_map(|&lam| [6u64, 7].map(|k| row(k, 3, lam, CellStatus::Undecided, None)))
        .collect();
    let svg = klambda_map_svg(&rows, "t").unwrap();
    assert!(svg.contains("DNC zero threshold"));
    assert!(svg.contains(BOUNDARY_LEGEND));
    assert!(svg.contains("log scale"));
    let z = drawn_lambda_zero(10, 3, 1).unwrap();
    // exact threshold at L = 3, n = 1: K^4 λ^4 = 2^2 / 3^6
    assert!((z.powi(4) * 1e4 - 4.0 / 729.0).abs() < 1e-12);
}
