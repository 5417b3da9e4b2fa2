pub mod complete_consent;
