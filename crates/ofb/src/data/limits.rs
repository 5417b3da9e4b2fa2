//! OFB operational limits ("limites operacionais"): monthly call budgets per (endpoint,
//! resource, consent). The official table is on the OFB Confluence, not in the OpenAPI files;
//! the figures here are the ones reference §6.4 documents: the per-month limits a receiver's
//! documentation publishes (balances and overdraft limits 420; account and card transactions
//! and card limits 240; bills, bill transactions and credit contracts 30), which agree with —
//! and are never below — the lower bounds the OFB functional tests assert (account detail 30,
//! customers 30 per endpoint, credit operations 30 per endpoint, `-current` 210 + 20 paged).
//! `/resources` has none. Pages reached through `links.next` are not counted (they carry
//! `pagination-key`).

/// The monthly budget of one endpoint for one resource and consent, by its path template as
/// [`super::FetchControl::may_call`] receives it (`/accounts/{accountId}/transactions`);
/// `None` when OFB sets no limit (`/resources`) or the endpoint is not one Ponte calls.
///
/// The account and card lists (`/accounts` in both APIs) are not in the published table;
/// they get 240, the figure of the lists that are and the one the sandbox enforces. The
/// investment APIs' limits are not published either; they get the credit operations' 30.
pub fn operational_limit(endpoint_template: &str) -> Option<u32> {
    let limit = match endpoint_template {
        "/resources" => return None,
        // Accounts v2.
        "/accounts/{accountId}" => 30,
        "/accounts/{accountId}/balances" | "/accounts/{accountId}/overdraft-limits" => 420,
        "/accounts/{accountId}/transactions" | "/accounts/{accountId}/transactions-current" => 240,
        // Credit cards v2.
        "/accounts/{creditCardAccountId}" => 30,
        "/accounts/{creditCardAccountId}/limits" => 240,
        "/accounts/{creditCardAccountId}/bills" => 30,
        "/accounts/{creditCardAccountId}/bills/{billId}/transactions" => 30,
        "/accounts/{creditCardAccountId}/transactions"
        | "/accounts/{creditCardAccountId}/transactions-current" => 240,
        // Both lists (see above).
        "/accounts" => 240,
        // Loans, financings, invoice-financings, unarranged-accounts-overdraft v2.
        "/contracts"
        | "/contracts/{contractId}"
        | "/contracts/{contractId}/warranties"
        | "/contracts/{contractId}/scheduled-instalments"
        | "/contracts/{contractId}/payments" => 30,
        // Customers v2.
        "/personal/identifications"
        | "/personal/qualifications"
        | "/personal/financial-relations"
        | "/business/identifications"
        | "/business/qualifications"
        | "/business/financial-relations" => 30,
        // Bank fixed incomes v1.
        "/investments"
        | "/investments/{investmentId}"
        | "/investments/{investmentId}/balances"
        | "/investments/{investmentId}/transactions"
        | "/investments/{investmentId}/transactions-current" => 30,
        _ => return None,
    };
    Some(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_figures() {
        assert_eq!(operational_limit("/resources"), None);
        assert_eq!(operational_limit("/accounts/{accountId}/balances"), Some(420));
        assert_eq!(operational_limit("/accounts/{accountId}/transactions-current"), Some(240));
        assert_eq!(operational_limit("/accounts/{accountId}"), Some(30));
        assert_eq!(
            operational_limit("/accounts/{creditCardAccountId}/bills/{billId}/transactions"),
            Some(30)
        );
        assert_eq!(operational_limit("/accounts/{creditCardAccountId}/limits"), Some(240));
        assert_eq!(operational_limit("/contracts/{contractId}/payments"), Some(30));
        assert_eq!(operational_limit("/personal/qualifications"), Some(30));
        assert_eq!(operational_limit("/somewhere/else"), None);
    }

    #[test]
    fn every_endpoint_the_fetcher_calls_has_a_decision() {
        for template in super::super::plan::TEMPLATES {
            let expected_none = *template == "/resources";
            assert_eq!(operational_limit(template).is_none(), expected_none, "{template}");
        }
    }
}
