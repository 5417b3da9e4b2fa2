pub mod create_link;
pub mod get_link;
pub mod institutions;
pub mod request;
