//! View models: what the journey handlers hand to the render functions. Every string here is
//! plain text (templates escape it); URLs are either Ponte paths (`/link/…`) or the absolute
//! URLs the journey must send the person to (the bank, the partner's `redirectURL`, the
//! partner's privacy policy and terms).

use ponte_domain::{Language, PermissionGroup, TaxIdKind};

/// Everything common to every page.
#[derive(Debug, Clone)]
pub struct Frame {
    pub lang: Language,
    pub brand: BrandView,
    /// Hidden field `csrf` of every form.
    pub csrf: String,
    /// The link token: hidden field `v` of every form and query parameter `v` of every link.
    pub link_token: String,
    /// Tracking page name, on `<body data-page="…">` (e.g. `landing`, `institution_list`).
    pub page: &'static str,
    /// Stylesheet URL carrying the brand colours (see [`super::theme_href`]).
    pub theme_href: String,
}

impl Frame {
    /// `path` with the link token and the language appended as query parameters: `path?v=…&lang=…`
    /// (or `&v=…` when `path` already has a query). A fragment stays at the end. The token is
    /// left out when the frame carries none (the bank callback page).
    pub fn href(&self, path: &str) -> String {
        self.href_in(path, self.lang)
    }

    /// As [`Frame::href`], in another language (the language switch).
    pub fn href_in(&self, path: &str, lang: Language) -> String {
        let (base, fragment) = match path.find('#') {
            Some(at) => path.split_at(at),
            None => (path, ""),
        };
        let mut out = String::with_capacity(base.len() + self.link_token.len() + 24 + fragment.len());
        out.push_str(base);
        let mut separator = if base.contains('?') { '&' } else { '?' };
        if !self.link_token.is_empty() {
            out.push(separator);
            out.push_str("v=");
            out.extend(url::form_urlencoded::byte_serialize(self.link_token.as_bytes()));
            separator = '&';
        }
        out.push(separator);
        out.push_str("lang=");
        out.extend(url::form_urlencoded::byte_serialize(lang.as_str().as_bytes()));
        out.push_str(fragment);
        out
    }
}

/// The partner app as the end user should see it.
#[derive(Debug, Clone)]
pub struct BrandView {
    /// The app's display name, said prominently on every page.
    pub name: String,
    /// A Ponte URL serving the app's logo; `None` shows the name's initials.
    pub logo_src: Option<String>,
    pub privacy_url: Option<String>,
    pub terms_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct InstitutionView {
    pub code: String,
    pub name: String,
    /// A Ponte URL serving the institution's logo (or [`super::initials_svg`]); an empty string
    /// shows the name's initials drawn with CSS, without any request.
    pub logo_src: String,
    pub is_outage: bool,
}

/// One permission group, as the end user reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupView {
    pub title: String,
    pub description: String,
}

impl GroupView {
    pub fn of(group: PermissionGroup, lang: Language) -> Self {
        Self { title: group.label(lang).to_owned(), description: group.description(lang).to_owned() }
    }

    /// The groups in order, each once.
    pub fn list(groups: impl IntoIterator<Item = PermissionGroup>, lang: Language) -> Vec<Self> {
        let mut groups: Vec<PermissionGroup> = groups.into_iter().collect();
        groups.sort_unstable();
        groups.dedup();
        groups.into_iter().map(|g| Self::of(g, lang)).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    Active,
    Pending,
    Failed,
}

impl StepState {
    /// The wire name used by `data-state` and by the progress stream's `state` field.
    pub const fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Active => "active",
            StepState::Pending => "pending",
            StepState::Failed => "failed",
        }
    }
}

/// One line of the success page's progress list.
#[derive(Debug, Clone)]
pub struct StepView {
    /// Matches the `key` of the progress stream's messages.
    pub key: String,
    pub label: String,
    pub state: StepState,
}

#[derive(Debug, Clone)]
pub struct LandingView {
    pub groups: Vec<GroupView>,
    pub continue_href: String,
}

#[derive(Debug, Clone)]
pub struct InstitutionListView {
    pub institutions: Vec<InstitutionView>,
    /// The current search (query parameter [`super::fields::QUERY`] of the search form).
    pub query: String,
    /// Target of the GET search form.
    pub search_action: String,
    /// A URL with a query (normally `frame.href("/link/…")`); choosing an institution requests
    /// it with `&institution={code}` added. The page renders a GET form carrying the same
    /// parameters, so the link token appears once rather than once per institution.
    pub choose_href_base: String,
    /// Codes of institutions already connected in this link.
    pub connected: Vec<String>,
}

impl InstitutionListView {
    /// The URL choosing `code` leads to: `{choose_href_base}&institution={code}`.
    pub fn choose_href(&self, code: &str) -> String {
        let separator = if self.choose_href_base.contains('?') { '&' } else { '?' };
        let code: String = url::form_urlencoded::byte_serialize(code.as_bytes()).collect();
        format!("{}{separator}{}={code}", self.choose_href_base, super::fields::INSTITUTION)
    }

    pub fn is_connected(&self, code: &str) -> bool {
        self.connected.iter().any(|c| c == code)
    }
}

#[derive(Debug, Clone)]
pub struct ConfirmationView {
    pub institution: InstitutionView,
    pub groups: Vec<GroupView>,
    /// The tax id the link carries, already masked.
    pub masked_tax_id: Option<String>,
    /// Ask for a CPF or CNPJ (field [`super::fields::TAX_ID`]) when the link carries none.
    pub ask_tax_id: Option<TaxIdKind>,
    /// 12, or 0 for "until you cancel"; preselects field [`super::fields::VALIDITY`].
    pub validity_months: u8,
    /// Shown next to the tax id field (or at the top when no field is asked for).
    pub error: Option<String>,
    /// POST target.
    pub action: String,
    pub back_href: Option<String>,
}

/// "Taking you to X…": a meta refresh plus a visible link (a form POST answered by a
/// cross-origin redirect would be blocked by `form-action 'self'`).
#[derive(Debug, Clone)]
pub struct RedirectView {
    pub institution: InstitutionView,
    pub bank_url: String,
}

/// The OFB redirect target: a script reads the fragment into a form posted to `action`.
#[derive(Debug, Clone)]
pub struct CallbackView {
    pub action: String,
}

#[derive(Debug, Clone)]
pub struct LgpdView {
    pub institution: InstitutionView,
    pub partner_name: String,
    pub groups: Vec<GroupView>,
    /// POST target; field [`super::fields::DECISION`] is `accept` or `refuse`.
    pub action: String,
}

#[derive(Debug, Clone)]
pub struct SuccessView {
    pub institution: InstitutionView,
    pub steps: Vec<StepView>,
    /// Same-origin Server-Sent Events URL.
    pub progress_url: String,
    pub connect_another_href: String,
    pub finish_href: String,
}

#[derive(Debug, Clone)]
pub struct FailureView {
    pub institution: Option<InstitutionView>,
    /// In plain words, in the page's language.
    pub reason: String,
    pub retry_href: Option<String>,
    pub finish_href: Option<String>,
}

/// A generic page: expired link, invalid link, errors.
#[derive(Debug, Clone)]
pub struct MessageView {
    pub title: String,
    pub message: String,
    pub finish_href: Option<String>,
}
