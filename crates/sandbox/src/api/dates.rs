//! Date filters of the transaction endpoints: `from…Date` and `to…Date` come together or not at
//! all (then both are today), `from` ≤ `to`, and the window an endpoint allows — 12 months back
//! (and 12 forward, for scheduled entries) on the history endpoints, 7 days inclusive (D-6) on
//! the `-current` ones.

use super::error::{OfbError, OfbResult};
use std::collections::HashMap;
use time::{Date, Duration, macros::format_description};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    History,
    Current,
}

fn parse(name: &str, raw: &str) -> OfbResult<Date> {
    Date::parse(raw, format_description!("[year]-[month]-[day]"))
        .map_err(|_| OfbError::bad_request(format!("{name} must be a date (YYYY-MM-DD)")))
}

/// The inclusive date range asked for.
pub fn range(
    query: &HashMap<String, String>,
    from: &str,
    to: &str,
    today: Date,
    window: Window,
) -> OfbResult<(Date, Date)> {
    let (start, end) = match (query.get(from), query.get(to)) {
        (None, None) => return Ok((today, today)),
        (Some(a), Some(b)) => (parse(from, a)?, parse(to, b)?),
        _ => return Err(OfbError::bad_request(format!("{from} and {to} must be sent together"))),
    };
    if start > end {
        return Err(OfbError::unprocessable("DATA_INVALIDA", format!("{from} is after {to}")));
    }
    let (earliest, latest) = match window {
        Window::History => (today - Duration::days(365), today + Duration::days(365)),
        Window::Current => (today - Duration::days(6), today + Duration::days(365)),
    };
    if start < earliest || end > latest {
        let limit = match window {
            Window::History => "12 months back",
            Window::Current => "7 days back (D-6)",
        };
        return Err(OfbError::unprocessable(
            "DATA_FORA_DO_PERIODO",
            format!("the period must lie within {limit} and 12 months ahead"),
        ));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn q(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect()
    }

    #[test]
    fn ranges_follow_the_spec() {
        let today = date!(2026 - 11 - 23);
        let r = |pairs: &[(&str, &str)], w| range(&q(pairs), "from", "to", today, w);
        assert_eq!(r(&[], Window::History).unwrap(), (today, today));
        assert_eq!(
            r(&[("from", "2026-01-01"), ("to", "2026-02-01")], Window::History).unwrap().0,
            date!(2026 - 01 - 01)
        );
        assert_eq!(r(&[("from", "2026-01-01")], Window::History).unwrap_err().status, 400);
        assert_eq!(
            r(&[("from", "2026-13-01"), ("to", "2026-02-01")], Window::History).unwrap_err().status,
            400
        );
        assert_eq!(
            r(&[("from", "2026-03-01"), ("to", "2026-02-01")], Window::History).unwrap_err().status,
            422
        );
        assert_eq!(
            r(&[("from", "2025-01-01"), ("to", "2026-02-01")], Window::History).unwrap_err().status,
            422
        );
        assert!(r(&[("from", "2026-11-17"), ("to", "2026-11-23")], Window::Current).is_ok());
        assert_eq!(
            r(&[("from", "2026-11-16"), ("to", "2026-11-23")], Window::Current).unwrap_err().status,
            422
        );
    }
}
