use crate::conformance;
use crate::harness::TestDb;
use ponte_domain::{ConsentStatus as S, LinkStatus};
use ponte_store::apps::NewApp;
use ponte_store::journey::{ConsentFilter, NewConsent, NewLink, Taken, Transition};
use ponte_store::{Clock, StoreError};
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

async fn link(db: &TestDb, app_id: Uuid) -> Uuid {
    let id = Uuid::now_v7();
    let new = NewLink {
        id,
        app_id,
        personal_tax_id: Some("76109277673".into()),
        business_tax_id: None,
        document: r#"{"email":"ana@example.com"}"#.into(),
        expires_at: db.clock.now() + Duration::from_secs(1800),
    };
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_link(&new).await.unwrap();
    tx.commit().await.unwrap();
    id
}

fn consent(app_id: Uuid, link_id: Uuid, track: &str) -> NewConsent {
    NewConsent {
        id: Uuid::now_v7(),
        app_id,
        link_id,
        external_track_id: track.into(),
        institution_code: "999".into(),
        personal_tax_id: Some("76109277673".into()),
        business_tax_id: None,
        document: r#"{"permissionsApply":["ACCOUNTS_READ"]}"#.into(),
        expire_at: None,
        cause: "link_page".into(),
    }
}

async fn insert(db: &TestDb, new: &NewConsent) {
    let mut tx = db.store.begin().await.unwrap();
    tx.insert_consent(new).await.unwrap();
    tx.commit().await.unwrap();
}

async fn links_are_scoped_by_app_and_sealed(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let id = link(db, a).await;
    let row = db.store.link(a, id).await.unwrap().unwrap();
    assert_eq!(row.status, LinkStatus::Pending);
    assert_eq!(row.document, r#"{"email":"ana@example.com"}"#);
    assert!(db.store.link(b, id).await.unwrap().is_none(), "another app's link is not found");
    let raw: Vec<u8> = sqlx::query("SELECT document FROM links")
        .fetch_one(db.store.raw_pool())
        .await
        .unwrap()
        .try_get("document")
        .unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("ana@example.com"), "the document is sealed");

    let mut tx = db.store.begin().await.unwrap();
    assert!(tx.set_link_status(id, LinkStatus::Pending, LinkStatus::Authorised).await.unwrap());
    assert!(!tx.set_link_status(id, LinkStatus::Pending, LinkStatus::Expired).await.unwrap());
    tx.commit().await.unwrap();
    assert!(db.store.expired_pending_links(10).await.unwrap().is_empty());
}

async fn pending_links_expire(db: &TestDb) {
    let a = app(db, "A").await;
    let id = link(db, a).await;
    assert!(db.store.expired_pending_links(10).await.unwrap().is_empty());
    db.clock.advance(Duration::from_secs(1801));
    assert_eq!(db.store.expired_pending_links(10).await.unwrap(), vec![(id, a)]);
}

