pub mod get_report;
pub mod list_reports;
pub mod request_reports;
