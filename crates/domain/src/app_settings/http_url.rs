use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::serde_str::string_serde;

/// An absolute `http` or `https` URL with a host and no embedded credentials, at most 2048
/// characters: what an app may configure as a webhook, logo, privacy-policy or redirect URL.
///
/// Stored in the WHATWG-normalised form the `url` crate produces (lowercase scheme and host,
/// punycode, `/` path for a bare host), which is also what is serialised. Whether plain `http`
/// or private addresses are acceptable for a given use (webhook SSRF rules, production
/// requirements) is decided where the URL is used, not here; see [`HttpUrl::is_https`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HttpUrl(Url);

/// Why a string is not an acceptable URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpUrlError {
    #[error("URL is {found} characters long; at most {max} are allowed")]
    TooLong { found: usize, max: usize },
    #[error("URL must not contain spaces or control characters; percent-encode them")]
    Whitespace,
    #[error("URL must be absolute and start with https:// or http://")]
    NotAbsolute,
    #[error("URL is not valid: {reason}")]
    Invalid { reason: String },
    #[error("URL scheme must be https or http, got \"{scheme}\"")]
    UnsupportedScheme { scheme: String },
    #[error("URL must have a host name")]
    MissingHost,
    #[error(
        "URL must not contain a username or password (user:password@host); use the app's signing secret to authenticate deliveries instead"
    )]
    HasCredentials,
}

impl HttpUrl {
    /// Longest accepted URL, before and after normalisation.
    pub const MAX_LEN: usize = 2048;

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn url(&self) -> &Url {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.scheme() == "https"
    }

    /// The host as written in the URL (a domain, or an IP literal).
    pub fn host_str(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }
}

impl FromStr for HttpUrl {
    type Err = HttpUrlError;

    /// Surrounding whitespace (a pasted trailing newline) is trimmed; whitespace or control
    /// characters inside are refused rather than silently dropped as the WHATWG parser would.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let too_long = |found| HttpUrlError::TooLong { found, max: HttpUrl::MAX_LEN };
        if s.len() > HttpUrl::MAX_LEN {
            return Err(too_long(s.len()));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(HttpUrlError::Whitespace);
        }
        let url = Url::parse(s).map_err(|e| match e {
            url::ParseError::RelativeUrlWithoutBase => HttpUrlError::NotAbsolute,
            url::ParseError::EmptyHost => HttpUrlError::MissingHost,
            other => HttpUrlError::Invalid { reason: other.to_string() },
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(HttpUrlError::UnsupportedScheme { scheme: url.scheme().chars().take(32).collect() });
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(HttpUrlError::MissingHost);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(HttpUrlError::HasCredentials);
        }
        // Normalisation (punycode, percent-encoding) can grow the string.
        if url.as_str().len() > HttpUrl::MAX_LEN {
            return Err(too_long(url.as_str().len()));
        }
        Ok(HttpUrl(url))
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(HttpUrl, "an absolute http(s) URL as a string");

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<HttpUrl, HttpUrlError> {
        s.parse()
    }

    #[test]
    fn accepts_http_and_https() {
        let u = parse("https://partner.example.com/hooks/ponte?x=1").unwrap();
        assert_eq!(u.as_str(), "https://partner.example.com/hooks/ponte?x=1");
        assert!(u.is_https());
        assert_eq!(u.host_str(), "partner.example.com");
        assert_eq!(parse("HTTP://Example.COM").unwrap().as_str(), "http://example.com/");
        assert!(!parse("http://localhost:8080/cb").unwrap().is_https());
        assert_eq!(parse("http://127.0.0.1/x").unwrap().host_str(), "127.0.0.1");
        assert_eq!(parse(" https://a.example/\n").unwrap().as_str(), "https://a.example/");
        assert_eq!(
            parse("https://exemplo.com.br/ação").unwrap().as_str(),
            "https://exemplo.com.br/a%C3%A7%C3%A3o"
        );
    }

    #[test]
    fn rejects_other_urls() {
        assert_eq!(parse("/relative/path"), Err(HttpUrlError::NotAbsolute));
        assert_eq!(parse("partner.example.com"), Err(HttpUrlError::NotAbsolute));
        assert_eq!(parse(""), Err(HttpUrlError::NotAbsolute));
        assert_eq!(
            parse("ftp://example.com/"),
            Err(HttpUrlError::UnsupportedScheme { scheme: "ftp".into() })
        );
        assert!(matches!(parse("javascript:alert(1)"), Err(HttpUrlError::UnsupportedScheme { .. })));
        assert!(matches!(parse("file:///etc/passwd"), Err(HttpUrlError::UnsupportedScheme { .. })));
        assert_eq!(parse("http://"), Err(HttpUrlError::MissingHost));
        assert_eq!(parse("https://user:pw@example.com/"), Err(HttpUrlError::HasCredentials));
        assert_eq!(parse("https://user@example.com/"), Err(HttpUrlError::HasCredentials));
        assert_eq!(parse("https://exa mple.com/"), Err(HttpUrlError::Whitespace));
        assert_eq!(parse("https://example.com/a\tb"), Err(HttpUrlError::Whitespace));
        assert!(matches!(parse("https://exa[mple.com/"), Err(HttpUrlError::Invalid { .. })));
        assert!(matches!(parse("https://example.com:99999/"), Err(HttpUrlError::Invalid { .. })));
    }

    #[test]
    fn enforces_max_length() {
        let base = "https://example.com/";
        let ok = format!("{base}{}", "a".repeat(HttpUrl::MAX_LEN - base.len()));
        assert!(parse(&ok).is_ok());
        let long = format!("{ok}a");
        assert_eq!(parse(&long), Err(HttpUrlError::TooLong { found: 2049, max: 2048 }));
        // Grows past the limit once percent-encoded.
        let grows = format!("{base}{}", "ç".repeat(1000));
        assert!(matches!(parse(&grows), Err(HttpUrlError::TooLong { .. })));
    }

    #[test]
    fn serde() {
        let u: HttpUrl = serde_json::from_str("\"https://example.com/hook\"").unwrap();
        assert_eq!(serde_json::to_string(&u).unwrap(), "\"https://example.com/hook\"");
        let err = serde_json::from_str::<HttpUrl>("\"ftp://x\"").unwrap_err();
        assert!(err.to_string().contains("scheme"), "{err}");
    }
}
