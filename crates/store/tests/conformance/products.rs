use crate::conformance;
use crate::harness::TestDb;
use ponte_domain::{Audience, Environment, ProductCode};
use ponte_store::apps::NewApp;
use ponte_store::clock::to_millis;
use ponte_store::journey::{NewConsent, NewLink};
use ponte_store::products::{
    ConsentScopeQuery, FetchStatus, NewReport, NewReportRequest, ReportFilter, ReportLevel, RequestOrigin,
    RequestStatus, SCOPE_LIMIT,
};
use ponte_store::{Clock, Keyring, MasterKey, Store, StoreError};
use sqlx::Row;
use std::time::Duration;
use uuid::Uuid;

const CPF: &str = "76109277673";
const OTHER_CPF: &str = "10000000108";
const CNPJ: &str = "11222333000181";
const DAY: Duration = Duration::from_secs(24 * 3600);

async fn app_of(db: &TestDb, partner: &str, environment: Environment) -> Uuid {
    let new = NewApp {
        name: format!("{partner} app"),
        partner_name: partner.into(),
        environment,
        settings: Default::default(),
    };
    db.store.create_app(&new).await.unwrap().0.id
}

async fn app(db: &TestDb, partner: &str) -> Uuid {
    app_of(db, partner, Environment::Sandbox).await
}

async fn link(db: &TestDb, app_id: Uuid) -> Uuid {
    let id = Uuid::now_v7();
    let new = NewLink {
        id,
        app_id,
        personal_tax_id: Some(CPF.into()),
        business_tax_id: None,
        document: "{}".into(),
        expires_at: db.clock.now() + Duration::from_secs(1800),
    };
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_link(&new).await.unwrap();
    tx.commit().await.unwrap();
    id
}

fn new_consent(app_id: Uuid, link_id: Uuid, institution: &str, cpf: Option<&str>) -> NewConsent {
    NewConsent {
        id: Uuid::now_v7(),
        app_id,
        link_id,
        external_track_id: Uuid::new_v4().to_string(),
        institution_code: institution.into(),
        personal_tax_id: cpf.map(Into::into),
        business_tax_id: None,
        document: r#"{"permissionsApply":["ACCOUNTS_READ"]}"#.into(),
        expire_at: None,
        cause: "test".into(),
    }
}

async fn insert_consent(db: &TestDb, new: &NewConsent) -> Uuid {
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_consent(new).await.unwrap();
    tx.commit().await.unwrap();
    new.id
}

/// A consent of `app_id` for [`CPF`] at institution 001, on a link of its own.
async fn consent(db: &TestDb, app_id: Uuid) -> Uuid {
    let link_id = link(db, app_id).await;
    insert_consent(db, &new_consent(app_id, link_id, "001", Some(CPF))).await
}

fn new_request(app_id: Uuid, consent_ids: Vec<Uuid>) -> NewReportRequest {
    NewReportRequest {
        id: Uuid::now_v7(),
        app_id,
        level: ReportLevel::Institution,
        audience: Audience::Personal,
        tax_id: CPF.into(),
        institution_code: Some("001".into()),
        link_id: None,
        consent_ids,
        products: vec![ProductCode::PfBalance],
        callback_map: None,
        external_info: None,
        origin: RequestOrigin::Api,
    }
}

async fn insert_request(db: &TestDb, new: &NewReportRequest) -> Uuid {
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_report_request(new).await.unwrap();
    tx.commit().await.unwrap();
    new.id
}

fn new_report(db: &TestDb, app_id: Uuid, request_id: Uuid, link_ids: Vec<Uuid>) -> NewReport {
    NewReport {
        id: Uuid::now_v7(),
        app_id,
        request_id,
        product: ProductCode::PfBalance,
        tax_id: CPF.into(),
        link_ids,
        code: 200,
        body: r#"{"code":200,"accounts":[{"number":"12345-6"}]}"#.into(),
        expires_at: db.clock.now() + 90 * DAY,
    }
}

