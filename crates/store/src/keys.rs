//! Token signing keys, shared by every replica through the database.
//! Private keys are sealed with the master key.

use crate::clock::from_millis;
use crate::error::Result;
use crate::store::Store;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

#[derive(Clone)]
pub struct SigningKey {
    pub kid: String,
    pub algorithm: String,
    /// PKCS#8 DER, decrypted.
    pub private_key: Vec<u8>,
    pub public_key: Vec<u8>,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("algorithm", &self.algorithm)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .finish_non_exhaustive()
    }
}

fn context(kid: &str) -> String {
    format!("signing_keys.private_key:{kid}")
}

impl Store {
    /// Stores a new key; it becomes the one new tokens are signed with.
    pub async fn insert_signing_key(
        &self,
        kid: &str,
        algorithm: &str,
        private_key: &[u8],
        public_key: &[u8],
    ) -> Result<()> {
        let sealed = self.keyring.seal(private_key, &context(kid));
        sqlx::query(
            "INSERT INTO signing_keys (kid, algorithm, private_key, public_key, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(kid)
        .bind(algorithm)
        .bind(sealed)
        .bind(public_key.to_vec())
        .bind(self.now_millis())
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// Every key not retired, newest first. The first one signs; all of them verify.
    pub async fn signing_keys(&self) -> Result<Vec<SigningKey>> {
        let rows = sqlx::query(
            "SELECT kid, algorithm, private_key, public_key, created_at, retired_at \
             FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid",
        )
        .fetch_all(self.read())
        .await?;
        rows.iter().map(|row| self.signing_key_from_row(row)).collect()
    }

    /// One key by id, even when retired (to say "retired" rather than "unknown").
    pub async fn signing_key(&self, kid: &str) -> Result<Option<SigningKey>> {
        let row = sqlx::query(
            "SELECT kid, algorithm, private_key, public_key, created_at, retired_at \
             FROM signing_keys WHERE kid = $1",
        )
        .bind(kid)
        .fetch_optional(self.read())
        .await?;
        row.map(|row| self.signing_key_from_row(&row)).transpose()
    }

    pub async fn retire_signing_key(&self, kid: &str) -> Result<bool> {
        let result =
            sqlx::query("UPDATE signing_keys SET retired_at = $2 WHERE kid = $1 AND retired_at IS NULL")
                .bind(kid)
                .bind(self.now_millis())
                .execute(self.write())
                .await?;
        Ok(result.rows_affected() == 1)
    }

    fn signing_key_from_row(&self, row: &AnyRow) -> Result<SigningKey> {
        let kid: String = row.try_get("kid")?;
        let sealed: Vec<u8> = row.try_get("private_key")?;
        Ok(SigningKey {
            private_key: self.keyring.open(&sealed, &context(&kid))?,
            algorithm: row.try_get("algorithm")?,
            public_key: row.try_get("public_key")?,
            created_at: from_millis(row.try_get("created_at")?),
            retired_at: row.try_get::<Option<i64>, _>("retired_at")?.map(from_millis),
            kid,
        })
    }
}
