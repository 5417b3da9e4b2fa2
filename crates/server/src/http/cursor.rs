//! Opaque page cursors of the newest-first lists (consents, reports): the last item's creation
//! time and id, so the next page starts strictly after it whatever is inserted meanwhile.

use super::error::{ApiError, ApiResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::OffsetDateTime;
use uuid::Uuid;

/// The cursor after an item created at `created_at` with `id`.
pub fn encode(created_at: OffsetDateTime, id: Uuid) -> String {
    let at = ponte_store::clock::to_millis(created_at);
    URL_SAFE_NO_PAD.encode(format!("{at}:{id}"))
}

/// A cursor from [`encode`] back to (creation time in milliseconds, id); 400 for anything else.
pub fn decode(cursor: &str) -> ApiResult<(i64, Uuid)> {
    let invalid = || ApiError::BadRequest("cursor: is not a cursor from this API".to_owned());
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (at, id) = text.split_once(':').ok_or_else(invalid)?;
    Ok((at.parse().map_err(|_| invalid())?, id.parse().map_err(|_| invalid())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::new_v4();
        let at = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        assert_eq!(decode(&encode(at, id)).unwrap(), (1_790_000_000_000, id));
        for bad in ["", "!!", &URL_SAFE_NO_PAD.encode("12:not-a-uuid"), &URL_SAFE_NO_PAD.encode("x:y")] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
