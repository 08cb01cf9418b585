//! Email: the notices the urging policy queued, written as the Office would write them and
//! delivered once.
//!
//! # Layout
//! - [`render`]: the templates (`config/templates/`, overridable by the admin) and what they are
//!   given ([`render::Letter`]); Vietnamese dates.

pub mod render;
