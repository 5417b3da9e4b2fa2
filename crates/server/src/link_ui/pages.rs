//! One askama template per screen, all extending `link/base.html`, and the render functions.

use askama::Template;
use ponte_domain::{Language, TaxIdKind};

use super::assets::{asset_href, fnv1a, initials};
use super::texts::{Texts, texts};
use super::view::{
    CallbackView, ConfirmationView, FailureView, Frame, InstitutionListView, InstitutionView, LandingView,
    LgpdView, MessageView, RedirectView, StepView, SuccessView,
};
use super::{INSTITUTION_TYPE, fields};

/// A view model carried a URL a page must not link to (`javascript:`, `data:` outside images,
/// …); the page is not rendered.
#[derive(Debug, thiserror::Error)]
#[error("refusing to render the {field} URL: its scheme is not allowed on a Link page")]
pub struct UnsafeUrl {
    pub field: &'static str,
}

/// What every page's base template needs.
struct Chrome<'a> {
    frame: &'a Frame,
    t: &'static Texts,
    css_href: String,
    js_href: String,
    ponte_logo: String,
    /// Identifies the link (not the token) for the once-per-tab `app_loaded` event.
    session: String,
    brand_initials: String,
}

impl<'a> Chrome<'a> {
    fn new(frame: &'a Frame) -> Result<Self, askama::Error> {
        check_url("theme_href", &frame.theme_href, Use::Internal)?;
        if let Some(src) = &frame.brand.logo_src {
            check_url("brand.logo_src", src, Use::Image)?;
        }
        if let Some(url) = &frame.brand.privacy_url {
            check_url("brand.privacy_url", url, Use::Link)?;
        }
        if let Some(url) = &frame.brand.terms_url {
            check_url("brand.terms_url", url, Use::Link)?;
        }
        let session = if frame.link_token.is_empty() {
            "none".to_owned()
        } else {
            format!("{:016x}", fnv1a(frame.link_token.as_bytes()))
        };
        Ok(Self {
            frame,
            t: texts(frame.lang),
            css_href: asset_href("link.css"),
            js_href: asset_href("link.js"),
            ponte_logo: asset_href("ponte.svg"),
            session,
            brand_initials: initials(&frame.brand.name),
        })
    }
}

impl InstitutionView {
    /// Initials shown when `logo_src` is empty.
    pub fn initials(&self) -> String {
        initials(&self.name)
    }

    /// One of the stylesheet's six avatar colours (`av0`…`av5`), stable per name.
    pub fn avatar_class(&self) -> &'static str {
        const CLASSES: [&str; 6] = ["av0", "av1", "av2", "av3", "av4", "av5"];
        CLASSES[(fnv1a(self.name.as_bytes()) % 6) as usize]
    }
}

impl StepView {
    pub fn state_str(&self) -> &'static str {
        self.state.as_str()
    }
}

/// A GET form's target: a browser replaces the action's query with the form's fields, so the
/// query's parameters become hidden fields; `csrf`, `v` and `lang` are added when missing.
struct GetTarget {
    path: String,
    params: Vec<(String, String)>,
}

impl GetTarget {
    fn new(frame: &Frame, href: &str) -> Self {
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        let mut params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (name, value) in [
            (fields::CSRF, frame.csrf.as_str()),
            (fields::LINK_TOKEN, frame.link_token.as_str()),
            (fields::LANG, frame.lang.as_str()),
        ] {
            if !params.iter().any(|(k, _)| k == name) {
                params.push((name.to_owned(), value.to_owned()));
            }
        }
        Self { path: path.to_owned(), params }
    }
}

/// How a URL is used, which decides the schemes it may have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Ponte's own pages, scripts and stylesheets: a path or http(s).
    Internal,
    /// An `<img src>`: as internal, or a `data:image/…` URL.
    Image,
    /// Where the person is sent (the bank, the partner's redirect URL, which may be an app's
    /// own scheme, the partner's documents): anything but the schemes that run code or read
    /// local data.
    Link,
}

