use super::TaxIdKind;

/// Why a string is not a valid CPF, CNPJ or tax id.
///
/// Messages never repeat the rejected value: it is personal data and error messages end up in
/// logs and API responses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxIdError {
    /// A character that is neither part of the number nor accepted punctuation (`.`, `-`, `/`).
    #[error(
        "{kind} contains '{character}' at position {position}; {}",
        kind.allowed_characters()
    )]
    InvalidCharacter {
        kind: TaxIdKind,
        character: char,
        /// 1-based character position in the value after trimming surrounding whitespace.
        position: usize,
    },

    /// The CNPJ's last two characters (its check digits) must be digits even in an
    /// alphanumeric CNPJ.
    #[error(
        "CNPJ contains '{character}' at position {position}; the last two characters of a CNPJ are check digits and must be digits 0-9"
    )]
    NonDigitCheckDigit { character: char, position: usize },

    /// Wrong number of characters once punctuation is removed.
    #[error(
        "{kind} must have {} {} after removing punctuation, got {found}",
        kind.char_count(),
        kind.unit()
    )]
    WrongLength { kind: TaxIdKind, found: usize },

    /// `111.111.111-11` and friends pass the check-digit test but are not real CPFs.
    #[error("CPF cannot be a single repeated digit (such as 111.111.111-11)")]
    RepeatedDigits,

    /// `00.000.000/0000-00` passes the check-digit test but is not a real CNPJ.
    #[error("CNPJ cannot be all zeros")]
    AllZeros,

    /// The check digits don't match the rest of the number: almost always a typo.
    #[error(
        "{kind} check digits do not match: expected {expected}, got {found}; the number probably has a typo"
    )]
    CheckDigitMismatch { kind: TaxIdKind, expected: String, found: String },

    /// A [`super::TaxId`] is either 11 (CPF) or 14 (CNPJ) characters long.
    #[error(
        "a tax id must be a CPF (11 digits) or a CNPJ (14 characters) after removing punctuation, got {found} characters"
    )]
    UnknownLength { found: usize },
}
