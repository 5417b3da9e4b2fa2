use std::fmt;
use std::str::FromStr;

use super::{TaxIdError, TaxIdKind, ascii_str, mod11_check_digit, normalise, render};
use crate::serde_str::string_serde;

/// A valid CPF (Cadastro de Pessoas Físicas): 11 digits whose two check digits match.
///
/// Stored as its 11 ASCII digits. Debug output is masked so that `?cpf` in a log line does not
/// leak personal data; use [`Cpf::as_str`] when the full number is really needed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cpf([u8; 11]);

/// Weights for the first check digit (over the first 9 digits) and the second (over 10).
const WEIGHTS_1: [u32; 9] = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const WEIGHTS_2: [u32; 10] = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];

impl Cpf {
    /// Builds a CPF from its first 9 digits (punctuation allowed) by computing the two check
    /// digits. Meant for generating test personas; user input goes through `FromStr`.
    pub fn from_base(base: &str) -> Result<Cpf, TaxIdError> {
        let base: [u8; 9] = normalise(base, TaxIdKind::Cpf).map_err(|e| match e {
            TaxIdError::WrongLength { kind, found } => TaxIdError::WrongLength { kind, found: found + 2 },
            other => other,
        })?;
        let [d1, d2] = check_digits(&base);
        let mut digits = [0u8; 11];
        digits[..9].copy_from_slice(&base);
        digits[9] = b'0' + d1;
        digits[10] = b'0' + d2;
        Cpf::from_digits(digits)
    }

    /// The 11 digits, no punctuation (`76109277673`).
    pub fn as_str(&self) -> &str {
        ascii_str(&self.0)
    }

    /// Punctuated form for display to the person it belongs to (`761.092.776-73`).
    pub fn formatted(&self) -> String {
        render(&self.0, &SEPARATORS, |_| false)
    }

    /// Form for logs and UI that hides the first three and the check digits (`***.092.776-**`).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    fn from_digits(digits: [u8; 11]) -> Result<Cpf, TaxIdError> {
        if digits.iter().all(|d| *d == digits[0]) {
            return Err(TaxIdError::RepeatedDigits);
        }
        let mut base = [0u8; 9];
        base.copy_from_slice(&digits[..9]);
        let [d1, d2] = check_digits(&base);
        let expected = [b'0' + d1, b'0' + d2];
        if digits[9..] != expected {
            return Err(TaxIdError::CheckDigitMismatch {
                kind: TaxIdKind::Cpf,
                expected: ascii_str(&expected).to_owned(),
                found: ascii_str(&digits[9..]).to_owned(),
            });
        }
        Ok(Cpf(digits))
    }
}

const SEPARATORS: [(usize, char); 3] = [(3, '.'), (6, '.'), (9, '-')];

/// The masked layout of 11 CPF digits; shared with the log redactor, which masks CPF-shaped
/// numbers whether or not their check digits are right.
pub(crate) fn mask(digits: &[u8; 11]) -> String {
    render(digits, &SEPARATORS, |i| !(3..9).contains(&i))
}

/// Check digits (as numbers 0..=9) of a 9-digit ASCII base.
fn check_digits(base: &[u8; 9]) -> [u8; 2] {
    let values = || base.iter().map(|b| u32::from(b - b'0'));
    let d1 = mod11_check_digit(values(), &WEIGHTS_1);
    let d2 = mod11_check_digit(values().chain([u32::from(d1)]), &WEIGHTS_2);
    [d1, d2]
}

impl FromStr for Cpf {
    type Err = TaxIdError;

    /// Accepts `76109277673` and `761.092.776-73` (any `.`, `-`, `/` are ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cpf::from_digits(normalise(s, TaxIdKind::Cpf)?)
    }
}

impl fmt::Display for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cpf").field(&self.masked()).finish()
    }
}

string_serde!(Cpf, "a CPF as a string of 11 digits");

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: [&str; 9] = [
        "76109277673",
        "10000000108",
        "20000000299",
        "30000000388",
        "40000000477",
        "50000000566",
        "60000000655",
        "70000000744",
        "80000000833",
    ];

    #[test]
    fn accepts_known_valid_cpfs() {
        for s in VALID {
            let cpf: Cpf = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(cpf.as_str(), s);
            assert_eq!(cpf.to_string(), s);
        }
    }

    #[test]
    fn accepts_punctuation_and_whitespace() {
        let cpf: Cpf = " 761.092.776-73 ".parse().unwrap();
        assert_eq!(cpf.as_str(), "76109277673");
        assert_eq!(cpf.formatted(), "761.092.776-73");
        assert_eq!(cpf.masked(), "***.092.776-**");
    }

    #[test]
    fn rejects_repeated_digits() {
        for d in '0'..='9' {
            let s: String = std::iter::repeat_n(d, 11).collect();
            assert_eq!(s.parse::<Cpf>(), Err(TaxIdError::RepeatedDigits), "{s}");
        }
        assert_eq!("111.111.111-11".parse::<Cpf>(), Err(TaxIdError::RepeatedDigits));
    }

    #[test]
    fn rejects_wrong_check_digits() {
        assert_eq!(
            "76109277674".parse::<Cpf>(),
            Err(TaxIdError::CheckDigitMismatch {
                kind: TaxIdKind::Cpf,
                expected: "73".into(),
                found: "74".into()
            })
        );
    }

    #[test]
    fn rejects_bad_characters_and_lengths() {
        assert_eq!(
            "761.092.776 73".parse::<Cpf>(),
            Err(TaxIdError::InvalidCharacter { kind: TaxIdKind::Cpf, character: ' ', position: 12 })
        );
        assert!(matches!(
            "761a9277673".parse::<Cpf>(),
            Err(TaxIdError::InvalidCharacter { character: 'a', position: 4, .. })
        ));
        assert_eq!(
            "7610927767".parse::<Cpf>(),
            Err(TaxIdError::WrongLength { kind: TaxIdKind::Cpf, found: 10 })
        );
        assert_eq!("".parse::<Cpf>(), Err(TaxIdError::WrongLength { kind: TaxIdKind::Cpf, found: 0 }));
        assert_eq!(
            "761092776731".parse::<Cpf>(),
            Err(TaxIdError::WrongLength { kind: TaxIdKind::Cpf, found: 12 })
        );
        assert!(matches!("７６１０９２７７６７３".parse::<Cpf>(), Err(TaxIdError::InvalidCharacter { .. })));
    }

    #[test]
    fn from_base_computes_check_digits() {
        assert_eq!(Cpf::from_base("761.092.776").unwrap().as_str(), "76109277673");
        assert_eq!(
            Cpf::from_base("76109277"),
            Err(TaxIdError::WrongLength { kind: TaxIdKind::Cpf, found: 10 })
        );
        assert_eq!(Cpf::from_base("000000000"), Err(TaxIdError::RepeatedDigits));
    }

    #[test]
    fn serde_round_trip() {
        let cpf: Cpf = serde_json::from_str("\"761.092.776-73\"").unwrap();
        assert_eq!(serde_json::to_string(&cpf).unwrap(), "\"76109277673\"");
        let err = serde_json::from_str::<Cpf>("76109277673").unwrap_err();
        assert!(err.to_string().contains("a CPF as a string"), "{err}");
    }

    #[test]
    fn error_message_is_readable() {
        let err = "76109277674".parse::<Cpf>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "CPF check digits do not match: expected 73, got 74; the number probably has a typo"
        );
    }
}
