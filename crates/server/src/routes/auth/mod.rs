pub mod create_token;
pub mod refresh_token;
