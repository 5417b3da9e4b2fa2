//! `GET /data/v1/categories`.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiResult, ErrorBody};
use axum::Json;
use ponte_reports::categorise::taxonomy;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Taxonomy {
    pub version: String,
    pub leaves: Vec<CategoryLeaf>,
}

/// A leaf of the taxonomy: the code rules name, and the three names reports show.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryLeaf {
    #[schema(example = "alimentacao.restaurantes.delivery")]
    pub code: String,
    pub category: String,
    pub subcategory: String,
    pub third_category: String,
}

/// The category taxonomy
///
/// Every leaf of Ponte's three-level pt-BR taxonomy, in the order of the data file.
#[utoipa::path(
    get,
    path = "/data/v1/categories",
    tag = "Reports",
    security(("accessToken" = [])),
    responses(
        (status = 200, description = "The taxonomy", body = Taxonomy),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    )
)]
pub async fn list_categories(_auth: AuthenticatedApp) -> ApiResult<Json<Taxonomy>> {
    let taxonomy = taxonomy();
    let leaves = taxonomy
        .leaves
        .iter()
        .map(|leaf| CategoryLeaf {
            code: leaf.code.clone(),
            category: leaf.names[0].clone(),
            subcategory: leaf.names[1].clone(),
            third_category: leaf.names[2].clone(),
        })
        .collect();
    Ok(Json(Taxonomy { version: taxonomy.version.clone(), leaves }))
}