async fn transitions_are_compare_and_set_with_a_timeline(db: &TestDb) {
    let a = app(db, "A").await;
    let l = link(db, a).await;
    let new = consent(a, l, "t-1");
    insert(db, &new).await;
    let mut tx = db.store.begin().await.unwrap();
    let step =
        |from, to, cause| Transition { consent_id: new.id, from, to, reason: None, cause, document: None };
    assert!(tx.transition_consent(&step(S::Started, S::AwaitingAuthorisation, "par")).await.unwrap());
    assert!(!tx.transition_consent(&step(S::Started, S::AwaitingAuthorisation, "par")).await.unwrap());
    let error = tx.transition_consent(&step(S::AwaitingAuthorisation, S::Authorised, "x")).await.unwrap_err();
    assert!(matches!(error, StoreError::Conflict(_)), "the state machine refuses skipping the LGPD step");
    let rejected = Transition {
        reason: Some("CUSTOMER_MANUALLY_REJECTED"),
        document: Some(r#"{"permissionsGranted":[]}"#),
        ..step(S::AwaitingAuthorisation, S::Rejected, "bank_callback")
    };
    assert!(tx.transition_consent(&rejected).await.unwrap());
    assert_eq!(tx.link_consent_statuses(l).await.unwrap(), vec![S::Rejected]);
    tx.commit().await.unwrap();

    let row = db.store.consent(a, new.id).await.unwrap().unwrap();
    assert_eq!(row.status, S::Rejected);
    assert_eq!(row.status_reason.as_deref(), Some("CUSTOMER_MANUALLY_REJECTED"));
    assert_eq!(row.document, r#"{"permissionsGranted":[]}"#);
    let timeline = db.store.consent_timeline(new.id).await.unwrap();
    let steps: Vec<_> = timeline.iter().map(|t| (t.from, t.to, t.cause.as_str())).collect();
    assert_eq!(
        steps,
        vec![
            (None, S::Started, "link_page"),
            (Some(S::Started), S::AwaitingAuthorisation, "par"),
            (Some(S::AwaitingAuthorisation), S::Rejected, "bank_callback"),
        ]
    );
}

async fn external_track_ids_are_unique_per_app(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let (la, lb) = (link(db, a).await, link(db, b).await);
    insert(db, &consent(a, la, "same")).await;
    insert(db, &consent(b, lb, "same")).await;
    let mut tx = db.store.begin().await.unwrap();
    let error = tx.insert_consent(&consent(a, la, "same")).await.unwrap_err();
    assert!(matches!(error, StoreError::Conflict(_)), "{error}");
}

async fn consent_lists_filter_and_page_newest_first(db: &TestDb) {
    let (a, b) = (app(db, "A").await, app(db, "B").await);
    let (l1, l2) = (link(db, a).await, link(db, a).await);
    let mut ids = Vec::new();
    for i in 0..5 {
        let mut new = consent(a, if i < 3 { l1 } else { l2 }, &format!("t-{i}"));
        if i == 4 {
            new.personal_tax_id = Some("10000000108".into());
        }
        insert(db, &new).await;
        ids.push(new.id);
        db.clock.advance(Duration::from_millis(5));
    }
    insert(db, &consent(b, link(db, b).await, "other")).await;

    let all = db.store.list_consents(a, &ConsentFilter::default(), 100).await.unwrap();
    assert_eq!(all.iter().map(|c| c.id).collect::<Vec<_>>(), ids.iter().rev().copied().collect::<Vec<_>>());
    let page = db.store.list_consents(a, &ConsentFilter::default(), 2).await.unwrap();
    let last = page.last().unwrap();
    let next = ConsentFilter {
        before: Some((ponte_store::clock::to_millis(last.created_at), last.id)),
        ..Default::default()
    };
    let second = db.store.list_consents(a, &next, 2).await.unwrap();
    assert_eq!(second.iter().map(|c| c.id).collect::<Vec<_>>(), vec![ids[2], ids[1]]);
    let by_link = ConsentFilter { link_id: Some(l2), ..Default::default() };
    assert_eq!(db.store.list_consents(a, &by_link, 100).await.unwrap().len(), 2);
    let by_tax = ConsentFilter { personal_tax_id: Some("10000000108".into()), ..Default::default() };
    assert_eq!(db.store.list_consents(a, &by_tax, 100).await.unwrap().len(), 1);
    assert_eq!(db.store.link_consents(a, l1).await.unwrap().len(), 3);
    assert!(db.store.link_consents(b, l1).await.unwrap().is_empty());
}

async fn grants_are_single_use_and_expire(db: &TestDb) {
    let a = app(db, "A").await;
    let new = consent(a, link(db, a).await, "t");
    insert(db, &new).await;
    let expires = db.clock.now() + Duration::from_secs(60);
    db.store.insert_journey_grant("state-1", "oauth_state", new.id, "secret", expires).await.unwrap();
    db.store.insert_journey_grant("state-2", "oauth_state", new.id, "secret", expires).await.unwrap();
    assert_eq!(db.store.take_journey_grant("state-1", "redirect").await.unwrap(), Taken::Unknown);
    assert_eq!(
        db.store.take_journey_grant("state-1", "oauth_state").await.unwrap(),
        Taken::Fresh { consent_id: new.id, body: "secret".into() }
    );
    assert_eq!(
        db.store.take_journey_grant("state-1", "oauth_state").await.unwrap(),
        Taken::AlreadyUsed { consent_id: new.id }
    );
    db.clock.advance(Duration::from_secs(61));
    assert_eq!(
        db.store.take_journey_grant("state-2", "oauth_state").await.unwrap(),
        Taken::Expired { consent_id: new.id }
    );
    db.clock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(db.store.purge_journey_grants().await.unwrap(), 2);
}

async fn tokens_are_sealed_and_replaced(db: &TestDb) {
    let a = app(db, "A").await;
    let new = consent(a, link(db, a).await, "t");
    insert(db, &new).await;
    assert_eq!(db.store.consent_tokens(new.id).await.unwrap(), None);
    db.store.save_consent_tokens(new.id, r#"{"refresh":"r1"}"#).await.unwrap();
    db.store.save_consent_tokens(new.id, r#"{"refresh":"r2"}"#).await.unwrap();
    assert_eq!(db.store.consent_tokens(new.id).await.unwrap().as_deref(), Some(r#"{"refresh":"r2"}"#));
    let raw: Vec<u8> = sqlx::query("SELECT sealed FROM consent_tokens")
        .fetch_one(db.store.raw_pool())
        .await
        .unwrap()
        .try_get("sealed")
        .unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("r2"));
    db.store.delete_consent_tokens(new.id).await.unwrap();
    assert_eq!(db.store.consent_tokens(new.id).await.unwrap(), None);
}

async fn due_consents_are_found(db: &TestDb) {
    let a = app(db, "A").await;
    let l = link(db, a).await;
    let mut authorised = consent(a, l, "auth");
    authorised.expire_at = Some(db.clock.now() + Duration::from_secs(3600));
    insert(db, &authorised).await;
    let started = consent(a, l, "started");
    insert(db, &started).await;
    let mut tx = db.store.begin().await.unwrap();
    for (from, to) in
        [(S::Started, S::AwaitingLgpdAuthorisation), (S::AwaitingLgpdAuthorisation, S::Authorised)]
    {
        let t = Transition { consent_id: authorised.id, from, to, reason: None, cause: "t", document: None };
        assert!(tx.transition_consent(&t).await.unwrap());
    }
    tx.commit().await.unwrap();
    let idle_since = db.clock.now();
    db.clock.advance(Duration::from_secs(10));
    assert_eq!(db.store.idle_consents(S::Started, idle_since, 10).await.unwrap(), vec![]);
    let now = db.clock.now();
    assert_eq!(db.store.idle_consents(S::Started, now, 10).await.unwrap(), vec![(a, started.id)]);
    assert_eq!(db.store.consents_to_check(now, 10).await.unwrap(), vec![(a, authorised.id)]);
    db.store.mark_consent_checked(authorised.id).await.unwrap();
    assert!(db.store.consents_to_check(now, 10).await.unwrap().is_empty());
    assert!(db.store.consents_past_expiry(10).await.unwrap().is_empty());
    db.clock.advance(Duration::from_secs(3600));
    assert_eq!(db.store.consents_past_expiry(10).await.unwrap(), vec![(a, authorised.id)]);
}

conformance!(
    links_are_scoped_by_app_and_sealed,
    pending_links_expire,
    transitions_are_compare_and_set_with_a_timeline,
    external_track_ids_are_unique_per_app,
    consent_lists_filter_and_page_newest_first,
    grants_are_single_use_and_expire,
    tokens_are_sealed_and_replaced,
    due_consents_are_found,
);
