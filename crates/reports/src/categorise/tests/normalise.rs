use proptest::prelude::*;

use super::super::normalise::{Normalised, normalise};
use super::super::patterns::{EmptyKeyword, pattern_of};

#[test]
fn strips_accents_and_case() {
    assert_eq!(normalise("Pão de Açúcar"), "pao de acucar");
    assert_eq!(normalise("ÁGUA E ESGOTO - SÃO PAULO"), "agua e esgoto sao paulo");
    assert_eq!(normalise("Crédito de benefício"), "credito de beneficio");
    assert_eq!(normalise("ÀÉÎÕÜÇÑ àéîõüçñ"), "aeioucn aeioucn");
}

#[test]
fn turns_punctuation_into_single_spaces() {
    assert_eq!(normalise("PAG*IFOOD *RESTAURANTE"), "pag ifood restaurante");
    assert_eq!(normalise("NETFLIX.COM"), "netflix com");
    assert_eq!(normalise("  UBER   *TRIP  "), "uber trip");
    assert_eq!(normalise("PIX - ENVIADO - JOAO/S"), "pix enviado joao s");
    assert_eq!(normalise("Pix enviado: \"Cp :18236120-JOAO S\""), "pix enviado cp joao s");
}

#[test]
fn drops_digits_apostrophes_and_ordinals() {
    assert_eq!(normalise("BET365"), "bet");
    assert_eq!(normalise("PAGTO 13º SALARIO 1ª PARCELA"), "pagto salario parcela");
    assert_eq!(normalise("MC DONALD'S 0234"), "mc donalds");
    assert_eq!(normalise("TED 341 0001 12/03/2026"), "ted");
}

#[test]
fn empty_and_digit_only_names_have_no_words() {
    assert_eq!(normalise(""), "");
    assert_eq!(normalise("12345 / 678"), "");
    assert_eq!(Normalised::new("").padded(), b" ");
    assert_eq!(Normalised::new("Uber").padded(), b" uber ");
}

#[test]
fn very_long_names_are_cut_without_panicking() {
    let long = "SUPERMERCADO ".repeat(100);
    let n = Normalised::new(&long);
    assert!(n.padded().len() <= 256);
    assert!(n.padded().starts_with(b" supermercado supermercado"));
    assert_eq!(n.padded().last(), Some(&b' '));
}

#[test]
fn keywords_become_padded_patterns() {
    assert_eq!(pattern_of("Uber").as_deref(), Ok(&b" uber "[..]));
    assert_eq!(pattern_of("pag*ifood").as_deref(), Ok(&b" pag ifood "[..]));
    assert_eq!(pattern_of("supermer*").as_deref(), Ok(&b" supermer"[..]));
    assert_eq!(pattern_of("123"), Err(EmptyKeyword));
    assert_eq!(pattern_of(" * "), Err(EmptyKeyword));
}

proptest! {
    #[test]
    fn normalised_names_are_lowercase_words(raw in "\\PC{0,300}") {
        let words = normalise(&raw);
        prop_assert!(words.bytes().all(|b| b.is_ascii_lowercase() || b == b' '));
        prop_assert!(!words.starts_with(' ') && !words.ends_with(' '));
        prop_assert!(!words.contains("  "));
        let padded = Normalised::new(&raw);
        prop_assert!(padded.padded().len() <= 256);
    }
}
