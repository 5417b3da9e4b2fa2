//! The Link pages' presentation tests: fixtures with hostile values and the audit every page
//! passes (this file), page by page (`pages`), theme, assets and texts (`theme`); the snapshots
//! stay here so their names do not change.

mod pages;
mod theme;

use ponte_domain::{Language, PermissionGroup, TaxIdKind};
use regex::Regex;

use super::*;

pub(super) const HOSTILE_BRAND: &str = "<script>alert(1)</script>\"'";
pub(super) const ESCAPED_BRAND: &str = "&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;";
pub(super) const PRIVACY: &str = "https://partner.example/privacy?a=1&b=2";
pub(super) const TERMS: &str = "https://partner.example/terms";
pub(super) const BANK: &str =
    "https://auth.bank.example/authorize?client_id=abc&request_uri=urn%3Aietf%3Apar%3A1";
pub(super) const FINISH: &str = "https://partner.example/done?link_id=1&consent_id=2";
pub(super) const CSRF: &str = "csrf-0123456789abcdef";
pub(super) const LIMIT: usize = 30 * 1024;

/// A link token as long as a real EdDSA JWT with Ponte's claims.
pub(super) fn token() -> String {
    let part = |n: usize| "aB3_-".repeat(n / 5);
    format!("eyJhbGciOiJFZERTQSIsImtpZCI6IjEifQ.{}.{}", part(300), part(85))
}

pub(super) fn frame(lang: Language, page: &'static str) -> Frame {
    Frame {
        lang,
        brand: BrandView {
            name: HOSTILE_BRAND.to_owned(),
            logo_src: Some("/link/apps/6f1c/logo".to_owned()),
            privacy_url: Some(PRIVACY.to_owned()),
            terms_url: Some(TERMS.to_owned()),
        },
        csrf: CSRF.to_owned(),
        link_token: token(),
        page,
        theme_href: theme_href("/link/theme.css", "#0B6E4F", "#F2A541"),
    }
}

pub(super) fn institution(i: usize) -> InstitutionView {
    InstitutionView {
        code: format!("{i:03}"),
        name: format!("Banco \"Aspas\" & D'Ávila <b>{i}</b>"),
        logo_src: if i % 7 == 3 { String::new() } else { format!("/link/institutions/{i:03}/logo") },
        is_outage: i.is_multiple_of(10),
    }
}

pub(super) fn groups(lang: Language) -> Vec<GroupView> {
    GroupView::list(
        [
            PermissionGroup::CustomersPersonalIdentifications,
            PermissionGroup::AccountsBalances,
            PermissionGroup::AccountsTransactions,
            PermissionGroup::CreditCardsBills,
            PermissionGroup::CreditOperations,
        ],
        lang,
    )
}

