//! Server-only code: configuration, database, demo district, queries. Compiled with feature `ssr`.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod downloads;
pub mod guard;
pub mod http;
pub mod imports;
pub mod live;
pub mod repo;
pub mod service;
pub mod setup;
pub mod state;
pub mod trace;
pub mod views;

pub use clock::Clock;
