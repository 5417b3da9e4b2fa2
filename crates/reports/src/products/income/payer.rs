//! Who paid: a readable payer name from a statement line, without allocating.
//!
//! Banks print credits as `PIX RECEBIDO ACME LTDA`, `PAGTO SALARIO ACME LTDA`,
//! `CRED 13 SALARIO INSS`. The payer is what is left after the leading words that only say how
//! the money came (a fixed list, compared case-insensitively). A line made only of such words
//! is kept whole.

/// Leading words that describe the transfer, not the payer.
const TRANSFER_WORDS: &[&str] = &[
    "PIX",
    "TED",
    "DOC",
    "TEF",
    "TRANSF",
    "TRANSFERENCIA",
    "TRANSFERÊNCIA",
    "RECEBIDO",
    "RECEBIDA",
    "RECEB",
    "REC",
    "CRED",
    "CREDITO",
    "CRÉDITO",
    "PAGTO",
    "PGTO",
    "PAGAMENTO",
    "DEPOSITO",
    "DEPÓSITO",
    "DEP",
    "SALARIO",
    "SALÁRIO",
    "13",
    "13O",
    "13º",
    "BENEFICIO",
    "BENEFÍCIO",
    "BENEF",
    "FOLHA",
    "DE",
    "-",
    "*",
    ":",
];

/// The payer part of a transaction name, trimmed.
pub(in crate::products) fn payer_name(transaction_name: &str) -> &str {
    let whole = transaction_name.trim();
    let mut rest = whole;
    loop {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        if word.is_empty() || !TRANSFER_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            break;
        }
        rest = after.trim_start();
    }
    if rest.is_empty() { whole } else { rest }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_leading_transfer_words() {
        assert_eq!(payer_name("PIX RECEBIDO ACME LTDA"), "ACME LTDA");
        assert_eq!(payer_name("  pagto salario  ACME DO BRASIL "), "ACME DO BRASIL");
        assert_eq!(payer_name("CRED 13 SALARIO INSS"), "INSS");
        assert_eq!(payer_name("TED RECEBIDA - UBER DO BRASIL"), "UBER DO BRASIL");
        assert_eq!(payer_name("PIX RECEBIDO"), "PIX RECEBIDO");
        assert_eq!(payer_name("JOAO PIX SILVA"), "JOAO PIX SILVA");
        assert_eq!(payer_name(""), "");
    }
}
