//! Normal forms used to tell whether two institutions sent the same value written differently
//! (`Rua Augusta, 100` / `RUA AUGUSTA 100`, `(11) 98765-4321` / `11987654321`). They are keys
//! for comparison only: reports always show the value as an institution sent it.

/// Upper case, Portuguese diacritics folded (`Á` → `A`, `Ç` → `C`), every run of characters
/// that are not letters or digits made one space, trimmed.
pub(super) fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_uppercase).map(fold_diacritic) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Only the letters and digits, upper case: tax ids, document numbers, post codes, phones.
pub(super) fn alphanumeric(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// An e-mail address as mail systems compare it in practice: trimmed, lower case.
pub(super) fn email(text: &str) -> String {
    text.trim().to_lowercase()
}

/// `Some` of a value with something other than white space in it.
pub(super) fn non_blank(text: &str) -> Option<&str> {
    if text.trim().is_empty() { None } else { Some(text) }
}

fn fold_diacritic(c: char) -> char {
    match c {
        'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'A',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'Ç' => 'C',
        'Ñ' => 'N',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparable_ignores_case_accents_and_punctuation() {
        assert_eq!(comparable("  Rua Augusta, 100 - apto 12 "), "RUA AUGUSTA 100 APTO 12");
        assert_eq!(comparable("JOSÉ DA CONCEIÇÃO"), comparable("Jose da Conceicao"));
        assert_eq!(comparable("São  Paulo"), "SAO PAULO");
        assert_eq!(comparable("---"), "");
        assert_ne!(comparable("Rua A, 10"), comparable("Rua A, 100"));
    }

    #[test]
    fn alphanumeric_keeps_only_letters_and_digits() {
        assert_eq!(alphanumeric("761.092.776-73"), "76109277673");
        assert_eq!(alphanumeric("(11) 98765-4321"), "11987654321");
        assert_eq!(alphanumeric("12.abc.345/0001-90"), "12ABC345000190");
    }

    #[test]
    fn blanks_are_none() {
        assert_eq!(non_blank(" \t"), None);
        assert_eq!(non_blank(" x "), Some(" x "));
        assert_eq!(email(" Ana.Silva@Example.COM "), "ana.silva@example.com");
    }
}
