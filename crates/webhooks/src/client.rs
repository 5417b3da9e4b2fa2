//! The HTTP side of a delivery: one POST with a 10-second timeout, redirects not followed, and
//! every address the target resolves to checked against the SSRF rule at connect time (so a DNS
//! answer that changes after the URL was saved cannot reach internal services).

use crate::ssrf::{self, AllowList};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The most of a receiver's answer that is read and kept.
pub const SNIPPET_LIMIT: usize = 1024;

/// What a receiver answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub snippet: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("{0}")]
    Refused(String),
    #[error("invalid webhook URL: {0}")]
    BadUrl(String),
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("connection failed: {0}")]
    Connect(String),
}

/// Sends deliveries; cheap to clone, connections are pooled and reused.
#[derive(Clone, Debug)]
pub struct Sender {
    http: reqwest::Client,
    allow: AllowList,
    timeout: Duration,
    per_endpoint: EndpointLimiter,
}

/// Bounds the requests in flight to one receiver (scheme, host and port), so one partner's slow
/// endpoint cannot take every worker slot, and a receiver is not flooded after an outage.
#[derive(Clone, Debug)]
pub struct EndpointLimiter {
    limit: usize,
    slots: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

impl EndpointLimiter {
    pub fn new(limit: usize) -> Self {
        Self { limit: limit.max(1), slots: Arc::default() }
    }

    fn semaphore(&self, origin: &str) -> Arc<Semaphore> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        // Forget receivers nobody is sending to, so the map cannot grow without bound.
        if slots.len() > 10_000 {
            slots.retain(|_, s| s.available_permits() < self.limit);
        }
        slots.entry(origin.to_owned()).or_insert_with(|| Arc::new(Semaphore::new(self.limit))).clone()
    }

    /// Waits for a slot to `origin`; the slot is held until the permit is dropped.
    pub async fn acquire(&self, origin: &str) -> OwnedSemaphorePermit {
        let semaphore = self.semaphore(origin);
        match semaphore.acquire_owned().await {
            Ok(permit) => permit,
            Err(_) => unreachable!("endpoint semaphores are never closed"),
        }
    }

    /// A slot if one is free now.
    pub fn try_acquire(&self, origin: &str) -> Option<OwnedSemaphorePermit> {
        self.semaphore(origin).try_acquire_owned().ok()
    }
}

/// Resolves names, then drops every address the SSRF rule refuses.
#[derive(Debug)]
struct GuardedResolver {
    allow: AllowList,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let resolved: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> =
                resolved.iter().copied().filter(|a| ssrf::check(a.ip(), &allow).is_ok()).collect();
            if allowed.is_empty() {
                let refusal = resolved
                    .first()
                    .and_then(|a| ssrf::check(a.ip(), &allow).err())
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| format!("{host} did not resolve"));
                return Err(refusal.into());
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

impl Sender {
    /// `per_endpoint` bounds the requests in flight to one receiver.
    pub fn new(allow: AllowList, timeout: Duration, per_endpoint: usize) -> Result<Self, SendError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            .pool_max_idle_per_host(per_endpoint)
            .user_agent(concat!("Ponte-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver { allow: allow.clone() }))
            .build()
            .map_err(|e| SendError::Connect(e.to_string()))?;
        Ok(Self { http, allow, timeout, per_endpoint: EndpointLimiter::new(per_endpoint) })
    }

    /// POSTs `body` with `headers`; any HTTP answer is an `Answer`, whatever its status.
    pub async fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> Result<Answer, SendError> {
        let parsed = self.checked(url)?;
        let origin = parsed.origin().ascii_serialization();
        let _slot = self.per_endpoint.acquire(&origin).await;
        let mut request = self.http.post(parsed).header("content-type", "application/json").body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|e| self.classify(e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let snippet = read_snippet(response).await;
        Ok(Answer { status, retry_after, snippet })
    }

    /// A URL this sender may reach: http(s), and an IP literal host only where the SSRF rule
    /// allows (names are checked by the resolver at connect time).
    fn checked(&self, url: &str) -> Result<reqwest::Url, SendError> {
        let parsed = reqwest::Url::parse(url).map_err(|e| SendError::BadUrl(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(SendError::BadUrl(format!("{} is not http(s)", parsed.scheme())));
        }
        // IP literals never reach the resolver, so they are checked here.
        let literal = match parsed.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => None,
            None => return Err(SendError::BadUrl("no host".to_owned())),
        };
        if let Some(ip) = literal {
            ssrf::check(ip, &self.allow).map_err(|e| SendError::Refused(e.to_string()))?;
        }
        Ok(parsed)
    }

    /// GETs a small resource (a partner's logo) under the same SSRF rule as deliveries: its
    /// status, `Content-Type` and at most `max_bytes` of body (`None` when it is larger).
    pub async fn get_small(
        &self,
        url: &str,
        max_bytes: usize,
    ) -> Result<(u16, Option<String>, Option<Vec<u8>>), SendError> {
        let parsed = self.checked(url)?;
        let mut response = self.http.get(parsed).send().await.map_err(|e| self.classify(e))?;
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(e))? {
            body.extend_from_slice(&chunk);
            if body.len() > max_bytes {
                return Ok((status, content_type, None));
            }
        }
        Ok((status, content_type, Some(body)))
    }

    fn classify(&self, error: reqwest::Error) -> SendError {
        if error.is_timeout() {
            return SendError::Timeout(self.timeout);
        }
        let text = error_chain(&error);
        if text.contains("refusing to connect") { SendError::Refused(text) } else { SendError::Connect(text) }
    }
}

/// Reads at most [`SNIPPET_LIMIT`] bytes of the body, lossily as UTF-8.
async fn read_snippet(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < SNIPPET_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(SNIPPET_LIMIT);
    String::from_utf8_lossy(&bytes).into_owned()
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_receiver_gets_at_most_the_limit_in_flight() {
        let limiter = EndpointLimiter::new(2);
        let a1 = limiter.acquire("https://a.example").await;
        let _a2 = limiter.acquire("https://a.example").await;
        assert!(limiter.try_acquire("https://a.example").is_none(), "a third request to a waits");
        assert!(limiter.try_acquire("https://b.example").is_some(), "another receiver is not affected");
        drop(a1);
        assert!(limiter.try_acquire("https://a.example").is_some(), "a finished request frees its slot");
    }
}
