//! Brazilian tax ids: [`Cpf`] (people), [`Cnpj`] (companies) and [`TaxId`] (either).
//!
//! They are strings, never integers: leading zeros matter and, from July 2026, new CNPJs are
//! alphanumeric (`^[0-9A-Z]{12}[0-9]{2}$`, already in OFB pre-release specs).
//!
//! Parsing accepts what people type (punctuation, lowercase CNPJ letters, surrounding spaces)
//! and stores the canonical form: digits (and uppercase letters) only.

mod cnpj;
mod cpf;
mod error;

use std::fmt;
use std::str::FromStr;

pub use cnpj::Cnpj;
pub use cpf::Cpf;
pub use error::TaxIdError;

pub(crate) use cnpj::mask as mask_cnpj;
pub(crate) use cpf::mask as mask_cpf;

use crate::serde_str::string_serde;

/// Which kind of tax id a value is; also used in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxIdKind {
    /// Cadastro de Pessoas Físicas: 11 digits.
    Cpf,
    /// Cadastro Nacional da Pessoa Jurídica: 14 characters.
    Cnpj,
}

impl TaxIdKind {
    /// Number of characters of the normalised form.
    pub const fn char_count(self) -> usize {
        match self {
            TaxIdKind::Cpf => 11,
            TaxIdKind::Cnpj => 14,
        }
    }

    /// Short upper-case name, as Brazilians write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            TaxIdKind::Cpf => "CPF",
            TaxIdKind::Cnpj => "CNPJ",
        }
    }

    const fn unit(self) -> &'static str {
        match self {
            TaxIdKind::Cpf => "digits",
            TaxIdKind::Cnpj => "characters",
        }
    }

    const fn allowed_characters(self) -> &'static str {
        match self {
            TaxIdKind::Cpf => "a CPF has only digits, optionally punctuated as 000.000.000-00",
            TaxIdKind::Cnpj => {
                "a CNPJ has only digits and letters A-Z, optionally punctuated as 00.000.000/0000-00"
            }
        }
    }
}

impl fmt::Display for TaxIdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CPF or a CNPJ, told apart by length once punctuation is removed.
///
/// Debug output is masked (see [`TaxId::masked`]) so that `?value` in a log line does not leak
/// personal data.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxId {
    Cpf(Cpf),
    Cnpj(Cnpj),
}

impl TaxId {
    /// Normalised form: digits (and, for an alphanumeric CNPJ, uppercase letters) only.
    pub fn as_str(&self) -> &str {
        match self {
            TaxId::Cpf(cpf) => cpf.as_str(),
            TaxId::Cnpj(cnpj) => cnpj.as_str(),
        }
    }

    pub fn kind(&self) -> TaxIdKind {
        match self {
            TaxId::Cpf(_) => TaxIdKind::Cpf,
            TaxId::Cnpj(_) => TaxIdKind::Cnpj,
        }
    }

    /// Human-readable punctuated form (`761.092.776-73`, `11.222.333/0001-81`).
    pub fn formatted(&self) -> String {
        match self {
            TaxId::Cpf(cpf) => cpf.formatted(),
            TaxId::Cnpj(cnpj) => cnpj.formatted(),
        }
    }

    /// Partially hidden form for logs and UI (`***.092.776-**`, `**.222.333/0001-**`).
    pub fn masked(&self) -> String {
        match self {
            TaxId::Cpf(cpf) => cpf.masked(),
            TaxId::Cnpj(cnpj) => cnpj.masked(),
        }
    }

    pub fn as_cpf(&self) -> Option<&Cpf> {
        match self {
            TaxId::Cpf(cpf) => Some(cpf),
            TaxId::Cnpj(_) => None,
        }
    }

    pub fn as_cnpj(&self) -> Option<&Cnpj> {
        match self {
            TaxId::Cnpj(cnpj) => Some(cnpj),
            TaxId::Cpf(_) => None,
        }
    }
}

impl FromStr for TaxId {
    type Err = TaxIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Count the characters that are not punctuation to pick the kind; each kind's own
        // parser then reports precise errors (bad characters, check digits).
        let significant = s.trim().chars().filter(|c| !is_punctuation(*c)).count();
        match significant {
            11 => s.parse().map(TaxId::Cpf),
            14 => s.parse().map(TaxId::Cnpj),
            found => Err(TaxIdError::UnknownLength { found }),
        }
    }
}

impl From<Cpf> for TaxId {
    fn from(cpf: Cpf) -> Self {
        TaxId::Cpf(cpf)
    }
}

impl From<Cnpj> for TaxId {
    fn from(cnpj: Cnpj) -> Self {
        TaxId::Cnpj(cnpj)
    }
}

impl fmt::Display for TaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaxId::Cpf(cpf) => fmt::Debug::fmt(cpf, f),
            TaxId::Cnpj(cnpj) => fmt::Debug::fmt(cnpj, f),
        }
    }
}

