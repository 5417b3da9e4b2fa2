//! The storage conformance suite: every test runs on SQLite and on PostgreSQL
//! (when `PONTE_TEST_DATABASE_URL` is set; with `PONTE_REQUIRE_ALL_TESTS=1` its absence fails).

mod harness;

mod apps;
mod deliveries;
mod idempotency;
mod jobs;
mod journey;
mod keys;
mod products;
mod sandbox;
mod worker;

/// Declares `<test>::sqlite` and `<test>::postgres` for each async test function
/// `async fn test(db: &harness::TestDb)`.
#[macro_export]
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = $crate::harness::TestDb::sqlite().await;
                    super::$name(&db).await;
                    db.cleanup().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let Some(db) = $crate::harness::TestDb::postgres().await else { return };
                    super::$name(&db).await;
                    db.cleanup().await;
                }
            }
        )*
    };
}
