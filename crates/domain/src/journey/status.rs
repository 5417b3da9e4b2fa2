//! Consent and link statuses (spec §5) and the state machine between them.
//!
//! Every transition Ponte stores goes through [`ConsentStatus::can_become`], so an event can
//! only be emitted for a move the journey allows (and, since a status never returns to an
//! earlier one, each status's event is emitted at most once per consent).

use std::fmt;
use std::str::FromStr;

use crate::serde_str::string_serde;

/// A consent as the partner sees it (the Klavi view), derived from the OFB consent status and
/// its rejection reason plus Ponte's own steps (LGPD confirmation, inactivity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsentStatus {
    /// Created, the user not yet sent to the bank.
    Started,
    /// OFB consent awaiting authorisation: the user is at the bank.
    AwaitingAuthorisation,
    /// The bank authorised; the LGPD confirmation page is pending.
    AwaitingLgpdAuthorisation,
    /// Both done; reports may be requested.
    Authorised,
    /// Technical failure (token exchange, invalid id_token, bank 5xx during the journey).
    Error,
    /// Refused by the user at the bank or on the LGPD page.
    Rejected,
    /// Not completed in time, or the sharing period ended.
    Expired,
    /// Revoked by the partner, the user at the bank or the institution.
    Revoked,
    /// The user asked Ponte to delete the shared data.
    DeletedByUser,
}

impl ConsentStatus {
    pub const ALL: [ConsentStatus; 9] = [
        Self::Started,
        Self::AwaitingAuthorisation,
        Self::AwaitingLgpdAuthorisation,
        Self::Authorised,
        Self::Error,
        Self::Rejected,
        Self::Expired,
        Self::Revoked,
        Self::DeletedByUser,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Started => "STARTED",
            Self::AwaitingAuthorisation => "AWAITING_AUTHORISATION",
            Self::AwaitingLgpdAuthorisation => "AWAITING_LGPD_AUTHORISATION",
            Self::Authorised => "AUTHORISED",
            Self::Error => "ERROR",
            Self::Rejected => "REJECTED",
            Self::Expired => "EXPIRED",
            Self::Revoked => "REVOKED",
            Self::DeletedByUser => "DELETED_BY_USER",
        }
    }

    /// Whether the journey is still under way (nothing decided yet).
    pub const fn is_pending(self) -> bool {
        matches!(self, Self::Started | Self::AwaitingAuthorisation | Self::AwaitingLgpdAuthorisation)
    }

    /// Whether no further transition is possible.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Error | Self::Rejected | Self::Expired | Self::Revoked | Self::DeletedByUser)
    }

    /// Whether a consent in this status may move to `next`. Statuses only move forward:
    /// pending → pending (later step) or an outcome; `AUTHORISED` → expired, revoked or
    /// deleted; final statuses never move.
    pub const fn can_become(self, next: ConsentStatus) -> bool {
        use ConsentStatus as S;
        match (self, next) {
            (S::Started, S::AwaitingAuthorisation) => true,
            (S::Started | S::AwaitingAuthorisation, S::AwaitingLgpdAuthorisation) => true,
            (S::AwaitingLgpdAuthorisation, S::Authorised) => true,
            (from, S::Error | S::Rejected | S::Expired) if from.is_pending() => true,
            (S::Authorised, S::Expired | S::Revoked | S::DeletedByUser) => true,
            (S::Started | S::AwaitingAuthorisation | S::AwaitingLgpdAuthorisation, S::Revoked) => true,
            _ => false,
        }
    }

    /// The event a partner receives when a consent enters this status (spec §6); the pending
    /// steps have none.
    pub const fn event_name(self) -> Option<&'static str> {
        match self {
            Self::Authorised => Some("consent_authorised"),
            Self::Error => Some("consent_error"),
            Self::Rejected => Some("consent_rejected"),
            Self::Expired => Some("consent_expired"),
            Self::Revoked => Some("consent_revoked"),
            Self::DeletedByUser => Some("consent_deleted_by_user"),
            Self::Started | Self::AwaitingAuthorisation | Self::AwaitingLgpdAuthorisation => None,
        }
    }
}

/// A string that is not a status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status \"{0}\"")]
pub struct StatusError(pub String);

/// Parsing, printing and serde of a status type by its `ALL` and `as_str`.
macro_rules! status_text {
    ($type:ty, $expected:literal) => {
        impl FromStr for $type {
            type Err = StatusError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|status| status.as_str() == s)
                    .ok_or_else(|| StatusError(s.chars().take(64).collect()))
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        string_serde!($type, $expected);
    };
}

status_text!(ConsentStatus, "a consent status such as \"AUTHORISED\"");

