//! Credit operations — loans, financings, invoice-financings and unarranged-accounts-overdraft:
//! per family the contracts list, then per available contract its detail, warranties,
//! scheduled instalments and payments.

use super::{Ctx, all, object, read};
use crate::data::normalise::credit as normalise;
use crate::data::plan::{self, template};
use crate::data::session::Call;
use ponte_domain::Permission;
use ponte_domain::finance::{Contract, CreditFamily};
use url::Url;

/// The permissions of a family: contracts, warranties, scheduled instalments, payments.
fn permissions(family: CreditFamily) -> [Permission; 4] {
    use Permission as P;
    match family {
        CreditFamily::Loan => {
            [P::LoansRead, P::LoansWarrantiesRead, P::LoansScheduledInstalmentsRead, P::LoansPaymentsRead]
        }
        CreditFamily::Financing => [
            P::FinancingsRead,
            P::FinancingsWarrantiesRead,
            P::FinancingsScheduledInstalmentsRead,
            P::FinancingsPaymentsRead,
        ],
        CreditFamily::InvoiceFinancing => [
            P::InvoiceFinancingsRead,
            P::InvoiceFinancingsWarrantiesRead,
            P::InvoiceFinancingsScheduledInstalmentsRead,
            P::InvoiceFinancingsPaymentsRead,
        ],
        CreditFamily::UnarrangedAccountOverdraft => [
            P::UnarrangedAccountsOverdraftRead,
            P::UnarrangedAccountsOverdraftWarrantiesRead,
            P::UnarrangedAccountsOverdraftScheduledInstalmentsRead,
            P::UnarrangedAccountsOverdraftPaymentsRead,
        ],
    }
}

/// Every contract of the four families, family by family.
pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Vec<Contract> {
    all(CreditFamily::ALL.to_vec(), |family| family_contracts(ctx, family))
        .await
        .into_iter()
        .flatten()
        .collect()
}

async fn family_contracts(ctx: &Ctx<'_>, family: CreditFamily) -> Vec<Contract> {
    let [read_contracts, ..] = permissions(family);
    if !ctx.granted.has(read_contracts) || plan::of_type(ctx.resources, family.resource_type()).is_empty() {
        return Vec::new();
    }
    let api = plan::credit(family.api());
    let Some(root) = ctx.root(&api, template::CONTRACTS) else { return Vec::new() };
    let list = Call::new(api.area, template::CONTRACTS, &["contracts"]).paged();
    let Some(pages) = ctx.session.fetch(&root, &list).await else { return Vec::new() };
    let parsed = normalise::contract_list(&pages, family);
    ctx.malformed(api.area, template::CONTRACTS, None, parsed.malformed, "contracts of the list were");
    let templates = (template::CONTRACTS, template::CONTRACT);
    let contracts =
        ctx.select(api.area, templates, family.resource_type(), parsed.items, |c: &Contract| &c.id);
    ctx.each(api.area, contracts, |contract| one(ctx, &root, api.area, contract)).await
}

async fn one(ctx: &Ctx<'_>, root: &Url, area: &'static str, mut contract: Contract) -> Contract {
    let [read_contract, warranties, instalments, payments] = permissions(contract.family);
    let id = contract.id.clone();
    let resource = Some(id.as_str());
    let call = |template: &'static str, tail: Option<&str>| {
        let mut segments = vec!["contracts", id.as_str()];
        segments.extend(tail);
        Call::new(area, template, &segments).of(&id)
    };
    let get = |permission, call: Call| async move {
        if ctx.granted.has(permission) { ctx.session.fetch(root, &call).await } else { None }
    };
    let (detail, warranty_pages, instalment_pages, payment_pages) = tokio::join!(
        get(read_contract, call(template::CONTRACT, None)),
        get(warranties, call(template::CONTRACT_WARRANTIES, Some("warranties")).paged()),
        get(instalments, call(template::CONTRACT_INSTALMENTS, Some("scheduled-instalments"))),
        get(payments, call(template::CONTRACT_PAYMENTS, Some("payments"))),
    );
    let detail = detail.as_deref().and_then(|pages| object(ctx, pages, area, template::CONTRACT, resource));
    if let Some(data) = detail {
        match normalise::apply_detail(&mut contract, data) {
            Some(bad_rates) => {
                ctx.malformed(area, template::CONTRACT, resource, bad_rates, "interest rates were")
            }
            None => {
                ctx.session.missing(area, template::CONTRACT, resource, "the contract detail is malformed")
            }
        }
    }
    let currency = normalise::contract_currency(detail);
    if let Some(pages) = warranty_pages {
        let parsed = normalise::warranties(&pages, currency);
        ctx.malformed(area, template::CONTRACT_WARRANTIES, resource, parsed.malformed, "warranties were");
        contract.warranties = parsed.items;
    }
    if let Some(pages) = instalment_pages {
        contract.instalments =
            read(ctx, &pages, area, template::CONTRACT_INSTALMENTS, resource, normalise::instalments);
    }
    if let Some(pages) = payment_pages {
        let paid = normalise::payments(&pages, currency);
        ctx.malformed(area, template::CONTRACT_PAYMENTS, resource, paid.releases.malformed, "payments were");
        contract.outstanding_balance = paid.outstanding_balance;
        contract.payments = paid.releases.items;
    }
    contract
}
