//! Running on PostgreSQL as replicas do: `ponte migrate` first, then `serve` (which never
//! migrates there), a shared master key, API and worker roles.

mod common;

use common::{Server, TempDir, http, ponte, request, run};
use ponte_store::scratch::ScratchDatabase;

/// A fresh database on the test server, or `None` when PostgreSQL tests are not configured.
async fn fresh_database() -> Option<ScratchDatabase> {
    let Ok(admin) = std::env::var("PONTE_TEST_DATABASE_URL") else {
        assert!(
            std::env::var("PONTE_REQUIRE_ALL_TESTS").as_deref() != Ok("1"),
            "PONTE_REQUIRE_ALL_TESTS=1 but PONTE_TEST_DATABASE_URL is not set"
        );
        eprintln!("skipped: set PONTE_TEST_DATABASE_URL to run the PostgreSQL tests");
        return None;
    };
    Some(ScratchDatabase::create(&admin, "ponte_cli").await.expect("create a test database"))
}

#[tokio::test]
async fn replicas_need_migrate_then_share_the_database() {
    let Some(database) = fresh_database().await else { return };
    let url = database.url().to_owned();
    let dir = TempDir::new("pg");
    let key = String::from_utf8(run(dir.path(), &["keys", "generate"]).stdout).unwrap().trim().to_owned();
    let with_env = |args: &[&str]| {
        let mut command = ponte(dir.path(), args);
        command.env("PONTE_DATABASE_URL", &url).env("PONTE_MASTER_KEY", &key);
        command
    };

    let refused = with_env(&["serve", "--bind", "127.0.0.1:0"]).output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("ponte migrate"), "{refused:?}");

    let migrated = with_env(&["migrate"]).output().unwrap();
    assert!(migrated.status.success(), "{migrated:?}");
    let created = with_env(&["apps", "create", "--name", "Lender", "--environment", "production", "--json"])
        .output()
        .unwrap();
    let app: serde_json::Value = serde_json::from_slice(&created.stdout).expect("credentials");

    let mut worker = Server::start(with_env(&["serve", "--role", "worker"]));
    worker.wait_for_line("worker started");
    let mut api_a = Server::start(with_env(&["serve", "--bind", "127.0.0.1:0", "--role", "api"]));
    let mut api_b = Server::start(with_env(&["serve", "--bind", "127.0.0.1:0", "--role", "api"]));
    let a = api_a.banner_value("Health").trim_end_matches("/readyz").to_owned();
    let b = api_b.banner_value("Health").trim_end_matches("/readyz").to_owned();
    let body = format!(
        r#"{{"accessKey":"{}","secretKey":"{}"}}"#,
        app["accessKey"].as_str().unwrap(),
        app["secretKey"].as_str().unwrap()
    );
    let (status, response) = http("POST", &format!("{a}/data/v1/auth"), Some(&body));
    assert_eq!(status, 200, "{response}");
    let token: serde_json::Value = serde_json::from_str(&response).unwrap();
    // A token from one replica is accepted by another: keys live in the database.
    let bearer = format!("Bearer {}", token["accessToken"].as_str().unwrap());
    let (status, _) = request("GET", &format!("{b}/data/v1/refresh"), &[("Authorization", &bearer)], b"");
    assert_eq!(status, 200);

    for server in [&mut api_a, &mut api_b, &mut worker] {
        assert!(server.terminate().success());
    }
    database.remove().await.expect("drop the test database");
}

#[tokio::test]
async fn postgres_without_a_master_key_is_refused_with_advice() {
    let Some(database) = fresh_database().await else { return };
    let url = database.url().to_owned();
    let dir = TempDir::new("pg");
    let output = ponte(dir.path(), &["migrate"]).env("PONTE_DATABASE_URL", &url).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("PONTE_MASTER_KEY"), "{output:?}");
    database.remove().await.expect("drop the test database");
}