/// A link's status (spec §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkStatus {
    /// No consent authorised yet and the URL still valid.
    Pending,
    /// At least one consent authorised.
    Authorised,
    /// The journey ended without an authorised consent.
    Failed,
    /// The URL expired unused.
    Expired,
}

impl LinkStatus {
    pub const ALL: [LinkStatus; 4] = [Self::Pending, Self::Authorised, Self::Failed, Self::Expired];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Authorised => "AUTHORISED",
            Self::Failed => "FAILED",
            Self::Expired => "EXPIRED",
        }
    }

    /// The link's status from its consents' statuses, once its URL has expired or not. Any
    /// authorised consent makes the link `AUTHORISED`; a link whose URL expired with consents
    /// that all ended otherwise has failed; with no consent at all it expired unused. A link
    /// that was `AUTHORISED` stays so (see [`LinkStatus::next`]): revoking or expiring its
    /// consents later does not rewrite its history.
    pub fn derive(consents: impl IntoIterator<Item = ConsentStatus>, url_expired: bool) -> LinkStatus {
        let mut any = false;
        let mut pending = false;
        for status in consents {
            any = true;
            match status {
                ConsentStatus::Authorised => return LinkStatus::Authorised,
                s if s.is_pending() => pending = true,
                _ => {}
            }
        }
        match (url_expired, any, pending) {
            (false, _, _) | (true, _, true) => LinkStatus::Pending,
            (true, false, false) => LinkStatus::Expired,
            (true, true, false) => LinkStatus::Failed,
        }
    }

    /// The status a link in `self` moves to given its consents now: `AUTHORISED` is kept.
    pub fn next(self, consents: impl IntoIterator<Item = ConsentStatus>, url_expired: bool) -> LinkStatus {
        match self {
            LinkStatus::Authorised => LinkStatus::Authorised,
            _ => LinkStatus::derive(consents, url_expired),
        }
    }
}

status_text!(LinkStatus, "a link status such as \"PENDING\"");

#[cfg(test)]
mod tests {
    use super::ConsentStatus as S;
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in S::ALL {
            assert_eq!(status.as_str().parse::<S>(), Ok(status));
        }
        for status in LinkStatus::ALL {
            assert_eq!(status.as_str().parse::<LinkStatus>(), Ok(status));
        }
        assert!("authorised".parse::<S>().is_err());
    }

    #[test]
    fn the_happy_path_is_allowed_in_order_only() {
        let path = [S::Started, S::AwaitingAuthorisation, S::AwaitingLgpdAuthorisation, S::Authorised];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{} → {}", pair[0], pair[1]);
            assert!(!pair[1].can_become(pair[0]), "{} → {}", pair[1], pair[0]);
        }
        assert!(!S::Started.can_become(S::Authorised), "the LGPD step cannot be skipped");
    }

    #[test]
    fn final_statuses_never_move_and_nothing_moves_to_itself() {
        for from in S::ALL {
            assert!(!from.can_become(from), "{from}");
            if from.is_final() {
                assert!(S::ALL.iter().all(|to| !from.can_become(*to)), "{from}");
            }
        }
    }

    #[test]
    fn every_status_is_reachable_from_started() {
        let mut reached = vec![S::Started];
        let mut frontier = vec![S::Started];
        while let Some(from) = frontier.pop() {
            for to in S::ALL {
                if from.can_become(to) && !reached.contains(&to) {
                    reached.push(to);
                    frontier.push(to);
                }
            }
        }
        assert_eq!(reached.len(), S::ALL.len());
    }

    #[test]
    fn only_outcomes_have_events() {
        for status in S::ALL {
            assert_eq!(status.event_name().is_some(), !status.is_pending(), "{status}");
        }
        assert_eq!(S::Authorised.event_name(), Some("consent_authorised"));
    }

    #[test]
    fn link_status_follows_its_consents() {
        assert_eq!(LinkStatus::derive([], false), LinkStatus::Pending);
        assert_eq!(LinkStatus::derive([], true), LinkStatus::Expired);
        assert_eq!(LinkStatus::derive([S::Rejected], false), LinkStatus::Pending);
        assert_eq!(LinkStatus::derive([S::Rejected, S::Error], true), LinkStatus::Failed);
        assert_eq!(LinkStatus::derive([S::Rejected, S::Authorised], true), LinkStatus::Authorised);
        assert_eq!(LinkStatus::derive([S::AwaitingAuthorisation], true), LinkStatus::Pending);
        assert_eq!(LinkStatus::derive([S::Revoked], true), LinkStatus::Failed, "revoked before authorising");
        let consents = [S::Expired];
        assert_eq!(LinkStatus::Authorised.next(consents, true), LinkStatus::Authorised, "history is kept");
        assert_eq!(LinkStatus::Pending.next(consents, true), LinkStatus::Failed);
    }
}
