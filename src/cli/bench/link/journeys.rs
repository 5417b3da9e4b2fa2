//! A journey (link → headless consent → event), journeys in sequence or at once, and the
//! closed-loop request loads.

use super::*;

pub(super) async fn journey(client: &mut Client, receiver: &Receiver) -> Result<Timing, Failure> {
    let start = Instant::now();
    let body = client.calls.link_body.clone();
    let (status, answer) = client
        .send(Endpoint::CreateLink, Some(body))
        .await
        .map_err(|e| transport(Endpoint::CreateLink, &e))?;
    if status != StatusCode::OK {
        return Err(failed(Endpoint::CreateLink, status, &answer));
    }
    let link: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    let link_id = link["linkId"].as_str().ok_or_else(|| failed(Endpoint::CreateLink, status, &answer))?;
    let linked = Instant::now();
    let body = json!({
        "linkId": link_id,
        "institutionCode": client.calls.institution,
        "taxId": client.calls.tax_id,
    });
    let (status, answer) = client
        .send(Endpoint::CompleteConsent, Some(Bytes::from(body.to_string())))
        .await
        .map_err(|e| transport(Endpoint::CompleteConsent, &e))?;
    if status != StatusCode::OK {
        return Err(failed(Endpoint::CompleteConsent, status, &answer));
    }
    let answered = Instant::now();
    let consent: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    let consent_id =
        consent["consentId"].as_str().ok_or_else(|| failed(Endpoint::CompleteConsent, status, &answer))?;
    let outcome = consent["status"].as_str().unwrap_or("?");
    if outcome != "AUTHORISED" {
        let reason = consent["statusReason"].as_str().unwrap_or("-");
        return Err(Failure(
            format!("consent {outcome}"),
            format!("consent {consent_id} ended {outcome} ({reason})"),
        ));
    }
    let Some(event) = receiver.wait(consent_id).await else {
        return Err(Failure(
            format!("no {EVENT} event"),
            format!("no {EVENT} event for consent {consent_id} within {} s", EVENT_TIMEOUT.as_secs()),
        ));
    };
    Ok(Timing {
        journey: event.saturating_duration_since(start),
        create_link: linked - start,
        complete_consent: answered - linked,
        event_after_answer: event.checked_duration_since(answered),
    })
}

/// What one client's journeys did.
pub(super) struct JourneyTally {
    pub(super) journey: Histogram<u64>,
    pub(super) create_link: Histogram<u64>,
    pub(super) complete_consent: Histogram<u64>,
    pub(super) event_after_answer: Histogram<u64>,
    pub(super) events_before_answer: u64,
    pub(super) ok: u64,
    pub(super) errors: BTreeMap<String, u64>,
    pub(super) first_error: Option<String>,
    pub(super) last_done: Instant,
}

