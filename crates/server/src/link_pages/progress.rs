//! Live progress on the success page (Server-Sent Events). Until data retrieval exists, the
//! steps are the consent's own; the stream ends once they are all settled.

use super::outcome::steps;
use super::render::{Ctx, PageError, parse_lang};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;

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
    let mut events: Vec<Result<Event, Infallible>> = steps(ctx.lang, consent.status)
        .into_iter()
        .map(|step| {
            let data =
                serde_json::json!({ "key": step.key, "state": step.state.as_str(), "label": step.label });
            Ok(Event::default().data(data.to_string()))
        })
        .collect();
    events.push(Ok(Event::default().event("end").data("{}")));
    Ok(Sse::new(stream::iter(events)))
}
