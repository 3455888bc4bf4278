//! The optional pacer tone: a soft tone that rises while you breathe in and falls while you
//! breathe out, following the same `phase_at` as the visual pacer. Holds are silent.

use super::dsp::Ramp;
use crate::domain::breathing::{BreathPhase, PhaseKind};

/// Pitch at empty lungs (G3).
const LOW_HZ: f32 = 196.0;
/// Pitch at full lungs (D4).
const HIGH_HZ: f32 = 293.7;
/// Peak level (about −29 dBFS): clearly heard (a tone stands out of a noise bed) but
/// about 7 LU under the bed, so exports with pacer tones stay near −27 LUFS.
const PEAK: f32 = 0.035;

/// The pacer tone voice: a sine (advanced by rotation, four multiplies a frame) with a
/// touch of its octave (from the double angle), its pitch set once per block.
#[derive(Clone, Debug)]
pub struct PacerTone {
    c: f32,
    s: f32,
}

impl Default for PacerTone {
    fn default() -> Self {
        Self { c: 1.0, s: 0.0 }
    }
}

impl PacerTone {
    /// The tone's level and pitch for a breath phase: the level is a soft arch over each
    /// inhale or exhale (silent at its edges, so phase changes never click).
    pub fn shape(phase: &BreathPhase) -> (f32, f32) {
        let hz = LOW_HZ + (HIGH_HZ - LOW_HZ) * phase.fill_0_to_1;
        let level = match phase.kind {
            PhaseKind::Inhale | PhaseKind::TopUp | PhaseKind::Exhale => {
                (std::f32::consts::PI * phase.progress_0_to_1).sin() * PEAK
            }
            PhaseKind::HoldIn | PhaseKind::HoldOut => 0.0,
        };
        (level, hz)
    }

    /// Adds a block to interleaved stereo `out`: the level moving from `level.0` to
    /// `level.1` across it, times `gain` (ticked every frame), at `hz` (a pitch glides
    /// by well under a hertz in a block). A silent block (a hold) costs nothing.
    pub fn add_block(
        &mut self,
        out: &mut [f32],
        level: (f32, f32),
        hz: f32,
        gain: &mut Ramp,
        rate: f32,
    ) {
        let frames = out.len() / 2;
        if level.0 <= 0.0 && level.1 <= 0.0 {
            gain.skip(frames as u64);
            return;
        }
        let (sw, cw) = (std::f32::consts::TAU * hz / rate).sin_cos();
        // Keep the amplitude at 1 (one Newton step per block).
        let g = 0.5f32 * (-(self.c * self.c + self.s * self.s)) + 1.5;
        self.c *= g;
        self.s *= g;
        let step = (level.1 - level.0) / frames.max(1) as f32;
        let mut l = level.0;
        for frame in out.chunks_exact_mut(2) {
            let c = self.c * cw + -self.s * sw;
            self.s = self.s * cw + self.c * sw;
            self.c = c;
            // sin θ + ¼ sin 2θ = s + ½ s c.
            let v = (0.5f32 * self.c + 1.0) * self.s * l * gain.tick();
            frame[0] += v;
            frame[1] += v;
            l += step;
        }
    }
}
