//! The brand theme's contrast, the static assets and the texts.

use super::*;

fn css_var(css: &str, name: &str) -> [u8; 3] {
    let at = css.find(&format!("--{name}:#")).unwrap_or_else(|| panic!("--{name} in {css}")) + name.len() + 4;
    let hex = &css[at..at + 6];
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [channel(0), channel(2), channel(4)]
}

#[test]
fn theme_css_reaches_contrast_for_every_colour() {
    let white = [255, 255, 255];
    let surface = [0xF1, 0xF3, 0xF5];
    for r in (0..=255u16).step_by(17) {
        for g in (0..=255u16).step_by(17) {
            for b in (0..=255u16).step_by(51) {
                let hex = format!("#{r:02x}{g:02x}{b:02x}");
                let css = theme_css(&hex, &hex);
                assert!(css.contains(&format!("--primary:{};", hex.to_uppercase())), "{css}");
                let rgb = [r as u8, g as u8, b as u8];
                for name in ["primary", "accent"] {
                    let on = css_var(&css, &format!("on-{name}"));
                    assert!(contrast(rgb, on) >= 4.5, "{hex}: on-{name}");
                    let ink = css_var(&css, &format!("{name}-ink"));
                    assert!(
                        contrast(ink, white) >= 4.5 && contrast(ink, surface) >= 4.5,
                        "{hex}: {name}-ink"
                    );
                }
                assert!(contrast(css_var(&css, "focus"), white) >= 3.0);
            }
        }
    }
}

#[test]
fn theme_css_picks_dark_text_on_light_brands_and_ignores_junk() {
    let css = theme_css("#FFE600", "#ffffff");
    assert!(css.contains("--on-primary:#000000;"), "{css}");
    assert!(css.contains("--on-accent:#000000;"), "{css}");
    assert_ne!(css_var(&css, "primary-ink"), [0xFF, 0xE6, 0x00], "yellow is darkened for text");
    let css = theme_css("#0B6E4F", "#1a1a1a");
    assert!(css.contains("--on-primary:#FFFFFF;--primary-ink:#0B6E4F;"), "{css}");
    assert!(css.contains("--accent:#1A1A1A;--on-accent:#FFFFFF;"), "{css}");
    let css = theme_css("red;}body{display:none", "#12345");
    assert!(css.contains("--primary:#0B6E4F;") && css.contains("--accent:#F2A541;"), "{css}");
    assert!(!css.contains("display"));
    assert_eq!(
        theme_href("/link/theme.css", "#0b6e4f", "#F2A541"),
        "/link/theme.css?primary=%230B6E4F&accent=%23F2A541"
    );
}

#[test]
fn static_assets_are_served_with_their_types() {
    let href = Regex::new(r"^/link/static/[a-z]+\.[a-z]+\?h=[0-9a-f]{8}$").unwrap();
    for (name, content_type) in [
        ("link.css", "text/css; charset=utf-8"),
        ("link.js", "text/javascript; charset=utf-8"),
        ("callback.js", "text/javascript; charset=utf-8"),
        ("progress.js", "text/javascript; charset=utf-8"),
        ("ponte.svg", "image/svg+xml"),
    ] {
        let (ty, bytes) = static_asset(name).unwrap();
        assert_eq!(ty, content_type);
        assert!(!bytes.is_empty());
        let text = std::str::from_utf8(bytes).unwrap();
        assert!(!text.contains("https://") && !text.contains("@import") && !text.contains("url("), "{name}");
        assert!(!text.contains("eval(") && !text.contains("innerHTML"), "{name}");
        assert!(href.is_match(&asset_href(name)), "{name}");
    }
    assert!(static_asset("../Cargo.toml").is_none());
    assert!(static_asset("").is_none());
}

#[test]
fn initials_svg_escapes_the_name() {
    let svg = initials_svg("<Banco> & \"Filhos\"", "#FFFFFF");
    assert!(svg.starts_with("<svg "));
    assert!(svg.contains("aria-label=\"&lt;Banco&gt; &amp; &quot;Filhos&quot;\""));
    assert!(svg.contains(">BF</text>"));
    assert!(svg.contains("fill=\"#000000\""), "dark text on white");
    let svg = initials_svg("Nubank", "not a colour\"/><script>");
    assert!(!svg.contains("<script>") && svg.contains("fill=\"#0B6E4F\""));
    assert_eq!(initials("banco do brasil"), "BD");
    assert_eq!(initials("  "), "?");
    assert_eq!(initials("Itaú"), "I");
}

#[test]
fn texts_exist_in_both_languages() {
    let (pt, en) = (texts(Language::PtBr), texts(Language::En));
    assert_eq!(pt.other_language, Language::En);
    assert_eq!(en.other_language, Language::PtBr);
    assert_eq!(pt.search_count(3), "3 instituições encontradas.");
    assert_eq!(en.search_count(1), "1 institution found.");
    assert_eq!(en.state(StepState::Failed), "failed");
    assert_eq!(GroupView::of(PermissionGroup::AccountsBalances, Language::En).title, "Balances");
}
