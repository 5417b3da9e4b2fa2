//! The envelope's `links[]`: the links and consents a report's data came from, and what each
//! consent grants per permission group with the resources the data covers.

use std::collections::BTreeMap;

use ponte_domain::finance::ConsentData;
use ponte_domain::{Permission, PermissionCategory, PermissionGroup};
use ponte_link::documents::ConsentDocument;
use ponte_reports::envelope::{ConsentScope, GroupGrant, LinkScope};
use ponte_store::journey::ConsentRow;

/// Groups consents by link, in the order given (the request's order); `data[i]` is what was
/// fetched under `consents[i]`.
pub(crate) fn links(consents: &[ConsentRow], data: &[ConsentData]) -> Vec<LinkScope> {
    let mut out: Vec<LinkScope> = Vec::new();
    for (row, data) in consents.iter().zip(data) {
        let scope = consent_scope(row, data);
        match out.iter_mut().find(|l| l.link_id == row.link_id.to_string()) {
            Some(link) => link.consents.push(scope),
            None => out.push(LinkScope {
                link_id: row.link_id.to_string(),
                institution_code: row.institution_code.clone(),
                consents: vec![scope],
            }),
        }
    }
    out
}

fn consent_scope(row: &ConsentRow, data: &ConsentData) -> ConsentScope {
    let document: ConsentDocument = serde_json::from_str(&row.document).unwrap_or_default();
    let granted: Vec<Permission> =
        document.permissions_granted.iter().filter_map(|p| p.parse().ok()).collect();
    // The customer groups of the other audience can never be granted: leave them out.
    let permissions = PermissionGroup::ALL
        .into_iter()
        .filter(|g| g.audience().is_none() || g.is_covered_by(&granted))
        .map(|group| {
            let grant = GroupGrant {
                permissions_granted: group.is_covered_by(&granted),
                account_ids: resource_ids(data, group.category()),
            };
            (group.as_str().to_owned(), grant)
        })
        .collect::<BTreeMap<_, _>>();
    ConsentScope { consent_id: row.id.to_string(), permissions }
}

/// The ids of the resources of a category the data holds.
fn resource_ids(data: &ConsentData, category: PermissionCategory) -> Vec<String> {
    match category {
        PermissionCategory::Accounts => data.accounts.iter().map(|a| a.id.clone()).collect(),
        PermissionCategory::CreditCards => data.cards.iter().map(|c| c.id.clone()).collect(),
        PermissionCategory::CreditOperations => data.contracts.iter().map(|c| c.id.clone()).collect(),
        PermissionCategory::Investments => data.investments.iter().map(|i| i.id.clone()).collect(),
        _ => Vec::new(),
    }
}
