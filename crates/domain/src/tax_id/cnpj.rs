use std::fmt;
use std::str::FromStr;

use super::{TaxIdError, TaxIdKind, ascii_str, mod11_check_digit, normalise, render};
use crate::serde_str::string_serde;

/// A valid CNPJ (Cadastro Nacional da Pessoa Jurídica): 14 characters whose last two are check
/// digits.
///
/// Supports the alphanumeric CNPJ the Receita Federal issues from July 2026: the first 12
/// characters are `0-9` or `A-Z`, the last 2 are digits. Each character's value is its ASCII
/// code minus 48, so digits keep their value and `A` = 17, which makes the classic numeric CNPJ
/// a special case of the same rule. Lowercase input is uppercased.
///
/// Debug output is masked; use [`Cnpj::as_str`] when the full number is really needed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cnpj([u8; 14]);

const WEIGHTS_1: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const WEIGHTS_2: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

impl Cnpj {
    /// Builds a CNPJ from its first 12 characters (punctuation allowed) by computing the check
    /// digits. Meant for generating test personas; user input goes through `FromStr`.
    pub fn from_base(base: &str) -> Result<Cnpj, TaxIdError> {
        let base: [u8; 12] = normalise(base, TaxIdKind::Cnpj).map_err(|e| match e {
            // Report the length the full CNPJ would have, matching the message's wording.
            TaxIdError::WrongLength { kind, found } => TaxIdError::WrongLength { kind, found: found + 2 },
            other => other,
        })?;
        let [d1, d2] = check_digits(&base);
        let mut chars = [0u8; 14];
        chars[..12].copy_from_slice(&base);
        chars[12] = b'0' + d1;
        chars[13] = b'0' + d2;
        Cnpj::from_chars(chars)
    }

    /// The 14 characters, no punctuation (`11222333000181`, `12ABC34501DE35`).
    pub fn as_str(&self) -> &str {
        ascii_str(&self.0)
    }

    /// Punctuated form (`11.222.333/0001-81`).
    pub fn formatted(&self) -> String {
        render(&self.0, &SEPARATORS, |_| false)
    }

    /// Form for logs and UI that hides the first two and the check digits
    /// (`**.222.333/0001-**`).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// The 8-character root shared by all establishments (branches) of a company.
    pub fn root(&self) -> &str {
        ascii_str(&self.0[..8])
    }

    /// Whether the CNPJ contains letters (the post-2026 alphanumeric format).
    pub fn is_alphanumeric(&self) -> bool {
        self.0.iter().any(u8::is_ascii_uppercase)
    }

    fn from_chars(chars: [u8; 14]) -> Result<Cnpj, TaxIdError> {
        if let Some((index, c)) = chars[12..].iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(TaxIdError::NonDigitCheckDigit { character: char::from(*c), position: 13 + index });
        }
        if chars.iter().all(|c| *c == b'0') {
            return Err(TaxIdError::AllZeros);
        }
        let mut base = [0u8; 12];
        base.copy_from_slice(&chars[..12]);
        let [d1, d2] = check_digits(&base);
        let expected = [b'0' + d1, b'0' + d2];
        if chars[12..] != expected {
            return Err(TaxIdError::CheckDigitMismatch {
                kind: TaxIdKind::Cnpj,
                expected: ascii_str(&expected).to_owned(),
                found: ascii_str(&chars[12..]).to_owned(),
            });
        }
        Ok(Cnpj(chars))
    }
}

const SEPARATORS: [(usize, char); 4] = [(2, '.'), (5, '.'), (8, '/'), (12, '-')];

/// The masked layout of 14 CNPJ characters; shared with the log redactor.
pub(crate) fn mask(chars: &[u8; 14]) -> String {
    render(chars, &SEPARATORS, |i| !(2..12).contains(&i))
}

/// Check digits (as numbers 0..=9) of a 12-character base of `0-9A-Z` ASCII.
fn check_digits(base: &[u8; 12]) -> [u8; 2] {
    let values = || base.iter().map(|b| u32::from(b - b'0'));
    let d1 = mod11_check_digit(values(), &WEIGHTS_1);
    let d2 = mod11_check_digit(values().chain([u32::from(d1)]), &WEIGHTS_2);
    [d1, d2]
}

