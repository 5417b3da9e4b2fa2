//! Hostile bodies on POST /data/v1/auth: each gets a clear 4xx in the API's shape, never a 5xx.

use crate::harness::{TestServer, assert_error};

async fn post_raw(server: &TestServer, content_type: Option<&str>, body: Vec<u8>) -> reqwest::Response {
    let mut request = server.http.post(server.url("/data/v1/auth")).body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn malformed_bodies_get_400_naming_the_problem() {
    let server = TestServer::start().await;
    let json = Some("application/json");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("missing field", br#"{"accessKey":"a"}"#.to_vec(), "secretKey"),
        ("unknown field", br#"{"accessKey":"a","secretKey":"b","admin":true}"#.to_vec(), "admin"),
        ("wrong type", br#"{"accessKey":1,"secretKey":"b"}"#.to_vec(), "accessKey"),
        ("null", br#"{"accessKey":null,"secretKey":"b"}"#.to_vec(), "accessKey"),
        ("array", br#"["a","b"]"#.to_vec(), "JSON object"),
        ("not JSON", b"accessKey=a&secretKey=b".to_vec(), "JSON object"),
        ("truncated", br#"{"accessKey":"a","#.to_vec(), "not valid JSON"),
        ("empty", Vec::new(), "empty"),
        ("whitespace", b"  \n ".to_vec(), "empty"),
        ("bad UTF-8", b"{\"accessKey\":\"\xff\xfe\",\"secretKey\":\"b\"}".to_vec(), "not valid JSON"),
        (
            "deeply nested",
            format!("{{\"accessKey\":{}{}}}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
            "accessKey",
        ),
    ];
    for (case, body, needle) in cases {
        let response = post_raw(&server, json, body).await;
        assert_eq!(response.status(), 400, "{case}");
        let body = assert_error(response, 400).await;
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(needle), "{case}: {message}");
    }
    server.stop().await;
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let server = TestServer::start().await;
    for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let body = br#"{"accessKey":"a","secretKey":"b"}"#.to_vec();
        assert_error(post_raw(&server, content_type, body).await, 415).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413() {
    let server = TestServer::start().await;
    let huge = format!(r#"{{"accessKey":"{}","secretKey":"b"}}"#, "a".repeat(1024 * 1024 + 10));
    assert_error(post_raw(&server, Some("application/json"), huge.into_bytes()).await, 413).await;
    // Just under the limit is read (and refused for its content, not its size).
    let near = format!(r#"{{"accessKey":"{}","secretKey":"b"}}"#, "a".repeat(1024 * 1024 - 100));
    assert_error(post_raw(&server, Some("application/json"), near.into_bytes()).await, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn unknown_routes_and_methods_use_the_error_shape() {
    let server = TestServer::start().await;
    assert_error(server.http.get(server.url("/data/v1/nope")).send().await.unwrap(), 404).await;
    assert_error(server.http.get(server.url("/data/v1/auth")).send().await.unwrap(), 405).await;
    assert_error(server.http.delete(server.url("/data/v1/refresh")).send().await.unwrap(), 405).await;
    server.stop().await;
}
