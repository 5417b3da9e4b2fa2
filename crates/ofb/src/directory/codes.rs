//! Institution codes: the directory names organisations by CNPJ only, while partners know
//! banks by their three-digit COMPE code. A small table maps one to the other; organisations
//! not in it get their CNPJ root.

use crate::OfbError;
use serde::Deserialize;
use std::collections::HashMap;

const BUILTIN: &str = include_str!("../../data/institution-codes.json");

/// A CNPJ (14 characters, digits or — from 2026 — upper-case letters in the first 12) to
/// institution code map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeTable {
    codes: HashMap<String, String>,
}

#[derive(Deserialize)]
struct File {
    institutions: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    cnpj: String,
    code: String,
}

impl CodeTable {
    /// The table shipped with Ponte (`crates/ofb/data/institution-codes.json`): the big
    /// Brazilian banks and the sandbox institutions.
    pub fn builtin() -> CodeTable {
        // The file is part of the crate and checked by a test; an empty table (every
        // institution named by its CNPJ root) is the safe fallback should it ever not parse.
        CodeTable::from_json(BUILTIN).unwrap_or_default()
    }

    /// An operator's own table, in the shape of the built-in file:
    /// `{"institutions": [{"cnpj": "00000000000191", "code": "001"}, …]}` (other fields
    /// ignored).
    pub fn from_json(json: &str) -> Result<CodeTable, OfbError> {
        let file: File = serde_json::from_str(json)
            .map_err(|e| OfbError::Input(format!("institution code table: {e}")))?;
        let mut codes = HashMap::new();
        for entry in file.institutions {
            let cnpj = normalize_cnpj(&entry.cnpj).ok_or_else(|| {
                OfbError::Input(format!("institution code table: bad CNPJ {:?}", entry.cnpj))
            })?;
            if !is_code(&entry.code) {
                return Err(OfbError::Input(format!("institution code table: bad code {:?}", entry.code)));
            }
            if codes.insert(cnpj, entry.code).is_some() {
                return Err(OfbError::Input(format!(
                    "institution code table: {} is listed twice",
                    entry.cnpj
                )));
            }
        }
        Ok(CodeTable { codes })
    }

    /// The code of the institution with this CNPJ (normalised), if the table has it.
    pub fn get(&self, cnpj: &str) -> Option<&str> {
        self.codes.get(&normalize_cnpj(cnpj)?).map(String::as_str)
    }

    /// The code for `cnpj`: the table's, else the CNPJ's first 8 characters (its root).
    pub fn code_for(&self, cnpj: &str) -> String {
        match self.get(cnpj) {
            Some(code) => code.to_owned(),
            None => normalize_cnpj(cnpj).map(|c| c[..8].to_owned()).unwrap_or_else(|| cnpj.to_owned()),
        }
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// Codes are short and URL-safe: they end up in Ponte's API and URLs.
fn is_code(code: &str) -> bool {
    (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A CNPJ without its punctuation (`00.000.000/0001-91` → `00000000000191`), upper-cased;
/// `None` unless it has the OFB shape `^[0-9A-Z]{12}[0-9]{2}$`.
pub fn normalize_cnpj(value: &str) -> Option<String> {
    if value.len() > 32 {
        return None;
    }
    let cnpj: String = value
        .chars()
        .filter(|c| !matches!(c, '.' | '/' | '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let bytes = cnpj.as_bytes();
    let valid = bytes.len() == 14
        && bytes[..12].iter().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        && bytes[12..].iter().all(u8::is_ascii_digit);
    valid.then_some(cnpj)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CNPJ check digits (mod 11), so a typo in the data file is caught.
    fn check_digits_ok(cnpj: &str) -> bool {
        let digits: Vec<u32> = cnpj.chars().map(|c| c as u32 - '0' as u32).collect();
        let digit = |len: usize| {
            let weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
            let sum: u32 = digits[..len].iter().zip(&weights[13 - len..]).map(|(d, w)| d * w).sum();
            let rest = sum % 11;
            if rest < 2 { 0 } else { 11 - rest }
        };
        digit(12) == digits[12] && digit(13) == digits[13]
    }

    #[test]
    fn the_builtin_table_parses_and_has_valid_cnpjs() {
        let file: File = serde_json::from_str(BUILTIN).unwrap();
        for entry in &file.institutions {
            assert!(check_digits_ok(&entry.cnpj), "{} has wrong check digits", entry.cnpj);
        }
        let table = CodeTable::builtin();
        assert_eq!(table.len(), file.institutions.len());
        assert_eq!(table.get("00.000.000/0001-91"), Some("001"));
        assert_eq!(table.get("60701190000104"), Some("341"));
        assert_eq!(table.get("99999999000191"), Some("999"));
        assert_eq!(table.code_for("12345678000195"), "12345678");
    }

    #[test]
    fn operator_tables_are_checked() {
        let ok = CodeTable::from_json(r#"{"institutions": [{"cnpj": "12345678000195", "code": "X-1"}]}"#);
        assert_eq!(ok.unwrap().get("12345678000195"), Some("X-1"));
        let twice = r#"{"institutions": [{"cnpj": "12345678000195", "code": "1"}, {"cnpj": "12.345.678/0001-95", "code": "2"}]}"#;
        assert!(CodeTable::from_json(twice).is_err());
        assert!(CodeTable::from_json(r#"{"institutions": [{"cnpj": "123", "code": "1"}]}"#).is_err());
        assert!(
            CodeTable::from_json(r#"{"institutions": [{"cnpj": "12345678000195", "code": "a/b"}]}"#).is_err()
        );
        assert!(CodeTable::from_json("[]").is_err());
    }

    #[test]
    fn cnpjs_are_normalised_including_the_alphanumeric_form() {
        assert_eq!(normalize_cnpj("12.ABC.345/01DE-35").as_deref(), Some("12ABC34501DE35"));
        assert_eq!(normalize_cnpj("12abc34501de35").as_deref(), Some("12ABC34501DE35"));
        assert!(normalize_cnpj("12ABC34501DEAB").is_none());
        assert!(normalize_cnpj("1234567800019").is_none());
    }
}
