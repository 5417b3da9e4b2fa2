//! What every scenario needs: ChromeDriver with a headless Chromium, Ponte with the sandbox
//! banks, and the partner's receiver.

pub mod driver;
pub mod ponte;
pub mod receiver;
pub mod steps;
pub mod tab;

use driver::Driver;
use ponte::Ponte;
use std::time::Duration;
use tab::Tab;

/// How long an event may take to reach the partner (the worker polls its outbox twice a second).
pub const EVENT_DEADLINE: Duration = Duration::from_secs(30);

/// One scenario's world. Fields drop in order: the tab, Ponte, then the driver (which kills
/// ChromeDriver and the browser when a test fails halfway).
pub struct World {
    pub tab: Tab,
    pub ponte: Ponte,
    driver: Driver,
}

impl World {
    /// `None` when the browser is not installed (the test is then skipped).
    pub async fn start() -> Option<World> {
        let driver = Driver::start().await?;
        let ponte = Ponte::start().await;
        let tab = Tab::new(driver.session().await);
        Some(World { tab, ponte, driver })
    }

    /// The parameters of the partner page the browser is on (asserting it is `/back`).
    pub async fn returned(&self) -> Vec<(String, String)> {
        let url = self.tab.url().await;
        let expected = self.ponte.back_url();
        let at_back = url.as_str().split('?').next() == Some(expected.as_str());
        self.tab.ensure(at_back, format!("the browser should be back at {expected}")).await;
        let params: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(params, self.ponte.partner.last_return(), "what the partner's page received");
        params
    }

    /// Asserts that everything the current page loaded came from Ponte itself (no CDN, font,
    /// analytics or bank request), and that it loaded something.
    pub async fn assert_only_ponte_requests(&self) {
        let ponte = url::Url::parse(&self.ponte.base).expect("Ponte's URL").origin();
        let resources = self.tab.resources().await;
        self.tab.ensure(!resources.is_empty(), "the page should have loaded its styles and scripts").await;
        let elsewhere: Vec<&url::Url> = resources.iter().filter(|u| u.origin() != ponte).collect();
        self.tab.ensure(elsewhere.is_empty(), format!("requests left Ponte: {elsewhere:?}")).await;
    }

    /// The consent id in the current page's path (`/link/consents/{id}/…`).
    pub async fn consent_on_page(&self) -> String {
        let url = self.tab.url().await;
        let mut segments = url.path().split('/').skip_while(|s| *s != "consents").skip(1);
        match segments.next() {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => panic!(
                "the page should be about one consent; the browser is {}",
                self.tab.whereabouts().await
            ),
        }
    }

    /// Ends the browser session and stops Ponte; asserts every delivery was correctly signed.
    pub async fn stop(self) {
        let refused = self.ponte.partner.received().refused;
        assert!(refused.is_empty(), "deliveries whose signature did not verify: {refused:#?}");
        self.tab.close().await;
        self.ponte.stop().await;
        drop(self.driver);
    }
}

/// The value of `name` in `params`, if present once.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let mut values = params.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let first = values.next();
    assert!(values.next().is_none(), "{name} appears more than once in {params:?}");
    first
}
