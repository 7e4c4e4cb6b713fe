//! Tests of `ncverify::plot::train` (`src/plot/train.rs`).

use ncverify::plot::train::*;

#[test]
fn one_polyline_per_mode_and_well_formed() {
    let series = vec![
        (0, vec![1.0, 0.5]),
        (10, vec![2.0, f64::NAN]),
        (20, vec![3.0, 0.1]),
    ];
    let svg = svg_trajectories("a < b", &series);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
    assert_eq!(svg.matches("<polyline").count(), 2);
    assert!(svg.contains("a &lt; b"));
    // the NaN point of mode 2 is skipped: 2 points in its polyline
    let second = svg.split("<polyline").nth(2).unwrap();
    let points = second
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(points.split(' ').count(), 2);
}
