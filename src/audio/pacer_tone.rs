//! The optional pacer tone: a soft tone that rises while you breathe in and falls while you
//! breathe out, following the same `phase_at` as the visual pacer. Holds are silent.

use super::dsp::Phasor;
use crate::domain::breathing::{BreathPhase, PhaseKind};

/// Pitch at empty lungs (G3).
const LOW_HZ: f32 = 196.0;
/// Pitch at full lungs (D4).
const HIGH_HZ: f32 = 293.7;
/// Peak level (about −24 dBFS): present but below the bed's peaks.
const PEAK: f32 = 0.06;

/// The pacer tone voice.
#[derive(Clone, Debug, Default)]
pub struct PacerTone {
    osc: Phasor,
    overtone: Phasor,
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

    /// Adds one frame at `level` and `hz` to both channels.
    #[inline]
    pub fn add_frame(&mut self, frame: &mut [f32], level: f32, hz: f32, rate: f32) {
        if level <= 0.0 {
            // Keep the phase running so restarts are continuous.
            self.osc.sine(hz, rate);
            self.overtone.sine(hz * 2.0, rate);
            return;
        }
        let s = (self.osc.sine(hz, rate) + 0.25 * self.overtone.sine(hz * 2.0, rate)) * level;
        frame[0] += s;
        frame[1] += s;
    }
}
