//! Throwaway PostgreSQL databases, for tests and benchmarks that need a database of their own
//! on a shared server (`CREATE DATABASE <prefix>_<random>`, dropped by [`ScratchDatabase::remove`]).

use crate::db::redact_url;
use crate::error::{Result, StoreError};
use sqlx::{AnyConnection, AssertSqlSafe, Connection, Executor};

#[derive(Debug)]
pub struct ScratchDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl ScratchDatabase {
    /// Creates a new database on the server `admin_url` points at (any database there works as
    /// the connection's starting point). `prefix` must be lowercase letters and underscores.
    pub async fn create(admin_url: &str, prefix: &str) -> Result<Self> {
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(StoreError::Config(format!("invalid scratch database prefix '{prefix}'")));
        }
        let name = format!("{prefix}_{}", &uuid::Uuid::new_v4().simple().to_string()[..16]);
        let mut url = url::Url::parse(admin_url).map_err(|e| {
            StoreError::Config(format!("invalid database URL '{}': {e}", redact_url(admin_url)))
        })?;
        url.set_path(&format!("/{name}"));
        admin(admin_url, &format!("CREATE DATABASE {name}")).await?;
        Ok(Self { admin_url: admin_url.to_owned(), name, url: url.to_string() })
    }

    /// The URL of the new database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Drops the database, closing whatever is still connected to it.
    pub async fn remove(self) -> Result<()> {
        admin(&self.admin_url, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).await
    }
}

async fn admin(admin_url: &str, statement: &str) -> Result<()> {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(admin_url).await.map_err(|e| StoreError::connect(admin_url, e))?;
    let result = conn.execute(AssertSqlSafe(statement.to_owned())).await;
    let _ = conn.close().await;
    result?;
    Ok(())
}
