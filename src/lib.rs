//! Rapport: a customer-service training simulator. The engine plays and scores scenarios;
//! the CLI (and, later, the app) are faces of it.

pub mod cli;
pub mod engine;
pub mod locale;