/// Every page in `lang`, rendered with hostile values, with the absolute URLs it may contain.
pub(super) fn all_pages(lang: Language) -> Vec<(&'static str, String, Vec<&'static str>)> {
    let brand_urls = vec![PRIVACY, TERMS];
    let mut pages = Vec::new();
    let f = frame(lang, "landing");
    let landing_view = LandingView { groups: groups(lang), continue_href: f.href("/link/institutions") };
    pages.push(("landing", landing(&f, &landing_view).unwrap(), brand_urls.clone()));

    let f = frame(lang, "institution_list");
    let list = InstitutionListView {
        institutions: (0..60).map(institution).collect(),
        query: "\"><script>x</script>".to_owned(),
        search_action: "/link/institutions".to_owned(),
        choose_href_base: f.href("/link/choose"),
        connected: vec!["001".to_owned(), "002".to_owned()],
    };
    pages.push(("institution_list", institution_list(&f, &list).unwrap(), brand_urls.clone()));

    let f = frame(lang, "data_confirmation");
    for (ask, masked, error) in [
        (None, Some("***.456.789-**"), None),
        (Some(TaxIdKind::Cpf), None, Some("CPF inválido: <b>\"x\"</b>")),
        (Some(TaxIdKind::Cnpj), None, None),
        (None, Some("**.345.678/0001-**"), Some("Erro <i>genérico</i>")),
    ] {
        let view = ConfirmationView {
            institution: institution(1),
            groups: groups(lang),
            masked_tax_id: masked.map(str::to_owned),
            ask_tax_id: ask,
            validity_months: 0,
            error: error.map(str::to_owned),
            action: f.href("/link/confirm"),
            back_href: Some(f.href("/link/institutions")),
        };
        pages.push(("confirmation", confirmation(&f, &view).unwrap(), brand_urls.clone()));
    }

    let f = frame(lang, "redirect");
    let view = RedirectView { institution: institution(3), bank_url: BANK.to_owned() };
    pages.push(("redirect", redirect_to_bank(&f, &view).unwrap(), vec![PRIVACY, TERMS, BANK]));

    let mut f = frame(lang, "callback");
    f.link_token = String::new();
    let view = CallbackView { action: "/link/callback".to_owned() };
    pages.push(("callback", callback(&f, &view).unwrap(), brand_urls.clone()));
    let f = frame(lang, "callback");
    pages.push(("callback_with_token", callback(&f, &view).unwrap(), brand_urls.clone()));

    let f = frame(lang, "lgpd");
    let view = LgpdView {
        institution: institution(4),
        partner_name: HOSTILE_BRAND.to_owned(),
        groups: groups(lang),
        action: f.href("/link/lgpd"),
    };
    pages.push(("lgpd", lgpd(&f, &view).unwrap(), brand_urls.clone()));

    let f = frame(lang, "success");
    let view = SuccessView {
        institution: institution(5),
        steps: vec![
            StepView { key: "accounts".to_owned(), label: "Contas <b>".to_owned(), state: StepState::Done },
            StepView { key: "cards\"x".to_owned(), label: "Cartões".to_owned(), state: StepState::Active },
            StepView { key: "loans".to_owned(), label: "Empréstimos".to_owned(), state: StepState::Pending },
            StepView { key: "inv".to_owned(), label: "Investimentos".to_owned(), state: StepState::Failed },
        ],
        progress_url: f.href("/link/progress"),
        connect_another_href: f.href("/link/institutions"),
        finish_href: FINISH.to_owned(),
    };
    pages.push(("success", success(&f, &view).unwrap(), vec![PRIVACY, TERMS, FINISH]));

    let f = frame(lang, "failure");
    for institution in [Some(institution(6)), None] {
        let view = FailureView {
            institution,
            reason: "Você recusou <em>\"tudo\"</em>".to_owned(),
            retry_href: Some(f.href("/link/institutions")),
            finish_href: Some(FINISH.to_owned()),
        };
        pages.push(("failure", failure(&f, &view).unwrap(), vec![PRIVACY, TERMS, FINISH]));
    }

    let f = frame(lang, "message");
    let view = MessageView {
        title: "Link <expirado>".to_owned(),
        message: "O link \"expirou\" & acabou".to_owned(),
        finish_href: Some(FINISH.to_owned()),
    };
    pages.push(("message", message(&f, &view).unwrap(), vec![PRIVACY, TERMS, FINISH]));
    pages
}

pub(super) fn unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
}

