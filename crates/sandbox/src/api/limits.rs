//! Operational limits ("limites operacionais"): monthly call budgets per (endpoint, resource,
//! consent). Calls that follow a `next` link (they carry `pagination-key`) are not counted, as
//! the OFB pagination rules say. Past the budget the bank answers 429.

use super::error::{OfbError, OfbResult};
use crate::consents::ConsentRecord;
use crate::context::BankContext;
use ponte_store::sandbox::UsageKey;

/// An endpoint with a monthly budget. The figures follow the OFB functional tests' lower
/// bounds and the published per-month limits (reference §6.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budgeted {
    Accounts,
    Account,
    AccountBalances,
    AccountTransactions,
    AccountTransactionsCurrent,
    AccountOverdraftLimits,
    Cards,
    Card,
    CardLimits,
    CardBills,
    CardBillTransactions,
    CardTransactions,
    CardTransactionsCurrent,
    Customers,
    CreditOperation,
    Investment,
}

impl Budgeted {
    pub const fn monthly_limit(self) -> u64 {
        match self {
            Budgeted::AccountBalances | Budgeted::AccountOverdraftLimits => 420,
            Budgeted::AccountTransactions | Budgeted::CardTransactions | Budgeted::CardLimits => 240,
            Budgeted::AccountTransactionsCurrent | Budgeted::CardTransactionsCurrent => 240,
            Budgeted::Accounts | Budgeted::Cards => 240,
            Budgeted::Account
            | Budgeted::Card
            | Budgeted::CardBills
            | Budgeted::CardBillTransactions
            | Budgeted::Customers
            | Budgeted::CreditOperation
            | Budgeted::Investment => 30,
        }
    }

    fn name(self) -> String {
        format!("{self:?}")
    }
}

/// Counts a call; 429 once the month's budget is spent.
pub async fn count(
    ctx: &BankContext,
    consent: &ConsentRecord,
    endpoint: Budgeted,
    resource: &str,
    pagination_key: Option<&str>,
) -> OfbResult<()> {
    if pagination_key.is_some() {
        return Ok(());
    }
    let now = ctx.now();
    let month = format!("{:04}-{:02}", now.year(), u8::from(now.month()));
    let name = endpoint.name();
    let key = UsageKey {
        bank: ctx.bank.code.code(),
        client_id: &consent.client_id,
        endpoint: &name,
        resource,
        consent_id: &consent.consent_id,
        month: &month,
    };
    let calls = ctx.store.count_sandbox_call(&key).await.map_err(|e| {
        tracing::error!(error = %e, "sandbox usage counter failed");
        OfbError::internal("the bank could not count the call")
    })?;
    if calls > endpoint.monthly_limit() {
        return Err(OfbError::too_many_requests(format!(
            "the monthly operational limit of {} calls to this endpoint for this resource and consent is spent",
            endpoint.monthly_limit()
        )));
    }
    Ok(())
}
