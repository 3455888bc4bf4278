//! Custom painted widgets. Each reports what it shows through `widget_info`, so screen
//! readers (and the tests) can read it.

pub mod figure;
pub mod pacer;
pub mod ring;
