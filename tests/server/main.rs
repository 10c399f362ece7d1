//! The server's tests against a real database, in one test binary (one link instead of twelve).
//! Each test gets a fresh database of the backend `DATABASE_URL` names: unset or `sqlite://…`, a new
//! SQLite file; `postgres://…/postgres`, a new database on that server (created and dropped per test).
//! `make test` runs this binary twice: on SQLite, then on the PostgreSQL it starts. Tests that need the
//! demo district get a copy of a template loaded once per run (`common::demo_database`).
#![cfg(feature = "ssr")]

mod common;

mod accounts;
mod classes;
mod demo_district;
mod district;
mod durability;
mod evaluation;
mod fuzz;
mod hardening;
mod hours_admin;
mod oversight;
mod plain;
mod plans;
mod red;
mod role_matrix;
mod schools;
mod sessions;
mod six_ones;
mod teaching;
