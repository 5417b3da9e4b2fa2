//! What a snapshot keeps of a report. A year of transactions is thousands of items, most alike;
//! a golden file holding them all is too big to review. So the transaction listings
//! (`transactionDetails`, wherever they are) keep their first and last items and say how many
//! were left out, and any other array too long to read is cut the same way. Headers, totals,
//! category summaries, monthly series and statements stay whole: a change in the categoriser
//! or a product still shows, through them.

use serde_json::{Map, Value, json};

/// The key of every transaction listing in the products.
const LISTING_KEY: &str = "transactionDetails";
/// Items kept at each end of a transaction listing.
const LISTING_ENDS: usize = 2;
/// Arrays other than listings longer than this are cut (monthly series, 12 or 13 items, stay).
const LONGEST_OTHER: usize = 24;
/// Items kept at each end of such an array.
const OTHER_ENDS: usize = 3;

/// `report` with its listings and overlong arrays cut around `{"elidedItems": n}`.
pub fn compact(report: Value) -> Value {
    compact_value(report, false)
}

fn compact_value(value: Value, is_listing: bool) -> Value {
    match value {
        Value::Array(items) => {
            let ends = if is_listing { LISTING_ENDS } else { OTHER_ENDS };
            let longest = if is_listing { 2 * LISTING_ENDS + 1 } else { LONGEST_OTHER };
            let items: Vec<Value> = items.into_iter().map(|item| compact_value(item, false)).collect();
            Value::Array(if items.len() > longest { keep_ends(items, ends) } else { items })
        }
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, field)| {
                    let field = compact_value(field, key == LISTING_KEY);
                    (key, field)
                })
                .collect::<Map<String, Value>>(),
        ),
        other => other,
    }
}

/// The first and last `ends` items around a marker counting the others (`items` holds more
/// than `2 * ends`).
fn keep_ends(mut items: Vec<Value>, ends: usize) -> Vec<Value> {
    let elided = items.len() - 2 * ends;
    let tail = items.split_off(ends + elided);
    items.truncate(ends);
    items.push(json!({ "elidedItems": elided }));
    items.extend(tail);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_keep_their_ends_and_count_the_rest() {
        let listing: Vec<u32> = (0..6).collect();
        let compacted = compact(json!({ "a": [{ "transactionDetails": listing }] }));
        assert_eq!(compacted["a"][0]["transactionDetails"], json!([0, 1, { "elidedItems": 2 }, 4, 5]));
        let short = json!({ "transactionDetails": [0, 1, 2, 3, 4] });
        assert_eq!(compact(short.clone()), short);
    }

    #[test]
    fn other_arrays_are_cut_only_when_too_long_to_read() {
        let long: Vec<u32> = (0..30).collect();
        let months: Vec<u32> = (0..24).collect();
        let compacted = compact(json!({ "long": long, "months": months }));
        assert_eq!(compacted["long"], json!([0, 1, 2, { "elidedItems": 24 }, 27, 28, 29]));
        assert_eq!(compacted["months"], json!(months));
    }
}
