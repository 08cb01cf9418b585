//! End-to-end tests: one binary. `helpers` opens stores on both backends and builds edXML
//! messages; the other modules read like the rules they check.

mod axis;
mod browser;
mod cli;
mod conformance;
mod daemon;
mod drafts;
mod helpers;
mod intake;
mod layers;
mod mail;
#[path = "../support/mock_axis.rs"]
mod mock_axis;
mod report;
mod review;
mod sandbox;
mod schedule;
mod smtp;
mod sources;
mod store;
mod urging;
mod web;
