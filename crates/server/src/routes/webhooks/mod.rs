pub mod list_deliveries;
pub mod send_test;
