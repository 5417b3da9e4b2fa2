//! Property tests for CPF and CNPJ parsing.
//!
//! The generators compute check digits with their own, deliberately plain implementation of
//! the modulus-11 rule, so they are an independent oracle for the crate's code.

use ponte_domain::{Cnpj, Cpf, TaxId, TaxIdKind};
use proptest::prelude::*;

/// Modulus-11 check digit over character values (ASCII code − 48) with the given weights.
fn dv(values: &[u32], weights: &[u32]) -> u32 {
    let sum: u32 = values.iter().zip(weights).map(|(v, w)| v * w).sum();
    let r = sum % 11;
    if r < 2 { 0 } else { 11 - r }
}

fn cpf_from_base(base: &str) -> String {
    let mut v: Vec<u32> = base.bytes().map(|b| u32::from(b - b'0')).collect();
    let d1 = dv(&v, &[10, 9, 8, 7, 6, 5, 4, 3, 2]);
    v.push(d1);
    let d2 = dv(&v, &[11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    format!("{base}{d1}{d2}")
}

fn cnpj_from_base(base: &str) -> String {
    let mut v: Vec<u32> = base.bytes().map(|b| u32::from(b) - 48).collect();
    let d1 = dv(&v, &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    v.push(d1);
    let d2 = dv(&v, &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    format!("{base}{d1}{d2}")
}

fn valid_cpf() -> impl Strategy<Value = String> {
    "[0-9]{9}"
        .prop_filter("repeated digits are not CPFs", |b| b.bytes().any(|c| c != b.as_bytes()[0]))
        .prop_map(|b| cpf_from_base(&b))
}

fn valid_cnpj() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{12}".prop_map(|b| cnpj_from_base(&b)),
        "[0-9A-Z]{12}".prop_map(|b| cnpj_from_base(&b)),
    ]
    .prop_filter("all zeros is not a CNPJ", |s| s != "00000000000000")
}

/// Replaces one of the two check digits (index 0 or 1 from the end) with a different digit.
fn change_check_digit(s: &str, which: usize, delta: u8) -> String {
    let mut bytes = s.as_bytes().to_vec();
    let i = bytes.len() - 1 - which;
    bytes[i] = b'0' + (bytes[i] - b'0' + delta) % 10;
    String::from_utf8(bytes).unwrap()
}

fn punctuate(s: &str, separators: &[(usize, char)]) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if let Some((_, sep)) = separators.iter().find(|(at, _)| *at == i) {
            out.push(*sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #[test]
    fn generated_cpfs_parse(s in valid_cpf()) {
        let cpf: Cpf = s.parse().unwrap();
        prop_assert_eq!(cpf.as_str(), s.as_str());
        let tax_id: TaxId = s.parse().unwrap();
        prop_assert_eq!(tax_id.kind(), TaxIdKind::Cpf);
    }

    #[test]
    fn generated_cnpjs_parse(s in valid_cnpj()) {
        let cnpj: Cnpj = s.parse().unwrap();
        prop_assert_eq!(cnpj.as_str(), s.as_str());
        let lower: Cnpj = s.to_lowercase().parse().unwrap();
        prop_assert_eq!(lower, cnpj);
        let tax_id: TaxId = s.parse().unwrap();
        prop_assert_eq!(tax_id.kind(), TaxIdKind::Cnpj);
    }

    #[test]
    fn changing_a_cpf_check_digit_fails(s in valid_cpf(), which in 0usize..2, delta in 1u8..10) {
        let bad = change_check_digit(&s, which, delta);
        prop_assert!(bad.parse::<Cpf>().is_err(), "{} should be rejected", bad);
        prop_assert!(bad.parse::<TaxId>().is_err());
    }

    #[test]
    fn changing_a_cnpj_check_digit_fails(s in valid_cnpj(), which in 0usize..2, delta in 1u8..10) {
        let bad = change_check_digit(&s, which, delta);
        prop_assert!(bad.parse::<Cnpj>().is_err(), "{} should be rejected", bad);
        prop_assert!(bad.parse::<TaxId>().is_err());
    }

    #[test]
    fn cpf_format_round_trips(s in valid_cpf()) {
        let cpf: Cpf = s.parse().unwrap();
        let formatted = cpf.formatted();
        prop_assert_eq!(&formatted, &punctuate(&s, &[(3, '.'), (6, '.'), (9, '-')]));
        prop_assert_eq!(formatted.parse::<Cpf>().unwrap(), cpf);
        prop_assert_eq!(cpf.to_string().parse::<Cpf>().unwrap(), cpf);
        let json = serde_json::to_string(&cpf).unwrap();
        prop_assert_eq!(serde_json::from_str::<Cpf>(&json).unwrap(), cpf);
    }

    #[test]
    fn cnpj_format_round_trips(s in valid_cnpj()) {
        let cnpj: Cnpj = s.parse().unwrap();
        let formatted = cnpj.formatted();
        prop_assert_eq!(&formatted, &punctuate(&s, &[(2, '.'), (5, '.'), (8, '/'), (12, '-')]));
        prop_assert_eq!(formatted.parse::<Cnpj>().unwrap(), cnpj);
        prop_assert_eq!(cnpj.to_string().parse::<Cnpj>().unwrap(), cnpj);
        let tax_id = TaxId::from(cnpj);
        prop_assert_eq!(tax_id.formatted().parse::<TaxId>().unwrap(), tax_id);
        let json = serde_json::to_string(&tax_id).unwrap();
        prop_assert_eq!(serde_json::from_str::<TaxId>(&json).unwrap(), tax_id);
    }

    #[test]
    fn masked_forms_hide_the_ends(s in valid_cpf(), c in valid_cnpj()) {
        let cpf: Cpf = s.parse().unwrap();
        prop_assert_eq!(cpf.masked(), format!("***.{}.{}-**", &s[3..6], &s[6..9]));
        let cnpj: Cnpj = c.parse().unwrap();
        prop_assert_eq!(cnpj.masked(), format!("**.{}.{}/{}-**", &c[2..5], &c[5..8], &c[8..12]));
    }

    #[test]
    fn redact_masks_generated_tax_ids(s in valid_cpf(), c in valid_cnpj()) {
        let line = format!("cpf={s} cnpj={c}");
        let cpf: Cpf = s.parse().unwrap();
        let cnpj: Cnpj = c.parse().unwrap();
        prop_assert_eq!(
            ponte_domain::redact(&line),
            format!("cpf={} cnpj={}", cpf.masked(), cnpj.masked())
        );
    }

    #[test]
    fn arbitrary_input_never_panics(s in "\\PC{0,40}") {
        let _ = s.parse::<TaxId>();
        let _ = s.parse::<Cpf>();
        let _ = s.parse::<Cnpj>();
        let _ = ponte_domain::redact(&s);
    }
}
