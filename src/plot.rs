//! # Fonts for the pictures
//!
//! Phase maps ([`crate::search::phase`]) and sweep figures (`ncverify figure`) are drawn with
//! `plotters`. With the `cli` feature its text goes through `ab_glyph`, which needs a TrueType
//! font registered once per process: [`ensure_font`] registers the given file, or the first of
//! [`FONT_PATHS`] that exists (DejaVu Sans or Liberation Sans, as Debian's `fonts-dejavu-core`
//! and `fonts-liberation` install them). Without the `cli` feature plotters measures text with
//! its built-in estimate and nothing needs registering.

use std::path::Path;

/// Where [`ensure_font`] looks for a font when none is given.
pub const FONT_PATHS: [&str; 5] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
];

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
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() > 64 << 20 {
        return Err(format!("{}: larger than 64 MiB", path.display()));
    }
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, leaked)
        .map_err(|_| format!("{}: not a TrueType/OpenType font", path.display()))
}

#[cfg(not(feature = "cli"))]
fn register(_font: Option<&Path>) -> Result<(), String> {
    Ok(())
}
