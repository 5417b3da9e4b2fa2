//! `GET /resources` (resources v3): what the consent gives access to, and in what state.

use super::{CODE_CHARS, Parsed, data_items, id, text};
use ponte_domain::finance::ResourceRef;
use serde_json::Value;
use std::sync::Arc;

/// The `status` of a resource Ponte may read.
pub(crate) const AVAILABLE: &str = "AVAILABLE";

/// Every resource of the pages; an item without a usable id, type or status is skipped.
pub(crate) fn resources(pages: &[Arc<Value>]) -> Parsed<ResourceRef> {
    let parsed = Parsed::from_items(data_items(pages), |item| {
        Some(ResourceRef {
            id: id(item, "resourceId")?,
            kind: text(item, "type", CODE_CHARS)?,
            status: text(item, "status", CODE_CHARS)?,
        })
    });
    let items = super::keep_last(parsed.items, |r: &ResourceRef| (r.kind.clone(), r.id.clone()));
    Parsed { items, malformed: parsed.malformed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hostile_resources_are_skipped() {
        let page = Arc::new(json!({"data": [
            {"resourceId": "acc-1", "type": "ACCOUNT", "status": "AVAILABLE"},
            {"resourceId": "acc-1", "type": "ACCOUNT", "status": "PENDING_AUTHORISATION"},
            {"resourceId": "../x", "type": "ACCOUNT", "status": "AVAILABLE"},
            {"resourceId": "card-1", "type": 3, "status": "AVAILABLE"},
            {"type": "LOAN", "status": "AVAILABLE"},
            "not an object",
        ]}));
        let parsed = resources(&[page, Arc::new(json!({"data": "x"}))]);
        assert_eq!(parsed.malformed, 4);
        assert_eq!(parsed.items.len(), 1);
        assert_eq!(parsed.items[0].status, "PENDING_AUTHORISATION", "the last word wins");
    }
}
