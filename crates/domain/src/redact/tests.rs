use std::borrow::Cow;

use super::*;

#[track_caller]
fn masked(input: &str, expected: &str) {
    let out = redact(input);
    assert_eq!(out, expected, "input: {input}");
    assert!(matches!(out, Cow::Owned(_)), "expected a change for: {input}");
    // Redacting twice changes nothing more.
    assert_eq!(redact(&out), out, "not idempotent for: {input}");
}

#[track_caller]
fn kept(input: &str) {
    let out = redact(input);
    assert!(matches!(out, Cow::Borrowed(_)), "unexpectedly masked: {input} -> {out}");
}

#[test]
fn masks_cpfs() {
    masked("cpf=76109277673", "cpf=***.092.776-**");
    masked("76109277673", "***.092.776-**");
    masked("CPF 761.092.776-73 ok", "CPF ***.092.776-** ok");
    masked(r#"{"personalTaxId":"76109277673"}"#, r#"{"personalTaxId":"***.092.776-**"}"#);
    masked("a 76109277673,76109277673.", "a ***.092.776-**,***.092.776-**.");
    masked("user_76109277673", "user_***.092.776-**");
    masked("/links?personal_tax_id=76109277673&x=1", "/links?personal_tax_id=***.092.776-**&x=1");
    // Wrong check digits, or a mobile number: still personal data.
    masked("76109277674", "***.092.776-**");
    masked("tel 11987654321", "tel ***.876.543-**");
}

#[test]
fn masks_cnpjs() {
    masked("cnpj 11.222.333/0001-81", "cnpj **.222.333/0001-**");
    masked("cnpj=11222333000181", "cnpj=**.222.333/0001-**");
    masked("12ABC34501DE35", "**.ABC.345/01DE-**");
    masked("12.ABC.345/01DE-35", "**.ABC.345/01DE-**");
    masked(r#""businessTaxId":"44555666000181""#, r#""businessTaxId":"**.555.666/0001-**""#);
    // Formatted CNPJs are masked even with wrong check digits.
    masked("50.685.362/0006-73", "**.685.362/0006-**");
}

#[test]
fn masks_jwts_and_bearer_tokens() {
    let jwt = "eyJhbGciOiJFZERTQSJ9.eyJhcHBJZCI6IjEyMyJ9.c2lnbmF0dXJl_-";
    masked(&format!("token {jwt} end"), "token [redacted] end");
    masked(&format!("/link?v={jwt}"), "/link?v=[redacted]");
    masked(&format!("Authorization: Bearer {jwt}"), "Authorization: Bearer [redacted]");
    masked("authorization: bearer abcdefgh12345678", "authorization: bearer [redacted]");
    masked("BEARER abc.def-ghi_jkl~mno+pqr/stu==", "BEARER [redacted]");
    masked(r#"{"authorization":"Bearer opaque-token-123"}"#, r#"{"authorization":"Bearer [redacted]"}"#);
    // Unsigned JWT (empty signature part).
    masked("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "[redacted]");
}

#[test]
fn masks_ponte_secrets() {
    masked("key sk_live_4f9a8b7c6d5e", "key sk_***");
    masked("secret=sk_test-abc and more", "secret=sk_*** and more");
    masked("signing with whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+/=", "signing with whsec_***");
    masked(r#"{"webhookSecret":"whsec_abc"}"#, r#"{"webhookSecret":"whsec_***"}"#);
}

#[test]
fn masks_secret_json_fields() {
    masked(r#"{"secretKey":"abc123"}"#, r#"{"secretKey":"[redacted]"}"#);
    masked(r#"{"accessToken": "x.y.z", "n": 1}"#, r#"{"accessToken": "[redacted]", "n": 1}"#);
    masked(r#"{"linkToken":"opaque"}"#, r#"{"linkToken":"[redacted]"}"#);
    masked(r#"{"refresh_token" : "r-1"}"#, r#"{"refresh_token" : "[redacted]"}"#);
    masked(r#"{"password":"hunter2","user":"ana"}"#, r#"{"password":"[redacted]","user":"ana"}"#);
    masked(r#"{"client_secret":"s\\e\"c"}"#, r#"{"client_secret":"[redacted]"}"#);
    masked(r#"{"password":""}"#, r#"{"password":"[redacted]"}"#);
    // JSON escaped inside a JSON log line.
    masked(
        r#"{"msg":"body {\"secretKey\":\"abc\",\"appId\":\"a1\"}"}"#,
        r#"{"msg":"body {\"secretKey\":\"[redacted]\",\"appId\":\"a1\"}"}"#,
    );
}

#[test]
fn masks_form_and_tracing_fields() {
    masked(
        "grant_type=refresh_token&refresh_token=abc.def&client_assertion=eyJx",
        "grant_type=refresh_token&refresh_token=[redacted]&client_assertion=[redacted]",
    );
    masked("code_verifier=xyz123 next", "code_verifier=[redacted] next");
    masked(r#"login password="p a s s" ok"#, "login password=[redacted] ok");
    masked("?access_token=abc#frag", "?access_token=[redacted]");
}

#[test]
fn keeps_plain_text() {
    for line in [
        "",
        "GET /data/v1/links 200 12ms",
        "processed 1234567890 rows",                 // 10 digits
        "id 123456789012",                           // 12 digits
        "ts=1732406400000",                          // 13-digit millisecond timestamp
        "id 123456789012345",                        // 15 digits
        "link 0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", // UUID
        "link 123e4567-e89b-12d3-a456-426614174000", // UUID with a 12-digit segment
        "at 2024-11-24T10:30:00.000Z",
        "amount=1000.0400 currency=BRL",
        "task_id=42 risk_score=700 disk_usage=3",
        "product pf_risk_score for pj_balance",
        "the bearer of bad news",
        "bearer token",
        "ABCDEFGHIJKLMN",      // 14 letters, no check digits
        "ref ABCDEFGHIJKL12",  // 14 chars, invalid CNPJ check digits
        "at 20241124103000",   // compact timestamp, not a valid CNPJ
        "cnpj 00000000000000", // all zeros is not a CNPJ
        "a76109277673",        // glued to a letter
        "76109277673b",
        "1761092776730", // part of a longer number
        "consent urn:bancoex:C1DD33123",
        "sk_",
        "tokens=3 secret=none",
        "passwordless login",
        "ip 192.168.100.200",
        "version 1.2.3-beta.4",
    ] {
        kept(line);
    }
}

#[test]
fn pre_check_lets_every_shape_through() {
    for text in [
        "76109277673",
        "x 76109277673 y",
        "11222333000181",
        "12ABC34501DE35",
        "761.092.776-73",
        "11.222.333/0001-81",
        "(12.ABC.345/01DE-35)",
    ] {
        assert!(may_contain_tax_id(text), "{text}");
    }
    for text in [
        "2024-11-24T10:30:00.123Z",
        "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "1732406400000",
        "api.partner.example.com",
        "1.2.3-beta.4",
        "authorization",
        "761.092.776-7",
        "-",
    ] {
        assert!(!may_contain_tax_id(text), "{text}");
    }
}

#[test]
fn borrowed_when_candidates_are_all_rejected() {
    // Passes the pre-check (long digit runs, "oken") but nothing is masked.
    kept("tokens 1732406400000 20241124103000 123e4567-e89b-12d3-a456-426614174000");
}

#[test]
fn mixed_line() {
    masked(
        r#"user 761.092.776-73 company 11222333000181 auth Bearer eyJa.eyJb.c {"secretKey":"sk_x"} whsec_y"#,
        r#"user ***.092.776-** company **.222.333/0001-** auth Bearer [redacted] {"secretKey":"[redacted]"} whsec_***"#,
    );
}

#[test]
fn handles_non_ascii_text() {
    masked("ação 76109277673 ✓", "ação ***.092.776-** ✓");
    masked("é76109277673é", "é***.092.776-**é");
    kept("Olá, João! Você tem 3 notificações.");
}

#[test]
fn markers_cover_every_field_name() {
    for field in SECRET_FIELDS {
        assert!(SECRET_MARKERS.iter().any(|m| field.contains(m)), "no pre-check marker for {field}");
    }
}
