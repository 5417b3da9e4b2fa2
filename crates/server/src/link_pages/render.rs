//! Turning views into responses, with the headers every Link page carries.

use super::csrf;
use crate::auth::LinkSession;
use crate::link_ui::{self, BrandView, Frame, InstitutionView, MessageView};
use crate::state::AppState;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ponte_domain::Language;
use ponte_link::InstitutionEntry;
use ponte_link::documents::LinkDocument;

/// A rendered page.
pub struct Page {
    pub status: StatusCode,
    pub html: String,
    pub set_cookie: Option<HeaderValue>,
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.html).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(link_ui::CONTENT_SECURITY_POLICY),
        );
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        if let Some(cookie) = self.set_cookie {
            headers.append(header::SET_COOKIE, cookie);
        }
        response
    }
}

/// A page that explains what went wrong (expired link, refused form, bank error…).
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub lang: Language,
    pub title: (&'static str, &'static str),
    pub message: String,
    /// Not an error: a `303 See Other` to this same-origin path.
    pub location: Option<String>,
}

impl PageError {
    pub fn new(
        status: StatusCode,
        lang: Language,
        title: (&'static str, &'static str),
        message: String,
    ) -> Self {
        PageError { status, lang, title, message, location: None }
    }

    /// A redirect, for handlers whose usual answer is a page.
    pub fn see_other(to: String) -> Self {
        PageError {
            location: Some(to),
            ..PageError::new(StatusCode::SEE_OTHER, Language::PtBr, ("", ""), String::new())
        }
    }

    pub fn expired(lang: Language) -> Self {
        let message = pick(
            lang,
            (
                "Este link expirou. Volte ao aplicativo e comece de novo.",
                "This link has expired. Go back to the app and start again.",
            ),
        );
        PageError::new(StatusCode::GONE, lang, ("Link expirado", "Link expired"), message.to_owned())
    }

    pub fn invalid(lang: Language) -> Self {
        let message = pick(
            lang,
            (
                "Este link não é válido. Volte ao aplicativo e comece de novo.",
                "This link is not valid. Go back to the app and start again.",
            ),
        );
        PageError::new(StatusCode::UNAUTHORIZED, lang, ("Link inválido", "Invalid link"), message.to_owned())
    }

    pub fn forbidden(lang: Language) -> Self {
        let message = pick(
            lang,
            (
                "O formulário expirou ou veio de outro lugar. Recarregue a página e tente de novo.",
                "The form expired or came from elsewhere. Reload the page and try again.",
            ),
        );
        PageError::new(
            StatusCode::FORBIDDEN,
            lang,
            ("Não foi possível continuar", "We could not continue"),
            message.to_owned(),
        )
    }

    pub fn internal(lang: Language, error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "a Link page failed");
        let message = pick(
            lang,
            (
                "Algo deu errado do nosso lado. Tente de novo em instantes.",
                "Something went wrong on our side. Try again in a moment.",
            ),
        );
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            ("Algo deu errado", "Something went wrong"),
            message.to_owned(),
        )
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let Some(to) = self.location {
            return axum::response::Redirect::to(&to).into_response();
        }
        let frame = Frame {
            lang: self.lang,
            brand: BrandView { name: "Ponte".to_owned(), logo_src: None, privacy_url: None, terms_url: None },
            csrf: String::new(),
            link_token: String::new(),
            page: "message",
            theme_href: link_ui::theme_href(
                "/link/theme.css",
                link_ui::DEFAULT_PRIMARY,
                link_ui::DEFAULT_ACCENT,
            ),
        };
        let view = MessageView {
            title: pick(self.lang, self.title).to_owned(),
            message: self.message,
            finish_href: None,
        };
        match link_ui::message(&frame, &view) {
            Ok(html) => Page { status: self.status, html, set_cookie: None }.into_response(),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
        }
    }
}

pub fn pick(lang: Language, texts: (&'static str, &'static str)) -> &'static str {
    match lang {
        Language::PtBr => texts.0,
        Language::En => texts.1,
    }
}

pub fn parse_lang(value: Option<&str>) -> Option<Language> {
    value.and_then(|v| v.parse().ok())
}

/// The context every page of a link is rendered in.
pub struct Ctx<'a> {
    pub state: &'a AppState,
    pub session: LinkSession,
    pub lang: Language,
    pub csrf: String,
    pub set_cookie: Option<HeaderValue>,
}

impl<'a> Ctx<'a> {
    /// Opens the link of token `v`; an expired or invalid token becomes a page that says so.
    pub async fn open(
        state: &'a AppState,
        headers: &HeaderMap,
        token: Option<&str>,
        lang: Option<Language>,
    ) -> Result<Ctx<'a>, PageError> {
        let fallback = lang.unwrap_or_default();
        let token = token.filter(|t| !t.is_empty()).ok_or_else(|| PageError::invalid(fallback))?;
        let session = LinkSession::open(state, token).await.map_err(|e| match e.status() {
            StatusCode::UNAUTHORIZED if e.to_string().contains("expired") => PageError::expired(fallback),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => PageError::invalid(fallback),
            _ => PageError::internal(fallback, e),
        })?;
        let document: LinkDocument = serde_json::from_str(&session.link.document).unwrap_or_default();
        let lang = lang.or(document.language).unwrap_or(session.app.settings.branding.default_language);
        let (cookie, set_cookie) = csrf::cookie(state, headers);
        let csrf = csrf::token(state, &cookie);
        state.store.touch_link(session.link.id).await.map_err(|e| PageError::internal(lang, e))?;
        Ok(Ctx { state, session, lang, csrf, set_cookie })
    }

    pub fn document(&self) -> LinkDocument {
        serde_json::from_str(&self.session.link.document).unwrap_or_default()
    }

    pub fn frame(&self, page: &'static str) -> Frame {
        let branding = &self.session.app.settings.branding;
        let name = branding.display_name.clone().unwrap_or_else(|| self.session.app.name.clone());
        Frame {
            lang: self.lang,
            brand: BrandView {
                name,
                logo_src: branding
                    .logo_url
                    .as_ref()
                    .map(|_| format!("/link/logos/apps/{}", self.session.app.id)),
                privacy_url: branding.privacy_policy_url.as_ref().map(|u| u.as_str().to_owned()),
                terms_url: None,
            },
            csrf: self.csrf.clone(),
            link_token: self.session.token.clone(),
            page,
            theme_href: link_ui::theme_href(
                "/link/theme.css",
                branding.primary_color.as_str(),
                branding.accent_color.as_str(),
            ),
        }
    }

    pub fn page(&self, html: Result<String, askama::Error>) -> Result<Page, PageError> {
        let html = html.map_err(|e| PageError::internal(self.lang, e))?;
        Ok(Page { status: StatusCode::OK, html, set_cookie: self.set_cookie.clone() })
    }

    pub fn error(
        &self,
        status: StatusCode,
        title: (&'static str, &'static str),
        message: String,
    ) -> PageError {
        PageError::new(status, self.lang, title, message)
    }
}

pub fn institution_view(entry: &InstitutionEntry) -> InstitutionView {
    InstitutionView {
        code: entry.institution.code.clone(),
        name: entry.institution.name.clone(),
        logo_src: format!("/link/logos/institutions/{}", entry.institution.code),
        is_outage: entry.outage,
    }
}
