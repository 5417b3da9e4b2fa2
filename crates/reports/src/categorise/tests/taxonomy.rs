use std::collections::BTreeSet;

use super::super::standard::StandardRules;
use super::super::taxonomy::{FALLBACK_CODE, parse_for_tests, taxonomy};
use super::super::{Categoriser, Role};

const ALL_ROLES: [Role; 22] = [
    Role::Salary,
    Role::Benefit,
    Role::SelfEmployment,
    Role::PassiveIncome,
    Role::OtherIncome,
    Role::OwnTransfer,
    Role::Refund,
    Role::LoanDisbursement,
    Role::InvestmentRedemption,
    Role::InvestmentApplication,
    Role::Betting,
    Role::BankFee,
    Role::OverdraftInterest,
    Role::LateCharge,
    Role::Tax,
    Role::Payroll,
    Role::CardAcquirer,
    Role::Revenue,
    Role::Supplier,
    Role::CardBillPayment,
    Role::LoanPayment,
    Role::Cashback,
];

#[test]
fn taxonomy_data_is_valid() {
    let t = taxonomy();
    assert!(t.categories().len() >= 12, "{} first-level categories", t.categories().len());
    assert!(t.leaves.len() >= 80, "{} leaves", t.leaves.len());
    let codes: BTreeSet<&str> = t.leaves.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes.len(), t.leaves.len(), "leaf codes repeat");
    for leaf in &t.leaves {
        assert_eq!(leaf.code.split('.').count(), 3, "{}", leaf.code);
        assert!(leaf.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.'), "{}", leaf.code);
        assert!(leaf.names.iter().all(|n| !n.trim().is_empty()), "{} has an empty name", leaf.code);
        assert_eq!(t.leaf(&leaf.code), Some(leaf));
    }
}

#[test]
fn taxonomy_version_is_year_dot_month() {
    let version = &taxonomy().version;
    let (year, month) = version.split_once('.').unwrap_or_else(|| panic!("version {version}"));
    assert!(year.len() == 4 && year.parse::<u16>().is_ok(), "version {version}");
    assert!(month.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)), "version {version}");
}

#[test]
fn the_required_first_levels_exist() {
    let names: BTreeSet<&str> = taxonomy().categories().iter().map(|c| c.name.as_str()).collect();
    for required in [
        "Renda",
        "Moradia",
        "Alimentação",
        "Transporte",
        "Saúde",
        "Educação",
        "Lazer",
        "Compras",
        "Serviços financeiros",
        "Transferências",
        "Impostos e taxas",
        "Investimentos",
        "Apostas",
        "Serviços e assinaturas",
        "Outros",
    ] {
        assert!(names.contains(required), "no first-level category {required}");
    }
}

#[test]
fn every_role_has_a_leaf_and_a_rule_that_gives_it() {
    let t = taxonomy();
    let standard = StandardRules::build().unwrap_or_else(|e| panic!("{e}"));
    let by_rules: BTreeSet<Role> =
        standard.keyword_rules().leaves().filter_map(|id| t.get(id).role).collect();
    for role in ALL_ROLES {
        assert!(t.leaves.iter().any(|l| l.role == Some(role)), "no leaf has the role {role:?}");
        assert!(by_rules.contains(&role), "no keyword rule gives the role {role:?}");
    }
}

#[test]
fn the_fallback_leaf_exists() {
    let fallback = taxonomy().fallback();
    assert_eq!(fallback.code, FALLBACK_CODE);
    assert_eq!(fallback.names, ["Outros".to_owned(), "Outros".to_owned(), "Não categorizado".to_owned()]);
    assert_eq!(fallback.role, None);
}

#[test]
fn levels_list_every_leaf_once_in_order() {
    let t = taxonomy();
    let listed: Vec<&str> = t
        .categories()
        .iter()
        .flat_map(|c| c.subcategories.iter())
        .flat_map(|s| t.leaves_of(s))
        .map(|l| l.code.as_str())
        .collect();
    let all: Vec<&str> = t.leaves.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(listed, all);
    for category in t.categories() {
        for subcategory in &category.subcategories {
            assert!(subcategory.code.starts_with(&format!("{}.", category.code)));
            for leaf in t.leaves_of(subcategory) {
                assert!(leaf.code.starts_with(&format!("{}.", subcategory.code)));
                assert_eq!(leaf.names[0], category.name);
                assert_eq!(leaf.names[1], subcategory.name);
            }
        }
    }
}

#[test]
fn the_data_files_compile() {
    let standard = StandardRules::build().unwrap_or_else(|e| panic!("{e}"));
    let (merchants, mcc_codes, keyword_rules) = standard.sizes();
    assert!(merchants >= 100, "{merchants} merchants");
    assert!(mcc_codes >= 100, "{mcc_codes} MCCs");
    assert!(keyword_rules >= 100, "{keyword_rules} keyword rules");
    // The shared categoriser is the same compiled data every time.
    let (a, b) = (Categoriser::standard(), Categoriser::standard());
    assert!(std::ptr::eq(a.standard, b.standard));
    assert_eq!(a.taxonomy().version, taxonomy().version);
}

fn leaf_json(code: &str) -> String {
    format!(r#"{{"code":"{code}","name":"X"}}"#)
}

fn taxonomy_json(leaves: &[&str]) -> String {
    let leaves: Vec<String> = leaves.iter().map(|c| leaf_json(c)).collect();
    format!(
        r#"{{"version":"2026.01","categories":[{{"code":"outros","name":"Outros","subcategories":[
            {{"code":"outros","name":"Outros","leaves":[{}]}}]}}]}}"#,
        leaves.join(",")
    )
}

#[test]
fn a_broken_taxonomy_is_refused() {
    assert!(parse_for_tests(&taxonomy_json(&["nao_categorizado"])).is_ok());
    let repeated = parse_for_tests(&taxonomy_json(&["nao_categorizado", "nao_categorizado"]));
    assert!(repeated.is_err_and(|e| e.contains("twice")));
    let no_fallback = parse_for_tests(&taxonomy_json(&["outra"]));
    assert!(no_fallback.is_err_and(|e| e.contains("fallback")));
    let bad_code = parse_for_tests(&taxonomy_json(&["nao_categorizado", "Não"]));
    assert!(bad_code.is_err_and(|e| e.contains("snake case")));
    let unknown_role = parse_for_tests(
        &taxonomy_json(&["nao_categorizado"]).replace(r#""name":"X"}"#, r#""name":"X","role":"LOTTERY"}"#),
    );
    assert!(unknown_role.is_err());
}
