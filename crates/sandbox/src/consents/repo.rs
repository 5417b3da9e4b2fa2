//! Loading and saving a bank's consents through `ponte_store`, applying the time rules on the
//! way out: a consent read after its 60 minutes (or after its end date) is rejected then and
//! there, and the rejection is saved, so every reader sees the same status.

use super::{ConsentRecord, ConsentStatus};
use crate::api::error::{OfbError, OfbResult};
use crate::context::BankContext;

fn internal(e: impl std::fmt::Display) -> OfbError {
    tracing::error!(error = %e, "sandbox consent storage failed");
    OfbError::internal("the bank could not read or write the consent")
}

pub async fn insert(ctx: &BankContext, record: &ConsentRecord) -> OfbResult<()> {
    let document = serde_json::to_string(record).map_err(internal)?;
    ctx.store
        .insert_sandbox_consent(
            ctx.bank.code.code(),
            &record.consent_id,
            &record.client_id,
            record.status.as_str(),
            &document,
        )
        .await
        .map_err(internal)
}

/// The consent as it stands now (time rules applied and saved), or `None`.
pub async fn load(ctx: &BankContext, consent_id: &str) -> OfbResult<Option<ConsentRecord>> {
    // Two rounds at most: if another request moved the consent while we expired it, the
    // second read sees its move.
    for _ in 0..2 {
        let Some(stored) =
            ctx.store.sandbox_consent(ctx.bank.code.code(), consent_id).await.map_err(internal)?
        else {
            return Ok(None);
        };
        let record: ConsentRecord = serde_json::from_str(&stored.document).map_err(internal)?;
        let Some(expired) = record.expire(ctx.now()) else { return Ok(Some(record)) };
        if transition(ctx, &record, &expired).await? {
            return Ok(Some(expired));
        }
    }
    Err(OfbError::internal("the consent kept changing while it was read; try again"))
}

/// Saves `to` if the consent is still as `from` left it; false when it had moved on.
pub async fn transition(ctx: &BankContext, from: &ConsentRecord, to: &ConsentRecord) -> OfbResult<bool> {
    let document = serde_json::to_string(to).map_err(internal)?;
    ctx.store
        .update_sandbox_consent(
            ctx.bank.code.code(),
            &from.consent_id,
            from.status.as_str(),
            to.status.as_str(),
            &document,
        )
        .await
        .map_err(internal)
}

/// Whether a token for this consent may be used: the consent exists and is AUTHORISED.
pub fn is_usable(record: &ConsentRecord) -> bool {
    record.status == ConsentStatus::Authorised
}
