//! Normalised transaction names: lowercase ASCII letters and single spaces, accents stripped,
//! punctuation turned into spaces, digits and apostrophes dropped. `"PAG*iFood 12/03"` becomes
//! `" pag ifood "`: the padding spaces let keyword patterns carry their own word boundaries
//! (`" bet "` matches the word *bet*, never *betania*).
//!
//! Normalising is on the hot path (once per transaction), so it writes into a fixed stack buffer
//! instead of allocating.

/// Bytes kept of a name. OFB caps `transactionName` at 200 characters; anything longer is cut
/// (hostile input must not cost more than an honest one).
const CAPACITY: usize = 256;

/// A name in normalised form, padded with one space on each side.
pub(crate) struct Normalised {
    buf: [u8; CAPACITY],
    len: usize,
}

/// What a character becomes.
enum Folded {
    Letter(u8),
    Space,
    Dropped,
}

impl Normalised {
    pub(crate) fn new(raw: &str) -> Normalised {
        let mut out = Normalised { buf: [b' '; CAPACITY], len: 1 };
        for c in raw.chars() {
            match fold(c) {
                Folded::Letter(b) => {
                    // Keep one byte for the closing space.
                    if out.len >= CAPACITY - 1 {
                        break;
                    }
                    out.buf[out.len] = b;
                    out.len += 1;
                }
                Folded::Space => {
                    if out.buf[out.len - 1] != b' ' {
                        out.buf[out.len] = b' ';
                        out.len += 1;
                    }
                }
                Folded::Dropped => {}
            }
        }
        if out.buf[out.len - 1] != b' ' {
            out.buf[out.len] = b' ';
            out.len += 1;
        }
        out
    }

    /// The padded form (`" pag ifood "`); a name with no letters is `" "`.
    pub(crate) fn padded(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The words without padding (`"pag ifood"`).
    pub(crate) fn words(&self) -> &str {
        let inner = self.buf.get(1..self.len.saturating_sub(1)).unwrap_or(&[]);
        // Only ASCII letters and spaces are ever written.
        std::str::from_utf8(inner).unwrap_or("")
    }
}

/// Normalises a transaction name (or a keyword) the way the rules see it: `"Pão de Açúcar
/// 0412"` → `"pao de acucar"`.
pub fn normalise(raw: &str) -> String {
    Normalised::new(raw).words().to_owned()
}

fn fold(c: char) -> Folded {
    if c.is_ascii_alphabetic() {
        return Folded::Letter(c.to_ascii_lowercase() as u8);
    }
    if c.is_ascii_digit() {
        return Folded::Dropped;
    }
    let letter = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => b'a',
        'ç' | 'Ç' => b'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => b'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => b'i',
        'ñ' | 'Ñ' => b'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => b'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => b'u',
        'ý' | 'ÿ' | 'Ý' => b'y',
        // Apostrophes join (`MC DONALD'S` → `mc donalds`); ordinal marks vanish with their
        // digits (`13º` → nothing).
        '\'' | '`' | '´' | '’' | 'ª' | 'º' | '°' => return Folded::Dropped,
        _ => return Folded::Space,
    };
    Folded::Letter(letter)
}
