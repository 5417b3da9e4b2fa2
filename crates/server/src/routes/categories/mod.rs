pub mod get_rules;
pub mod list_categories;
pub mod put_rules;
