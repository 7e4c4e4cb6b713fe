//! # Pictures: phase maps, sweep figures, training trajectories
//!
//! ## Main definitions
//! - [`phase`]: the SVG phase maps of [`crate::search::phase`] ($(K, L)$ and $(K, \lambda)$).
//! - `figure` (feature `cli`): the `ncverify figure` pictures of sweep output (SVG and PNG).
//! - [`train`]: the SVG of singular-value trajectories of `ncverify train --plot`.
//! - Shared: [`ensure_font`] registers a TrueType font once per process, [`check_axis`] and
//!   [`check_log_axis`] check an axis range before plotters sees it, [`sample_range`] thins a
//!   long integer range to [`MAX_CURVE_POINTS`].
//!
//! Phase maps and sweep figures are drawn with `plotters`. With the `cli` feature its text
//! goes through `ab_glyph`, which needs a TrueType font registered once per process:
//! [`ensure_font`] registers the given file, or the first of [`FONT_PATHS`] that exists
//! (DejaVu Sans or Liberation Sans, as Debian's `fonts-dejavu-core` and `fonts-liberation`
//! install them). Without the `cli` feature plotters measures text with its built-in estimate
//! and nothing needs registering.
//!
//! ## Main results
//! None (presentation). Every drawn number is an `f64` illustration of data computed
//! elsewhere.
//!
//! ## References
//! - docs/theory.md §3; arXiv:2405.14468, Fig. 2.
#![cfg_attr(doc, doc = katex!())]

#[cfg(feature = "cli")]
#[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
pub mod figure;
pub mod phase;
pub mod train;

use std::path::Path;

/// Where [`ensure_font`] looks for a font when none is given.
pub const FONT_PATHS: [&str; 5] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
];

/// Largest font file read, in bytes (64 MiB).
pub const MAX_FONT_BYTES: u64 = 64 << 20;

/// Register `font` (or the first of [`FONT_PATHS`] that exists) as plotters' `sans-serif`.
/// The first call decides for the whole process; later calls return its result. The error
/// is one line naming the file, or saying that no font was found and how to get one.
pub fn ensure_font(font: Option<&Path>) -> Result<(), String> {
    static DONE: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    DONE.get_or_init(|| register(font)).clone()
}

#[cfg(feature = "cli")]
fn register(font: Option<&Path>) -> Result<(), String> {
    use std::path::PathBuf;
    let path = match font {
        Some(p) => p.to_path_buf(),
        None => FONT_PATHS
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
            .ok_or("no TrueType font found (install fonts-dejavu-core or pass --font FILE.ttf)")?,
    };
    let bytes = crate::io::read_bounded(&path, MAX_FONT_BYTES).map_err(|e| e.to_string())?;
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, leaked)
        .map_err(|_| format!("{}: not a TrueType/OpenType font", path.display()))
}

#[cfg(not(feature = "cli"))]
fn register(_font: Option<&Path>) -> Result<(), String> {
    Ok(())
}

/// Largest number of points a plotted curve gets: a curve over a longer range (say $K$ up to
/// $10^6$) is sampled at this many evenly spaced integers, ends included ([`sample_range`]).
#[cfg_attr(doc, doc = katex!())]
pub const MAX_CURVE_POINTS: usize = 2_000;

/// Check a linear axis range before plotters sees it: both ends finite, `lo < hi`, and the
/// span finite (plotters loops over tick positions and does not return on infinite spans).
/// `axis` names the axis in the one-line error.
pub fn check_axis(axis: &str, lo: f64, hi: f64) -> Result<(), String> {
    if !(lo.is_finite() && hi.is_finite() && (hi - lo).is_finite()) {
        return Err(format!(
            "the {axis} axis [{lo:e}, {hi:e}] is not a finite range (values too large to plot)"
        ));
    }
    if lo >= hi {
        return Err(format!("the {axis} axis [{lo:e}, {hi:e}] is empty"));
    }
    Ok(())
}

/// [`check_axis`] for a logarithmic axis: also both ends normal and positive.
pub fn check_log_axis(axis: &str, lo: f64, hi: f64) -> Result<(), String> {
    check_axis(axis, lo, hi)?;
    if !(lo.is_normal() && lo > 0.0 && hi.is_normal()) {
        return Err(format!(
            "the {axis} axis [{lo:e}, {hi:e}] is not a positive normal range (log scale)"
        ));
    }
    Ok(())
}

/// The integers of `lo..=hi`, or at most [`MAX_CURVE_POINTS`] of them evenly spaced (ends
/// included) when the range is longer.
pub fn sample_range(lo: usize, hi: usize) -> Vec<usize> {
    if hi < lo {
        return Vec::new();
    }
    let len = hi - lo;
    if len < MAX_CURVE_POINTS {
        return (lo..=hi).collect();
    }
    let steps = MAX_CURVE_POINTS - 1;
    let mut out: Vec<usize> = (0..=steps)
        .map(|i| lo + ((len as u128 * i as u128) / steps as u128) as usize)
        .collect();
    out.dedup();
    out
}
