//! Resources v3.1.0 (`/open-banking/resources/v3`): what a consent gives access to.

use serde::{Deserialize, Serialize};

/// An item of `GET /resources`: `resourceId` is the account, card account, contract or
/// investment id of the resource's own API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub resource_id: String,
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    pub status: ResourceStatus,
}

/// What a resource is (`type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceType {
    Account,
    CreditCardAccount,
    Loan,
    Financing,
    UnarrangedAccountOverdraft,
    InvoiceFinancing,
    BankFixedIncome,
    CreditFixedIncome,
    VariableIncome,
    TreasureTitle,
    Fund,
    Exchange,
}

/// Whether the resource can be read (`status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceStatus {
    Available,
    Unavailable,
    TemporarilyUnavailable,
    PendingAuthorisation,
}
