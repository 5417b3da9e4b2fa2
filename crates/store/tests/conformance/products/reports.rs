//! Stored reports: sealing, tenancy, listing and expiry.

use super::*;

pub(super) async fn reports_are_sealed_scoped_and_listed_newest_first(db: &TestDb) {
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

pub(super) async fn expired_reports_are_hidden_then_purged(db: &TestDb) {
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
