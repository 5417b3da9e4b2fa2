//! Storage of what the data pipeline produces and serves: the data fetched per consent (sealed,
//! replaced by each fetch) with the fetch's progress and the OFB call counters, report requests,
//! the reports built for them (sealed), and each app's category override rules.
//!
//! Every read a partner can trigger is scoped by app: another app's request, report or data is
//! not found. Reads by id alone (`report_request_for_job`, fetch state, counters) serve workers
//! whose job payload already names the row. Writes that must commit together with an event or a
//! job (a request with its `product_request_received` event and fetch jobs, a report with its
//! webhook delivery) are [`Tx`](crate::Tx) methods.

mod category_rules;
mod consent_data;
mod fetches;
mod ofb_calls;
mod reports;
mod requests;
mod scope;

pub use consent_data::ConsentDataRow;
pub use fetches::{FetchState, FetchStatus};
pub use reports::{NewReport, ReportFilter, ReportRow, ReportSummary};
pub use requests::{NewReportRequest, ReportLevel, ReportRequestRow, RequestOrigin, RequestStatus};
pub use scope::{ConsentScopeQuery, SCOPE_LIMIT};

/// Sealing-context prefixes of this module's sealed columns, registered in [`crate::reseal`].
pub(crate) mod sealed {
    pub(crate) use super::consent_data::{DATA_COLUMN as CONSENT_DATA, RAW_COLUMN as CONSENT_RAW};
    pub(crate) use super::reports::BODY_COLUMN as REPORT_BODY;
    pub(crate) use super::requests::{
        CALLBACK_MAP_COLUMN as REQUEST_CALLBACK_MAP, EXTERNAL_INFO_COLUMN as REQUEST_EXTERNAL_INFO,
    };
}

use crate::error::{Result, StoreError};
use ponte_domain::Audience;
use sqlx::Row;
use sqlx::any::AnyRow;
use uuid::Uuid;

/// A closed set of values stored as text. Reading an unknown value back is corruption, so the
/// parser is crate-private and fails with [`StoreError::Corrupt`].
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            pub(crate) fn from_column(text: &str) -> $crate::Result<Self> {
                match text {
                    $($text => Ok(Self::$variant),)+
                    other => Err($crate::StoreError::corrupt(format!(
                        concat!(stringify!($name), " {:?}"),
                        other
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

/// Sealing context of a value: a sealed value copied to another column or row fails to open.
/// `column` is `table.column`, as registered in [`crate::reseal`].
fn context(column: &str, id: &str) -> String {
    format!("{column}:{id}")
}

fn uuid(row: &AnyRow, column: &str) -> Result<Uuid> {
    let text: String = row.try_get(column)?;
    parse_uuid(column, &text)
}

fn optional_uuid(row: &AnyRow, column: &str) -> Result<Option<Uuid>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|text| parse_uuid(column, &text)).transpose()
}

fn parse_uuid(column: &str, text: &str) -> Result<Uuid> {
    text.parse().map_err(|_| StoreError::corrupt(format!("{column} is not a UUID")))
}

/// A non-negative count column (stored as BIGINT on both backends).
fn count(row: &AnyRow, column: &str) -> Result<u32> {
    let value: i64 = row.try_get(column)?;
    u32::try_from(value).map_err(|_| StoreError::corrupt(format!("{column} {value}")))
}

fn audience_str(audience: Audience) -> &'static str {
    match audience {
        Audience::Personal => "personal",
        Audience::Business => "business",
    }
}

fn parse_audience(text: &str) -> Result<Audience> {
    match text {
        "personal" => Ok(Audience::Personal),
        "business" => Ok(Audience::Business),
        other => Err(StoreError::corrupt(format!("audience {other:?}"))),
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Text parameters of a statement whose shape depends on its input (`IN` lists, optional
/// filters): each pushed value gets the next `$n` placeholder, bound in order by [`Params::bind`].
#[derive(Debug, Default)]
struct Params {
    values: Vec<String>,
}

impl Params {
    /// Adds a value; returns its placeholder.
    fn push(&mut self, value: String) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    /// Adds every value; returns their placeholders separated by commas.
    fn list(&mut self, values: impl IntoIterator<Item = String>) -> String {
        values.into_iter().map(|value| self.push(value)).collect::<Vec<_>>().join(", ")
    }

    fn bind<'q>(&self, mut query: AnyQuery<'q>) -> AnyQuery<'q> {
        for value in &self.values {
            query = query.bind(value.as_str());
        }
        query
    }
}

/// Ids sorted and without repeats: `IN` lists and join-table rows are then deterministic.
fn distinct(ids: &[Uuid]) -> Vec<Uuid> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Keeps parameter lists far below either backend's limit (SQLite 32766, PostgreSQL 65535).
const CHUNK: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_values_in_order() {
        let mut params = Params::default();
        assert_eq!(params.push("a".into()), "$1");
        assert_eq!(params.list(["b".to_owned(), "c".to_owned()]), "$2, $3");
        assert_eq!(params.list(Vec::new()), "");
        assert_eq!(params.values, ["a", "b", "c"]);
    }

    #[test]
    fn audiences_round_trip_and_unknown_text_is_corruption() {
        for audience in [Audience::Personal, Audience::Business] {
            assert_eq!(parse_audience(audience_str(audience)).ok(), Some(audience));
        }
        assert!(matches!(parse_audience("PERSONAL"), Err(StoreError::Corrupt(_))));
    }

    #[test]
    fn distinct_sorts_and_drops_repeats() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(distinct(&[b, a, b]), vec![a, b]);
    }
}
