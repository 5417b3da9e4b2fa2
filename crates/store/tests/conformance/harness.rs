//! One fresh database per test: a temporary SQLite file, or a new PostgreSQL database created
//! from `PONTE_TEST_DATABASE_URL` and dropped when the test passes.

use ponte_store::scratch::ScratchDatabase;
use ponte_store::{Keyring, ManualClock, MasterKey, PoolSettings, Store};
use std::path::PathBuf;
use std::sync::Arc;
use time::macros::datetime;

pub struct TestDb {
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub url: String,
    keyring: Keyring,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    Database(ScratchDatabase),
}

fn keyring() -> Keyring {
    Keyring::new(MasterKey::from_bytes(&[7; 32]).expect("valid key"), vec![])
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(format!("ponte-store-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}", dir.join("ponte.db").display());
        Self::open(url, Cleanup::Dir(dir)).await
    }

    /// `None` (the test is skipped) when no PostgreSQL is configured, unless every test is required.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin_url) = std::env::var("PONTE_TEST_DATABASE_URL") else {
            if std::env::var("PONTE_REQUIRE_ALL_TESTS").is_ok_and(|v| v == "1") {
                panic!("PONTE_REQUIRE_ALL_TESTS=1 but PONTE_TEST_DATABASE_URL is not set");
            }
            eprintln!("skipped: set PONTE_TEST_DATABASE_URL to run the PostgreSQL conformance tests");
            return None;
        };
        let scratch = ScratchDatabase::create(&admin_url, "ponte_t").await.expect("create a test database");
        let url = scratch.url().to_owned();
        Some(Self::open(url, Cleanup::Database(scratch)).await)
    }

    async fn open(url: String, cleanup: Cleanup) -> Self {
        let clock = Arc::new(ManualClock::new(datetime!(2026-11-23 12:00 UTC)));
        let store =
            Store::connect(&url, &PoolSettings::default(), keyring(), clock.clone()).await.expect("connect");
        store.migrate().await.expect("migrate");
        Self { store, clock, url, keyring: keyring(), cleanup }
    }

    /// A second, independent handle on the same database (another replica).
    pub async fn another_replica(&self) -> Store {
        Store::connect(&self.url, &PoolSettings::default(), self.keyring.clone(), self.clock.clone())
            .await
            .expect("connect replica")
    }

    /// Another handle on the same database that seals and opens with `keyring`.
    pub async fn with_keyring(&self, keyring: Keyring) -> Store {
        Store::connect(&self.url, &PoolSettings::default(), keyring, self.clock.clone())
            .await
            .expect("connect")
    }

    pub async fn cleanup(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database(scratch) => scratch.remove().await.expect("drop the test database"),
        }
    }
}
