//! Partners and their apps: credentials (sealed at rest) and settings.

use crate::clock::from_millis;
use crate::error::{Result, StoreError};
use crate::store::{Store, Tx};
use ponte_domain::{AppSettings, Environment};
use rand::Rng;
use rand::distr::Alphanumeric;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use std::fmt;
use time::OffsetDateTime;
use uuid::Uuid;

/// A secret value: never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct App {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub partner_name: String,
    pub name: String,
    pub environment: Environment,
    pub access_key: String,
    pub settings: AppSettings,
    /// Access tokens of another generation are no longer accepted (rotation increments it).
    pub token_generation: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// What an operator is given once, when an app is created or its secret rotated.
#[derive(Clone, Debug)]
pub struct AppCredentials {
    pub app_id: Uuid,
    pub access_key: String,
    pub secret_key: Secret,
    pub webhook_secret: Secret,
}

#[derive(Clone, Debug)]
pub struct NewApp {
    pub name: String,
    /// The partner owning the app, found or created by name.
    pub partner_name: String,
    pub environment: Environment,
    pub settings: AppSettings,
}

const APP_COLUMNS: &str = "a.id, a.partner_id, p.name AS partner_name, a.name, a.environment, \
     a.access_key, a.settings, a.token_generation, a.created_at, a.updated_at";

fn secret_context(app_id: Uuid) -> String {
    format!("apps.secret_key:{app_id}")
}

fn webhook_secret_context(app_id: Uuid) -> String {
    format!("apps.webhook_secret:{app_id}")
}

fn previous_webhook_secret_context(app_id: Uuid) -> String {
    format!("apps.previous_webhook_secret:{app_id}")
}

fn random_token(len: usize) -> String {
    rand::rng().sample_iter(&Alphanumeric).take(len).map(char::from).collect()
}

fn new_access_key(environment: Environment) -> String {
    let env = match environment {
        Environment::Sandbox => "sbx",
        Environment::Production => "prd",
    };
    format!("ak_{env}_{}", random_token(24))
}

fn new_secret_key() -> Secret {
    Secret(format!("sk_{}", random_token(40)))
}

