//! The browser tab the user holds: navigation, clicks and typing by CSS selector, and waits with
//! a deadline. Every failure says where the browser was (its URL and the page's <h1>).

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::time::Duration;

/// How long one page may take to appear (the bank's round trips included; the machine may be
/// busy building).
pub const PAGE_DEADLINE: Duration = Duration::from_secs(30);

pub struct Tab {
    pub client: Client,
}

impl Tab {
    pub fn new(client: Client) -> Tab {
        Tab { client }
    }

    /// "on <url> (h1: …)", for failure messages.
    pub async fn whereabouts(&self) -> String {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("<unknown URL: {e}>"),
        };
        let h1 = match self.client.find(Locator::Css("h1")).await {
            Ok(h1) => h1.text().await.unwrap_or_default(),
            Err(_) => "<no h1>".to_owned(),
        };
        format!("on {url} (h1: {h1:?})")
    }

    /// Panics with `what` unless `ok`, saying where the browser was.
    pub async fn ensure(&self, ok: bool, what: impl std::fmt::Display) {
        if !ok {
            panic!("{what}; the browser is {}", self.whereabouts().await)
        }
    }

    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.client.goto(url).await {
            panic!("opening {url} failed: {e}; the browser is {}", self.whereabouts().await)
        }
    }

    /// Waits until an element matching `css` is on the page.
    pub async fn wait_for(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PAGE_DEADLINE)
            .every(Duration::from_millis(100))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("waiting for {css:?}: {e}; the browser is {}", self.whereabouts().await),
        }
    }

    /// Waits until the Link page `page` (its `<body data-page>`) is shown.
    pub async fn wait_page(&self, page: &str) {
        self.wait_for(&format!("body[data-page=\"{page}\"]")).await;
    }

    /// Waits until `expression` (JavaScript) is true on the current page: checked at once and
    /// then whenever the page's DOM changes, until the session's script timeout (30 s).
    pub async fn wait_true(&self, what: &str, expression: &str) {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const ready = () => !!({expression});
             if (ready()) {{ done(true); return; }}
             const observer = new MutationObserver(() => {{
               if (ready()) {{ observer.disconnect(); done(true); }}
             }});
             observer.observe(document, {{ subtree: true, childList: true, characterData: true, attributes: true }});"
        );
        match self.client.execute_async(&script, vec![]).await {
            Ok(Value::Bool(true)) => {}
            outcome => {
                panic!("{what} did not happen ({outcome:?}); the browser is {}", self.whereabouts().await)
            }
        }
    }

    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        if let Err(e) = element.click().await {
            panic!("clicking {css:?} failed: {e}; the browser is {}", self.whereabouts().await)
        }
    }

    /// Types `text` into the field `css`, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        if let Err(e) = element.clear().await {
            panic!("clearing {css:?} failed: {e}; the browser is {}", self.whereabouts().await)
        }
        if let Err(e) = element.send_keys(text).await {
            panic!("typing into {css:?} failed: {e}; the browser is {}", self.whereabouts().await)
        }
    }

    /// The visible text of the element `css`.
    pub async fn text(&self, css: &str) -> String {
        let element = self.wait_for(css).await;
        match element.text().await {
            Ok(text) => text,
            Err(e) => {
                panic!("reading the text of {css:?} failed: {e}; the browser is {}", self.whereabouts().await)
            }
        }
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub async fn js(&self, script: &str) -> Value {
        match self.client.execute(script, vec![]).await {
            Ok(value) => value,
            Err(e) => panic!("running {script:?} failed: {e}; the browser is {}", self.whereabouts().await),
        }
    }

    pub async fn url(&self) -> url::Url {
        match self.client.current_url().await {
            Ok(url) => url,
            Err(e) => panic!("reading the URL failed: {e}; the browser is {}", self.whereabouts().await),
        }
    }

    /// The HTTP status and body size (bytes, decoded) of the current page's document.
    pub async fn document_response(&self) -> (u64, u64) {
        let entry = self
            .js("const n = performance.getEntriesByType('navigation')[0]; return [n.responseStatus, n.decodedBodySize];")
            .await;
        match (entry[0].as_u64(), entry[1].as_u64()) {
            (Some(status), Some(size)) => (status, size),
            _ => panic!(
                "the navigation timing entry is incomplete: {entry}; the browser is {}",
                self.whereabouts().await
            ),
        }
    }

    /// Every URL the current page loaded after its document (scripts, styles, images, streams).
    pub async fn resources(&self) -> Vec<url::Url> {
        let names = self.js("return performance.getEntriesByType('resource').map(e => e.name);").await;
        names
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|name| url::Url::parse(name).unwrap_or_else(|e| panic!("resource {name:?}: {e}")))
            .collect()
    }

    /// Ends the session (Chromium quits).
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