async fn insert_report(db: &TestDb, new: &NewReport) -> Uuid {
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_report(new).await.unwrap();
    tx.commit().await.unwrap();
    new.id
}

/// Fails unless no stored value of `column` in `table` shows `plaintext`.
async fn assert_sealed(db: &TestDb, table: &str, column: &str, plaintext: &str) {
    let sql = format!("SELECT {column} AS sealed FROM {table} WHERE {column} IS NOT NULL");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db.store.raw_pool()).await.unwrap();
    assert!(!rows.is_empty(), "{table}.{column} has values");
    for row in rows {
        let raw: Vec<u8> = row.try_get("sealed").unwrap();
        assert!(!String::from_utf8_lossy(&raw).contains(plaintext), "{table}.{column} is sealed");
    }
}

async fn rows_of(db: &TestDb, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.store.raw_pool()).await.unwrap()
}

async fn consent_data_is_sealed_scoped_and_replaced_by_newer_fetches(db: &TestDb) {
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

async fn consent_data_is_purged_by_age_per_app(db: &TestDb) {
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

async fn fetch_state_counts_attempts_and_records_the_outcome(db: &TestDb) {
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

async fn ofb_call_counters_never_exceed_their_limit_under_concurrency(db: &TestDb) {
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

async fn report_requests_are_scoped_sealed_and_compare_and_set(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let l = link(db, a).await;
    let (c1, c2) = (
        insert_consent(db, &new_consent(a, l, "001", Some(CPF))).await,
        insert_consent(db, &new_consent(a, l, "001", Some(CPF))).await,
    );
    let new = NewReportRequest {
        link_id: Some(l),
        products: vec![ProductCode::PfIncome, ProductCode::PfBalance],
        callback_map: Some(r#"{"all":"https://hooks.example.com/segredo-do-parceiro"}"#.into()),
        external_info: Some(r#"{"cliente":"ana-maria"}"#.into()),
        ..new_request(a, vec![c2, c1])
    };
    let id = insert_request(db, &new).await;

    let row = db.store.report_request(a, id).await.unwrap().unwrap();
    assert_eq!(
        (row.id, row.app_id, row.level, row.audience),
        (id, a, ReportLevel::Institution, Audience::Personal)
    );
    assert_eq!(
        (row.tax_id.as_str(), row.institution_code.as_deref(), row.link_id),
        (CPF, Some("001"), Some(l))
    );
    assert_eq!(row.consent_ids, vec![c2, c1], "in the order given");
    assert_eq!(row.products, new.products);
    assert_eq!((row.callback_map, row.external_info), (new.callback_map.clone(), new.external_info.clone()));
    assert_eq!((row.origin, row.status), (RequestOrigin::Api, RequestStatus::Waiting));
    assert_eq!((row.created_at, row.updated_at), (db.clock.now(), db.clock.now()));
    assert_eq!(db.store.report_request(b, id).await.unwrap(), None, "another app's request is not found");
    assert_eq!(db.store.report_request_for_job(id).await.unwrap().map(|r| r.id), Some(id));
    assert_sealed(db, "report_requests", "callback_map", "segredo-do-parceiro").await;
    assert_sealed(db, "report_requests", "external_info", "ana-maria").await;

    let mut tx = db.store.begin().await.unwrap();
    let error = tx.insert_report_request(&new).await.unwrap_err();
    assert!(matches!(error, StoreError::Conflict(_)), "{error}");
    drop(tx);

    db.clock.advance(Duration::from_secs(1));
    assert!(
        db.store
            .set_report_request_status(id, RequestStatus::Waiting, RequestStatus::Building)
            .await
            .unwrap()
    );
    assert!(
        !db.store
            .set_report_request_status(id, RequestStatus::Waiting, RequestStatus::Building)
            .await
            .unwrap()
    );
    assert!(
        db.store.set_report_request_status(id, RequestStatus::Building, RequestStatus::Done).await.unwrap()
    );
    let row = db.store.report_request(a, id).await.unwrap().unwrap();
    assert_eq!((row.status, row.updated_at), (RequestStatus::Done, db.clock.now()));
    assert!(
        !db.store
            .set_report_request_status(Uuid::now_v7(), RequestStatus::Waiting, RequestStatus::Done)
            .await
            .unwrap()
    );

    let plain = NewReportRequest {
        level: ReportLevel::User,
        audience: Audience::Business,
        tax_id: CNPJ.into(),
        institution_code: None,
        origin: RequestOrigin::Automatic,
        ..new_request(a, vec![])
    };
    insert_request(db, &plain).await;
    let row = db.store.report_request(a, plain.id).await.unwrap().unwrap();
    assert_eq!(
        (row.level, row.audience, row.origin),
        (ReportLevel::User, Audience::Business, RequestOrigin::Automatic)
    );
    assert_eq!(
        (row.institution_code, row.link_id, row.callback_map, row.external_info),
        (None, None, None, None)
    );
    assert!(row.consent_ids.is_empty());

    let rolled_back = new_request(a, vec![c1]);
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_report_request(&rolled_back).await.unwrap();
    drop(tx);
    assert_eq!(db.store.report_request_for_job(rolled_back.id).await.unwrap(), None);
    assert!(db.store.waiting_requests_for_consent(c1).await.unwrap().is_empty(), "nothing of it remains");
}

async fn waiting_requests_follow_their_consents(db: &TestDb) {
    let a = app(db, "A").await;
    let (c1, c2, c3) = (consent(db, a).await, consent(db, a).await, consent(db, a).await);
    let r1 = insert_request(db, &new_request(a, vec![c1, c2, c2])).await;
    db.clock.advance(Duration::from_millis(5));
    let r2 = insert_request(db, &new_request(a, vec![c2])).await;
    insert_request(db, &new_request(a, vec![c3])).await;

    assert_eq!(db.store.waiting_requests_for_consent(c2).await.unwrap(), vec![r1, r2], "oldest first");
    assert_eq!(db.store.waiting_requests_for_consent(c1).await.unwrap(), vec![r1]);
    assert!(
        db.store
            .set_report_request_status(r1, RequestStatus::Waiting, RequestStatus::Building)
            .await
            .unwrap()
    );
    assert_eq!(db.store.waiting_requests_for_consent(c2).await.unwrap(), vec![r2]);
    assert!(db.store.waiting_requests_for_consent(c1).await.unwrap().is_empty());
    assert!(db.store.waiting_requests_for_consent(Uuid::now_v7()).await.unwrap().is_empty());
}

async fn large_scopes_are_chunked_and_capped(db: &TestDb) {
    let a = app(db, "A").await;
    let l = link(db, a).await;
    let mut tx = db.store.begin().await.unwrap();
    let mut ids = Vec::new();
    for _ in 0..SCOPE_LIMIT + 10 {
        let new = new_consent(a, l, "001", Some(CPF));
        tx.insert_consent(&new).await.unwrap();
        ids.push(new.id);
    }
    tx.commit().await.unwrap();

    let request = insert_request(db, &new_request(a, ids.clone())).await;
    assert_eq!(
        rows_of(db, "SELECT COUNT(*) FROM report_request_consents").await,
        i64::from(SCOPE_LIMIT) + 10
    );
    let last = ids[ids.len() - 1];
    assert_eq!(db.store.waiting_requests_for_consent(last).await.unwrap(), vec![request]);
    assert!(db.store.consent_data_times(&ids).await.unwrap().is_empty(), "none was fetched");
    db.store.save_consent_data(a, last, db.clock.now(), "{}", "{}", 0).await.unwrap();
    assert_eq!(db.store.consent_data_times(&ids).await.unwrap(), vec![(last, db.clock.now())]);
    let scope = ConsentScopeQuery { app_ids: vec![a], link_id: Some(l), ..Default::default() };
    assert_eq!(db.store.consents_for_scope(&scope).await.unwrap().len(), SCOPE_LIMIT as usize);
}

async fn reports_are_sealed_scoped_and_listed_newest_first(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let (l1, l2) = (link(db, a).await, link(db, a).await);
    let (r1, r2) = (
        insert_request(db, &new_request(a, vec![])).await,
        insert_request(db, &new_request(a, vec![])).await,
    );
    let mut ids = Vec::new();
    for i in 0..5 {
        let mut new =
            new_report(db, a, if i < 3 { r1 } else { r2 }, if i == 1 { vec![l2, l1, l2] } else { vec![l1] });
        if i == 2 {
            (new.product, new.code) = (ProductCode::PfIncome, 204);
        }
        if i == 4 {
            new.tax_id = OTHER_CPF.into();
        }
        ids.push(insert_report(db, &new).await);
        db.clock.advance(Duration::from_millis(5));
    }
    let rb = insert_request(db, &new_request(b, vec![])).await;
    let theirs = insert_report(db, &new_report(db, b, rb, vec![])).await;

    let row = db.store.report(a, ids[1]).await.unwrap().unwrap();
    assert_eq!((row.summary.id, row.summary.app_id, row.summary.request_id), (ids[1], a, r1));
    let mut both = vec![l1, l2];
    both.sort();
    assert_eq!(row.link_ids, both, "sorted, without repeats");
    assert_eq!(row.body, r#"{"code":200,"accounts":[{"number":"12345-6"}]}"#);
    let income = db.store.report(a, ids[2]).await.unwrap().unwrap().summary;
    assert_eq!((income.product, income.code), (ProductCode::PfIncome, 204));
    assert_eq!(db.store.report(b, ids[1]).await.unwrap(), None, "another app's report is not found");
    assert!(db.store.report(a, theirs).await.unwrap().is_none());
    assert_sealed(db, "reports", "body", "12345-6").await;

    let mut tx = db.store.begin().await.unwrap();
    let duplicate = NewReport { id: ids[0], ..new_report(db, a, r1, vec![]) };
    assert!(matches!(tx.insert_report(&duplicate).await.unwrap_err(), StoreError::Conflict(_)));
    drop(tx);

    let list = |filter: ReportFilter, limit| {
        let store = db.store.clone();
        async move {
            store.list_reports(a, &filter, limit).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>()
        }
    };
    let newest_first: Vec<Uuid> = ids.iter().rev().copied().collect();
    assert_eq!(list(ReportFilter::default(), 100).await, newest_first);
    let page = db.store.list_reports(a, &ReportFilter::default(), 2).await.unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), vec![ids[4], ids[3]]);
    let cursor = |r: &ponte_store::products::ReportSummary| Some((to_millis(r.created_at), r.id));
    let second = ReportFilter { before: cursor(&page[1]), ..Default::default() };
    assert_eq!(list(second, 2).await, vec![ids[2], ids[1]]);
    let last = ReportFilter {
        before: Some((to_millis(page[1].created_at) - 100, Uuid::max())),
        ..Default::default()
    };
    assert!(list(last, 2).await.is_empty());

    assert_eq!(
        list(ReportFilter { request_id: Some(r2), ..Default::default() }, 100).await,
        vec![ids[4], ids[3]]
    );
    assert_eq!(list(ReportFilter { link_id: Some(l2), ..Default::default() }, 100).await, vec![ids[1]]);
    assert_eq!(
        list(ReportFilter { tax_id: Some(OTHER_CPF.into()), ..Default::default() }, 100).await,
        vec![ids[4]]
    );
    let income = ReportFilter { product: Some(ProductCode::PfIncome), ..Default::default() };
    assert_eq!(list(income, 100).await, vec![ids[2]]);
    let combined = ReportFilter { request_id: Some(r1), link_id: Some(l1), ..Default::default() };
    assert_eq!(list(combined, 100).await, vec![ids[2], ids[1], ids[0]]);

    let of_request: Vec<Uuid> =
        db.store.reports_of_request(a, r1).await.unwrap().iter().map(|r| r.id).collect();
    assert_eq!(of_request, ids[..3], "oldest first");
    assert!(db.store.reports_of_request(b, r1).await.unwrap().is_empty());
}

async fn expired_reports_are_hidden_then_purged(db: &TestDb) {
    let a = app(db, "A").await;
    let l = link(db, a).await;
    let request = insert_request(db, &new_request(a, vec![])).await;
    let soon = NewReport {
        expires_at: db.clock.now() + Duration::from_secs(3600),
        ..new_report(db, a, request, vec![l])
    };
    let (soon, kept) =
        (insert_report(db, &soon).await, insert_report(db, &new_report(db, a, request, vec![l])).await);
    assert_eq!(db.store.purge_expired_reports(db.clock.now()).await.unwrap(), 0);

    db.clock.advance(Duration::from_secs(3600));
    assert_eq!(db.store.report(a, soon).await.unwrap(), None, "an expired report is no longer served");
    let listed: Vec<Uuid> =
        db.store.list_reports(a, &ReportFilter::default(), 10).await.unwrap().iter().map(|r| r.id).collect();
    assert_eq!(listed, vec![kept]);
    assert_eq!(db.store.reports_of_request(a, request).await.unwrap().len(), 1);

    assert_eq!(db.store.purge_expired_reports(db.clock.now()).await.unwrap(), 1);
    assert_eq!(rows_of(db, "SELECT COUNT(*) FROM reports").await, 1);
    assert_eq!(
        rows_of(db, "SELECT COUNT(*) FROM report_links").await,
        1,
        "the purged report's links went too"
    );
    assert!(db.store.report(a, kept).await.unwrap().is_some());
}

async fn finished_requests_without_reports_are_purged_per_app(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let c = consent(db, a).await;
    let done = |id| async move {
        assert!(
            db.store
                .set_report_request_status(id, RequestStatus::Waiting, RequestStatus::Done)
                .await
                .unwrap()
        )
    };
    let old_done = insert_request(db, &new_request(a, vec![c])).await;
    done(old_done).await;
    let old_waiting = insert_request(db, &new_request(a, vec![c])).await;
    let old_with_report = insert_request(db, &new_request(a, vec![])).await;
    done(old_with_report).await;
    insert_report(db, &new_report(db, a, old_with_report, vec![])).await;
    let other_app = insert_request(db, &new_request(b, vec![])).await;
    done(other_app).await;
    db.clock.advance(Duration::from_secs(3600));
    let recent = insert_request(db, &new_request(a, vec![])).await;
    done(recent).await;

    assert_eq!(db.store.purge_report_requests(a, db.clock.now() - Duration::from_secs(60)).await.unwrap(), 1);
    assert_eq!(db.store.report_request(a, old_done).await.unwrap(), None);
    for kept in [old_waiting, old_with_report, recent] {
        assert!(db.store.report_request(a, kept).await.unwrap().is_some(), "{kept}");
    }
    assert!(db.store.report_request(b, other_app).await.unwrap().is_some(), "another app's retention");
    assert!(db.store.waiting_requests_for_consent(c).await.unwrap().contains(&old_waiting));
    assert_eq!(rows_of(db, "SELECT COUNT(*) FROM report_request_consents").await, 1, "its consents went too");
}

async fn category_rules_are_per_app_and_replaced(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    assert_eq!(db.store.category_rules(a).await.unwrap(), None);
    db.store.save_category_rules(a, r#"{"rules":[1]}"#).await.unwrap();
    db.store.save_category_rules(a, r#"{"rules":[2]}"#).await.unwrap();
    assert_eq!(db.store.category_rules(a).await.unwrap().as_deref(), Some(r#"{"rules":[2]}"#));
    assert_eq!(db.store.category_rules(b).await.unwrap(), None);
}

async fn consent_scopes_filter_by_tax_id_institution_link_and_ids(db: &TestDb) {
    let a1 = app_of(db, "Acme", Environment::Sandbox).await;
    let a2 = app_of(db, "Acme", Environment::Sandbox).await;
    let live = app_of(db, "Acme", Environment::Production).await;
    let other = app_of(db, "Other", Environment::Sandbox).await;
    assert_eq!(db.store.partner_app_ids(a1).await.unwrap(), vec![a1, a2]);
    assert_eq!(db.store.partner_app_ids(a2).await.unwrap(), vec![a1, a2]);
    assert_eq!(db.store.partner_app_ids(live).await.unwrap(), vec![live], "environments never mix");
    assert!(db.store.partner_app_ids(Uuid::now_v7()).await.unwrap().is_empty());

    let (l1, l2, l3, lx) =
        (link(db, a1).await, link(db, a1).await, link(db, a2).await, link(db, other).await);
    let insert = async |app_id, link_id, institution, cpf: Option<&str>| {
        let id = insert_consent(db, &new_consent(app_id, link_id, institution, cpf)).await;
        db.clock.advance(Duration::from_millis(5));
        id
    };
    let c1 = insert(a1, l1, "001", Some(CPF)).await;
    let c2 = insert(a1, l1, "237", Some(CPF)).await;
    let _c3 = insert(a1, l2, "001", Some(OTHER_CPF)).await;
    let c4 = insert(a2, l3, "001", Some(CPF)).await;
    let c5 = insert(other, lx, "001", Some(CPF)).await;
    let c6 = insert_consent(
        db,
        &NewConsent { business_tax_id: Some(CNPJ.into()), ..new_consent(a1, l2, "001", None) },
    )
    .await;

    let scope = |app_ids: Vec<Uuid>| ConsentScopeQuery {
        app_ids,
        personal_tax_id: Some(CPF.into()),
        ..Default::default()
    };
    let ids = |scope: ConsentScopeQuery| {
        let store = db.store.clone();
        async move { store.consents_for_scope(&scope).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>() }
    };
    assert_eq!(ids(scope(vec![a1])).await, vec![c2, c1], "institution level: the app, newest first");
    assert_eq!(ids(scope(vec![a1, a2])).await, vec![c4, c2, c1], "user level: the partner's apps");
    let institution = ConsentScopeQuery { institution_code: Some("001".into()), ..scope(vec![a1, a2]) };
    assert_eq!(ids(institution).await, vec![c4, c1]);
    assert_eq!(ids(ConsentScopeQuery { link_id: Some(l1), ..scope(vec![a1, a2]) }).await, vec![c2, c1]);
    let listed = ConsentScopeQuery { consent_ids: Some(vec![c1, c5]), ..scope(vec![a1, a2]) };
    assert_eq!(ids(listed).await, vec![c1], "another partner's consent is never in scope");
    let business =
        ConsentScopeQuery { app_ids: vec![a1], business_tax_id: Some(CNPJ.into()), ..Default::default() };
    assert_eq!(ids(business).await, vec![c6]);
    assert!(ids(ConsentScopeQuery { consent_ids: Some(vec![]), ..scope(vec![a1]) }).await.is_empty());
    assert!(ids(scope(vec![])).await.is_empty());

    let row = &db.store.consents_for_scope(&scope(vec![a1])).await.unwrap()[1];
    let stored = db.store.consent(a1, c1).await.unwrap().unwrap();
    assert_eq!(row, &stored, "rows read as the journey reads them, document opened");
}

async fn resealing_covers_fetched_data_requests_and_reports(db: &TestDb) {
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

conformance!(
    consent_data_is_sealed_scoped_and_replaced_by_newer_fetches,
    consent_data_is_purged_by_age_per_app,
    fetch_state_counts_attempts_and_records_the_outcome,
    ofb_call_counters_never_exceed_their_limit_under_concurrency,
    report_requests_are_scoped_sealed_and_compare_and_set,
    waiting_requests_follow_their_consents,
    large_scopes_are_chunked_and_capped,
    reports_are_sealed_scoped_and_listed_newest_first,
    expired_reports_are_hidden_then_purged,
    finished_requests_without_reports_are_purged_per_app,
    category_rules_are_per_app_and_replaced,
    consent_scopes_filter_by_tax_id_institution_link_and_ids,
    resealing_covers_fetched_data_requests_and_reports,
);
