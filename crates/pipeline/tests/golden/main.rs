//! Golden files: every product of every sandbox persona of spec §9 that completes a consent,
//! fetched at bank 999 through the real path (sandbox, Ponte's OFB client, `fetch_consent`)
//! on a fixed day, built with the standard categoriser, checked against the published schemas
//! and compared with its snapshot in `snapshots/` (one file per persona and product).
//!
//! A change in the sandbox's personas, the fetcher's normalisation, the categoriser or a
//! product shows here as a snapshot diff: review it, then accept it with `cargo insta accept`
//! (or run with `INSTA_UPDATE=always`).
//!
//! Nothing per-run reaches a snapshot: the sandbox lives on [`TODAY`], Ponte's consent id and
//! fetch time are replaced by fixed values, and the envelope's request id, report id and
//! report time are fixed here. The envelope's `links` are left empty: they come from the
//! store's consent rows, which this test does not involve.

mod compact;
mod persona_data;
mod schema;

use ponte_domain::ProductCode;
use ponte_reports::products::{self, codes};
use ponte_reports::{Analysis, Categoriser, Report, ReportContext};
use time::Date;
use time::macros::{date, time};

use persona_data::{BANK, Persona, SandboxOnDay};

/// The day every persona is fetched and every report is built.
const TODAY: Date = date!(2026 - 06 - 15);

/// The fixed envelope fields.
fn report_context() -> ReportContext {
    ReportContext {
        request_id: "golden-request".to_owned(),
        product_report_id: "00000000-0000-4000-8000-000000000000".to_owned(),
        report_time: TODAY.with_time(time!(12:00)).assume_utc(),
        links: Vec::new(),
        external_info: None,
    }
}

/// The reports' codes a persona should get.
#[derive(Clone, Copy, Debug)]
enum Expected {
    /// Every product `200`: the bank gave everything.
    Complete,
    /// `products` are `204`, naming only missing parts whose reason contains `reason`; every
    /// other product is `200`.
    Partial { products: &'static [ProductCode], reason: &'static str },
}

/// Fetches `persona`, builds every product of its audience and checks each report: its code,
/// its schemas and its snapshot.
async fn check_persona(persona: Persona, expected: Expected) {
    let sandbox = SandboxOnDay::start(TODAY).await;
    let consents = [sandbox.fetch(&persona).await];
    let holder = persona.holder();
    let categoriser = Categoriser::standard();
    let analysis = Analysis::new(&consents, holder.clone(), TODAY, &categoriser);
    let context = report_context();
    let mut settings = insta::Settings::clone_current();
    settings.set_description(format!(
        "persona {} ({}) at bank {BANK} on {TODAY}",
        holder.tax_id, persona.description
    ));
    settings.set_omit_expression(true);
    let _settings = settings.bind_to_scope();
    for product in ProductCode::ALL.into_iter().filter(|p| p.audience() == holder.audience) {
        let report = products::build(product, &analysis);
        check_code(&persona, &report, expected);
        let json = report.to_json(&context, &holder);
        let violations = schema::violations(product, &json);
        assert!(
            violations.is_empty(),
            "{} {product} breaks its schemas:\n{}",
            persona.name,
            violations.join("\n")
        );
        insta::assert_json_snapshot!(
            format!("{}__{}", persona.name, product.as_str()),
            compact::compact(json)
        );
    }
}

fn check_code(persona: &Persona, report: &Report, expected: Expected) {
    let product = report.product;
    let context = format!("{} {product}: {} (missing {:?})", persona.name, report.message, report.missing);
    match expected {
        Expected::Partial { products, reason } if products.contains(&product) => {
            assert_eq!(report.code, codes::PARTIAL, "{context}");
            assert!(!report.missing.is_empty(), "{context}");
            assert!(report.missing.iter().all(|m| m.reason.contains(reason)), "{context}");
        }
        _ => {
            assert_eq!(report.code, codes::OK, "{context}");
            assert!(report.missing.is_empty(), "{context}");
        }
    }
}

const fn person(name: &'static str, cpf: &'static str, description: &'static str) -> Persona {
    Persona { name, description, logged_user: cpf, company: None }
}

/// A company's consent, given by the salaried persona as its representative.
const fn company(name: &'static str, cnpj: &'static str, description: &'static str) -> Persona {
    Persona { name, description, logged_user: "76109277673", company: Some(cnpj) }
}

#[tokio::test]
async fn salaried_employee() {
    let description = "salaried employee: monthly salary, checking + savings, a card, a personal loan";
    check_persona(person("salaried", "76109277673", description), Expected::Complete).await;
}

#[tokio::test]
async fn gig_worker() {
    let description = "gig worker: irregular PIX income from delivery and ride-hailing platforms";
    check_persona(person("gig_worker", "10000000108", description), Expected::Complete).await;
}

#[tokio::test]
async fn over_indebted() {
    let description = "over-indebted: overdraft most days, card revolving, late charges, three loans";
    check_persona(person("over_indebted", "20000000299", description), Expected::Complete).await;
}

#[tokio::test]
async fn bettor() {
    let description = "bettor: frequent PIX to betting operators, a large share of income";
    check_persona(person("bettor", "30000000388", description), Expected::Complete).await;
}

#[tokio::test]
async fn thin_file() {
    let description = "thin file: account opened two months ago, few transactions";
    check_persona(person("thin_file", "40000000477", description), Expected::Complete).await;
}

#[tokio::test]
async fn retiree() {
    let description = "retiree: INSS benefit, savings, CDB and treasury investments";
    check_persona(person("retiree", "50000000566", description), Expected::Complete).await;
}

/// The joint account is listed `PENDING_AUTHORISATION` in `/resources` (the other holder has
/// not approved): the fetcher names it as a missing part of the `accounts` area and reads
/// nothing of it, so every product that reads the accounts API is partial (`204`) and names
/// it; the cards, credit operations, identity and investments are complete.
#[tokio::test]
async fn joint_account() {
    use ProductCode as P;
    let description = "joint account: one account PENDING_AUTHORISATION in resources";
    let reads_accounts = &[
        P::PfBalance,
        P::PfCheckingAccount,
        P::PfSavingsAccount,
        P::PfCategorizedCheckingL2,
        P::PfCategorizedCheckingL3,
        P::PfCategorizedSavingsL3,
        P::PfIncome,
        P::PfFinancialInsight,
        P::PfRiskScore,
    ];
    let expected = Expected::Partial { products: reads_accounts, reason: "PENDING_AUTHORISATION" };
    check_persona(person("joint_account", "60000000655", description), expected).await;
}

/// About 24,000 transactions: the listings are cut in the snapshots (see [`compact`]).
#[tokio::test]
async fn high_volume() {
    let description = "high volume: ~2,000 transactions a month across 3 accounts and 2 cards";
    check_persona(person("high_volume", "80000000833", description), Expected::Complete).await;
}

#[tokio::test]
async fn small_retailer() {
    let description = "small retailer: card-acquirer receivables, suppliers, payroll, DARF, working capital";
    check_persona(company("small_retailer", "11222333000181", description), Expected::Complete).await;
}

#[tokio::test]
async fn services_company() {
    let description = "services company: one client about 80 % of revenue, overdraft use";
    check_persona(company("services_company", "44555666000181", description), Expected::Complete).await;
}
