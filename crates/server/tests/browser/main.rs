//! The hosted Link journey in a real headless Chromium (driven through ChromeDriver), against
//! Ponte and the sandbox banks in-process: every page, the bank's login and consent pages, the
//! callback script, the LGPD step, the live progress, the return to the partner and the signed
//! events. Skipped when Chromium or ChromeDriver is missing, unless `PONTE_REQUIRE_ALL_TESTS=1`.

mod support;

mod expiry;
mod failures;
mod happy_path;
mod institutions;
