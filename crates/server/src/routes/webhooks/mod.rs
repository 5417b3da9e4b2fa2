pub mod list_deliveries;
pub mod recover;
pub mod retry_delivery;
pub mod send_test;
