//! Fetched data, fetch state, OFB call counters, category rules and resealing.

use super::*;

pub(super) async fn consent_data_is_sealed_scoped_and_replaced_by_newer_fetches(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let c = consent(db, a).await;
    assert_eq!(db.store.consent_data(a, c).await.unwrap(), None);
    let first = db.clock.now();
    let data = r#"{"accounts":["conta-secreta-1"]}"#;
    let raw = r#"{"raw":"resposta-bruta-1"}"#;
    db.store.save_consent_data(a, c, first, data, raw, 0).await.unwrap();

    let row = db.store.consent_data(a, c).await.unwrap().unwrap();
    assert_eq!((row.consent_id, row.app_id, row.fetched_at), (c, a, first));
    assert_eq!((row.data.as_str(), row.missing_parts), (data, 0));
    assert_eq!(db.store.consent_raw(a, c).await.unwrap().as_deref(), Some(raw));
    assert_eq!(db.store.consent_data(b, c).await.unwrap(), None, "another app's data is not found");
    assert_eq!(db.store.consent_raw(b, c).await.unwrap(), None);
    assert_sealed(db, "consent_data", "data", "conta-secreta").await;
    assert_sealed(db, "consent_data", "raw", "resposta-bruta").await;

    let later = first + Duration::from_secs(3600);
    db.store.save_consent_data(a, c, later, r#"{"v":2}"#, r#"{"raw":2}"#, 2).await.unwrap();
    db.store.save_consent_data(a, c, first, r#"{"v":"stale"}"#, r#"{"raw":"stale"}"#, 0).await.unwrap();
    let row = db.store.consent_data(a, c).await.unwrap().unwrap();
    assert_eq!((row.data.as_str(), row.missing_parts, row.fetched_at), (r#"{"v":2}"#, 2, later));
    assert_eq!(db.store.consent_raw(a, c).await.unwrap().as_deref(), Some(r#"{"raw":2}"#));
    assert_eq!(rows_of(db, "SELECT COUNT(*) FROM consent_data").await, 1, "one row per consent");

    let never = consent(db, a).await;
    assert_eq!(db.store.consent_data_times(&[never, c, c]).await.unwrap(), vec![(c, later)]);
    assert!(db.store.consent_data_times(&[]).await.unwrap().is_empty());
}

pub(super) async fn consent_data_is_purged_by_age_per_app(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let (old, recent, other) = (consent(db, a).await, consent(db, a).await, consent(db, b).await);
    let now = db.clock.now();
    db.store.save_consent_data(a, old, now - 100 * DAY, "{}", "{}", 0).await.unwrap();
    db.store.save_consent_data(a, recent, now - DAY, "{}", "{}", 0).await.unwrap();
    db.store.save_consent_data(b, other, now - 100 * DAY, "{}", "{}", 0).await.unwrap();

    assert_eq!(db.store.purge_consent_data(a, now - 90 * DAY).await.unwrap(), 1);
    assert_eq!(db.store.consent_data(a, old).await.unwrap(), None);
    assert!(db.store.consent_data(a, recent).await.unwrap().is_some());
    assert!(db.store.consent_data(b, other).await.unwrap().is_some(), "another app's retention");
    assert_eq!(db.store.purge_consent_data(a, now - 90 * DAY).await.unwrap(), 0);
}

pub(super) async fn fetch_state_counts_attempts_and_records_the_outcome(db: &TestDb) {
    let a = app(db, "A").await;
    let c = consent(db, a).await;
    assert_eq!(db.store.fetch_state(c).await.unwrap(), None);

    db.store.start_fetch(a, c).await.unwrap();
    let started = db.clock.now();
    db.store.fetch_progress(c, "accounts 2/3").await.unwrap();
    let state = db.store.fetch_state(c).await.unwrap().unwrap();
    assert_eq!((state.consent_id, state.app_id, state.status), (c, a, FetchStatus::Running));
    assert_eq!((state.step.as_str(), state.attempts, state.started_at), ("accounts 2/3", 1, started));
    assert_eq!((state.finished_at, state.error), (None, None));

    db.clock.advance(Duration::from_secs(5));
    db.store.finish_fetch(c, false, Some(&"x".repeat(5000))).await.unwrap();
    db.store.fetch_progress(c, "late step of a finished fetch").await.unwrap();
    let state = db.store.fetch_state(c).await.unwrap().unwrap();
    assert_eq!(state.status, FetchStatus::Failed);
    assert_eq!(state.step, "accounts 2/3", "a finished fetch keeps its last step");
    assert_eq!(state.finished_at, Some(db.clock.now()));
    assert_eq!(state.error.map(|e| e.len()), Some(1000), "long errors are cut");

    db.clock.advance(Duration::from_secs(60));
    db.store.start_fetch(a, c).await.unwrap();
    let state = db.store.fetch_state(c).await.unwrap().unwrap();
    assert_eq!((state.status, state.attempts, state.step.as_str()), (FetchStatus::Running, 2, ""));
    assert_eq!((state.started_at, state.finished_at, state.error), (db.clock.now(), None, None));
    db.store.finish_fetch(c, true, None).await.unwrap();
    assert_eq!(db.store.fetch_state(c).await.unwrap().unwrap().status, FetchStatus::Done);
    db.store.finish_fetch(c, false, Some("too late")).await.unwrap();
    let state = db.store.fetch_state(c).await.unwrap().unwrap();
    assert_eq!((state.status, state.error), (FetchStatus::Done, None), "only a running fetch finishes");
}

pub(super) async fn ofb_call_counters_never_exceed_their_limit_under_concurrency(db: &TestDb) {
    let a = app(db, "A").await;
    let c = consent(db, a).await;
    let replica = db.another_replica().await;
    let stores: Vec<Store> =
        (0..20).map(|i| if i % 2 == 0 { db.store.clone() } else { replica.clone() }).collect();
    let callers = stores.into_iter().map(|store| {
        tokio::spawn(async move {
            store.count_ofb_call(c, "accounts", Some("acc-1"), "2026-11", 5).await.unwrap()
        })
    });
    let mut allowed = 0;
    for caller in callers.collect::<Vec<_>>() {
        allowed += u32::from(caller.await.unwrap());
    }
    assert_eq!(allowed, 5, "exactly the limit is allowed");
    replica.close().await;
    assert_eq!(db.store.ofb_calls(c, "2026-11").await.unwrap(), vec![("accounts".into(), "acc-1".into(), 5)]);

    assert!(db.store.count_ofb_call(c, "accounts", None, "2026-11", 5).await.unwrap());
    assert!(db.store.count_ofb_call(c, "accounts", Some("acc-1"), "2026-12", 5).await.unwrap());
    assert!(!db.store.count_ofb_call(c, "resources", None, "2026-11", 0).await.unwrap());
    assert_eq!(
        db.store.ofb_calls(c, "2026-11").await.unwrap(),
        vec![("accounts".into(), String::new(), 1), ("accounts".into(), "acc-1".into(), 5)],
        "resources and months count apart; a zero limit counts nothing"
    );
    assert_eq!(db.store.purge_ofb_calls("2026-12").await.unwrap(), 2);
    assert!(db.store.ofb_calls(c, "2026-11").await.unwrap().is_empty());
    assert_eq!(db.store.ofb_calls(c, "2026-12").await.unwrap().len(), 1);
}

pub(super) async fn category_rules_are_per_app_and_replaced(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    assert_eq!(db.store.category_rules(a).await.unwrap(), None);
    db.store.save_category_rules(a, r#"{"rules":[1]}"#).await.unwrap();
    db.store.save_category_rules(a, r#"{"rules":[2]}"#).await.unwrap();
    assert_eq!(db.store.category_rules(a).await.unwrap().as_deref(), Some(r#"{"rules":[2]}"#));
    assert_eq!(db.store.category_rules(b).await.unwrap(), None);
}

pub(super) async fn resealing_covers_fetched_data_requests_and_reports(db: &TestDb) {
    let old = MasterKey::from_bytes(&[7; 32]).unwrap(); // the harness key
    let new = MasterKey::from_bytes(&[8; 32]).unwrap();
    let a = app(db, "A").await;
    let l = link(db, a).await;
    // More consents than a reseal page, so paging is exercised.
    let mut tx = db.store.begin().await.unwrap();
    let mut consents = Vec::new();
    for _ in 0..40 {
        let new = new_consent(a, l, "001", Some(CPF));
        tx.insert_consent(&new).await.unwrap();
        consents.push(new.id);
    }
    tx.commit().await.unwrap();
    let c = consents[0];
    db.store.save_consent_data(a, c, db.clock.now(), r#"{"data":1}"#, r#"{"raw":1}"#, 0).await.unwrap();
    let request = NewReportRequest {
        callback_map: Some(r#"{"all":"https://hooks.example.com"}"#.into()),
        external_info: Some(r#"{"ref":"x"}"#.into()),
        ..new_request(a, vec![c])
    };
    insert_request(db, &request).await;
    let report = insert_report(db, &new_report(db, a, request.id, vec![l])).await;

    let rotating = db.with_keyring(Keyring::new(new.clone(), vec![old])).await;
    let summary = rotating.reseal_all().await.unwrap();
    // apps: 2, links: 1, consents: 40, consent_data: 2, report_requests: 2, reports: 1.
    assert_eq!((summary.resealed, summary.current), (48, 0));
    let again = rotating.reseal_all().await.unwrap();
    assert_eq!((again.resealed, again.current), (0, 48), "idempotent");
    rotating.close().await;

    let only_new = db.with_keyring(Keyring::new(new, vec![])).await;
    assert_eq!(only_new.consent_data(a, c).await.unwrap().unwrap().data, r#"{"data":1}"#);
    assert_eq!(only_new.consent_raw(a, c).await.unwrap().as_deref(), Some(r#"{"raw":1}"#));
    let row = only_new.report_request(a, request.id).await.unwrap().unwrap();
    assert_eq!((row.callback_map, row.external_info), (request.callback_map, request.external_info));
    assert!(only_new.report(a, report).await.unwrap().is_some());
    let scope = ConsentScopeQuery { app_ids: vec![a], ..Default::default() };
    assert_eq!(only_new.consents_for_scope(&scope).await.unwrap().len(), 40);
    assert!(only_new.link(a, l).await.unwrap().is_some());
    only_new.close().await;
}
