//! The procedural generators, one per file, and `common`, the building blocks they share.

mod bowls;
mod common;
mod drone;
mod fire;
mod night;
mod noise;
mod ocean;
mod rain;
mod stream;
mod wind;

pub use bowls::Bowls;
pub use drone::Drone;
pub use fire::Fire;
pub use night::Night;
pub use noise::{Noise, NoiseColor};
pub use ocean::Ocean;
pub use rain::Rain;
pub use stream::Stream;
pub use wind::Wind;
