//! The pages' static files, compiled into the binary, and the initials avatar.

use std::str::FromStr;
use std::sync::OnceLock;

use ponte_domain::HexColor;

/// Where the pages expect [`static_asset`] to be served: `GET {STATIC_PREFIX}{name}`.
pub const STATIC_PREFIX: &str = "/link/static/";

const ASSETS: [(&str, &str, &[u8]); 5] = [
    ("link.css", "text/css; charset=utf-8", include_bytes!("../../static/link/link.css")),
    ("link.js", "text/javascript; charset=utf-8", include_bytes!("../../static/link/link.js")),
    ("callback.js", "text/javascript; charset=utf-8", include_bytes!("../../static/link/callback.js")),
    ("progress.js", "text/javascript; charset=utf-8", include_bytes!("../../static/link/progress.js")),
    ("ponte.svg", "image/svg+xml", include_bytes!("../../static/link/ponte.svg")),
];

/// A static file by name (`link.css`, `link.js`, `callback.js`, `progress.js`, `ponte.svg`):
/// its content type and bytes. The pages link them with a content hash in the query
/// ([`asset_href`]), so they can be served with a long `Cache-Control` (`immutable`).
pub fn static_asset(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS.iter().find(|(n, _, _)| *n == name).map(|(_, content_type, bytes)| (*content_type, *bytes))
}

/// `/link/static/{name}?h={hash of the content}`.
pub fn asset_href(name: &str) -> String {
    static HREFS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let hrefs = HREFS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|(name, _, bytes)| (*name, format!("{STATIC_PREFIX}{name}?h={:08x}", fnv1a(bytes) as u32)))
            .collect()
    });
    match hrefs.iter().find(|(n, _)| *n == name) {
        Some((_, href)) => href.clone(),
        None => format!("{STATIC_PREFIX}{name}"),
    }
}

/// 64-bit FNV-1a: a cache key, not a security measure.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Up to two letters for an avatar: the first letter (or digit) of the first two words, in
/// upper case; "?" for a name without any.
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|word| word.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() { "?".to_owned() } else { letters }
}

/// A 64×64 SVG avatar with the name's initials on `hex_color` (Ponte's default green when
/// that is not `#RRGGBB`), for institutions and apps without a logo. Serve it as
/// `image/svg+xml`; the name is XML-escaped.
pub fn initials_svg(name: &str, hex_color: &str) -> String {
    let rgb = HexColor::from_str(hex_color)
        .or_else(|_| HexColor::from_str(super::theme::DEFAULT_PRIMARY))
        .map(|c| c.rgb())
        .unwrap_or([0, 0, 0]);
    let fill = super::theme::hex(rgb);
    let ink = super::theme::hex(super::theme::on_color(rgb));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\" \
         role=\"img\" aria-label=\"{label}\"><rect width=\"64\" height=\"64\" rx=\"14\" fill=\"{fill}\"/>\
         <text x=\"32\" y=\"41\" text-anchor=\"middle\" font-family=\"system-ui,-apple-system,'Segoe UI',\
         Roboto,Arial,sans-serif\" font-size=\"24\" font-weight=\"600\" fill=\"{ink}\">{text}</text></svg>",
        label = xml_escape(name),
        text = xml_escape(&initials(name)),
    )
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
