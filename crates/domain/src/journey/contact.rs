//! The end user's contact details a link may carry (for compliance records; Ponte sends them
//! nowhere). Both are normalised so that the same person is written the same way.

use std::fmt;
use std::str::FromStr;

use crate::serde_str::string_serde;

/// A phone number in E.164 (`+5511912345678`). Brazilian numbers may be given without the
/// country code, with or without punctuation: `(11) 91234-5678` becomes `+5511912345678`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone must contain only digits, spaces, '+', '-', '.' and parentheses")]
    Characters,
    #[error(
        "phone must be in E.164 (\"+5511912345678\") or a Brazilian number with area code (\"11912345678\")"
    )]
    Length,
    #[error("a Brazilian phone number starts with a two-digit area code from 11 to 99")]
    AreaCode,
}

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() > 32 || !s.chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c)) {
            return Err(PhoneError::Characters);
        }
        let international = s.starts_with('+');
        if s.chars().skip(1).any(|c| c == '+') {
            return Err(PhoneError::Characters);
        }
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let e164 = if international {
            digits
        } else if matches!(digits.len(), 10 | 11) {
            // A national Brazilian number: area code + 8 (landline) or 9 (mobile) digits.
            format!("55{digits}")
        } else if matches!(digits.len(), 12 | 13) && digits.starts_with("55") {
            digits
        } else {
            return Err(PhoneError::Length);
        };
        if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
            return Err(PhoneError::Length);
        }
        if let Some(national) = e164.strip_prefix("55") {
            if !matches!(national.len(), 10 | 11) {
                return Err(PhoneError::Length);
            }
            if national.starts_with('0') || national[1..].starts_with('0') {
                return Err(PhoneError::AreaCode);
            }
        }
        Ok(Phone(format!("+{e164}")))
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_serde!(Phone, "a phone number such as \"+5511912345678\"");

/// An e-mail address: one `@`, a non-empty local part, a domain with a dot and no spaces;
/// the domain is lower-cased. Deliverability is not checked (Ponte sends no e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("email must be an address such as \"ana@example.com\"")]
pub struct EmailError;

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = EmailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError)?;
        let valid_local = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && local.chars().all(|c| c.is_ascii_graphic() || !c.is_ascii())
            && !local.starts_with('.')
            && !local.ends_with('.');
        let labels: Vec<&str> = domain.split('.').collect();
        let valid_domain = domain.len() <= 253
            && labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if s.len() > 254 || !valid_local || !valid_domain {
            return Err(EmailError);
        }
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_serde!(Email, "an e-mail address");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brazilian_numbers_are_normalised_to_e164() {
        for (input, expected) in [
            ("+55 11 91234-5678", "+5511912345678"),
            ("(11) 91234-5678", "+5511912345678"),
            ("11912345678", "+5511912345678"),
            ("1132345678", "+551132345678"),
            ("5511912345678", "+5511912345678"),
            ("+1 415 555 0100", "+14155550100"),
            (" +5521987654321 ", "+5521987654321"),
        ] {
            assert_eq!(input.parse::<Phone>().unwrap().as_str(), expected, "{input}");
        }
    }

    #[test]
    fn bad_phones_are_refused() {
        for bad in [
            "",
            "abc",
            "123",
            "+55 11 9123",
            "0011912345678",
            "(01) 91234-5678",
            "+55+11",
            "1".repeat(40).as_str(),
        ] {
            assert!(bad.parse::<Phone>().is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!("Ana.Silva@Example.COM".parse::<Email>().unwrap().as_str(), "Ana.Silva@example.com");
        assert!("joão@empresa.com.br".parse::<Email>().is_ok());
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana silva@example.com",
            "ana@exa mple.com",
            "ana@-x.com",
            ".ana@example.com",
        ] {
            assert!(bad.parse::<Email>().is_err(), "{bad}");
        }
    }
}
