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

mod data;
mod reports;
mod requests;

use data::*;
use reports::*;
use requests::*;

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
