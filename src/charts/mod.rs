//! Charts: their options are built on the server (`options`, with charming: the browser bundle carries
//! no option-building code), drawn in the browser by one small ECharts binding of ours (`bindings`:
//! init, set and merge options, resize, click, dispose) through `<EChart/>` — and the map, through the
//! same binding. A live chart merges only its figures (`data`), built from the same shaping functions
//! as the full options. The ECharts library itself is our own copy under `/vendor`.

#[cfg(feature = "hydrate")]
pub mod bindings;
mod component;
pub mod data;
pub mod geo;
#[cfg(feature = "ssr")]
pub mod options;
mod png;
#[cfg(feature = "hydrate")]
pub use component::when_in_page;
pub use component::EChart;
pub use png::{PngButton, Stamp};

/// Party red and its companions, used the same way on every chart.
pub const RED: &str = "#c8161d";
pub const GOLD: &str = "#d4a017";
pub const PALETTE: &[&str] = &["#c8161d", "#d4a017", "#3b6ea8", "#4d9a6a", "#8c5aa8"];
