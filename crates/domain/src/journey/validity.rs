//! How long a consent lasts (the `validityPeriod` of the API: 0 or 12 months).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The sharing period the user agrees to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ValidityPeriod {
    /// Twelve months from authorisation.
    #[default]
    TwelveMonths,
    /// Until the user (or the partner) cancels it ("até você cancelar").
    UntilCancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("validityPeriod must be 0 (until cancelled) or 12 (months), got {0}")]
pub struct ValidityPeriodError(pub i64);

impl ValidityPeriod {
    /// The API's number: 12 or 0.
    pub const fn months(self) -> u8 {
        match self {
            Self::TwelveMonths => 12,
            Self::UntilCancelled => 0,
        }
    }

    pub fn from_months(months: i64) -> Result<Self, ValidityPeriodError> {
        match months {
            12 => Ok(Self::TwelveMonths),
            0 => Ok(Self::UntilCancelled),
            other => Err(ValidityPeriodError(other)),
        }
    }

    /// The consent's expiry for a consent created at `now`: the end of the day (UTC) twelve
    /// months later, or none.
    pub fn expiry(self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        match self {
            Self::UntilCancelled => None,
            Self::TwelveMonths => {
                let date = now.date();
                let target = date
                    .replace_year(date.year() + 1)
                    .or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(date.year() + 1)))
                    .unwrap_or(date);
                let end = target.with_hms_milli(23, 59, 59, 999).unwrap_or(target.midnight());
                Some(end.assume_utc())
            }
        }
    }
}

impl Serialize for ValidityPeriod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.months())
    }
}

impl<'de> Deserialize<'de> for ValidityPeriod {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let months = i64::deserialize(deserializer)?;
        Self::from_months(months).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn twelve_months_ends_at_the_end_of_the_day_a_year_later() {
        let now = datetime!(2026-11-24 15:30 UTC);
        assert_eq!(ValidityPeriod::TwelveMonths.expiry(now), Some(datetime!(2027-11-24 23:59:59.999 UTC)));
        assert_eq!(
            ValidityPeriod::TwelveMonths.expiry(datetime!(2028-02-29 10:00 UTC)),
            Some(datetime!(2029-02-28 23:59:59.999 UTC))
        );
        assert_eq!(ValidityPeriod::UntilCancelled.expiry(now), None);
    }

    #[test]
    fn only_0_and_12() {
        assert_eq!(serde_json::from_str::<ValidityPeriod>("0").unwrap(), ValidityPeriod::UntilCancelled);
        assert_eq!(serde_json::from_str::<ValidityPeriod>("12").unwrap(), ValidityPeriod::TwelveMonths);
        assert!(serde_json::from_str::<ValidityPeriod>("6").is_err());
        assert!(serde_json::from_str::<ValidityPeriod>("\"12\"").is_err());
        assert_eq!(serde_json::to_string(&ValidityPeriod::TwelveMonths).unwrap(), "12");
    }
}
