//! Each page: what it must say and offer.

use super::*;

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
