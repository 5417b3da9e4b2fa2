use ponte_domain::{Language, PermissionGroup, TaxIdKind};
use regex::Regex;

use super::*;

const HOSTILE_BRAND: &str = "<script>alert(1)</script>\"'";
const ESCAPED_BRAND: &str = "&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;";
const PRIVACY: &str = "https://partner.example/privacy?a=1&b=2";
const TERMS: &str = "https://partner.example/terms";
const BANK: &str = "https://auth.bank.example/authorize?client_id=abc&request_uri=urn%3Aietf%3Apar%3A1";
const FINISH: &str = "https://partner.example/done?link_id=1&consent_id=2";
const CSRF: &str = "csrf-0123456789abcdef";
const LIMIT: usize = 30 * 1024;

/// A link token as long as a real EdDSA JWT with Ponte's claims.
fn token() -> String {
    let part = |n: usize| "aB3_-".repeat(n / 5);
    format!("eyJhbGciOiJFZERTQSIsImtpZCI6IjEifQ.{}.{}", part(300), part(85))
}

fn frame(lang: Language, page: &'static str) -> Frame {
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

fn institution(i: usize) -> InstitutionView {
    InstitutionView {
        code: format!("{i:03}"),
        name: format!("Banco \"Aspas\" & D'Ávila <b>{i}</b>"),
        logo_src: if i % 7 == 3 { String::new() } else { format!("/link/institutions/{i:03}/logo") },
        is_outage: i.is_multiple_of(10),
    }
}

fn groups(lang: Language) -> Vec<GroupView> {
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
fn all_pages(lang: Language) -> Vec<(&'static str, String, Vec<&'static str>)> {
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

fn unescape(s: &str) -> String {
    s.replace("&#38;", "&")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
}

fn audit(name: &str, html: &str, lang: Language, allowed_urls: &[&str]) {
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

#[test]
fn every_page_is_safe_small_and_accessible_in_both_languages() {
    for lang in Language::ALL {
        for (name, html, allowed) in all_pages(lang) {
            audit(name, &html, lang, &allowed);
        }
    }
}

#[test]
fn institution_list_with_sixty_institutions_fits_and_uses_one_form() {
    let pages = all_pages(Language::PtBr);
    let (_, html, _) = pages.iter().find(|(name, _, _)| *name == "institution_list").unwrap();
    assert!(html.len() <= LIMIT, "{} bytes", html.len());
    // The token appears a handful of times, not once per institution.
    assert!(html.matches(&token()).count() <= 4, "{}", html.matches(&token()).count());
    assert_eq!(html.matches("name=\"institution\" value=\"").count(), 60);
    assert_eq!(html.matches("data-track-list=\"institution_click\"").count(), 1);
    assert_eq!(html.matches("disabled").count(), 6, "outage institutions are disabled");
    assert!(html.contains("Indisponível no momento"));
    assert_eq!(html.matches("<span class=\"badge ok\">Conectada</span>").count(), 2);
    assert!(html.contains(
        "<li><button name=\"institution\" value=\"007\"><img class=\"logo\" src=\"/link/institutions/007/logo\" \
         alt=\"\" width=\"40\" height=\"40\" loading=\"lazy\"><span class=\"n\">Banco &#34;Aspas&#34; &#38; \
         D&#39;Ávila &#60;b&#62;7&#60;/b&#62;</span></button></li>"
    ));
    // The query is escaped into the search field; its count is announced.
    assert!(html.contains("value=\"&#34;&#62;&#60;script&#62;x&#60;/script&#62;\""));
    assert!(html.contains("60 instituições encontradas."));
    // The choose form is a GET to the path with the base's parameters as hidden fields.
    assert!(html.contains("<form method=\"get\" action=\"/link/choose\">"));
    // Institutions without a logo get CSS initials, nothing fetched.
    assert!(html.contains("aria-hidden=\"true\">BA</span>"));
}

#[test]
fn choose_href_appends_the_institution() {
    let f = frame(Language::En, "institution_list");
    let view = InstitutionListView {
        institutions: vec![],
        query: String::new(),
        search_action: "/link/institutions".to_owned(),
        choose_href_base: f.href("/link/choose"),
        connected: vec![],
    };
    assert_eq!(view.choose_href("a&b"), format!("/link/choose?v={}&lang=en&institution=a%26b", token()));
    let html = institution_list(&f, &view).unwrap();
    assert!(html.contains("No institution found."));
}

#[test]
fn frame_href_encodes_and_keeps_queries_and_fragments() {
    let mut f = frame(Language::PtBr, "landing");
    f.link_token = "a+b/c=d&e".to_owned();
    assert_eq!(f.href("/link"), "/link?v=a%2Bb%2Fc%3Dd%26e&lang=pt-BR");
    assert_eq!(f.href("/link/x?institution=001"), "/link/x?institution=001&v=a%2Bb%2Fc%3Dd%26e&lang=pt-BR");
    assert_eq!(f.href("/link#top"), "/link?v=a%2Bb%2Fc%3Dd%26e&lang=pt-BR#top");
    assert_eq!(f.href_in("/link", Language::En), "/link?v=a%2Bb%2Fc%3Dd%26e&lang=en");
    f.link_token.clear();
    assert_eq!(f.href("/link/callback"), "/link/callback?lang=pt-BR");
}

#[test]
fn landing_says_who_is_asking_and_links_the_documents() {
    let f = frame(Language::PtBr, "landing");
    let view = LandingView { groups: groups(Language::PtBr), continue_href: f.href("/link/institutions") };
    let html = landing(&f, &view).unwrap();
    assert!(html.contains(&format!(
        "<h1><strong class=\"partner\">{ESCAPED_BRAND}</strong> quer acessar seus dados financeiros</h1>"
    )));
    assert!(html.contains("data-track=\"landing_terms_click\""));
    assert!(html.contains("data-track=\"landing_privacy_policy_click\""));
    assert!(html.contains("https://partner.example/privacy?a=1&#38;b=2"));
    assert!(html.contains("data-track=\"landing_continue_click\""));
    assert!(html.contains("Saldos"), "group titles from the domain");
    assert!(html.contains(&format!("href=\"/link?v={}&#38;lang=en\" hreflang=\"en\" lang=\"en\"", token())));

    let mut f = frame(Language::En, "landing");
    f.brand.privacy_url = None;
    f.brand.terms_url = None;
    f.brand.logo_src = None;
    f.brand.name = "Acme Crédito".to_owned();
    let html = landing(&f, &view).unwrap();
    assert!(!html.contains("landing_terms_click") && !html.contains("landing_privacy_policy_click"));
    assert!(html.contains("<span class=\"brand-logo\" aria-hidden=\"true\">AC</span>"));
    assert!(html.contains("would like to access your financial data"));
}

#[test]
fn confirmation_asks_for_the_tax_id_only_when_missing() {
    let f = frame(Language::PtBr, "data_confirmation");
    let mut view = ConfirmationView {
        institution: institution(1),
        groups: groups(Language::PtBr),
        masked_tax_id: Some("***.456.789-**".to_owned()),
        ask_tax_id: None,
        validity_months: 12,
        error: None,
        action: "/link/confirm".to_owned(),
        back_href: None,
    };
    let html = confirmation(&f, &view).unwrap();
    assert!(html.contains("***.456.789-**"));
    assert!(!html.contains("name=\"tax_id\""));
    assert!(html.contains("value=\"12\" data-track=\"data_confirmation_validity_click\""));
    assert!(Regex::new(r#"value="12"[^>]* checked>"#).unwrap().is_match(&html));
    assert!(!Regex::new(r#"value="0"[^>]* checked>"#).unwrap().is_match(&html));
    assert!(!html.contains("data_confirmation_back_click"));
    assert!(html.contains("<form method=\"post\" action=\"/link/confirm\">"));

    view.masked_tax_id = None;
    view.ask_tax_id = Some(TaxIdKind::Cpf);
    view.validity_months = 0;
    view.error = Some("CPF inválido".to_owned());
    let html = confirmation(&f, &view).unwrap();
    let input = Regex::new(r#"<input id="tax_id"[^>]*>"#).unwrap().find(&html).unwrap().as_str().to_owned();
    for attribute in [
        "name=\"tax_id\"",
        "inputmode=\"numeric\"",
        "autocomplete=\"off\"",
        "required",
        "aria-invalid=\"true\"",
        "aria-describedby=\"tax_id-hint tax_id-error\"",
    ] {
        assert!(input.contains(attribute), "{attribute} in {input}");
    }
    assert!(html.contains("<label for=\"tax_id\">Seu CPF</label>"));
    assert!(html.contains("id=\"tax_id-error\" role=\"alert\""));
    assert!(Regex::new(r#"value="0"[^>]* checked>"#).unwrap().is_match(&html));

    view.ask_tax_id = Some(TaxIdKind::Cnpj);
    view.error = None;
    let html = confirmation(&f, &view).unwrap();
    assert!(html.contains("CNPJ da empresa"));
    assert!(html.contains("autocapitalize=\"characters\""));
    assert!(!html.contains("aria-invalid"));
}

#[test]
fn redirect_page_refreshes_to_the_bank_and_offers_a_link() {
    let f = frame(Language::En, "redirect");
    let view = RedirectView { institution: institution(2), bank_url: BANK.to_owned() };
    let html = redirect_to_bank(&f, &view).unwrap();
    let escaped = BANK.replace('&', "&#38;");
    assert!(html.contains(&format!("<meta http-equiv=\"refresh\" content=\"0;url={escaped}\">")));
    assert!(html.contains(&format!("<a class=\"btn\" href=\"{escaped}\" rel=\"noreferrer\"")));
    assert!(html.contains("Taking you to <strong>"));
}

#[test]
fn callback_page_posts_the_fragment_fields() {
    let mut f = frame(Language::PtBr, "callback");
    f.link_token.clear();
    let html = callback(&f, &CallbackView { action: "/link/callback".to_owned() }).unwrap();
    assert!(html.contains("<form id=\"cb-form\" method=\"post\" action=\"/link/callback\">"));
    for field in fields::CALLBACK {
        assert!(html.contains(&format!("<input type=\"hidden\" name=\"{field}\" value=\"\">")), "{field}");
    }
    assert!(html.contains("<script src=\"/link/static/callback.js?h="));
    assert!(html.contains("<noscript>"));
    assert!(html.contains("<section id=\"cb-empty\" hidden>"));
    assert!(!html.contains("Começar de novo"), "no link back without a link token");
    let f = frame(Language::PtBr, "callback");
    let html = callback(&f, &CallbackView { action: "/link/callback".to_owned() }).unwrap();
    assert!(html.contains("Começar de novo"));
}

#[test]
fn lgpd_page_offers_accept_and_refuse() {
    let f = frame(Language::PtBr, "lgpd");
    let view = LgpdView {
        institution: institution(4),
        partner_name: "Acme".to_owned(),
        groups: groups(Language::PtBr),
        action: "/link/lgpd".to_owned(),
    };
    let html = lgpd(&f, &view).unwrap();
    assert!(html.contains("name=\"decision\" value=\"accept\""));
    assert!(html.contains("name=\"decision\" value=\"refuse\""));
    assert!(html.contains("<strong>Acme</strong>."));
}

#[test]
fn success_and_failure_pages_emit_their_events_on_load() {
    let pages = all_pages(Language::PtBr);
    let (_, html, _) = pages.iter().find(|(name, _, _)| *name == "success").unwrap();
    assert!(html.contains(" data-track-on-load=\"authorise_success\" data-load-institution-code=\"005\""));
    assert!(html.contains("data-load-institution-type=\"1\""));
    assert!(html.contains("<li data-step=\"cards&#34;x\" data-state=\"active\">"));
    assert!(html.contains("<span class=\"step-state\">em andamento</span>"));
    assert!(html.contains("aria-live=\"polite\""));
    assert!(html.contains("data-progress-url=\"/link/progress?v="));
    assert!(html.contains("<script src=\"/link/static/progress.js?h="));
    assert!(html.contains("data-track=\"authorise_success_finish_click\""));
    assert!(html.contains("data-track=\"authorise_success_connect_more_click\""));

    let failures: Vec<_> = pages.iter().filter(|(name, _, _)| *name == "failure").collect();
    assert!(
        failures[0].1.contains(" data-track-on-load=\"authorise_fail\" data-load-institution-code=\"006\"")
    );
    assert!(failures[1].1.contains(" data-track-on-load=\"authorise_fail\">"));
    assert!(failures[0].1.contains("Tentar novamente") && failures[0].1.contains("Concluir"));
}

#[test]
fn dangerous_urls_are_refused() {
    let f = frame(Language::PtBr, "redirect");
    for bad in [
        "javascript:alert(1)",
        " JaVa\tScRiPt:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/x",
    ] {
        let view = RedirectView { institution: institution(1), bank_url: bad.to_owned() };
        assert!(redirect_to_bank(&f, &view).is_err(), "{bad:?}");
        let view = MessageView { title: "t".into(), message: "m".into(), finish_href: Some(bad.to_owned()) };
        assert!(message(&f, &view).is_err(), "{bad:?}");
    }
    // Apps return to their own schemes.
    let view =
        MessageView { title: "t".into(), message: "m".into(), finish_href: Some("myapp://done?x=1".into()) };
    assert!(message(&f, &view).is_ok());
    // Internal URLs must stay on Ponte.
    let view = LandingView { groups: vec![], continue_href: "myapp://x".to_owned() };
    assert!(landing(&f, &view).is_err());
    let mut inst = institution(1);
    inst.logo_src = "javascript:x".to_owned();
    let view = RedirectView { institution: inst.clone(), bank_url: BANK.to_owned() };
    assert!(redirect_to_bank(&f, &view).is_err());
    inst.logo_src = "data:image/svg+xml;base64,PHN2Zy8+".to_owned();
    let view = RedirectView { institution: inst, bank_url: BANK.to_owned() };
    assert!(redirect_to_bank(&f, &view).is_ok());
    let mut f = frame(Language::PtBr, "message");
    f.brand.privacy_url = Some("javascript:alert(1)".to_owned());
    let view = MessageView { title: "t".into(), message: "m".into(), finish_href: None };
    assert!(message(&f, &view).is_err());
}

#[test]
fn csp_is_the_link_policy() {
    assert_eq!(
        CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         form-action 'self'; base-uri 'none'"
    );
}

fn css_var(css: &str, name: &str) -> [u8; 3] {
    let at = css.find(&format!("--{name}:#")).unwrap_or_else(|| panic!("--{name} in {css}")) + name.len() + 4;
    let hex = &css[at..at + 6];
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [channel(0), channel(2), channel(4)]
}

#[test]
fn theme_css_reaches_contrast_for_every_colour() {
    let white = [255, 255, 255];
    let surface = [0xF1, 0xF3, 0xF5];
    for r in (0..=255u16).step_by(17) {
        for g in (0..=255u16).step_by(17) {
            for b in (0..=255u16).step_by(51) {
                let hex = format!("#{r:02x}{g:02x}{b:02x}");
                let css = theme_css(&hex, &hex);
                assert!(css.contains(&format!("--primary:{};", hex.to_uppercase())), "{css}");
                let rgb = [r as u8, g as u8, b as u8];
                for name in ["primary", "accent"] {
                    let on = css_var(&css, &format!("on-{name}"));
                    assert!(contrast(rgb, on) >= 4.5, "{hex}: on-{name}");
                    let ink = css_var(&css, &format!("{name}-ink"));
                    assert!(
                        contrast(ink, white) >= 4.5 && contrast(ink, surface) >= 4.5,
                        "{hex}: {name}-ink"
                    );
                }
                assert!(contrast(css_var(&css, "focus"), white) >= 3.0);
            }
        }
    }
}

#[test]
fn theme_css_picks_dark_text_on_light_brands_and_ignores_junk() {
    let css = theme_css("#FFE600", "#ffffff");
    assert!(css.contains("--on-primary:#000000;"), "{css}");
    assert!(css.contains("--on-accent:#000000;"), "{css}");
    assert_ne!(css_var(&css, "primary-ink"), [0xFF, 0xE6, 0x00], "yellow is darkened for text");
    let css = theme_css("#0B6E4F", "#1a1a1a");
    assert!(css.contains("--on-primary:#FFFFFF;--primary-ink:#0B6E4F;"), "{css}");
    assert!(css.contains("--accent:#1A1A1A;--on-accent:#FFFFFF;"), "{css}");
    let css = theme_css("red;}body{display:none", "#12345");
    assert!(css.contains("--primary:#0B6E4F;") && css.contains("--accent:#F2A541;"), "{css}");
    assert!(!css.contains("display"));
    assert_eq!(
        theme_href("/link/theme.css", "#0b6e4f", "#F2A541"),
        "/link/theme.css?primary=%230B6E4F&accent=%23F2A541"
    );
}

#[test]
fn static_assets_are_served_with_their_types() {
    let href = Regex::new(r"^/link/static/[a-z]+\.[a-z]+\?h=[0-9a-f]{8}$").unwrap();
    for (name, content_type) in [
        ("link.css", "text/css; charset=utf-8"),
        ("link.js", "text/javascript; charset=utf-8"),
        ("callback.js", "text/javascript; charset=utf-8"),
        ("progress.js", "text/javascript; charset=utf-8"),
        ("ponte.svg", "image/svg+xml"),
    ] {
        let (ty, bytes) = static_asset(name).unwrap();
        assert_eq!(ty, content_type);
        assert!(!bytes.is_empty());
        let text = std::str::from_utf8(bytes).unwrap();
        assert!(!text.contains("https://") && !text.contains("@import") && !text.contains("url("), "{name}");
        assert!(!text.contains("eval(") && !text.contains("innerHTML"), "{name}");
        assert!(href.is_match(&asset_href(name)), "{name}");
    }
    assert!(static_asset("../Cargo.toml").is_none());
    assert!(static_asset("").is_none());
}

#[test]
fn initials_svg_escapes_the_name() {
    let svg = initials_svg("<Banco> & \"Filhos\"", "#FFFFFF");
    assert!(svg.starts_with("<svg "));
    assert!(svg.contains("aria-label=\"&lt;Banco&gt; &amp; &quot;Filhos&quot;\""));
    assert!(svg.contains(">BF</text>"));
    assert!(svg.contains("fill=\"#000000\""), "dark text on white");
    let svg = initials_svg("Nubank", "not a colour\"/><script>");
    assert!(!svg.contains("<script>") && svg.contains("fill=\"#0B6E4F\""));
    assert_eq!(initials("banco do brasil"), "BD");
    assert_eq!(initials("  "), "?");
    assert_eq!(initials("Itaú"), "I");
}

#[test]
fn texts_exist_in_both_languages() {
    let (pt, en) = (texts(Language::PtBr), texts(Language::En));
    assert_eq!(pt.other_language, Language::En);
    assert_eq!(en.other_language, Language::PtBr);
    assert_eq!(pt.search_count(3), "3 instituições encontradas.");
    assert_eq!(en.search_count(1), "1 institution found.");
    assert_eq!(en.state(StepState::Failed), "failed");
    assert_eq!(GroupView::of(PermissionGroup::AccountsBalances, Language::En).title, "Balances");
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