/// A Standard Webhooks secret: `whsec_` and 32 random bytes in base64.
fn new_webhook_secret() -> Secret {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    Secret(format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

impl Tx {
    /// Creates an app (and its partner when new); returns its credentials, shown only now.
    pub async fn create_app(&mut self, new: &NewApp) -> Result<(App, AppCredentials)> {
        let now = self.now_millis();
        let partner_id = match sqlx::query_scalar::<_, String>("SELECT id FROM partners WHERE name = $1")
            .bind(&new.partner_name)
            .fetch_optional(self.conn())
            .await?
        {
            Some(id) => parse_uuid(&id)?,
            None => {
                let id = Uuid::now_v7();
                sqlx::query("INSERT INTO partners (id, name, created_at) VALUES ($1, $2, $3)")
                    .bind(id.to_string())
                    .bind(&new.partner_name)
                    .bind(now)
                    .execute(self.conn())
                    .await?;
                id
            }
        };
        let id = Uuid::now_v7();
        let credentials = AppCredentials {
            app_id: id,
            access_key: new_access_key(new.environment),
            secret_key: new_secret_key(),
            webhook_secret: new_webhook_secret(),
        };
        let settings = serde_json::to_string(&new.settings)
            .map_err(|e| StoreError::corrupt(format!("app settings do not serialise: {e}")))?;
        sqlx::query(
            "INSERT INTO apps (id, partner_id, name, environment, access_key, secret_key, webhook_secret, \
             settings, token_generation, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)",
        )
        .bind(id.to_string())
        .bind(partner_id.to_string())
        .bind(&new.name)
        .bind(new.environment.to_string())
        .bind(&credentials.access_key)
        .bind(self.keyring().seal_str(credentials.secret_key.expose(), &secret_context(id)))
        .bind(self.keyring().seal_str(credentials.webhook_secret.expose(), &webhook_secret_context(id)))
        .bind(settings)
        .bind(now)
        .execute(self.conn())
        .await?;
        let app = fetch_app(self.conn(), "a.id = $1", &id.to_string())
            .await?
            .ok_or_else(|| StoreError::corrupt("app vanished inside its own transaction"))?;
        Ok((app, credentials))
    }
}

impl Store {
    pub async fn create_app(&self, new: &NewApp) -> Result<(App, AppCredentials)> {
        let mut tx = self.begin().await?;
        let created = tx.create_app(new).await?;
        tx.commit().await?;
        Ok(created)
    }

    pub async fn app(&self, id: Uuid) -> Result<Option<App>> {
        let mut conn = self.read().acquire().await?;
        fetch_app(&mut conn, "a.id = $1", &id.to_string()).await
    }

    pub async fn app_by_access_key(&self, access_key: &str) -> Result<Option<App>> {
        let mut conn = self.read().acquire().await?;
        fetch_app(&mut conn, "a.access_key = $1", access_key).await
    }

    /// The app and its decrypted secretKey in one query: the sign-in path.
    pub async fn app_with_secret_by_access_key(&self, access_key: &str) -> Result<Option<(App, Secret)>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {APP_COLUMNS}, a.secret_key FROM apps a JOIN partners p ON p.id = a.partner_id \
             WHERE a.access_key = $1"
        )))
        .bind(access_key)
        .fetch_optional(self.read())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let app = app_from_row(&row)?;
        let sealed: Vec<u8> = row.try_get("secret_key")?;
        let secret = Secret(self.keyring.open_string(&sealed, &secret_context(app.id))?);
        Ok(Some((app, secret)))
    }

    pub async fn apps(&self) -> Result<Vec<App>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {APP_COLUMNS} FROM apps a JOIN partners p ON p.id = a.partner_id ORDER BY a.created_at, a.id"
        )))
        .fetch_all(self.read())
        .await?;
        rows.iter().map(app_from_row).collect()
    }

    /// The app's secretKey, decrypted (for comparing at sign-in and signing Klavi-style webhooks).
    pub async fn app_secret_key(&self, id: Uuid) -> Result<Option<Secret>> {
        self.open_app_secret(id, "secret_key", &secret_context(id)).await
    }

    pub async fn app_webhook_secret(&self, id: Uuid) -> Result<Option<Secret>> {
        self.open_app_secret(id, "webhook_secret", &webhook_secret_context(id)).await
    }

    async fn open_app_secret(&self, id: Uuid, column: &str, context: &str) -> Result<Option<Secret>> {
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT {column} FROM apps WHERE id = $1")))
                .bind(id.to_string())
                .fetch_optional(self.read())
                .await?;
        sealed.map(|s| Ok(Secret(self.keyring.open_string(&s, context)?))).transpose()
    }

    pub async fn update_app_settings(&self, id: Uuid, settings: &AppSettings) -> Result<Option<App>> {
        let json = serde_json::to_string(settings)
            .map_err(|e| StoreError::corrupt(format!("app settings do not serialise: {e}")))?;
        let updated = sqlx::query("UPDATE apps SET settings = $2, updated_at = $3 WHERE id = $1")
            .bind(id.to_string())
            .bind(json)
            .bind(self.now_millis())
            .execute(self.write())
            .await?
            .rows_affected();
        if updated == 0 {
            return Ok(None);
        }
        self.app(id).await
    }

    /// Issues a new secretKey and revokes every access token issued before now.
    pub async fn rotate_app_secret(&self, id: Uuid) -> Result<Option<AppCredentials>> {
        let mut tx = self.begin().await?;
        let now = tx.now_millis();
        let secret_key = new_secret_key();
        let sealed = tx.keyring().seal_str(secret_key.expose(), &secret_context(id));
        let updated = sqlx::query(
            "UPDATE apps SET secret_key = $2, token_generation = token_generation + 1, updated_at = $3 \
             WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(sealed)
        .bind(now)
        .execute(tx.conn())
        .await?
        .rows_affected();
        if updated == 0 {
            return Ok(None);
        }
        let Some(app) = fetch_app(tx.conn(), "a.id = $1", &id.to_string()).await? else {
            return Ok(None);
        };
        let sealed_webhook: Vec<u8> = sqlx::query_scalar("SELECT webhook_secret FROM apps WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(tx.conn())
            .await?;
        let webhook_secret = Secret(tx.keyring().open_string(&sealed_webhook, &webhook_secret_context(id))?);
        tx.commit().await?;
        Ok(Some(AppCredentials { app_id: id, access_key: app.access_key, secret_key, webhook_secret }))
    }

    /// Issues a new webhook signing secret. The old one stays valid for `overlap` (deliveries
    /// carry both signatures meanwhile) so receivers can switch without missing any.
    pub async fn rotate_webhook_secret(
        &self,
        id: Uuid,
        overlap: std::time::Duration,
    ) -> Result<Option<Secret>> {
        let mut tx = self.begin().await?;
        let now = tx.now_millis();
        let sealed: Option<Vec<u8>> = sqlx::query_scalar("SELECT webhook_secret FROM apps WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(tx.conn())
            .await?;
        let Some(sealed) = sealed else { return Ok(None) };
        let old = tx.keyring().open(&sealed, &webhook_secret_context(id))?;
        let new = new_webhook_secret();
        let until = now + i64::try_from(overlap.as_millis()).unwrap_or(i64::MAX / 2);
        sqlx::query(
            "UPDATE apps SET webhook_secret = $2, previous_webhook_secret = $3, previous_webhook_secret_until = $4, \
             updated_at = $5 WHERE id = $1",
        )
        .bind(id.to_string())
        .bind(tx.keyring().seal_str(new.expose(), &webhook_secret_context(id)))
        .bind(tx.keyring().seal(&old, &previous_webhook_secret_context(id)))
        .bind(until)
        .bind(now)
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
        Ok(Some(new))
    }

    /// The secrets deliveries are signed with: the current one, then the previous one while its
    /// overlap lasts.
    pub async fn app_webhook_secrets(&self, id: Uuid) -> Result<Option<Vec<Secret>>> {
        let row = sqlx::query(
            "SELECT webhook_secret, previous_webhook_secret, previous_webhook_secret_until FROM apps WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(self.read())
        .await?;
        row.map(|row| self.open_webhook_secrets(id, &row)).transpose()
    }

    /// Opens the webhook secrets of a row with the columns `webhook_secret`,
    /// `previous_webhook_secret` and `previous_webhook_secret_until`: the current one, then the
    /// previous one while its overlap lasts.
    pub(crate) fn open_webhook_secrets(&self, id: Uuid, row: &AnyRow) -> Result<Vec<Secret>> {
        let current: Vec<u8> = row.try_get("webhook_secret")?;
        let mut secrets = vec![Secret(self.keyring.open_string(&current, &webhook_secret_context(id))?)];
        let previous: Option<Vec<u8>> = row.try_get("previous_webhook_secret")?;
        let until: Option<i64> = row.try_get("previous_webhook_secret_until")?;
        if let (Some(previous), Some(until)) = (previous, until)
            && until > self.now_millis()
        {
            secrets.push(Secret(self.keyring.open_string(&previous, &previous_webhook_secret_context(id))?));
        }
        Ok(secrets)
    }

    /// Opens the app's secretKey from a row with the column `secret_key`.
    pub(crate) fn open_secret_key(&self, id: Uuid, row: &AnyRow) -> Result<Secret> {
        let sealed: Vec<u8> = row.try_get("secret_key")?;
        Ok(Secret(self.keyring.open_string(&sealed, &secret_context(id))?))
    }

    /// A named fact about this deployment.
    pub async fn setting(&self, name: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(name)
            .fetch_optional(self.read())
            .await?)
    }

    pub async fn set_setting(&self, name: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2",
        )
        .bind(name)
        .bind(value)
        .execute(self.write())
        .await?;
        Ok(())
    }
}

async fn fetch_app(conn: &mut sqlx::AnyConnection, filter: &str, value: &str) -> Result<Option<App>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {APP_COLUMNS} FROM apps a JOIN partners p ON p.id = a.partner_id WHERE {filter}"
    )))
    .bind(value)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(app_from_row).transpose()
}

fn app_from_row(row: &AnyRow) -> Result<App> {
    let environment: String = row.try_get("environment")?;
    let settings: String = row.try_get("settings")?;
    Ok(App {
        id: parse_uuid(&row.try_get::<String, _>("id")?)?,
        partner_id: parse_uuid(&row.try_get::<String, _>("partner_id")?)?,
        partner_name: row.try_get("partner_name")?,
        name: row.try_get("name")?,
        environment: environment
            .parse()
            .map_err(|_| StoreError::corrupt(format!("environment {environment}")))?,
        access_key: row.try_get("access_key")?,
        settings: serde_json::from_str(&settings)
            .map_err(|e| StoreError::corrupt(format!("app settings: {e}")))?,
        token_generation: row.try_get("token_generation")?,
        created_at: from_millis(row.try_get("created_at")?),
        updated_at: from_millis(row.try_get("updated_at")?),
    })
}

fn parse_uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| StoreError::corrupt(format!("invalid uuid {text}")))
}
