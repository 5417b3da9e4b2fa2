//! Matching concrete request paths against the spec's `servers` base paths and path templates.

/// One `paths` entry, pre-split for matching.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// The key under `paths`, e.g. `/accounts/{accountId}/transactions`.
    pub(crate) template: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    /// A segment holding at least one `{param}`, kept as pieces: `{id}.json` → [Param, Lit(".json")].
    Template(Vec<Piece>),
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Literal(String),
    Param,
}

impl Route {
    pub(crate) fn new(template: &str) -> Route {
        let segments = split(template).map(parse_segment).collect();
        Route { template: template.to_owned(), segments }
    }

    /// `Some(literal segment count)` when `path` (already without base and query) matches; more
    /// literal segments = more specific, so `/consents/extends` beats `/consents/{consentId}`.
    fn score(&self, path: &str) -> Option<usize> {
        let parts: Vec<&str> = split(path).collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut literals = 0;
        for (segment, part) in self.segments.iter().zip(parts) {
            match segment {
                Segment::Literal(text) if text == part => literals += 1,
                Segment::Literal(_) => return None,
                Segment::Template(pieces) if matches_pieces(pieces, part) => {}
                Segment::Template(_) => return None,
            }
        }
        Some(literals)
    }
}

/// The most specific route matching `path` with a base path removed, else `path` as given (callers
/// may pass the path relative to the server URL). Among equally specific routes the first wins.
pub(crate) fn find<'r>(routes: &'r [Route], base_paths: &[String], path: &str) -> Option<&'r Route> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let stripped = base_paths
        .iter()
        .filter_map(|base| path.strip_prefix(base.as_str()))
        .filter(|rest| rest.is_empty() || rest.starts_with('/'));
    stripped.chain([path]).find_map(|candidate| {
        let mut best: Option<(usize, &Route)> = None;
        for route in routes {
            if let Some(score) = route.score(candidate)
                && best.is_none_or(|(top, _)| score > top)
            {
                best = Some((score, route));
            }
        }
        best.map(|(_, route)| route)
    })
}

/// The path part of a `servers[].url` (`https://host/open-banking/accounts/v2` → `/open-banking/accounts/v2`),
/// without a trailing slash; empty for a bare host.
pub(crate) fn base_path(server_url: &str) -> String {
    let after_scheme = match server_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => server_url,
    };
    after_scheme.trim_end_matches('/').to_owned()
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn parse_segment(segment: &str) -> Segment {
    if !segment.contains('{') {
        return Segment::Literal(segment.to_owned());
    }
    let mut pieces = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Literal(rest[..open].to_owned()));
        }
        match rest[open..].find('}') {
            Some(close) => {
                pieces.push(Piece::Param);
                rest = &rest[open + close + 1..];
            }
            None => {
                // An unclosed brace is not a parameter; keep it literal.
                pieces.push(Piece::Literal(rest[open..].to_owned()));
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_owned()));
    }
    Segment::Template(pieces)
}

/// Matches one path segment against literal pieces and parameters (each parameter takes at least
/// one character). Segments are short, so plain backtracking is fine.
fn matches_pieces(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Literal(lit), rest)) => {
            text.strip_prefix(lit.as_str()).is_some_and(|t| matches_pieces(rest, t))
        }
        Some((Piece::Param, rest)) => text
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain([text.len()])
            .filter(|&i| i > 0)
            .any(|i| matches_pieces(rest, &text[i..])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(templates: &[&str]) -> Vec<Route> {
        templates.iter().map(|t| Route::new(t)).collect()
    }

    #[test]
    fn base_path_of_server_urls() {
        assert_eq!(
            base_path("https://api.banco.com.br/open-banking/accounts/v2"),
            "/open-banking/accounts/v2"
        );
        assert_eq!(base_path("https://data.directory.openbankingbrasil.org.br"), "");
        assert_eq!(base_path("/relative/v1/"), "/relative/v1");
    }

    #[test]
    fn prefers_literal_segments_and_accepts_urns() {
        let r = routes(&["/consents/{consentId}", "/consents/{consentId}/extends", "/consents/extends"]);
        let base = vec!["/open-banking/consents/v3".to_owned()];
        let hit = |p: &str| find(&r, &base, p).map(|r| r.template.clone());
        assert_eq!(
            hit("/open-banking/consents/v3/consents/urn:ponte999:abc-1").as_deref(),
            Some("/consents/{consentId}")
        );
        assert_eq!(
            hit("/consents/urn:ponte999:abc/extends?x=1").as_deref(),
            Some("/consents/{consentId}/extends")
        );
        assert_eq!(hit("/consents/extends").as_deref(), Some("/consents/extends"));
        assert_eq!(hit("/open-banking/consents/v3/consents"), None);
        assert_eq!(hit("/open-banking/consents/v3x/consents/a"), None);
    }

    #[test]
    fn mixed_segments() {
        let r = routes(&["/files/{name}.json"]);
        assert!(find(&r, &[], "/files/a-b.json").is_some());
        assert!(find(&r, &[], "/files/.json").is_none());
        assert!(find(&r, &[], "/files/a.xml").is_none());
    }
}
