//! Discovery API v2 (common 2.0.1): `/open-banking/discovery/v2/status` and `/outages`. No
//! authentication; a bank in outage says `UNAVAILABLE` and lists its outage.

use super::error::request_date_time;
use crate::context::BankContext;
use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde_json::{Value, json};
use std::sync::Arc;

pub const BASE: &str = "/open-banking/discovery/v2";
pub const VERSION: &str = "2.0.1";

pub fn router() -> Router<Arc<BankContext>> {
    Router::new().route("/status", get(status)).route("/outages", get(outages))
}

fn single_page(ctx: &BankContext, path: &str, total: usize) -> (Value, Value) {
    (json!({ "self": ctx.url(&format!("{BASE}{path}")) }), json!({ "totalRecords": total, "totalPages": 1 }))
}

async fn status(State(ctx): State<Arc<BankContext>>) -> Json<Value> {
    let now = request_date_time(ctx.now());
    let status = if ctx.bank.unavailable {
        json!({
            "code": "UNAVAILABLE",
            "explanation": "A instituição está fora do ar (instituição de teste em indisponibilidade permanente)",
            "detectionTime": now,
            "updateTime": now,
        })
    } else {
        json!({ "code": "OK", "explanation": "Todos os serviços operando normalmente", "updateTime": now })
    };
    let (links, meta) = single_page(&ctx, "/status", 1);
    Json(json!({ "data": { "status": [status] }, "links": links, "meta": meta }))
}

async fn outages(State(ctx): State<Arc<BankContext>>) -> Json<Value> {
    let data: Vec<Value> = if ctx.bank.unavailable {
        let start = ctx.now().date().midnight();
        vec![json!({
            "outageTime": request_date_time(start.assume_utc()),
            "duration": "PT24H",
            "isPartial": false,
            "explanation": "Indisponibilidade total simulada pela instituição de teste",
        })]
    } else {
        Vec::new()
    };
    let (links, meta) = single_page(&ctx, "/outages", data.len());
    Json(json!({ "data": data, "links": links, "meta": meta }))
}
