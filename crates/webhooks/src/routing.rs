//! Where a report goes (spec §6): the request's `productsCallbackURL` map, else the link's map,
//! else the app's global product URL; within a map, the product's own key, else `other`, else
//! `all`. A map without an applicable key defers to the next level. With no URL at all the report
//! is stored and served by the API and console only.

use ponte_domain::{HttpUrl, ProductCode};
use std::collections::BTreeMap;
use std::str::FromStr;

/// A validated `productsCallbackURL` map: keys are product codes, `other` or `all` (`all` only
/// on its own); values are http(s) URLs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackMap {
    products: BTreeMap<ProductCode, HttpUrl>,
    other: Option<HttpUrl>,
    all: Option<HttpUrl>,
}

/// Why a `productsCallbackURL` map was refused (the partner API answers business code 4006).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackMapError {
    #[error("productsCallbackURL key '{0}' is not a product code, 'other' or 'all'")]
    UnknownKey(String),
    #[error("productsCallbackURL 'all' cannot be combined with other keys")]
    AllNotAlone,
    #[error("productsCallbackURL '{key}' is not a valid http(s) URL: {reason}")]
    BadUrl { key: String, reason: String },
}

impl CallbackMap {
    /// Parses the JSON object's entries.
    pub fn parse<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, CallbackMapError> {
        let mut map = Self::default();
        let mut count = 0;
        for (key, url) in entries {
            count += 1;
            let url = HttpUrl::from_str(url)
                .map_err(|e| CallbackMapError::BadUrl { key: key.to_owned(), reason: e.to_string() })?;
            match key {
                "all" => map.all = Some(url),
                "other" => map.other = Some(url),
                code => {
                    let code = ProductCode::from_str(code)
                        .map_err(|_| CallbackMapError::UnknownKey(code.to_owned()))?;
                    map.products.insert(code, url);
                }
            }
        }
        if map.all.is_some() && count > 1 {
            return Err(CallbackMapError::AllNotAlone);
        }
        Ok(map)
    }

    /// The URL this map gives `product`, if any.
    pub fn url_for(&self, product: ProductCode) -> Option<&HttpUrl> {
        self.products.get(&product).or(self.other.as_ref()).or(self.all.as_ref())
    }
}

/// The URL a report of `product` is delivered to, by the precedence of spec §6.
pub fn report_destination<'a>(
    product: ProductCode,
    request: Option<&'a CallbackMap>,
    link: Option<&'a CallbackMap>,
    app_global: Option<&'a HttpUrl>,
) -> Option<&'a HttpUrl> {
    request.and_then(|m| m.url_for(product)).or_else(|| link.and_then(|m| m.url_for(product))).or(app_global)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, &str)]) -> CallbackMap {
        CallbackMap::parse(entries.iter().copied()).unwrap()
    }

    fn url(s: &str) -> HttpUrl {
        s.parse().unwrap()
    }

    #[test]
    fn own_key_beats_other_beats_all() {
        let m = map(&[("pf_income", "https://a.example/income"), ("other", "https://a.example/other")]);
        assert_eq!(m.url_for(ProductCode::PfIncome), Some(&url("https://a.example/income")));
        assert_eq!(m.url_for(ProductCode::PfBalance), Some(&url("https://a.example/other")));
        let all = map(&[("all", "https://a.example/all")]);
        assert_eq!(all.url_for(ProductCode::PjIdentity), Some(&url("https://a.example/all")));
    }

    #[test]
    fn request_beats_link_beats_app() {
        let request = map(&[("pf_income", "https://req.example/")]);
        let link = map(&[("other", "https://link.example/")]);
        let app = url("https://app.example/");
        let pick = |p| report_destination(p, Some(&request), Some(&link), Some(&app)).map(HttpUrl::as_str);
        assert_eq!(pick(ProductCode::PfIncome), Some("https://req.example/"));
        // The request map has no key for this product: the link's map decides.
        assert_eq!(pick(ProductCode::PfBalance), Some("https://link.example/"));
        assert_eq!(report_destination(ProductCode::PfBalance, None, None, Some(&app)), Some(&app));
        assert_eq!(report_destination(ProductCode::PfBalance, None, None, None), None);
    }

    #[test]
    fn invalid_maps_are_refused_with_the_reason() {
        let parse = |entries: &[(&str, &str)]| CallbackMap::parse(entries.iter().copied());
        assert_eq!(
            parse(&[("all", "https://a.example/"), ("pf_income", "https://b.example/")]),
            Err(CallbackMapError::AllNotAlone)
        );
        assert_eq!(
            parse(&[("nope", "https://a.example/")]),
            Err(CallbackMapError::UnknownKey("nope".into()))
        );
        assert!(matches!(parse(&[("other", "ftp://a.example/")]), Err(CallbackMapError::BadUrl { .. })));
        assert_eq!(parse(&[]), Ok(CallbackMap::default()));
    }
}
