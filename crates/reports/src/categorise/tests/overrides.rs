//! An app's override rules: parsing, validation errors and matching.

use ponte_domain::finance::{Direction, TransactionType};

use super::super::{
    Categoriser, MAX_OVERRIDE_RULES, OverrideError, OverrideMatch, OverrideProblem, OverrideRule,
    OverrideRules,
};
use super::{CARD_PURCHASE, FactsExt, PIX, account, card, card_of};

fn rule(matcher: OverrideMatch, category: &str) -> OverrideRule {
    OverrideRule { matcher, category: category.to_owned(), brand: None }
}

fn keywords(words: &[&str]) -> OverrideMatch {
    OverrideMatch { keywords: words.iter().map(|w| (*w).to_owned()).collect(), ..OverrideMatch::default() }
}

fn categoriser(rules: &[OverrideRule]) -> Categoriser {
    Categoriser::with_overrides(rules).unwrap_or_else(|e| panic!("{e}"))
}

fn invalid(rules: &[OverrideRule]) -> (usize, String, OverrideProblem) {
    match Categoriser::with_overrides(rules) {
        Err(OverrideError::Invalid { index, field, problem }) => (index, field, problem),
        other => panic!("expected an invalid rule, got {other:?}"),
    }
}

#[test]
fn the_documented_body_parses_and_applies() {
    let body = r#"{"rules": [
        {"match": {"keywords": ["academia fit*"], "direction": "DEBITO"},
         "category": "saude.bem_estar.academia", "brand": "Academia Fit"},
        {"match": {"counterpartyTaxId": "11.444.777/0001-61"}, "category": "receitas.recebimentos.clientes_pj"},
        {"match": {"mcc": 5999, "type": "PAGAMENTO"}, "category": "lazer.entretenimento.jogos"}
    ]}"#;
    let rules = OverrideRules::from_json(body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rules.rules.len(), 3);
    let c = categoriser(&rules.rules);
    let gym = c.categorise(&account("PIX ENVIADO ACADEMIA FITNESS CENTRO", &PIX, Direction::Debit));
    assert_eq!((gym.code(), gym.brand), ("saude.bem_estar.academia", Some("Academia Fit")));
    // The direction must hold too.
    let refund = c.categorise(&account("PIX RECEBIDO ACADEMIA FITNESS", &PIX, Direction::Credit));
    assert_eq!(refund.code(), "transferencias.recebidas.pix");
    let client = account("PIX RECEBIDO", &PIX, Direction::Credit).with_party("11444777000161");
    assert_eq!(c.categorise(&client).code(), "receitas.recebimentos.clientes_pj");
    assert_eq!(c.categorise(&card("LOJA DE GAMES", Some(5999))).code(), "lazer.entretenimento.jogos");
    assert_eq!(
        c.categorise(&card("LOJA DE GAMES", Some(5411))).code(),
        "alimentacao.supermercados.supermercado"
    );
    // The rules round-trip through serde as the API stores them.
    let json = serde_json::to_string(&rules).unwrap_or_default();
    assert_eq!(OverrideRules::from_json(&json), Ok(rules));
}

#[test]
fn overrides_come_before_every_shipped_rule() {
    let c = categoriser(&[rule(keywords(&["uber"]), "despesas_empresa.fornecedores.servicos_terceiros")]);
    let trip = card("UBER *TRIP", Some(4121));
    assert_eq!(c.categorise(&trip).code(), "despesas_empresa.fornecedores.servicos_terceiros");
    // Even own-account transfers.
    let own = account("PIX UBER", &PIX, Direction::Debit).own();
    assert_eq!(c.categorise(&own).code(), "despesas_empresa.fornecedores.servicos_terceiros");
    // Others still get the shipped rules.
    assert_eq!(c.categorise(&card("NETFLIX.COM", None)).code(), "servicos_assinaturas.streaming.video");
}