string_serde!(TaxId, "a CPF (11 digits) or a CNPJ (14 characters) as a string");

/// Punctuation people use when writing tax ids; it carries no information and is dropped.
fn is_punctuation(c: char) -> bool {
    matches!(c, '.' | '-' | '/')
}

/// Strips punctuation and surrounding whitespace, uppercases letters (CNPJ only) and checks the
/// length. Returns the normalised ASCII bytes.
fn normalise<const N: usize>(input: &str, kind: TaxIdKind) -> Result<[u8; N], TaxIdError> {
    let mut out = [0u8; N];
    let mut found = 0usize;
    for (index, c) in input.trim().chars().enumerate() {
        let byte = match c {
            c if is_punctuation(c) => continue,
            '0'..='9' => c as u8,
            'a'..='z' | 'A'..='Z' if kind == TaxIdKind::Cnpj => c.to_ascii_uppercase() as u8,
            _ => {
                return Err(TaxIdError::InvalidCharacter { kind, character: c, position: index + 1 });
            }
        };
        if let Some(slot) = out.get_mut(found) {
            *slot = byte;
        }
        found += 1;
    }
    if found != N {
        return Err(TaxIdError::WrongLength { kind, found });
    }
    Ok(out)
}

/// The modulus-11 check digit shared by CPF and CNPJ: weighted sum of the character values;
/// remainder 0 or 1 gives 0, otherwise 11 minus the remainder.
fn mod11_check_digit(values: impl Iterator<Item = u32>, weights: &[u32]) -> u8 {
    let sum: u32 = values.zip(weights).map(|(v, w)| v * w).sum();
    match sum % 11 {
        0 | 1 => 0,
        // The remainder is at most 10, so the digit is 1..=9 and fits in u8.
        r => (11 - r) as u8,
    }
}

/// Views a normalised byte array as `&str`. The arrays only ever hold ASCII produced by
/// [`normalise`] or by check-digit computation, so the conversion cannot fail.
fn ascii_str(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => unreachable!("tax id bytes are always ASCII"),
    }
}

/// Writes `bytes` into a string, replacing positions listed in `hidden` with `*` and inserting
/// `separators` (position, char) before the given indices.
fn render(bytes: &[u8], separators: &[(usize, char)], hidden: impl Fn(usize) -> bool) -> String {
    let mut out = String::with_capacity(bytes.len() + separators.len());
    for (i, b) in bytes.iter().enumerate() {
        if let Some((_, sep)) = separators.iter().find(|(at, _)| *at == i) {
            out.push(*sep);
        }
        out.push(if hidden(i) { '*' } else { char::from(*b) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_id_picks_kind_by_length() {
        let cpf: TaxId = "761.092.776-73".parse().unwrap();
        assert_eq!(cpf.kind(), TaxIdKind::Cpf);
        assert_eq!(cpf.as_str(), "76109277673");
        assert_eq!(cpf.masked(), "***.092.776-**");
        let cnpj: TaxId = "11.222.333/0001-81".parse().unwrap();
        assert_eq!(cnpj.kind(), TaxIdKind::Cnpj);
        assert_eq!(cnpj.to_string(), "11222333000181");
        assert_eq!(cnpj.masked(), "**.222.333/0001-**");
        assert!(cnpj.as_cnpj().is_some() && cnpj.as_cpf().is_none());
    }

    #[test]
    fn tax_id_rejects_other_lengths() {
        for (input, found) in [("", 0), ("123", 3), ("1234567890123", 13), ("123456789012345", 15)] {
            assert_eq!(input.parse::<TaxId>(), Err(TaxIdError::UnknownLength { found }), "{input}");
        }
    }

    #[test]
    fn tax_id_reports_kind_specific_errors() {
        assert!(matches!(
            "76109277674".parse::<TaxId>(),
            Err(TaxIdError::CheckDigitMismatch { kind: TaxIdKind::Cpf, .. })
        ));
        assert!(matches!(
            "7610927767A".parse::<TaxId>(),
            Err(TaxIdError::InvalidCharacter { kind: TaxIdKind::Cpf, character: 'A', position: 11 })
        ));
    }

    #[test]
    fn tax_id_serde_is_a_plain_string() {
        let t: TaxId = serde_json::from_str("\"12.abc.345/01de-35\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"12ABC34501DE35\"");
        let err = serde_json::from_str::<TaxId>("\"76109277674\"").unwrap_err();
        assert!(err.to_string().contains("check digits"), "{err}");
        assert!(serde_json::from_str::<TaxId>("76109277673").is_err());
    }

    #[test]
    fn debug_is_masked() {
        let t: TaxId = "76109277673".parse().unwrap();
        assert_eq!(format!("{t:?}"), "Cpf(\"***.092.776-**\")");
    }

    #[test]
    fn error_messages_do_not_echo_the_value() {
        let err = "76109277674".parse::<TaxId>().unwrap_err().to_string();
        assert!(!err.contains("761092776"), "{err}");
    }
}
