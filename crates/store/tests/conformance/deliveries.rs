use crate::conformance;
use crate::harness::TestDb;
use ponte_store::Clock;
use ponte_store::apps::NewApp;
use ponte_store::deliveries::{
    Attempt, AttemptOutcome, DeliveryCursor, DeliveryFilter, DeliveryKind, DeliveryStatus, NewDelivery,
};
use sqlx::Row;
use std::time::Duration;
use uuid::Uuid;

async fn app(db: &TestDb, name: &str) -> Uuid {
    let new = NewApp {
        name: name.into(),
        partner_name: name.into(),
        environment: ponte_domain::Environment::Sandbox,
        settings: Default::default(),
    };
    db.store.create_app(&new).await.unwrap().0.id
}

fn event(app_id: Uuid, message_id: &str, url: Option<&str>) -> NewDelivery {
    NewDelivery {
        app_id,
        kind: DeliveryKind::Event,
        message_id: message_id.into(),
        name: "consent_authorised".into(),
        url: url.map(str::to_owned),
        body: format!(r#"{{"eventId":"{message_id}","payload":{{"personalTaxId":"76109277673"}}}}"#)
            .into_bytes(),
    }
}

async fn record(db: &TestDb, new: &NewDelivery) -> Option<Uuid> {
    let mut tx = db.store.begin().await.unwrap();
    let id = tx.record_delivery(new).await.unwrap();
    tx.commit().await.unwrap();
    id
}

conformance!(
    the_outbox_records_each_message_once_and_seals_bodies,
    attempts_move_deliveries_on,
    the_log_pages_newest_first_with_filters,
    deliveries_are_scoped_by_app
);

async fn the_outbox_records_each_message_once_and_seals_bodies(db: &TestDb) {
    let app = app(db, "A").await;
    let new = event(app, "evt_1", Some("https://partner.example/hooks"));
    let id = record(db, &new).await.unwrap();
    assert_eq!(record(db, &new).await, None, "the same message is recorded once");
    let delivery = db.store.delivery(app, id).await.unwrap().unwrap();
    assert_eq!(
        (delivery.status, delivery.attempts, delivery.message_id.as_str()),
        (DeliveryStatus::Pending, 0, "evt_1")
    );
    assert_eq!(delivery.next_attempt_at, Some(delivery.created_at));
    assert_eq!(db.store.delivery_body(app, id).await.unwrap().unwrap(), new.body);

    let raw: Vec<u8> = sqlx::query("SELECT body FROM webhook_deliveries WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(db.store.raw_pool())
        .await
        .unwrap()
        .try_get("body")
        .unwrap();
    assert!(!raw.windows(11).any(|w| w == b"76109277673"), "bodies are sealed at rest");

    let stored = record(db, &event(app, "evt_2", None)).await.unwrap();
    let stored = db.store.delivery(app, stored).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.next_attempt_at), (DeliveryStatus::Stored, None));

    // Rolled back with its transaction, like the change that caused it.
    let mut tx = db.store.begin().await.unwrap();
    tx.record_delivery(&event(app, "evt_3", Some("https://partner.example/hooks"))).await.unwrap();
    drop(tx);
    let (all, _) =
        db.store.list_deliveries(app, &DeliveryFilter { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(all.len(), 2);
}

async fn attempts_move_deliveries_on(db: &TestDb) {
    let app = app(db, "A").await;
    let id = record(db, &event(app, "evt_1", Some("https://partner.example/hooks"))).await.unwrap();
    let now = db.clock.now();
    let failed = Attempt {
        attempt: 1,
        started_at: now,
        duration_ms: 12,
        status_code: Some(500),
        error: None,
        response_snippet: Some("é".repeat(700)),
    };
    db.store
        .record_attempt(id, &failed, AttemptOutcome::RetryAt(now + Duration::from_secs(5)))
        .await
        .unwrap();
    let delivery = db.store.delivery(app, id).await.unwrap().unwrap();
    assert_eq!(
        (delivery.status, delivery.attempts, delivery.last_status_code),
        (DeliveryStatus::Pending, 1, Some(500))
    );
    assert_eq!(delivery.next_attempt_at, Some(now + Duration::from_secs(5)));

    db.clock.advance(Duration::from_secs(5));
    let ok = Attempt {
        attempt: 2,
        started_at: db.clock.now(),
        duration_ms: 3,
        status_code: Some(204),
        error: None,
        response_snippet: None,
    };
    db.store.record_attempt(id, &ok, AttemptOutcome::Delivered).await.unwrap();
    let delivery = db.store.delivery(app, id).await.unwrap().unwrap();
    assert_eq!((delivery.status, delivery.attempts), (DeliveryStatus::Delivered, 2));
    assert_eq!(delivery.delivered_at, Some(db.clock.now()));

    let attempts = db.store.delivery_attempts(app, id).await.unwrap();
    assert_eq!(attempts.len(), 2);
    let snippet = attempts[0].response_snippet.as_deref().unwrap();
    assert!(
        snippet.len() <= 1024 && snippet.chars().all(|c| c == 'é'),
        "cut at 1 KiB on a character boundary"
    );
    assert_eq!(attempts[1], ok);
    assert!(db.store.record_attempt(Uuid::new_v4(), &ok, AttemptOutcome::Failed).await.is_err());
}

async fn the_log_pages_newest_first_with_filters(db: &TestDb) {
    let app = app(db, "A").await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(
            record(db, &event(app, &format!("evt_{n}"), Some("https://partner.example/hooks")))
                .await
                .unwrap(),
        );
        db.clock.advance(Duration::from_secs(1));
    }
    let mut report = event(app, "rep_1", Some("https://partner.example/reports"));
    report.kind = DeliveryKind::Report;
    report.name = "pf_income".into();
    let report_id = record(db, &report).await.unwrap();

    let mut filter = DeliveryFilter { limit: 2, ..Default::default() };
    let mut seen = Vec::new();
    loop {
        let (page, next) = db.store.list_deliveries(app, &filter).await.unwrap();
        seen.extend(page.iter().map(|d| d.id));
        match next {
            Some(cursor) => filter.after = Some(DeliveryCursor::decode(&cursor.encode()).unwrap()),
            None => break,
        }
    }
    let mut expected = ids.clone();
    expected.push(report_id);
    expected.reverse();
    assert_eq!(seen, expected, "every delivery once, newest first");

    let by_name = DeliveryFilter { name: Some("pf_income".into()), limit: 10, ..Default::default() };
    assert_eq!(db.store.list_deliveries(app, &by_name).await.unwrap().0.len(), 1);
    let since = DeliveryFilter {
        since: Some(db.clock.now() - Duration::from_secs(2)),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(db.store.list_deliveries(app, &since).await.unwrap().0.len(), 3);
    let failed = DeliveryFilter { status: Some(DeliveryStatus::Failed), limit: 10, ..Default::default() };
    assert!(db.store.list_deliveries(app, &failed).await.unwrap().0.is_empty());
    assert_eq!(DeliveryCursor::decode("not a cursor"), None);
}

async fn deliveries_are_scoped_by_app(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let id = record(db, &event(a, "evt_1", Some("https://a.example/"))).await.unwrap();
    assert!(db.store.delivery(b, id).await.unwrap().is_none());
    assert!(db.store.delivery_body(b, id).await.unwrap().is_none());
    assert!(db.store.delivery_attempts(b, id).await.unwrap().is_empty());
    assert!(
        db.store
            .list_deliveries(b, &DeliveryFilter { limit: 10, ..Default::default() })
            .await
            .unwrap()
            .0
            .is_empty()
    );
    // Message ids are unique per app, not globally.
    assert!(record(db, &event(b, "evt_1", Some("https://b.example/"))).await.is_some());
}

conformance!(replays_requeue_only_finished_deliveries);

async fn replays_requeue_only_finished_deliveries(db: &TestDb) {
    use ponte_store::deliveries::Requeue;
    let app = app(db, "A").await;
    let id = record(db, &event(app, "evt_1", Some("https://a.example/"))).await.unwrap();
    let stored = record(db, &event(app, "evt_2", None)).await.unwrap();
    let replay = |id| async move {
        let mut tx = db.store.begin().await.unwrap();
        let outcome = tx.requeue_delivery(app, id).await.unwrap();
        tx.commit().await.unwrap();
        outcome
    };
    assert_eq!(replay(id).await, Requeue::AlreadyPending);
    let failed = Attempt {
        attempt: 1,
        started_at: db.clock.now(),
        duration_ms: 1,
        status_code: Some(410),
        error: None,
        response_snippet: None,
    };
    db.store.record_attempt(id, &failed, AttemptOutcome::Failed).await.unwrap();
    db.clock.advance(Duration::from_secs(1));
    assert_eq!(
        db.store.failed_deliveries_since(app, db.clock.now() - Duration::from_secs(60), 10).await.unwrap(),
        [id]
    );
    assert_eq!(replay(id).await, Requeue::Queued);
    let delivery = db.store.delivery(app, id).await.unwrap().unwrap();
    assert_eq!((delivery.status, delivery.next_attempt_at), (DeliveryStatus::Pending, Some(db.clock.now())));
    assert!(
        db.store
            .failed_deliveries_since(app, db.clock.now() - Duration::from_secs(60), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(replay(stored).await, Requeue::NoUrl);
    assert_eq!(replay(Uuid::new_v4()).await, Requeue::NotFound);
    let other = self::app(db, "B").await;
    let mut tx = db.store.begin().await.unwrap();
    assert_eq!(tx.requeue_delivery(other, id).await.unwrap(), Requeue::NotFound);
}

conformance!(endpoint_health_is_tracked);

async fn endpoint_health_is_tracked(db: &TestDb) {
    let app = app(db, "A").await;
    let url = "https://a.example/hooks";
    assert_eq!(db.store.endpoint_state(app, url).await.unwrap(), Default::default());
    let t0 = db.clock.now();
    let state = db.store.record_endpoint_result(app, url, false).await.unwrap();
    assert_eq!(state.failing_since, Some(t0));
    db.clock.advance(Duration::from_secs(60));
    let state = db.store.record_endpoint_result(app, url, false).await.unwrap();
    assert_eq!(state.failing_since, Some(t0), "the run of failures keeps its start");
    assert!(ponte_store::Store::failing_longer_than(&state, db.clock.now() - Duration::from_secs(30)));
    assert!(db.store.record_endpoint_result(app, url, true).await.unwrap().failing_since.is_none());
    db.store.disable_endpoint(app, url, "it answered 410 Gone").await.unwrap();
    assert!(db.store.endpoint_state(app, url).await.unwrap().is_disabled());
    assert!(!db.store.endpoint_state(app, "https://other.example/").await.unwrap().is_disabled());
    db.store.enable_endpoint(app, url).await.unwrap();
    assert!(!db.store.endpoint_state(app, url).await.unwrap().is_disabled());
}
