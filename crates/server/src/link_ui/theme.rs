//! The brand colours as a tiny stylesheet of CSS custom properties. The CSP forbids inline
//! styles, so the page links it (`<link rel="stylesheet" href="{theme_href}">`) and a handler
//! serves [`theme_css`].
//!
//! Text colours are derived, never taken as given: `--on-primary` / `--on-accent` (text on a
//! brand-coloured surface) are white or black, whichever reaches WCAG AA (4.5:1), and
//! `--primary-ink` / `--accent-ink` (brand colour used for text and focus rings on the light
//! page) are the brand colour darkened just enough to reach 4.5:1.

use std::fmt::Write;
use std::str::FromStr;

use ponte_domain::HexColor;

/// Defaults of [`ponte_domain::Branding`], used when a value is not `#RRGGBB`.
pub const DEFAULT_PRIMARY: &str = "#0B6E4F";
pub const DEFAULT_ACCENT: &str = "#F2A541";

/// WCAG AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// The lightest surface the stylesheet puts text on, other than white (`--surface-2` in
/// link.css). Inks are checked against it, which implies white too.
const LIGHT_SURFACE: [u8; 3] = [0xF1, 0xF3, 0xF5];
const WHITE: [u8; 3] = [0xFF, 0xFF, 0xFF];
const BLACK: [u8; 3] = [0, 0, 0];

/// The stylesheet for an app's colours. Values that are not `#RRGGBB` fall back to Ponte's
/// defaults, so nothing but a colour ever reaches the CSS.
pub fn theme_css(primary: &str, accent: &str) -> String {
    let primary = parse(primary, DEFAULT_PRIMARY);
    let accent = parse(accent, DEFAULT_ACCENT);
    let mut css = String::with_capacity(256);
    css.push_str(":root{");
    for (name, rgb) in [("primary", primary), ("accent", accent)] {
        let _ = write!(
            css,
            "--{name}:{};--on-{name}:{};--{name}-ink:{};",
            hex(rgb),
            hex(on_color(rgb)),
            hex(ink(rgb, LIGHT_SURFACE))
        );
    }
    let _ = write!(css, "--focus:{}", hex(ink(primary, LIGHT_SURFACE)));
    css.push_str("}\n");
    css
}

/// The URL of the theme stylesheet served at `path`: `path?primary=%23RRGGBB&accent=%23RRGGBB`.
pub fn theme_href(path: &str, primary: &str, accent: &str) -> String {
    let primary = hex(parse(primary, DEFAULT_PRIMARY));
    let accent = hex(parse(accent, DEFAULT_ACCENT));
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut out = format!("{path}{separator}");
    out.push_str(
        &url::form_urlencoded::Serializer::new(String::new())
            .append_pair("primary", &primary)
            .append_pair("accent", &accent)
            .finish(),
    );
    out
}

fn parse(value: &str, fallback: &str) -> [u8; 3] {
    HexColor::from_str(value).or_else(|_| HexColor::from_str(fallback)).map(|c| c.rgb()).unwrap_or(BLACK)
}

pub(crate) fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// WCAG 2 relative luminance.
pub fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// WCAG 2 contrast ratio, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Text colour on a `background` surface: white when it reaches 4.5:1, otherwise black (which
/// then always does: a background too light for white has luminance ≥ 0.18, giving black ≥ 4.6).
pub fn on_color(background: [u8; 3]) -> [u8; 3] {
    if contrast(background, WHITE) >= MIN_CONTRAST { WHITE } else { BLACK }
}

/// `color` darkened towards black until it reads at 4.5:1 on `surface`.
pub fn ink(color: [u8; 3], surface: [u8; 3]) -> [u8; 3] {
    for step in 0..=20u8 {
        let keep = 1.0 - f64::from(step) * 0.05;
        let darker = color.map(|c| (f64::from(c) * keep).round().clamp(0.0, 255.0) as u8);
        if contrast(darker, surface) >= MIN_CONTRAST {
            return darker;
        }
    }
    BLACK
}
