//! A simulated customer at a sandbox bank: opens the authorisation URL, logs in, and approves
//! (every account offered) or rejects — what a person does in the browser, through the same
//! pages and forms. Ponte's headless sandbox endpoint uses it to complete consents without a
//! browser; unlike the test client it never panics: every surprise is an error.

use crate::personas::logged_user;
use ponte_domain::TaxId;
use regex::Regex;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use std::net::SocketAddr;
use std::sync::LazyLock;
use url::Url;

/// The sandbox's password for every customer.
pub const PASSWORD: &str = "ponte";

pub struct SimulatedCustomer {
    http: reqwest::Client,
}

#[derive(Debug, thiserror::Error)]
#[error("the simulated customer could not complete the bank's pages: {0}")]
pub struct CustomerError(String);

fn fail(what: impl Into<String>) -> CustomerError {
    CustomerError(what.into())
}

static HIDDEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"name="(csrf|session)" value="([^"]*)""#).expect("valid pattern"));
static RESOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"type="checkbox" name="resource" value="([^"]*)""#).expect("valid pattern")
});

impl SimulatedCustomer {
    /// A browser-like client trusting the sandbox CA (`ca_pem`), without a client certificate;
    /// `resolve` maps a host name without DNS (e.g. `*.test`) to the listener.
    pub fn new(
        ca_pem: &str,
        resolve: Option<(&str, SocketAddr)>,
    ) -> Result<SimulatedCustomer, CustomerError> {
        let ca = reqwest::Certificate::from_pem(ca_pem.as_bytes()).map_err(|e| fail(format!("CA: {e}")))?;
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(ca)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30));
        if let Some((host, addr)) = resolve {
            builder = builder.resolve(host, addr);
        }
        Ok(SimulatedCustomer { http: builder.build().map_err(|e| fail(format!("HTTP client: {e}")))? })
    }

    /// The person (CPF) whose login shares `tax_id`'s data: a company's data is shared by a person,
    /// whom OFB consents name as `loggedUser`.
    pub fn logged_user_of(tax_id: &TaxId) -> String {
        logged_user(tax_id).as_str().to_owned()
    }

    /// Goes through the bank's login and consent pages and returns where the bank sends the
    /// browser back (the client's redirect URI with the hybrid response in its fragment).
    pub async fn decide(
        &self,
        authorisation_url: &Url,
        login: &TaxId,
        approve: bool,
    ) -> Result<Url, CustomerError> {
        let page = self.http.get(authorisation_url.clone()).send().await.map_err(|e| fail(e.to_string()))?;
        if page.status() != 200 {
            return Err(fail(format!("the authorisation page answered HTTP {}", page.status())));
        }
        let cookie = csrf_cookie(page.headers()).ok_or_else(|| fail("no CSRF cookie on the login page"))?;
        let html = page.text().await.map_err(|e| fail(e.to_string()))?;
        let csrf = hidden(&html, "csrf")?;
        let request_uri = authorisation_url
            .query_pairs()
            .find(|(k, _)| k == "request_uri")
            .map(|(_, v)| v.into_owned())
            .ok_or_else(|| fail("the authorisation URL has no request_uri"))?;
        let base = authorisation_url.as_str().split("/auth/authorize").next().unwrap_or_default().to_owned();
        let consent_page = self
            .http
            .post(format!("{base}/auth/login"))
            .header("cookie", &cookie)
            .form(&[
                ("request_uri", request_uri.as_str()),
                ("csrf", csrf.as_str()),
                ("tax_id", login.as_str()),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .map_err(|e| fail(e.to_string()))?;
        if consent_page.status() != 200 {
            return Err(fail(format!("logging in answered HTTP {}", consent_page.status())));
        }
        let html = consent_page.text().await.map_err(|e| fail(e.to_string()))?;
        let mut form = vec![
            ("session".to_owned(), hidden(&html, "session")?),
            ("csrf".to_owned(), csrf),
            ("decision".to_owned(), if approve { "approve" } else { "reject" }.to_owned()),
        ];
        form.extend(RESOURCE.captures_iter(&html).map(|c| ("resource".to_owned(), c[1].to_owned())));
        let decided = self
            .http
            .post(format!("{base}/auth/consent"))
            .header("cookie", &cookie)
            .form(&form)
            .send()
            .await
            .map_err(|e| fail(e.to_string()))?;
        if !decided.status().is_redirection() {
            return Err(fail(format!("deciding answered HTTP {}", decided.status())));
        }
        let location = decided
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| fail("the decision did not redirect"))?;
        Url::parse(location).map_err(|e| fail(format!("the redirect is not a URL: {e}")))
    }
}

fn csrf_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ponte_sandbox_csrf="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

fn hidden(html: &str, name: &str) -> Result<String, CustomerError> {
    HIDDEN
        .captures_iter(html)
        .find(|c| &c[1] == name)
        .map(|c| c[2].to_owned())
        .ok_or_else(|| fail(format!("no {name} field on the bank's page")))
}
