//! Small DSP building blocks: random numbers, filters, gain ramps.

mod filters;
mod ramp;
mod rng;
mod sine;

pub use filters::{Biquad, BiquadKind, BrownFilter, OnePole, PinkFilter, db_to_gain, gain_to_db};
pub use ramp::{Curve, MIN_RAMP_SECS, Ramp};
pub use rng::Rng;
pub use sine::{Phasor, Resonator};
