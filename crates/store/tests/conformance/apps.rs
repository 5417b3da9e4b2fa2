use crate::conformance;
use crate::harness::TestDb;
use ponte_domain::{AppSettings, DeliveryMode, Environment};
use ponte_store::apps::NewApp;
use sqlx::Row;
use std::time::Duration;

fn new_app(name: &str, partner: &str) -> NewApp {
    NewApp {
        name: name.to_owned(),
        partner_name: partner.to_owned(),
        environment: Environment::Sandbox,
        settings: AppSettings::default(),
    }
}

conformance!(
    creates_and_finds_apps,
    secrets_are_sealed_at_rest,
    updates_settings,
    rotating_the_secret_revokes_tokens,
    apps_of_one_partner_share_it,
    settings_values
);

async fn creates_and_finds_apps(db: &TestDb) {
    let (app, credentials) = db.store.create_app(&new_app("Lender", "Acme")).await.unwrap();
    assert_eq!(app.id, credentials.app_id);
    assert!(credentials.access_key.starts_with("ak_sbx_"));
    assert!(credentials.secret_key.expose().starts_with("sk_"));
    assert!(credentials.webhook_secret.expose().starts_with("whsec_"));

    let found = db.store.app(app.id).await.unwrap().unwrap();
    assert_eq!(found, app);
    let by_key = db.store.app_by_access_key(&credentials.access_key).await.unwrap().unwrap();
    assert_eq!(by_key.id, app.id);
    let (with_secret, secret) =
        db.store.app_with_secret_by_access_key(&credentials.access_key).await.unwrap().unwrap();
    assert_eq!(with_secret.id, app.id);
    assert_eq!(secret, credentials.secret_key);
    assert_eq!(db.store.app_secret_key(app.id).await.unwrap().unwrap(), credentials.secret_key);
    assert_eq!(db.store.app_webhook_secret(app.id).await.unwrap().unwrap(), credentials.webhook_secret);
    assert!(db.store.app_by_access_key("ak_sbx_unknown").await.unwrap().is_none());
    assert!(db.store.app(uuid::Uuid::new_v4()).await.unwrap().is_none());
    assert_eq!(db.store.apps().await.unwrap().len(), 1);
}

async fn secrets_are_sealed_at_rest(db: &TestDb) {
    let (app, credentials) = db.store.create_app(&new_app("Lender", "Acme")).await.unwrap();
    let row = sqlx::query("SELECT secret_key, webhook_secret FROM apps WHERE id = $1")
        .bind(app.id.to_string())
        .fetch_one(db.store.raw_pool())
        .await
        .unwrap();
    for (column, secret) in
        [("secret_key", &credentials.secret_key), ("webhook_secret", &credentials.webhook_secret)]
    {
        let raw: Vec<u8> = row.try_get(column).unwrap();
        let needle = secret.expose().as_bytes();
        assert!(!raw.windows(needle.len()).any(|w| w == needle), "{column} is stored in clear");
        assert!(raw.starts_with(b"P1"), "{column} carries the sealed-value header and key id");
    }
}

async fn updates_settings(db: &TestDb) {
    let (app, _) = db.store.create_app(&new_app("Lender", "Acme")).await.unwrap();
    let mut settings = app.settings.clone();
    settings.delivery_mode = DeliveryMode::Manual;
    settings.event_webhook_url = Some("https://partner.example/events".parse().unwrap());
    settings.allowed_redirect_prefixes = vec!["https://partner.example/".parse().unwrap()];
    db.clock.advance(Duration::from_secs(5));
    let updated = db.store.update_app_settings(app.id, &settings).await.unwrap().unwrap();
    assert_eq!(updated.settings, settings);
    assert!(updated.updated_at > app.updated_at);
    assert!(db.store.update_app_settings(uuid::Uuid::new_v4(), &settings).await.unwrap().is_none());
}

async fn rotating_the_secret_revokes_tokens(db: &TestDb) {
    let (app, old) = db.store.create_app(&new_app("Lender", "Acme")).await.unwrap();
    db.clock.advance(Duration::from_secs(60));
    let new = db.store.rotate_app_secret(app.id).await.unwrap().unwrap();
    assert_ne!(new.secret_key, old.secret_key);
    assert_eq!(new.access_key, old.access_key);
    assert_eq!(new.webhook_secret, old.webhook_secret);
    let rotated = db.store.app(app.id).await.unwrap().unwrap();
    assert_eq!(rotated.token_generation, app.token_generation + 1);
    assert_eq!(db.store.app_secret_key(app.id).await.unwrap().unwrap(), new.secret_key);
    assert!(db.store.rotate_app_secret(uuid::Uuid::new_v4()).await.unwrap().is_none());
}

async fn apps_of_one_partner_share_it(db: &TestDb) {
    let (a, _) = db.store.create_app(&new_app("Web", "Acme")).await.unwrap();
    let (b, _) = db.store.create_app(&new_app("Mobile", "Acme")).await.unwrap();
    let (c, _) = db.store.create_app(&new_app("Other", "Globex")).await.unwrap();
    assert_eq!(a.partner_id, b.partner_id);
    assert_ne!(a.partner_id, c.partner_id);
    assert_eq!(b.partner_name, "Acme");
}

async fn settings_values(db: &TestDb) {
    assert_eq!(db.store.setting("x").await.unwrap(), None);
    db.store.set_setting("x", "1").await.unwrap();
    db.store.set_setting("x", "2").await.unwrap();
    assert_eq!(db.store.setting("x").await.unwrap().as_deref(), Some("2"));
}

conformance!(reads_see_committed_writes);

/// A read connection must never keep an old snapshot after a query that stopped at one row.
async fn reads_see_committed_writes(db: &TestDb) {
    let (app, credentials) = db.store.create_app(&new_app("Lender", "Acme")).await.unwrap();
    for _ in 0..20 {
        db.store.app_with_secret_by_access_key(&credentials.access_key).await.unwrap();
        db.store.app(app.id).await.unwrap();
    }
    db.clock.advance(Duration::from_secs(1));
    let rotated = db.store.rotate_app_secret(app.id).await.unwrap().unwrap();
    for _ in 0..20 {
        let (_, secret) =
            db.store.app_with_secret_by_access_key(&credentials.access_key).await.unwrap().unwrap();
        assert_eq!(secret, rotated.secret_key);
        let found = db.store.app(app.id).await.unwrap().unwrap();
        assert_eq!(found.token_generation, app.token_generation + 1);
    }
}

conformance!(rotated_webhook_secrets_overlap_for_a_while);

async fn rotated_webhook_secrets_overlap_for_a_while(db: &TestDb) {
    let (app, credentials) = db.store.create_app(&new_app("Lender", "Acme")).await.unwrap();
    assert_eq!(
        db.store.app_webhook_secrets(app.id).await.unwrap().unwrap(),
        std::slice::from_ref(&credentials.webhook_secret)
    );
    let overlap = Duration::from_secs(24 * 3600);
    let new = db.store.rotate_webhook_secret(app.id, overlap).await.unwrap().unwrap();
    assert_ne!(new, credentials.webhook_secret);
    assert_eq!(
        db.store.app_webhook_secrets(app.id).await.unwrap().unwrap(),
        [new.clone(), credentials.webhook_secret.clone()],
        "current first, then the previous one"
    );
    db.clock.advance(overlap + Duration::from_secs(1));
    assert_eq!(db.store.app_webhook_secrets(app.id).await.unwrap().unwrap(), [new]);
    assert!(db.store.rotate_webhook_secret(uuid::Uuid::new_v4(), overlap).await.unwrap().is_none());
}
