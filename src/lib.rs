//! Rapport: a customer-service training simulator. The engine plays and scores scenarios;
//! the CLI and the desktop app are two faces of it.

pub mod cli;
pub mod engine;
pub mod library;
pub mod locale;
pub mod present;
#[cfg(feature = "store")]
pub mod progress;

#[cfg(feature = "app")]
pub mod app;
