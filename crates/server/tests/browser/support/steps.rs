//! The user's steps through the hosted pages and the sandbox bank, as they would describe them.
//! Each step ends once the next screen is shown.

use super::ponte::{BANK_HOST, Link};
use super::tab::Tab;

/// Every sandbox customer's password at the sandbox banks.
pub const BANK_PASSWORD: &str = "ponte";

impl Tab {
    /// Opens the link URL: the landing page.
    pub async fn open_link(&self, link: &Link) {
        self.goto(&link.url).await;
        self.wait_page("landing").await;
    }

    /// Landing → "Continuar" → the institution list.
    pub async fn continue_from_landing(&self) {
        self.click("a[data-track=\"landing_continue_click\"]").await;
        self.wait_page("institution_list").await;
    }

    /// The selector of the institution `code` in the list.
    pub fn institution_button(code: &str) -> String {
        format!("ul.insts button[name=\"institution\"][value=\"{code}\"]")
    }

    /// Institution list → the institution `code` → its data confirmation page.
    pub async fn choose_institution(&self, code: &str) {
        self.click(&Tab::institution_button(code)).await;
        self.wait_page("data_confirmation").await;
        let chosen = self.url().await.query_pairs().any(|(k, v)| k == "institution" && v == code);
        self.ensure(chosen, format!("the confirmation page should be about institution {code}")).await;
    }

    /// Data confirmation → "Continuar para <bank>": Ponte creates the consent, and its redirect
    /// page's meta refresh takes the browser (without a click) to the bank's login page.
    pub async fn continue_to_bank(&self, code: &str) {
        self.click("form[action=\"/link/authorise\"] button[type=\"submit\"]").await;
        self.wait_for("form[action$=\"/auth/login\"] input[name=\"password\"]").await;
        let url = self.url().await;
        let at_bank = url.host_str() == Some(BANK_HOST)
            && url.path() == format!("/banks/{code}/auth/authorize")
            && url.query_pairs().any(|(k, _)| k == "request_uri");
        self.ensure(
            at_bank,
            format!("the redirect page should lead to bank {code}'s authorisation endpoint"),
        )
        .await;
    }

    /// The bank's login page: CPF or CNPJ and the password → the bank's consent page.
    pub async fn log_in_at_bank(&self, tax_id: &str) {
        self.fill("input[name=\"tax_id\"]", tax_id).await;
        self.fill("input[name=\"password\"]", BANK_PASSWORD).await;
        self.click("form[action$=\"/auth/login\"] button[type=\"submit\"]").await;
        self.wait_for("form[action$=\"/auth/consent\"] button[name=\"decision\"][value=\"approve\"]").await;
    }

    /// The bank's consent page: "Autorizar" or "Recusar". The bank sends the browser back to
    /// Ponte's callback page, whose script posts the URL fragment; Ponte then shows `next`
    /// (`lgpd`, or `failure`).
    pub async fn decide_at_bank(&self, approve: bool, next: &str) {
        let value = if approve { "approve" } else { "reject" };
        self.click(&format!("form[action$=\"/auth/consent\"] button[name=\"decision\"][value=\"{value}\"]"))
            .await;
        self.wait_page(next).await;
        let url = self.url().await;
        self.ensure(url.fragment().is_none(), "no fragment (the bank's answer) may stay in the address bar")
            .await;
    }

    /// The LGPD page: "Autorizar envio" (→ success page) or "Não autorizar" (→ failure page).
    pub async fn answer_lgpd(&self, accept: bool) {
        let value = if accept { "accept" } else { "refuse" };
        self.click(&format!("button[name=\"decision\"][value=\"{value}\"]")).await;
        self.wait_page(if accept { "success" } else { "failure" }).await;
    }

    /// Success or failure page → "Concluir" → the partner's redirectURL.
    pub async fn finish(&self) {
        self.click(
            "a[data-track=\"authorise_success_finish_click\"], a[data-track=\"authorise_fail_finish_click\"]",
        )
        .await;
        self.wait_for("body#partner-back").await;
    }

    /// From the link URL to the bank's consent page for `tax_id` at the institution `code`.
    pub async fn to_the_bank(&self, link: &Link, code: &str, tax_id: &str) {
        self.open_link(link).await;
        self.continue_from_landing().await;
        self.choose_institution(code).await;
        self.continue_to_bank(code).await;
        self.log_in_at_bank(tax_id).await;
    }
}