/// Runs `total` journeys, `concurrency` at a time (each client one connection).
pub(super) async fn journeys(
    calls: &Arc<Calls>,
    receiver: &Arc<Receiver>,
    total: u64,
    concurrency: u64,
) -> anyhow::Result<JourneysResult> {
    let next = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let before = CpuTicks::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.min(total) {
        let (calls, receiver, next) = (calls.clone(), receiver.clone(), next.clone());
        tasks.spawn(async move {
            let mut client = Client::new(calls);
            let mut tally = JourneyTally {
                journey: stats::histogram(),
                create_link: stats::histogram(),
                complete_consent: stats::histogram(),
                event_after_answer: stats::histogram(),
                events_before_answer: 0,
                ok: 0,
                errors: BTreeMap::new(),
                first_error: None,
                last_done: start,
            };
            while next.fetch_add(1, Ordering::Relaxed) < total {
                match journey(&mut client, &receiver).await {
                    Ok(timing) => {
                        tally.ok += 1;
                        stats::record(&mut tally.journey, timing.journey);
                        stats::record(&mut tally.create_link, timing.create_link);
                        stats::record(&mut tally.complete_consent, timing.complete_consent);
                        match timing.event_after_answer {
                            Some(after) => stats::record(&mut tally.event_after_answer, after),
                            None => tally.events_before_answer += 1,
                        }
                    }
                    Err(Failure(kind, message)) => {
                        *tally.errors.entry(kind).or_insert(0) += 1;
                        tally.first_error.get_or_insert(message);
                    }
                }
                tally.last_done = Instant::now();
            }
            tally
        });
    }
    let mut finished = Vec::new();
    while let Some(done) = tasks.join_next().await {
        finished.push(done.context("a journey task panicked")?);
    }
    let after = CpuTicks::now();
    let ok: u64 = finished.iter().map(|t| t.ok).sum();
    let end = finished.iter().map(|t| t.last_done).max().unwrap_or(start).max(start);
    let mut errors_by_kind = BTreeMap::new();
    for tally in &finished {
        for (kind, count) in &tally.errors {
            *errors_by_kind.entry(kind.clone()).or_insert(0) += count;
        }
    }
    let first_error = finished.iter().find_map(|t| t.first_error.clone());
    let events_before_answer = finished.iter().map(|t| t.events_before_answer).sum();
    let merge = |pick: fn(&JourneyTally) -> &Histogram<u64>| {
        Percentiles::of(&stats::merge(finished.iter().map(|t| pick(t).clone())))
    };
    Ok(JourneysResult {
        journeys: total,
        concurrency,
        ok,
        errors: errors_by_kind.values().sum(),
        errors_by_kind,
        elapsed_secs: stats::round3((end - start).as_secs_f64()),
        journeys_per_sec: stats::per_sec(ok, end - start),
        journey: merge(|t| &t.journey),
        create_link: merge(|t| &t.create_link),
        complete_consent: merge(|t| &t.complete_consent),
        event_after_answer: merge(|t| &t.event_after_answer),
        events_before_answer,
        cpu: before.zip(after).map(|(before, after)| after.since(before, end - start, ok)),
        first_error,
    })
}

/// A closed loop on one endpoint: `connections` clients send back-to-back for `seconds`.
pub(crate) async fn load(
    calls: &Arc<Calls>,
    endpoint: Endpoint,
    label: &str,
    connections: u64,
    seconds: u64,
) -> anyhow::Result<LoadResult> {
    let mut clients = Vec::new();
    for _ in 0..connections {
        let mut client = Client::new(calls.clone());
        client.sender = Some(connect(&calls.target).await?);
        clients.push(client);
    }
    let body = matches!(endpoint, Endpoint::CreateLink).then(|| calls.link_body.clone());
    let start = Instant::now() + Duration::from_millis(20);
    let end = start + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for mut client in clients {
        let body = body.clone();
        tasks.spawn(async move {
            tokio::time::sleep_until(start.into()).await;
            let mut tally = stats::Tally::new(start);
            while Instant::now() < end {
                let sent = Instant::now();
                let outcome = match client.send(endpoint, body.clone()).await {
                    Ok((status, _)) if status.is_success() => Ok(()),
                    Ok((status, answer)) => Err(anyhow::anyhow!(
                        "{} answered {status}: {}",
                        endpoint.name(),
                        String::from_utf8_lossy(&answer)
                    )),
                    Err(error) => Err(error),
                };
                tally.add(outcome, sent);
            }
            tally
        });
    }
    tokio::time::sleep_until(start.into()).await;
    let before = CpuTicks::now();
    let mut finished = Vec::new();
    while let Some(done) = tasks.join_next().await {
        finished.push(done.context("a load task panicked")?);
    }
    let after = CpuTicks::now();
    let (ok, errors) = finished.iter().fold((0, 0), |(o, e), t| (o + t.ok, e + t.errors));
    let last = finished.iter().map(|t| t.last_done).max().unwrap_or(start).max(start);
    let first_error = finished.iter().find_map(|t| t.first_error.clone());
    let histogram = stats::merge(finished.into_iter().map(|t| t.histogram));
    Ok(LoadResult {
        endpoint: label.to_owned(),
        connections,
        ok,
        errors,
        elapsed_secs: stats::round3((last - start).as_secs_f64()),
        throughput_rps: stats::per_sec(ok, last - start),
        latency: Percentiles::of(&histogram),
        cpu: before.zip(after).map(|(before, after)| after.since(before, last - start, ok)),
        first_error,
    })
}

// The report.
