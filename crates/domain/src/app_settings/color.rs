use std::fmt;
use std::str::FromStr;

use crate::serde_str::string_serde;

/// A brand colour as `#RRGGBB`, stored uppercase.
///
/// Only the six-digit form is accepted: it is what design tools export and what the Link
/// page's CSS and contrast checks use; shorthand (`#abc`), alpha and named colours are refused
/// rather than guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HexColor([u8; 7]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("colour must be '#' followed by exactly 6 hexadecimal digits, such as \"#1A2B3C\"")]
pub struct HexColorError;

impl HexColor {
    /// `#RRGGBB` with uppercase digits.
    pub fn as_str(&self) -> &str {
        match std::str::from_utf8(&self.0) {
            Ok(s) => s,
            Err(_) => unreachable!("hex colours are always ASCII"),
        }
    }

    /// Red, green and blue channels, for contrast calculations.
    pub fn rgb(&self) -> [u8; 3] {
        let channel = |i: usize| (hex_value(self.0[i]) << 4) | hex_value(self.0[i + 1]);
        [channel(1), channel(3), channel(5)]
    }
}

/// Value of an uppercase hex digit; only called on bytes `from_str` accepted.
fn hex_value(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

impl FromStr for HexColor {
    type Err = HexColorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            [b'#', digits @ ..] if digits.len() == 6 && digits.iter().all(u8::is_ascii_hexdigit) => {
                let mut out = [b'#'; 7];
                for (slot, d) in out[1..].iter_mut().zip(digits) {
                    *slot = d.to_ascii_uppercase();
                }
                Ok(HexColor(out))
            }
            _ => Err(HexColorError),
        }
    }
}

impl fmt::Display for HexColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(HexColor, "a colour as a \"#RRGGBB\" string");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        let c: HexColor = "#1a2b3c".parse().unwrap();
        assert_eq!(c.as_str(), "#1A2B3C");
        assert_eq!(c.rgb(), [0x1A, 0x2B, 0x3C]);
        assert_eq!("#FFFFFF".parse::<HexColor>().unwrap().rgb(), [255, 255, 255]);
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"#1A2B3C\"");
        assert_eq!(serde_json::from_str::<HexColor>("\"#1a2b3c\"").unwrap(), c);
    }

    #[test]
    fn rejects_other_forms() {
        for bad in
            ["", "#", "#abc", "1A2B3C", "#1A2B3C4D", "#1A2B3G", " #1A2B3C", "#1A2B3C ", "red", "#１A2B3C"]
        {
            assert_eq!(bad.parse::<HexColor>(), Err(HexColorError), "{bad:?}");
        }
    }
}
