//! Schema migrations, one directory per backend.
//!
//! Only `ponte migrate`, or `ponte serve` in the embedded (SQLite) mode, runs them; replicas on
//! PostgreSQL check the schema is current and refuse to start otherwise. On PostgreSQL sqlx
//! also holds an advisory lock while migrating, so two `ponte migrate` never interleave.

use crate::db::Backend;
use crate::error::{Result, StoreError};
use crate::store::Store;
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    fn migrator(&self) -> &'static Migrator {
        match self.backend() {
            Backend::Sqlite => &SQLITE,
            Backend::Postgres => &POSTGRES,
        }
    }

    pub async fn migrate(&self) -> Result<()> {
        self.migrator().run(self.write()).await?;
        Ok(())
    }

    /// The newest migration this build knows.
    pub fn expected_schema_version(&self) -> i64 {
        self.migrator().iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// The newest migration applied to the database (0 when none).
    pub async fn schema_version(&self) -> Result<i64> {
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_optional(self.read())
                .await
                .unwrap_or(None);
        Ok(applied.unwrap_or(0))
    }

    /// Fails with a message saying what to do when the schema is older than this build needs.
    /// A newer schema is accepted: during a rolling upgrade the new release migrates first
    /// (migrations are written to be compatible with the previous release), and the replicas
    /// still running the previous release must stay ready.
    pub async fn check_schema(&self) -> Result<()> {
        let found = self.schema_version().await?;
        let expected = self.expected_schema_version();
        if found >= expected { Ok(()) } else { Err(StoreError::SchemaOutdated { found, expected }) }
    }
}