#[test]
fn the_first_matching_rule_wins_with_or_without_keywords() {
    let by_direction = OverrideMatch { direction: Some(Direction::Debit), ..OverrideMatch::default() };
    let rules = [
        rule(keywords(&["padaria"]), "alimentacao.restaurantes.padaria_cafe"),
        rule(by_direction.clone(), "outros.outros.nao_categorizado"),
        rule(keywords(&["mercado"]), "alimentacao.supermercados.supermercado"),
    ];
    let c = categoriser(&rules);
    assert_eq!(c.categorise(&card("PADARIA MERCADO", None)).code(), "alimentacao.restaurantes.padaria_cafe");
    // Rule 1 (no keywords) comes before rule 2.
    assert_eq!(c.categorise(&card("MERCADO X", None)).code(), "outros.outros.nao_categorizado");
    let swapped = categoriser(&[rules[2].clone(), rules[1].clone()]);
    assert_eq!(swapped.categorise(&card("MERCADO X", None)).code(), "alimentacao.supermercados.supermercado");
}

#[test]
fn every_field_given_must_hold() {
    static TED: TransactionType = TransactionType::Ted;
    // A leaf no shipped rule would give these lines, so a match is plainly the override's.
    const GAMES: &str = "lazer.entretenimento.jogos";
    let matcher = OverrideMatch {
        keywords: vec!["aluguel".to_owned()],
        transaction_type: Some("PIX".to_owned()),
        counterparty_tax_id: Some("529.982.247-25".to_owned()),
        ..OverrideMatch::default()
    };
    let c = categoriser(&[rule(matcher, GAMES)]);
    let code = |facts| c.categorise(&facts).code().to_owned();
    assert_eq!(code(account("PIX ALUGUEL", &PIX, Direction::Credit).with_party("52998224725")), GAMES);
    assert_ne!(code(account("TED ALUGUEL", &TED, Direction::Credit).with_party("52998224725")), GAMES);
    assert_ne!(code(account("PIX ALUGUEL", &PIX, Direction::Credit).with_party("11444777000161")), GAMES);
    assert_ne!(code(account("PIX ALUGUEL", &PIX, Direction::Credit)), GAMES);
    assert_ne!(code(account("PIX CONDOMINIO", &PIX, Direction::Credit).with_party("52998224725")), GAMES);
    let by_card_type =
        OverrideMatch { transaction_type: Some("PAGAMENTO".to_owned()), ..OverrideMatch::default() };
    let c = categoriser(&[rule(by_card_type, GAMES)]);
    assert_eq!(c.categorise(&card_of("X", &CARD_PURCHASE, Direction::Debit, None, None, None)).code(), GAMES);
    assert_ne!(c.categorise(&account("X", &PIX, Direction::Debit)).code(), GAMES);
}

#[test]
fn invalid_rules_name_the_rule_and_the_field() {
    let ok = rule(keywords(&["x"]), "outros.outros.nao_categorizado");
    let cases: Vec<(OverrideRule, &str, OverrideProblem)> = vec![
        (
            rule(keywords(&["x"]), "outros.nada"),
            "category",
            OverrideProblem::UnknownCategory("outros.nada".into()),
        ),
        (
            rule(OverrideMatch::default(), "outros.outros.nao_categorizado"),
            "match",
            OverrideProblem::EmptyMatcher,
        ),
        (
            rule(keywords(&["ok", "123"]), "outros.outros.nao_categorizado"),
            "match.keywords[1]",
            OverrideProblem::EmptyKeyword,
        ),
        (
            rule(keywords(&[&"a".repeat(65)]), "outros.outros.nao_categorizado"),
            "match.keywords[0]",
            OverrideProblem::KeywordTooLong(65),
        ),
        (
            rule(keywords(&["k"; 21]), "outros.outros.nao_categorizado"),
            "match.keywords",
            OverrideProblem::TooManyKeywords(21),
        ),
        (
            rule(
                OverrideMatch { mcc: Some(10_000), ..OverrideMatch::default() },
                "outros.outros.nao_categorizado",
            ),
            "match.mcc",
            OverrideProblem::InvalidMcc(10_000),
        ),
        (
            rule(
                OverrideMatch { transaction_type: Some("PIXX".into()), ..OverrideMatch::default() },
                "outros.outros.nao_categorizado",
            ),
            "match.type",
            OverrideProblem::UnknownType("PIXX".into()),
        ),
        (OverrideRule { brand: Some("  ".into()), ..ok.clone() }, "brand", OverrideProblem::EmptyBrand),
        (
            OverrideRule { brand: Some("b".repeat(81)), ..ok.clone() },
            "brand",
            OverrideProblem::BrandTooLong(81),
        ),
    ];
    for (bad, field, problem) in cases {
        let (index, got_field, got_problem) = invalid(&[ok.clone(), ok.clone(), bad]);
        assert_eq!((index, got_field.as_str(), &got_problem), (2, field, &problem));
    }
    let tax = OverrideMatch { counterparty_tax_id: Some("123".into()), ..OverrideMatch::default() };
    let (index, field, problem) = invalid(&[rule(tax, "outros.outros.nao_categorizado")]);
    assert_eq!((index, field.as_str()), (0, "match.counterpartyTaxId"));
    assert!(matches!(problem, OverrideProblem::InvalidTaxId(_)));
}

