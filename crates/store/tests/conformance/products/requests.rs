//! Report requests and the consents a request covers.

use super::*;

pub(super) async fn report_requests_are_scoped_sealed_and_compare_and_set(db: &TestDb) {
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

pub(super) async fn waiting_requests_follow_their_consents(db: &TestDb) {
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

pub(super) async fn large_scopes_are_chunked_and_capped(db: &TestDb) {
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

pub(super) async fn finished_requests_without_reports_are_purged_per_app(db: &TestDb) {
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

pub(super) async fn consent_scopes_filter_by_tax_id_institution_link_and_ids(db: &TestDb) {
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
