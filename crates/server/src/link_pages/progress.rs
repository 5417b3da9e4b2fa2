//! Live progress on the success page (Server-Sent Events): the consent's own steps, then — when
//! the app's reports are delivered automatically — the data retrieval as it goes (which API
//! area, how many of its resources), until it is done or failed.
//!
//! Progress comes from the pipeline's in-process hub (instant, on the replica running the fetch)
//! and from the stored fetch state, re-read every second (any replica).

use super::outcome::steps;
use super::render::{Ctx, PageError, parse_lang};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use ponte_domain::{ConsentStatus, DeliveryMode, Language};
use ponte_pipeline::FetchProgress;
use ponte_store::Store;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

/// How long the page follows a fetch before it stops listening (the fetch goes on).
const FOLLOW_FOR: Duration = Duration::from_secs(120);

#[derive(Debug, serde::Deserialize)]
pub struct ProgressQuery {
    pub v: Option<String>,
    pub lang: Option<String>,
}

pub async fn progress(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(consent_id): Path<String>,
    Query(query): Query<ProgressQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, PageError> {
    let ctx = Ctx::open(&state, &headers, query.v.as_deref(), parse_lang(query.lang.as_deref())).await?;
    let consent = super::outcome::consent(&ctx, &consent_id).await?;
    let lang = ctx.lang;
    let events: Vec<Result<Event, Infallible>> = steps(lang, consent.status)
        .into_iter()
        .map(|step| Ok(step_event(&step.key, step.state.as_str(), &step.label)))
        .collect();
    let follows_data = consent.status == ConsentStatus::Authorised
        && ctx.session.app.settings.delivery_mode == DeliveryMode::Automatic;
    let data = if follows_data {
        let follower = Follower {
            store: state.store.clone(),
            updates: state.pipeline.progress.subscribe(consent.id),
            consent_id: consent.id,
            lang,
            deadline: tokio::time::Instant::now() + FOLLOW_FOR,
            last: None,
        };
        stream::unfold(Some(follower), next_data_event).boxed()
    } else {
        stream::empty().boxed()
    };
    let end = stream::once(async { Ok(Event::default().event("end").data("{}")) });
    Ok(Sse::new(stream::iter(events).chain(data).chain(end)))
}

fn step_event(key: &str, state: &str, label: &str) -> Event {
    let data = serde_json::json!({ "key": key, "state": state, "label": label });
    Event::default().data(data.to_string())
}

/// Follows one consent's fetch.
struct Follower {
    store: Store,
    updates: watch::Receiver<Option<FetchProgress>>,
    consent_id: Uuid,
    lang: Language,
    deadline: tokio::time::Instant,
    /// The last (state, label) sent, to send only changes.
    last: Option<(&'static str, String)>,
}

/// The next change of the data step; `None` once the fetch is over (after sending it) or the
/// page has followed long enough.
async fn next_data_event(
    follower: Option<Follower>,
) -> Option<(Result<Event, Infallible>, Option<Follower>)> {
    let mut f = follower?;
    loop {
        let (state, label) = f.current().await;
        let finished = state != "active";
        if f.last.as_ref().is_none_or(|(s, l)| *s != state || *l != label) {
            f.last = Some((state, label.clone()));
            let event = step_event("data", state, &label);
            return Some((Ok(event), (!finished).then_some(f)));
        }
        if finished || tokio::time::Instant::now() >= f.deadline {
            return None;
        }
        // Wake on in-process progress, or re-read the store a second later (another replica).
        let _ = tokio::time::timeout(Duration::from_secs(1), f.updates.changed()).await;
    }
}

impl Follower {
    async fn current(&self) -> (&'static str, String) {
        let live = self.updates.borrow().clone();
        let stored = self.store.fetch_state(self.consent_id).await.ok().flatten();
        let status = stored.as_ref().map(|s| s.status.as_str()).unwrap_or("running");
        match (live, status) {
            (Some(FetchProgress::Done), _) | (_, "done") => {
                ("done", self.text(("Dados recebidos", "Data received")))
            }
            (Some(FetchProgress::Failed), _) | (_, "failed") => {
                ("failed", self.text(("Não foi possível buscar os dados", "The data could not be retrieved")))
            }
            (Some(FetchProgress::Running { area, done, total }), _) => {
                let base = self.text(("Buscando seus dados", "Retrieving your data"));
                ("active", format!("{base}: {} {done}/{total}", self.area_name(&area)))
            }
            _ => ("active", self.text(("Buscando seus dados", "Retrieving your data"))),
        }
    }

    fn text(&self, (pt, en): (&str, &str)) -> String {
        match self.lang {
            Language::En => en.to_owned(),
            _ => pt.to_owned(),
        }
    }

    fn area_name(&self, area: &str) -> String {
        let names = match area {
            "resources" => ("recursos", "resources"),
            "accounts" => ("contas", "accounts"),
            "credit-cards-accounts" => ("cartões", "cards"),
            "customers" => ("cadastro", "registration data"),
            "loans" | "financings" | "invoice-financings" | "unarranged-accounts-overdraft" => {
                ("crédito", "credit")
            }
            "bank-fixed-incomes" => ("investimentos", "investments"),
            other => (other, other),
        };
        self.text(names)
    }
}
