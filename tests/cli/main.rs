//! Tests that drive the `pressdex` binary, in one test binary (like ripgrep's).

mod corpus;
mod entities;
mod extract;
mod index;
mod search;
mod util;
