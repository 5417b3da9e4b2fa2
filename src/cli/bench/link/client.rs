//! HTTP clients of the bench: one keep-alive connection each, and the calls they make.

use super::*;

#[derive(Clone, Copy)]
pub(crate) enum Endpoint {
    Healthz,
    CreateLink,
    CompleteConsent,
}

impl Endpoint {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Endpoint::Healthz => "GET /healthz",
            Endpoint::CreateLink => "POST /data/v1/links",
            Endpoint::CompleteConsent => "POST /data/v1/sandbox/consents",
        }
    }
}

/// What every request needs, prepared once.
pub(crate) struct Calls {
    pub(crate) target: Arc<Target>,
    /// Links created (200) so far, by every phase.
    pub(crate) links_created: AtomicU64,
    pub(crate) bearer: HeaderValue,
    pub(crate) link_body: Bytes,
    pub(crate) institution: String,
    pub(crate) tax_id: String,
}

impl Calls {
    pub(super) fn new(target: &Arc<Target>, token: &str, args: &LinkArgs) -> anyhow::Result<Self> {
        let link_body = json!({
            "personalTaxId": args.tax_id,
            "externalInfo": { "customerId": "ponte-bench" },
        });
        Ok(Self {
            target: target.clone(),
            links_created: AtomicU64::new(0),
            bearer: HeaderValue::from_str(&format!("Bearer {token}")).context("the access token")?,
            link_body: Bytes::from(link_body.to_string()),
            institution: args.institution.clone(),
            tax_id: args.tax_id.clone(),
        })
    }

    pub(super) fn request(
        &self,
        endpoint: Endpoint,
        body: Option<Bytes>,
    ) -> anyhow::Result<Request<Full<Bytes>>> {
        let (method, path) = match endpoint {
            Endpoint::Healthz => (Method::GET, "/healthz"),
            Endpoint::CreateLink => (Method::POST, "/data/v1/links"),
            Endpoint::CompleteConsent => (Method::POST, "/data/v1/sandbox/consents"),
        };
        let mut builder = Request::builder().method(method).uri(path).header(HOST, &self.target.host);
        if !matches!(endpoint, Endpoint::Healthz) {
            builder = builder.header(AUTHORIZATION, &self.bearer).header(CONTENT_TYPE, "application/json");
        }
        Ok(builder.body(Full::new(body.unwrap_or_default()))?)
    }
}

pub(crate) struct Client {
    pub(super) calls: Arc<Calls>,
    pub(super) sender: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    pub(crate) fn new(calls: Arc<Calls>) -> Self {
        Self { calls, sender: None }
    }

    /// Sends one request and reads the whole answer; reconnects after a transport error.
    pub(crate) async fn send(
        &mut self,
        endpoint: Endpoint,
        body: Option<Bytes>,
    ) -> anyhow::Result<(StatusCode, Bytes)> {
        let mut sender = match self.sender.take().filter(|s| !s.is_closed()) {
            Some(sender) => sender,
            None => match connect(&self.calls.target).await {
                Ok(sender) => sender,
                Err(error) => {
                    tokio::time::sleep(Duration::from_millis(10)).await; // don't spin on a dead server
                    return Err(error);
                }
            },
        };
        let request = self.calls.request(endpoint, body)?;
        let exchange = async {
            sender.ready().await.context("connection closed")?;
            let response = sender.send_request(request).await.context("sending the request")?;
            let status = response.status();
            let body = response.into_body().collect().await.context("reading the answer")?.to_bytes();
            anyhow::Ok((status, body))
        };
        let answer = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .with_context(|| format!("{} timed out", endpoint.name()))??;
        self.sender = Some(sender);
        if matches!(endpoint, Endpoint::CreateLink) && answer.0 == StatusCode::OK {
            self.calls.links_created.fetch_add(1, Ordering::Relaxed);
        }
        Ok(answer)
    }
}

pub(crate) async fn access_token(
    target: &Arc<Target>,
    credentials: &ponte_store::apps::AppCredentials,
) -> anyhow::Result<String> {
    let mut sender = connect(target).await?;
    let body = json!({ "accessKey": credentials.access_key, "secretKey": credentials.secret_key.expose() });
    let request = Request::builder()
        .method(Method::POST)
        .uri("/data/v1/auth")
        .header(HOST, &target.host)
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())))?;
    sender.ready().await.context("connection closed")?;
    let response = sender.send_request(request).await.context("POST /data/v1/auth")?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    ensure!(status.is_success(), "POST /data/v1/auth answered {status}: {}", String::from_utf8_lossy(&body));
    let answer: Value = serde_json::from_slice(&body).context("the auth answer is not JSON")?;
    Ok(answer["accessToken"].as_str().context("the auth answer has no accessToken")?.to_owned())
}

// Journeys.

pub(super) struct Timing {
    pub(super) journey: Duration,
    pub(super) create_link: Duration,
    pub(super) complete_consent: Duration,
    /// None when the event was read before the consent's answer arrived.
    pub(super) event_after_answer: Option<Duration>,
}

/// A failed journey: its kind (for counting) and what happened.
pub(crate) struct Failure(pub(crate) String, pub(crate) String);

pub(crate) fn failed(endpoint: Endpoint, status: StatusCode, body: &[u8]) -> Failure {
    let text: String = String::from_utf8_lossy(body).chars().take(300).collect();
    Failure(
        format!("{} {}", endpoint.name(), status.as_u16()),
        format!("{} answered {status}: {text}", endpoint.name()),
    )
}

pub(crate) fn transport(endpoint: Endpoint, error: &anyhow::Error) -> Failure {
    Failure(format!("{} transport", endpoint.name()), format!("{}: {error:#}", endpoint.name()))
}