fn check_url(field: &'static str, url: &str, usage: Use) -> Result<(), askama::Error> {
    // Browsers drop tabs and newlines anywhere and control characters and spaces around a URL
    // before parsing it, so "java\tscript:" is "javascript:".
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    let scheme = cleaned
        .find([':', '/', '?', '#'])
        .filter(|&at| cleaned[at..].starts_with(':'))
        .map(|at| &cleaned[..at]);
    let allowed = match (scheme, usage) {
        (None, _) => !cleaned.starts_with("//") && !cleaned.starts_with("/\\"),
        (Some("http" | "https"), _) => true,
        (Some("data"), Use::Image) => cleaned.starts_with("data:image/"),
        (Some(scheme), Use::Link) => {
            !matches!(scheme, "javascript" | "vbscript" | "data" | "file" | "blob" | "about" | "filesystem")
        }
        (Some(_), _) => false,
    };
    if allowed { Ok(()) } else { Err(askama::Error::custom(UnsafeUrl { field })) }
}

fn check_institution(institution: &InstitutionView) -> Result<(), askama::Error> {
    if institution.logo_src.is_empty() {
        Ok(())
    } else {
        check_url("institution.logo_src", &institution.logo_src, Use::Image)
    }
}

fn check_optional(field: &'static str, url: &Option<String>, usage: Use) -> Result<(), askama::Error> {
    match url {
        Some(url) => check_url(field, url, usage),
        None => Ok(()),
    }
}

#[derive(Template)]
#[template(path = "link/landing.html", whitespace = "minimize")]
struct LandingPage<'a> {
    c: Chrome<'a>,
    v: &'a LandingView,
    other_language: Language,
    other_language_href: String,
}

pub fn landing(frame: &Frame, view: &LandingView) -> Result<String, askama::Error> {
    check_url("continue_href", &view.continue_href, Use::Internal)?;
    let c = Chrome::new(frame)?;
    let other_language = c.t.other_language;
    let other_language_href = frame.href_in("/link", other_language);
    LandingPage { c, v: view, other_language, other_language_href }.render()
}

#[derive(Template)]
#[template(path = "link/institutions.html", whitespace = "minimize")]
struct InstitutionListPage<'a> {
    c: Chrome<'a>,
    v: &'a InstitutionListView,
    search: GetTarget,
    choose: GetTarget,
    show_all_href: String,
    count: String,
}

pub fn institution_list(frame: &Frame, view: &InstitutionListView) -> Result<String, askama::Error> {
    check_url("search_action", &view.search_action, Use::Internal)?;
    check_url("choose_href_base", &view.choose_href_base, Use::Internal)?;
    for institution in &view.institutions {
        check_institution(institution)?;
    }
    let c = Chrome::new(frame)?;
    let count = if view.query.is_empty() && !view.institutions.is_empty() {
        String::new()
    } else {
        c.t.search_count(view.institutions.len())
    };
    InstitutionListPage {
        search: GetTarget::new(frame, &view.search_action),
        choose: GetTarget::new(frame, &view.choose_href_base),
        show_all_href: frame.href(&view.search_action),
        count,
        c,
        v: view,
    }
    .render()
}

/// The tax-id field of the data-confirmation page.
struct AskTaxId {
    label: &'static str,
    hint: &'static str,
    inputmode: &'static str,
    autocapitalize: &'static str,
    maxlength: u8,
}

#[derive(Template)]
#[template(path = "link/confirmation.html", whitespace = "minimize")]
struct ConfirmationPage<'a> {
    c: Chrome<'a>,
    v: &'a ConfirmationView,
    inst: &'a InstitutionView,
    ask: Option<AskTaxId>,
}

pub fn confirmation(frame: &Frame, view: &ConfirmationView) -> Result<String, askama::Error> {
    check_url("action", &view.action, Use::Internal)?;
    check_optional("back_href", &view.back_href, Use::Internal)?;
    check_institution(&view.institution)?;
    let c = Chrome::new(frame)?;
    let ask = view.ask_tax_id.map(|kind| AskTaxId {
        label: c.t.tax_id_label(kind),
        hint: c.t.tax_id_hint(kind),
        // New CNPJs carry letters (from July 2026), so a numeric keypad would lock them out.
        inputmode: match kind {
            TaxIdKind::Cpf => "numeric",
            TaxIdKind::Cnpj => "text",
        },
        autocapitalize: match kind {
            TaxIdKind::Cpf => "off",
            TaxIdKind::Cnpj => "characters",
        },
        // Room for the punctuated forms: 000.000.000-00 and 00.000.000/0000-00.
        maxlength: match kind {
            TaxIdKind::Cpf => 14,
            TaxIdKind::Cnpj => 18,
        },
    });
    ConfirmationPage { c, v: view, inst: &view.institution, ask }.render()
}