impl FromStr for Cnpj {
    type Err = TaxIdError;

    /// Accepts `11222333000181`, `11.222.333/0001-81` and `12.abc.345/01de-35`.
    ///
    /// The position reported for a non-digit check digit counts normalised characters, which
    /// is what a person comparing against the unpunctuated number expects.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cnpj::from_chars(normalise(s, TaxIdKind::Cnpj)?)
    }
}

impl fmt::Display for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cnpj").field(&self.masked()).finish()
    }
}

string_serde!(Cnpj, "a CNPJ as a string of 14 characters");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_valid_cnpjs() {
        for s in ["11222333000181", "44555666000181", "12ABC34501DE35"] {
            let cnpj: Cnpj = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(cnpj.as_str(), s);
        }
    }

    #[test]
    fn accepts_punctuation_and_lowercase() {
        let cnpj: Cnpj = "11.222.333/0001-81".parse().unwrap();
        assert_eq!(cnpj.as_str(), "11222333000181");
        assert_eq!(cnpj.formatted(), "11.222.333/0001-81");
        assert_eq!(cnpj.masked(), "**.222.333/0001-**");
        assert_eq!(cnpj.root(), "11222333");
        assert!(!cnpj.is_alphanumeric());

        let alnum: Cnpj = "12.abc.345/01de-35".parse().unwrap();
        assert_eq!(alnum.as_str(), "12ABC34501DE35");
        assert_eq!(alnum.formatted(), "12.ABC.345/01DE-35");
        assert_eq!(alnum.masked(), "**.ABC.345/01DE-**");
        assert!(alnum.is_alphanumeric());
    }

    #[test]
    fn rejects_all_zeros() {
        assert_eq!("00.000.000/0000-00".parse::<Cnpj>(), Err(TaxIdError::AllZeros));
    }

    #[test]
    fn rejects_wrong_check_digits() {
        assert_eq!(
            "11222333000182".parse::<Cnpj>(),
            Err(TaxIdError::CheckDigitMismatch {
                kind: TaxIdKind::Cnpj,
                expected: "81".into(),
                found: "82".into()
            })
        );
        assert!("12ABC34501DE36".parse::<Cnpj>().is_err());
        // A letter changed in the base changes the check digits.
        assert!("12ABD34501DE35".parse::<Cnpj>().is_err());
    }

    #[test]
    fn rejects_letters_in_check_digits() {
        assert_eq!(
            "12ABC34501DE3A".parse::<Cnpj>(),
            Err(TaxIdError::NonDigitCheckDigit { character: 'A', position: 14 })
        );
    }

    #[test]
    fn rejects_bad_characters_and_lengths() {
        assert!(matches!(
            "11.222.333_0001-81".parse::<Cnpj>(),
            Err(TaxIdError::InvalidCharacter { kind: TaxIdKind::Cnpj, character: '_', position: 11 })
        ));
        assert!(matches!("11222333000Ç81".parse::<Cnpj>(), Err(TaxIdError::InvalidCharacter { .. })));
        assert_eq!(
            "1122233300018".parse::<Cnpj>(),
            Err(TaxIdError::WrongLength { kind: TaxIdKind::Cnpj, found: 13 })
        );
    }

    #[test]
    fn from_base_computes_check_digits() {
        assert_eq!(Cnpj::from_base("11.222.333/0001").unwrap().as_str(), "11222333000181");
        assert_eq!(Cnpj::from_base("12abc34501de").unwrap().as_str(), "12ABC34501DE35");
        assert_eq!(Cnpj::from_base("000000000000"), Err(TaxIdError::AllZeros));
    }

    #[test]
    fn serde_round_trip() {
        let cnpj: Cnpj = serde_json::from_str("\"11.222.333/0001-81\"").unwrap();
        assert_eq!(serde_json::to_string(&cnpj).unwrap(), "\"11222333000181\"");
        assert!(serde_json::from_str::<Cnpj>("11222333000181").is_err());
    }
}
