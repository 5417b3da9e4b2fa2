use super::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn secret() -> WebhookSecret {
    SECRET.parse().unwrap()
}

#[test]
fn matches_the_standard_webhooks_reference_implementation() {
    let body = br#"{"eventName":"webhook_test","payload":{}}"#;
    let (id, ts) = ("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1_674_087_231);
    let ours = secret().sign(id, ts, body);
    let reference = standardwebhooks::Webhook::new(SECRET).unwrap();
    assert_eq!(reference.sign(id, ts, body).unwrap(), ours);

    // And the reference verifier accepts our headers.
    let mut headers = http::HeaderMap::new();
    headers.insert("webhook-id", id.parse().unwrap());
    headers.insert("webhook-timestamp", now().to_string().parse().unwrap());
    let header = standard_signature_header(&[&secret()], id, now(), body);
    headers.insert("webhook-signature", header.parse().unwrap());
    reference.verify(body, &headers).unwrap();
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[test]
fn rotated_secrets_sign_twice_and_either_verifies() {
    let old = secret();
    let new: WebhookSecret = "whsec_dGhpcyBpcyBhIG5ldyBzZWNyZXQga2V5IGZvciB0ZXN0cw==".parse().unwrap();
    let body = b"{}";
    let header = standard_signature_header(&[&new, &old], "id", 100, body);
    assert_eq!(header.split(' ').count(), 2);
    verify_standard(&old, "id", "100", &header, body, 100, 300).unwrap();
    verify_standard(&new, "id", "100", &header, body, 100, 300).unwrap();
    let stranger: WebhookSecret = "whsec_c3RyYW5nZXIgc3RyYW5nZXIgc3RyYW5nZXIgIQ==".parse().unwrap();
    assert_eq!(verify_standard(&stranger, "id", "100", &header, body, 100, 300), Err(VerifyError::NoMatch));
}

#[test]
fn verification_refuses_tampering_and_replays() {
    let s = secret();
    let header = s.sign("id", 1000, b"body");
    assert!(verify_standard(&s, "id", "1000", &header, b"body", 1000, 300).is_ok());
    assert_eq!(verify_standard(&s, "id", "1000", &header, b"bodY", 1000, 300), Err(VerifyError::NoMatch));
    assert_eq!(verify_standard(&s, "other", "1000", &header, b"body", 1000, 300), Err(VerifyError::NoMatch));
    assert_eq!(
        verify_standard(&s, "id", "1000", &header, b"body", 1400, 300),
        Err(VerifyError::OutsideTolerance(400))
    );
    assert_eq!(
        verify_standard(&s, "id", "soon", &header, b"body", 1000, 300),
        Err(VerifyError::BadTimestamp)
    );
    assert_eq!(
        verify_standard(&s, "id", "1000", "v1,!!! v2,abc", b"body", 1000, 300),
        Err(VerifyError::NoMatch)
    );
}

#[test]
fn klavi_signature_is_hex_hmac_of_the_raw_body() {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector.
    let signature = klavi_signature("key", b"The quick brown fox jumps over the lazy dog");
    assert_eq!(signature, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    verify_klavi("key", b"The quick brown fox jumps over the lazy dog", &signature.to_uppercase()).unwrap();
    assert_eq!(verify_klavi("key", b"other", &signature), Err(VerifyError::NoMatch));
    assert_eq!(verify_klavi("key", b"x", "zz"), Err(VerifyError::NoMatch));
}

#[test]
fn headers_carry_both_schemes_with_the_configured_prefix() {
    let keys = AppSigningKeys { webhook_secrets: vec![secret()], secret_key: "sk_test".into() };
    let SignedHeaders(headers) = keys.headers("evt_1", 1700000000, b"{}", "X-Klavi");
    let names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["webhook-id", "webhook-timestamp", "webhook-signature", "X-Klavi-Signature", "X-Klavi-Timestamp"]
    );
    assert_eq!(headers[3].1, klavi_signature("sk_test", b"{}"));
}

#[test]
fn secrets_are_parsed_strictly_and_never_printed() {
    assert_eq!("whsec_short".parse::<WebhookSecret>(), Err(SecretError::Format));
    assert_eq!("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".parse::<WebhookSecret>(), Err(SecretError::Format));
    assert_eq!("whsec_c2hvcnQ=".parse::<WebhookSecret>(), Err(SecretError::Length(5)));
    assert_eq!(format!("{:?}", secret()), "WebhookSecret([redacted])");
}
