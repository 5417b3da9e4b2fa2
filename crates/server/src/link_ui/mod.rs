//! The hosted Link pages' presentation layer: server-rendered, white-label HTML (askama
//! templates under `templates/link/`), their texts in pt-BR and English, the brand theme
//! stylesheet and the static files (`static/link/`).
//!
//! Handlers build a [`Frame`] and a view model and call one render function per screen. The
//! pages follow the Link CSP ([`CONTENT_SECURITY_POLICY`]): no inline script or style, no
//! event-handler attributes, nothing loaded from another origin. Every step works without
//! JavaScript except the bank callback, which must read the URL fragment.
//!
//! What the pages expect the routes to provide:
//! - `GET {STATIC_PREFIX}{name}` answering [`static_asset`] (`/link/static/link.css?h=…`; the
//!   hash query changes with the content, so `Cache-Control: public, max-age=31536000,
//!   immutable` is safe);
//! - the theme stylesheet at `frame.theme_href`, answering [`theme_css`] (see [`theme_href`]);
//! - `GET /link?v=…&lang=…`, the landing page (the language switch and "start again" link to it);
//! - the form fields named in [`fields`].

mod assets;
mod pages;
mod texts;
mod theme;
mod view;

#[cfg(test)]
mod tests;

pub use assets::{STATIC_PREFIX, asset_href, initials, initials_svg, static_asset};
pub use pages::{
    UnsafeUrl, callback, confirmation, failure, institution_list, landing, lgpd, message, redirect_to_bank,
    success,
};
pub use texts::{Texts, texts};
pub use theme::{DEFAULT_ACCENT, DEFAULT_PRIMARY, contrast, on_color, theme_css, theme_href};
pub use view::{
    BrandView, CallbackView, ConfirmationView, FailureView, Frame, GroupView, InstitutionListView,
    InstitutionView, LandingView, LgpdView, MessageView, RedirectView, StepState, StepView, SuccessView,
};

/// The Content-Security-Policy of every Link page.
///
/// `frame-ancestors` is deliberately absent: partners embed the Link in an iframe or a WebView.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'";

/// Klavi's `institutionType` for Open Finance institutions, sent with the tracking events.
pub const INSTITUTION_TYPE: &str = "1";

/// Names of the form fields and query parameters the pages send.
pub mod fields {
    /// Every form: the CSRF token.
    pub const CSRF: &str = "csrf";
    /// Every form and link: the link token.
    pub const LINK_TOKEN: &str = "v";
    /// Every form and link: `pt-BR` or `en`.
    pub const LANG: &str = "lang";
    /// Institution list: the search (GET form to `search_action`).
    pub const QUERY: &str = "q";
    /// Institution list: the chosen institution code (GET form to `choose_href_base`).
    pub const INSTITUTION: &str = "institution";
    /// Data confirmation: the CPF or CNPJ typed by the end user, as typed.
    pub const TAX_ID: &str = "tax_id";
    /// Data confirmation: `12` or `0` (months; 0 = until the end user cancels).
    pub const VALIDITY: &str = "validity";
    /// LGPD confirmation: `accept` or `refuse`.
    pub const DECISION: &str = "decision";
    /// Bank callback: the fragment parameters copied into the posted form (empty when absent).
    pub const CALLBACK: [&str; 6] = ["code", "id_token", "state", "error", "error_description", "iss"];
}
