use super::*;
use crate::fapi::jwt::tests::{KEYS, jwk};
use crate::fapi::server::parse_jwks;
use jsonwebtoken::{EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use serde_json::{Value, json};

const ISSUER: &str = "https://bank.test/as";
const CLIENT: &str = "ponte";
const NOW: i64 = 1_800_000_000;

fn acr() -> Vec<String> {
    vec!["urn:brasil:openbanking:loa2".into()]
}

fn claims() -> Value {
    json!({
        "iss": ISSUER, "sub": "customer-1", "aud": CLIENT, "exp": NOW + 300, "iat": NOW,
        "auth_time": NOW - 10, "nonce": "n-1", "acr": "urn:brasil:openbanking:loa2",
        "c_hash": half_hash("the-code"), "s_hash": half_hash("the-state"),
    })
}

fn sign_with(alg: Algorithm, key: &EncodingKey, kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(Into::into);
    jsonwebtoken::encode(&header, claims, key).unwrap()
}

fn rsa(index: usize) -> EncodingKey {
    EncodingKey::from_rsa_der(KEYS[index].to_pkcs1_der().unwrap().as_bytes())
}

fn sign(claims: &Value) -> String {
    sign_with(Algorithm::PS256, &rsa(0), Some("bank-1"), claims)
}

fn expected() -> Expected<'static> {
    Expected { nonce: "n-1", code: Some("the-code"), state: Some("the-state"), max_age: None }
}

fn run(token: &str, expected: &Expected) -> Result<IdTokenClaims, OfbError> {
    let keys = parse_jwks(&json!({"keys": [jwk(&KEYS[0], "bank-1")]})).unwrap();
    let acr = acr();
    let rules = Rules { issuer: ISSUER, client_id: CLIENT, acr_values: &acr };
    verify(&keys, token, &rules, expected, NOW)
}

fn refused(token: &str, expected: &Expected, why: &str) {
    match run(token, expected) {
        Err(OfbError::IdToken(message)) => {
            assert!(message.contains(why), "{message:?} should mention {why:?}")
        }
        other => panic!("expected a refusal mentioning {why:?}, got {other:?}"),
    }
}

fn with(key: &str, value: Value) -> Value {
    let mut claims = claims();
    claims[key] = value;
    claims
}

#[test]
fn a_valid_id_token_is_accepted() {
    let claims = run(&sign(&claims()), &expected()).unwrap();
    assert_eq!(claims.sub, "customer-1");
    assert_eq!(claims.acr, "urn:brasil:openbanking:loa2");
    assert_eq!(claims.auth_time, Some(NOW - 10));
    // Without code and state to bind, the hashes are not needed.
    let mut bare = claims_without(&["c_hash", "s_hash"]);
    bare["aud"] = json!([CLIENT, "other"]);
    bare["azp"] = json!(CLIENT);
    let loose = Expected { code: None, state: None, ..expected() };
    assert!(run(&sign(&bare), &loose).is_ok());
}

fn claims_without(keys: &[&str]) -> Value {
    let mut claims = claims();
    for key in keys {
        claims.as_object_mut().unwrap().remove(*key);
    }
    claims
}

#[test]
fn bindings_to_the_request_are_enforced() {
    refused(&sign(&with("nonce", json!("n-2"))), &expected(), "nonce");
    refused(&sign(&claims_without(&["nonce"])), &expected(), "nonce");
    refused(&sign(&with("c_hash", json!(half_hash("other")))), &expected(), "c_hash");
    refused(&sign(&claims_without(&["c_hash"])), &expected(), "c_hash");
    refused(&sign(&with("s_hash", json!(half_hash("other")))), &expected(), "s_hash");
    refused(&sign(&claims_without(&["s_hash"])), &expected(), "s_hash");
    refused(&sign(&with("acr", json!("urn:brasil:openbanking:loa1"))), &expected(), "acr");
    refused(&sign(&claims_without(&["acr"])), &expected(), "acr");
}

#[test]
fn issuer_audience_and_times_are_enforced() {
    refused(&sign(&with("iss", json!("https://evil.test"))), &expected(), "iss");
    refused(&sign(&with("aud", json!("someone-else"))), &expected(), "aud");
    refused(&sign(&with("aud", json!([CLIENT, "someone-else"]))), &expected(), "azp");
    refused(&sign(&with("exp", json!(NOW - 61))), &expected(), "expired");
    assert!(run(&sign(&with("exp", json!(NOW - 30))), &expected()).is_ok(), "within the clock skew");
    refused(&sign(&claims_without(&["exp"])), &expected(), "exp");
    refused(&sign(&with("iat", json!(NOW + 600))), &expected(), "future");
    refused(&sign(&with("sub", json!(""))), &expected(), "sub");
    let fresh = Expected { max_age: Some(Duration::from_secs(5)), ..expected() };
    refused(&sign(&with("auth_time", json!(NOW - 3600))), &fresh, "max_age");
    refused(&sign(&claims_without(&["auth_time"])), &fresh, "auth_time");
    let lenient = Expected { max_age: Some(Duration::from_secs(3600)), ..expected() };
    assert!(run(&sign(&claims()), &lenient).is_ok());
}

#[test]
fn only_ps256_signatures_by_the_banks_key_are_accepted() {
    refused(&sign_with(Algorithm::RS256, &rsa(0), Some("bank-1"), &claims()), &expected(), "PS256");
    let hmac = EncodingKey::from_secret(b"a shared secret that is long enough");
    refused(&sign_with(Algorithm::HS256, &hmac, Some("bank-1"), &claims()), &expected(), "PS256");
    let body = URL_SAFE_NO_PAD.encode(claims().to_string());
    let unsigned = format!("{}.{body}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#));
    refused(&unsigned, &expected(), "not a signed JWT");
    refused(&sign_with(Algorithm::PS256, &rsa(1), Some("bank-1"), &claims()), &expected(), "signature");
    refused(&sign_with(Algorithm::PS256, &rsa(0), Some("bank-2"), &claims()), &expected(), "kid");
    assert!(
        run(&sign_with(Algorithm::PS256, &rsa(0), None, &claims()), &expected()).is_ok(),
        "one key, no kid"
    );
    refused("a.b.c.d.e", &expected(), "encrypted");
    refused("garbage", &expected(), "not a signed JWT");
    let mut tampered = sign(&claims());
    tampered.insert(tampered.find('.').unwrap() + 2, 'A');
    assert!(run(&tampered, &expected()).is_err());
}