#[test]
fn errors_read_well() {
    let bad = [rule(keywords(&["x"]), "x.y.z")];
    let message = Categoriser::with_overrides(&bad).map(|_| ()).unwrap_err().to_string();
    assert_eq!(message, r#"rules[0].category: unknown leaf code "x.y.z""#);
    let empty = [rule(OverrideMatch::default(), "outros.outros.nao_categorizado")];
    let message = Categoriser::with_overrides(&empty).map(|_| ()).unwrap_err().to_string();
    assert!(message.starts_with("rules[0].match: give at least one of"), "{message}");
}

#[test]
fn too_many_rules_are_refused() {
    let many = vec![rule(keywords(&["x"]), "outros.outros.nao_categorizado"); MAX_OVERRIDE_RULES + 1];
    assert_eq!(
        Categoriser::with_overrides(&many).map(|_| ()),
        Err(OverrideError::TooManyRules { count: MAX_OVERRIDE_RULES + 1 })
    );
    assert!(Categoriser::with_overrides(&many[..MAX_OVERRIDE_RULES]).is_ok());
    let body = format!(
        r#"{{"rules": [{}]}}"#,
        vec![r#"{"match":{"keywords":["x"]},"category":"outros.outros.nao_categorizado"}"#; 501].join(",")
    );
    assert_eq!(OverrideRules::from_json(&body), Err(OverrideError::TooManyRules { count: 501 }));
}

#[test]
fn malformed_bodies_name_the_rule() {
    let unknown_field = r#"{"rules": [
        {"match": {"keywords": ["x"]}, "category": "outros.outros.nao_categorizado"},
        {"match": {"keyword": ["x"]}, "category": "outros.outros.nao_categorizado"}
    ]}"#;
    let err = OverrideRules::from_json(unknown_field).unwrap_err();
    assert_eq!(err.index(), Some(1));
    assert!(err.to_string().starts_with("rules[1]: unknown field `keyword`"), "{err}");
    let bad_direction =
        r#"{"rules": [{"match": {"direction": "SAIDA"}, "category": "outros.outros.nao_categorizado"}]}"#;
    assert_eq!(OverrideRules::from_json(bad_direction).unwrap_err().index(), Some(0));
    for body in ["", "[]", r#"{"regras": []}"#, r#"{"rules": {}}"#] {
        let err = OverrideRules::from_json(body).unwrap_err();
        assert!(matches!(err, OverrideError::Malformed { index: None, .. }), "{body}: {err:?}");
    }
    assert_eq!(OverrideRules::from_json(r#"{"rules": []}"#), Ok(OverrideRules::default()));
}

#[test]
fn no_rules_is_the_standard_categoriser() {
    let c = categoriser(&[]);
    assert!(c.overrides.is_none());
    assert_eq!(c.categorise(&card("UBER *TRIP", None)).code(), "transporte.aplicativos.corridas_app");
}