pub(super) fn audit(name: &str, html: &str, lang: Language, allowed_urls: &[&str]) {
    let ctx = format!("page {name} ({})", lang.as_str());
    assert!(html.len() <= LIMIT, "{ctx}: {} bytes", html.len());
    assert!(html.starts_with("<!doctype html>"), "{ctx}");
    assert!(html.contains(&format!("<html lang=\"{}\">", lang.as_str())), "{ctx}: lang attribute");
    assert!(Regex::new(r#"<body data-page="[a-z_]+" "#).unwrap().is_match(html), "{ctx}: data-page");
    for landmark in ["<header", "<main id=\"main\"", "<footer", "class=\"skip\" href=\"#main\""] {
        assert!(html.contains(landmark), "{ctx}: {landmark}");
    }

    // Hostile values are escaped.
    assert!(!html.contains("<script>alert"), "{ctx}: unescaped brand");
    assert!(html.contains(ESCAPED_BRAND), "{ctx}: escaped brand");
    assert!(
        !html.contains("<b>") && !html.contains("<em>") && !html.contains("<i>"),
        "{ctx}: unescaped text"
    );
    assert!(!html.contains("D'Ávila") && !html.contains("\"Aspas\""), "{ctx}: unescaped quotes");

    // CSP: no inline script, no inline style, no handler attributes.
    let scripts = Regex::new(r"(?s)<script\b([^>]*)>(.*?)</script>").unwrap();
    assert_eq!(scripts.find_iter(html).count(), html.matches("<script").count(), "{ctx}");
    for script in scripts.captures_iter(html) {
        assert!(script[1].contains(" src=\"/link/static/"), "{ctx}: script without src: {}", &script[0]);
        assert!(script[2].is_empty(), "{ctx}: inline script body");
    }
    assert!(!html.contains("<style"), "{ctx}: <style>");
    let tags = Regex::new(r"<[a-zA-Z][^>]*>").unwrap();
    let handler = Regex::new(r#"(?i)\son[a-z]+\s*="#).unwrap();
    let style = Regex::new(r#"(?i)\sstyle\s*="#).unwrap();
    for tag in tags.find_iter(html) {
        assert!(!handler.is_match(tag.as_str()), "{ctx}: handler attribute in {}", tag.as_str());
        assert!(!style.is_match(tag.as_str()), "{ctx}: style attribute in {}", tag.as_str());
        if tag.as_str().starts_with("<img") {
            assert!(tag.as_str().contains(" alt="), "{ctx}: img without alt: {}", tag.as_str());
        }
        if tag.as_str().starts_with("<a ") && tag.as_str().contains("target=\"_blank\"") {
            assert!(tag.as_str().contains("noopener"), "{ctx}: {}", tag.as_str());
        }
    }

    // No external requests or links other than the view models' URLs.
    let urls = Regex::new(r#"(?i)https?://[^"'\s<>]*"#).unwrap();
    for url in urls.find_iter(html) {
        let url = unescape(url.as_str());
        assert!(allowed_urls.contains(&url.as_str()), "{ctx}: unexpected URL {url}");
    }
    assert!(!html.contains("//fonts.") && !html.contains("cdn"), "{ctx}");

    // Every form carries csrf, v and lang.
    let forms = Regex::new(r"(?s)<form\b.*?</form>").unwrap();
    assert_eq!(forms.find_iter(html).count(), html.matches("<form").count(), "{ctx}: unclosed form");
    for form in forms.find_iter(html) {
        let form = form.as_str();
        for field in ["csrf", "v", "lang"] {
            let hidden = format!("<input type=\"hidden\" name=\"{field}\" value=\"");
            assert_eq!(form.matches(&hidden).count(), 1, "{ctx}: form without hidden {field}: {form}");
        }
        assert!(form.contains(&format!("name=\"csrf\" value=\"{CSRF}\"")), "{ctx}");
        assert!(form.contains(&format!("name=\"lang\" value=\"{}\"", lang.as_str())), "{ctx}");
    }

    // Every visible input has a label.
    let inputs = Regex::new(r#"<input\b[^>]*>"#).unwrap();
    let id = Regex::new(r#"\bid="([^"]+)""#).unwrap();
    for input in inputs.find_iter(html) {
        let input = input.as_str();
        if input.contains("type=\"hidden\"") || input.contains("type=\"radio\"") {
            continue;
        }
        let id = id.captures(input).unwrap_or_else(|| panic!("{ctx}: input without id {input}"));
        assert!(html.contains(&format!("<label for=\"{}\">", &id[1])), "{ctx}: unlabelled {input}");
    }

    // All visible text comes from the Texts of the page's language.
    let other = texts(match lang {
        Language::PtBr => Language::En,
        Language::En => Language::PtBr,
    });
    for wrong in [other.continue_label, other.finish, other.back, other.powered_by] {
        assert!(!html.contains(&format!(">{wrong}<")), "{ctx}: text of the other language: {wrong}");
    }
}

fn stable(html: &str) -> String {
    Regex::new(r"\?h=[0-9a-f]{8}").unwrap().replace_all(html, "?h=HASH").into_owned()
}

fn plain_frame(page: &'static str) -> Frame {
    Frame {
        lang: Language::PtBr,
        brand: BrandView {
            name: "Acme Crédito".to_owned(),
            logo_src: Some("/link/apps/acme/logo".to_owned()),
            privacy_url: Some("https://acme.example/privacidade".to_owned()),
            terms_url: None,
        },
        csrf: "CSRF".to_owned(),
        link_token: "TOKEN".to_owned(),
        page,
        theme_href: "/link/theme.css?primary=%230B6E4F&accent=%23F2A541".to_owned(),
    }
}

#[test]
fn snapshot_landing_pt_br() {
    let f = plain_frame("landing");
    let view = LandingView {
        groups: GroupView::list(
            [PermissionGroup::AccountsTransactions, PermissionGroup::AccountsBalances],
            Language::PtBr,
        ),
        continue_href: f.href("/link/institutions"),
    };
    insta::assert_snapshot!(stable(&landing(&f, &view).unwrap()));
}

#[test]
fn snapshot_confirmation_pt_br() {
    let f = plain_frame("data_confirmation");
    let view = ConfirmationView {
        institution: InstitutionView {
            code: "001".to_owned(),
            name: "Banco do Brasil".to_owned(),
            logo_src: "/link/institutions/001/logo".to_owned(),
            is_outage: false,
        },
        groups: GroupView::list([PermissionGroup::CreditCardsBills], Language::PtBr),
        masked_tax_id: None,
        ask_tax_id: Some(TaxIdKind::Cpf),
        validity_months: 12,
        error: None,
        action: f.href("/link/confirm"),
        back_href: Some(f.href("/link/institutions")),
    };
    insta::assert_snapshot!(stable(&confirmation(&f, &view).unwrap()));
}