#[derive(Template)]
#[template(path = "link/redirect.html", whitespace = "minimize")]
struct RedirectPage<'a> {
    c: Chrome<'a>,
    v: &'a RedirectView,
    inst: &'a InstitutionView,
}

pub fn redirect_to_bank(frame: &Frame, view: &RedirectView) -> Result<String, askama::Error> {
    check_url("bank_url", &view.bank_url, Use::Link)?;
    check_institution(&view.institution)?;
    RedirectPage { c: Chrome::new(frame)?, v: view, inst: &view.institution }.render()
}

#[derive(Template)]
#[template(path = "link/callback.html", whitespace = "minimize")]
struct CallbackPage<'a> {
    c: Chrome<'a>,
    v: &'a CallbackView,
    callback_fields: [&'static str; 6],
    callback_js: String,
    start_href: Option<String>,
}

pub fn callback(frame: &Frame, view: &CallbackView) -> Result<String, askama::Error> {
    check_url("action", &view.action, Use::Internal)?;
    let start_href = (!frame.link_token.is_empty()).then(|| frame.href("/link"));
    CallbackPage {
        c: Chrome::new(frame)?,
        v: view,
        callback_fields: fields::CALLBACK,
        callback_js: asset_href("callback.js"),
        start_href,
    }
    .render()
}

#[derive(Template)]
#[template(path = "link/lgpd.html", whitespace = "minimize")]
struct LgpdPage<'a> {
    c: Chrome<'a>,
    v: &'a LgpdView,
    inst: &'a InstitutionView,
}

pub fn lgpd(frame: &Frame, view: &LgpdView) -> Result<String, askama::Error> {
    check_url("action", &view.action, Use::Internal)?;
    check_institution(&view.institution)?;
    LgpdPage { c: Chrome::new(frame)?, v: view, inst: &view.institution }.render()
}

#[derive(Template)]
#[template(path = "link/success.html", whitespace = "minimize")]
struct SuccessPage<'a> {
    c: Chrome<'a>,
    v: &'a SuccessView,
    inst: &'a InstitutionView,
    institution_type: &'static str,
    progress_js: String,
}

pub fn success(frame: &Frame, view: &SuccessView) -> Result<String, askama::Error> {
    check_url("progress_url", &view.progress_url, Use::Internal)?;
    check_url("connect_another_href", &view.connect_another_href, Use::Internal)?;
    check_url("finish_href", &view.finish_href, Use::Link)?;
    check_institution(&view.institution)?;
    SuccessPage {
        c: Chrome::new(frame)?,
        v: view,
        inst: &view.institution,
        institution_type: INSTITUTION_TYPE,
        progress_js: asset_href("progress.js"),
    }
    .render()
}

#[derive(Template)]
#[template(path = "link/failure.html", whitespace = "minimize")]
struct FailurePage<'a> {
    c: Chrome<'a>,
    v: &'a FailureView,
    institution_type: &'static str,
}

pub fn failure(frame: &Frame, view: &FailureView) -> Result<String, askama::Error> {
    check_optional("retry_href", &view.retry_href, Use::Internal)?;
    check_optional("finish_href", &view.finish_href, Use::Link)?;
    if let Some(institution) = &view.institution {
        check_institution(institution)?;
    }
    FailurePage { c: Chrome::new(frame)?, v: view, institution_type: INSTITUTION_TYPE }.render()
}

#[derive(Template)]
#[template(path = "link/message.html", whitespace = "minimize")]
struct MessagePage<'a> {
    c: Chrome<'a>,
    v: &'a MessageView,
}

pub fn message(frame: &Frame, view: &MessageView) -> Result<String, askama::Error> {
    check_optional("finish_href", &view.finish_href, Use::Link)?;
    MessagePage { c: Chrome::new(frame)?, v: view }.render()
}
