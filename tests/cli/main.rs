//! Tests that drive the `pressdex` binary, in one test binary (like ripgrep's).

mod budget;
mod cjk_names;
mod concurrency;
mod corpus;
mod crash;
mod entities;
mod export;
mod extract;
mod hostile;
mod identity;
mod index;
mod languages;
mod limits;
mod names;
mod network;
mod original_page;
mod roles;
mod search;
mod serve;
#[path = "../support/server.rs"]
mod server;
mod trends;
mod util;
