//! The OFB error body (`ResponseError`): `{"errors": [{code, title, detail}], "meta": {...}}`,
//! one type mapped to HTTP in one place.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfbError {
    pub status: StatusCode,
    pub code: String,
    pub title: String,
    pub detail: String,
}

impl OfbError {
    pub fn new(status: StatusCode, code: impl Into<String>, detail: impl Into<String>) -> Self {
        let code = code.into();
        let title = title_of(status, &code).to_owned();
        OfbError { status, code, title, detail: detail.into() }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        OfbError::new(StatusCode::BAD_REQUEST, "PARAMETRO_INVALIDO", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        OfbError::new(StatusCode::UNAUTHORIZED, "NAO_INFORMADO", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        OfbError::new(StatusCode::FORBIDDEN, "PERMISSAO_NEGADA", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        OfbError::new(StatusCode::NOT_FOUND, "NAO_ENCONTRADO", detail)
    }

    pub fn unprocessable(code: impl Into<String>, detail: impl Into<String>) -> Self {
        OfbError::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail)
    }

    pub fn too_many_requests(detail: impl Into<String>) -> Self {
        OfbError::new(StatusCode::TOO_MANY_REQUESTS, "LIMITE_EXCEDIDO", detail)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        OfbError::new(StatusCode::INTERNAL_SERVER_ERROR, "ERRO_INTERNO", detail)
    }
}

fn title_of(status: StatusCode, code: &str) -> &'static str {
    match (status.as_u16(), code) {
        (400, _) => "Requisição malformada",
        (401, _) => "Não autorizado",
        (403, _) => "Permissão negada",
        (404, _) => "Recurso não encontrado",
        (405, _) => "Método não suportado",
        (406, _) => "Formato não suportado",
        (415, _) => "Tipo de conteúdo não suportado",
        (422, "SEM_PERMISSOES_FUNCIONAIS_RESTANTES") => "Sem permissões funcionais restantes",
        (422, "INFORMACOES_PJ_NAO_INFORMADAS") => "Informações de pessoa jurídica não informadas",
        (422, "PERMISSOES_PJ_INCORRETAS") => "Permissões de pessoa jurídica incorretas",
        (422, "PERMISSAO_PF_PJ_EM_CONJUNTO") => "Permissões de pessoa física e jurídica em conjunto",
        (422, "COMBINACAO_PERMISSOES_INCORRETA") => "Combinação de permissões incorreta",
        (422, "DATA_EXPIRACAO_INVALIDA") => "Data de expiração inválida",
        (422, "CONSENTIMENTO_EM_STATUS_REJEITADO") => "Consentimento em status rejeitado",
        (422, _) => "Regra de negócio violada",
        (429, _) => "Muitas requisições",
        (500, _) => "Erro interno",
        (503, _) => "Serviço indisponível",
        (504, _) => "Tempo esgotado",
        _ => "Erro",
    }
}

/// `requestDateTime`: RFC 3339 UTC to the second (the specs cap it at 20 characters).
pub fn request_date_time(now: time::OffsetDateTime) -> String {
    let now = now.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

impl IntoResponse for OfbError {
    fn into_response(self) -> Response {
        // The specs cap code and title at 255 characters and detail at 2,048.
        let cap = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        let body = json!({
            "errors": [{
                "code": cap(&self.code, 255),
                "title": cap(&self.title, 255),
                "detail": cap(&self.detail, 2048),
            }],
            "meta": { "requestDateTime": request_date_time(time::OffsetDateTime::now_utc()) },
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
        response
    }
}

pub type OfbResult<T> = Result<T, OfbError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_date_time_has_no_fraction_and_is_utc() {
        let t = time::macros::datetime!(2026-11-23 10:04:05.678 -3);
        assert_eq!(request_date_time(t), "2026-11-23T13:04:05Z");
    }
}
