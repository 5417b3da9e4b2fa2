use crate::clock::{Clock, to_millis};
use crate::crypto::Keyring;
use crate::db::{Backend, PoolSettings, Pools};
use crate::error::Result;
use sqlx::{Any, AnyPool};
use std::sync::Arc;

/// A handle on the database. Cheap to clone; every clone shares the pools.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pools: Pools,
    pub(crate) keyring: Arc<Keyring>,
    pub(crate) clock: Arc<dyn Clock>,
    /// Wakes local workers as soon as a job is committed, instead of at their next poll.
    pub(crate) job_notify: Arc<tokio::sync::Notify>,
}

impl Store {
    pub async fn connect(
        url: &str,
        settings: &PoolSettings,
        keyring: Keyring,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let pools = Pools::connect(url, settings).await?;
        Ok(Self {
            pools,
            keyring: Arc::new(keyring),
            clock,
            job_notify: Arc::new(tokio::sync::Notify::new()),
        })
    }

    pub fn backend(&self) -> Backend {
        self.pools.backend
    }

    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub(crate) fn now_millis(&self) -> i64 {
        to_millis(self.clock.now())
    }

    pub(crate) fn read(&self) -> &AnyPool {
        &self.pools.read
    }

    pub(crate) fn write(&self) -> &AnyPool {
        &self.pools.write
    }

    /// Starts a transaction. Everything done through the [`Tx`] commits or rolls back together,
    /// including jobs enqueued with [`Tx::enqueue`].
    pub async fn begin(&self) -> Result<Tx> {
        Ok(Tx { inner: self.write().begin().await?, store: self.clone(), enqueued: false })
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(self.read()).await?;
        Ok(())
    }

    /// The write pool, for tests that must look at raw rows (e.g. that secrets are sealed).
    #[doc(hidden)]
    pub fn raw_pool(&self) -> &AnyPool {
        self.write()
    }

    pub async fn close(&self) {
        self.pools.write.close().await;
        self.pools.read.close().await;
    }
}

/// A database transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    pub(crate) inner: sqlx::Transaction<'static, Any>,
    pub(crate) store: Store,
    pub(crate) enqueued: bool,
}

impl Tx {
    pub async fn commit(mut self) -> Result<()> {
        if self.enqueued && self.store.backend() == Backend::Postgres {
            // Delivered to listening replicas when (and only if) the transaction commits.
            sqlx::query(crate::jobs::NOTIFY_JOBS).execute(&mut *self.inner).await?;
        }
        self.inner.commit().await?;
        if self.enqueued {
            self.store.job_notify.notify_waiters();
        }
        Ok(())
    }

    pub(crate) fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.inner
    }

    pub(crate) fn now_millis(&self) -> i64 {
        self.store.now_millis()
    }

    pub(crate) fn keyring(&self) -> &Keyring {
        &self.store.keyring
    }
}
