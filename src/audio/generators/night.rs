//! Night: crickets and other insects singing on a warm summer night, over the faint hush of
//! the night air.
//!
//! Four to six insects each have their own song: a pitch between 3.5 and 5.5 kHz (a sine
//! from a recursive oscillator with a touch of second harmonic), a place left or right
//! (level and a phase offset between the channels), a pulse rate, a number of pulses per
//! chirp and a chirp rate. Some are crickets (short chirps of two to six pulses), some
//! trill (long trains of pulses). Each pulse is a smooth bump, so nothing clicks. Their
//! songs vary slowly: the pitch and loudness drift, every chirp comes a little early or
//! late, and now and then an insect pauses for a few seconds. Under them is a very quiet
//! bed of low noise and a faint, distant chorus around 4.5 kHz.
//!
//! As it calms ([`BlockCtx::calm`]) the night settles: the insects rest more often
//! ([`rest_chance`]), sing more softly ([`song_level`]), the chorus fades back and the
//! sound darkens ([`Darken`]).

use crate::audio::dsp::{OnePole, Rng};
use crate::audio::generator::BlockCtx;

use super::common::{ControlRate, Darken, Drift, Lerp, Osc, Reson, bump, calmed, noise2, pan};

/// Frames between control updates.
const CTL: usize = 32;
/// Most insects.
const INSECTS: usize = 6;
/// The summed average power of the insects (see `Insect::power`).
const CHORUS_POWER: f32 = 0.15;
/// Calibrates the output to about −27 LUFS (see `tests/it/audio_generators.rs`).
const GAIN: f32 = 0.2526;
/// Make-up for the energy the bed's 300 Hz one-pole removes from white noise.
const BED_MAKEUP: f32 = 6.0;

/// The chance that an insect rests a few seconds after a chirp, for `calm` (0..1).
pub fn rest_chance(trill: bool, calm: f32) -> f32 {
    let base = if trill { 0.08 } else { 0.015 };
    calmed(base, base + 0.3, calm)
}

/// How loudly the insects sing for `calm`, against their level at 0.
pub fn song_level(calm: f32) -> f32 {
    calmed(1.0, 0.55, calm)
}

/// One insect's song and voice.
struct Insect {
    rng: Rng,
    osc: Osc,
    hz: f32,
    pitch: Drift,
    level: Drift,
    loud: f32,
    gl: f32,
    gl2: f32,
    rc: f32,
    rs: f32,
    rc2: f32,
    rs2: f32,
    trill: bool,
    pulse_len: f32,
    pulse_period: f32,
    pulses: u32,
    chirp_period: f32,
    clock: f32,
    pulse: u32,
    env: Lerp,
}

impl Insect {
    fn new(root: &mut Rng, rate: f32) -> Self {
        let sr = rate / CTL as f32;
        let mut rng = root.fork();
        let hz = rng.range(3_500.0, 5_500.0);
        let trill = rng.chance(0.35);
        let (pulse_period, pulses, chirp_period) = if trill {
            let pp = rng.range(0.014, 0.025);
            let n = rng.range(12.0, 50.0) as u32;
            (pp, n, n as f32 * pp + rng.range(0.6, 2.5))
        } else {
            let pp = rng.range(0.022, 0.045);
            let n = rng.range(2.0, 6.99) as u32;
            (pp, n, (n as f32 * pp + rng.range(0.2, 1.2)).max(0.35))
        };
        let pulse_len = pulse_period * rng.range(0.45, 0.7);
        let (gl, gr) = pan(rng.range(-0.9, 0.9));
        // The right channel's phase offset: 65–115° either way, so the channels stay
        // decorrelated (|r| under about 0.45) even when one insect sings alone.
        let x = rng.range(-1.0, 1.0);
        let phi = x.signum() * (1.13 + 0.87 * x.abs());
        let (sin_phi, cos_phi) = phi.sin_cos();
        let (sin2, cos2) = (2.0 * phi).sin_cos();
        let h2 = rng.range(0.04, 0.12);
        let near = rng.unit();
        let loud = 0.3 + 0.7 * near * near;
        let clock = -rng.range(0.0, chirp_period);
        Self {
            osc: Osc::new(hz, rate, 0.0),
            hz,
            pitch: Drift::new(&mut rng, 0.985, 1.015, 15.0, 60.0, sr),
            level: Drift::new(&mut rng, 0.5, 1.0, 8.0, 40.0, sr),
            loud,
            gl,
            gl2: gl * h2,
            rc: gr * cos_phi,
            rs: gr * sin_phi,
            rc2: gr * h2 * cos2,
            rs2: gr * h2 * sin2,
            trill,
            pulse_len,
            pulse_period,
            pulses,
            chirp_period,
            clock,
            pulse: 0,
            env: Lerp::at(0.0),
            rng,
        }
    }

    /// Roughly its average power: level squared times the share of time it sings.
    fn power(&self) -> f32 {
        let duty = self.pulses as f32 * self.pulse_len / self.chirp_period;
        self.loud * self.loud * duty
    }

    /// One control step of `dt` seconds.
    fn control(&mut self, dt: f32, rate: f32, calm: f32) {
        let pitch = self.pitch.step();
        let level = self.level.step();
        self.clock += dt;
        if self.clock >= self.pulse_period {
            self.clock -= self.pulse_period;
            self.pulse += 1;
            if self.pulse >= self.pulses {
                // The chirp is over: wait for the next, a little early or late; now and then
                // rest a while.
                self.pulse = 0;
                let r = &mut self.rng;
                let song = self.pulses as f32 * self.pulse_period;
                let mut gap = (self.chirp_period * r.range(0.93, 1.07) - song).max(0.08);
                if r.chance(rest_chance(self.trill, calm)) {
                    gap += r.range(2.0, 12.0);
                }
                self.clock -= gap;
                self.osc.set_freq(self.hz * pitch, rate);
            }
        }
        let accent = if self.pulse == 0 { 0.7 } else { 1.0 };
        let target = if self.clock >= 0.0 {
            bump(self.clock / self.pulse_len) * accent * self.loud * level * song_level(calm)
        } else {
            0.0
        };
        self.env.go(target, CTL as f32);
        self.osc.renormalise();
    }

    /// Adds this insect to `frames` (if it is singing).
    fn add(&mut self, frames: &mut [[f32; 2]]) {
        if self.env.v <= 0.0 && self.env.target() <= 0.0 {
            return;
        }
        let (gl, gl2) = (self.gl * GAIN, self.gl2 * GAIN);
        let (rc, rs, rc2, rs2) = (
            self.rc * GAIN,
            self.rs * GAIN,
            self.rc2 * GAIN,
            self.rs2 * GAIN,
        );
        let osc = &mut self.osc;
        let env = &mut self.env;
        for frame in frames {
            osc.step();
            let (c, s) = (osc.c, osc.s);
            let e = env.v;
            env.v += env.inc;
            // sin 2θ = 2sc, cos 2θ = c² − s²; the right channel is shifted by φ.
            let s2 = 2.0 * s * c;
            let c2 = c * c + -s * s;
            let left = s * gl + s2 * gl2;
            let right = (s * rc + c * rs) + (s2 * rc2 + c2 * rs2);
            frame[0] += left * e;
            frame[1] += right * e;
        }
    }
}

/// Crickets and other insects on a summer night.
pub struct Night {
    rate: f32,
    noise: Rng,
    bed_lp: [OnePole; 2],
    bed_dc: [OnePole; 2],
    chorus: [Reson; 2],
    chorus_gain: [Lerp; 2],
    chorus_level: [Drift; 2],
    insects: [Insect; INSECTS],
    count: usize,
    ctl_left: usize,
    darken: Darken,
}

impl Night {
    /// A night at `rate` samples per second, its insects decided by `seed`.
    pub fn new(rate: f32, seed: u64) -> Self {
        let mut root = Rng::new(seed);
        let sr = rate / CTL as f32;
        let count = (4 + (root.unit() * 2.99) as usize).min(INSECTS);
        let mut insects: [Insect; INSECTS] = std::array::from_fn(|_| Insect::new(&mut root, rate));
        // Whatever the chorus (how many, how near, how busy), the same average power, so
        // every night is as loud as the next; the insects keep their relative levels.
        let power: f32 = insects.iter().take(count).map(Insect::power).sum();
        let norm = (CHORUS_POWER / power.max(1e-6)).sqrt();
        for insect in &mut insects {
            insect.loud *= norm;
        }
        Self {
            rate,
            noise: root.fork(),
            bed_lp: std::array::from_fn(|_| OnePole::lowpass(300.0, rate)),
            bed_dc: std::array::from_fn(|_| OnePole::lowpass(40.0, rate)),
            chorus: std::array::from_fn(|_| Reson::new(4_500.0, 2.5, rate)),
            chorus_gain: Default::default(),
            chorus_level: [
                Drift::new(&mut root, 0.2, 1.0, 3.0, 12.0, sr),
                Drift::new(&mut root, 0.2, 1.0, 3.0, 12.0, sr),
            ],
            insects,
            count,
            ctl_left: 0,
            darken: Darken::new(5_000.0, rate),
        }
    }
}

impl ControlRate for Night {
    const CTL: usize = CTL;

    /// Once per control period: every singing insect's song, the chorus levels.
    fn control(&mut self, ctx: &BlockCtx) {
        let dt = CTL as f32 / self.rate;
        for insect in self.insects.iter_mut().take(self.count) {
            insect.control(dt, self.rate, ctx.calm);
        }
        let chorus = calmed(1.0, 0.5, ctx.calm);
        for (g, d) in self
            .chorus_gain
            .iter_mut()
            .zip(self.chorus_level.iter_mut())
        {
            g.go(d.step() * chorus, CTL as f32);
        }
    }

    /// The bed of night air and the distant chorus, then the insects.
    fn run(&mut self, frames: &mut [[f32; 2]], _start: usize) {
        for frame in &mut *frames {
            let (a, b) = noise2(&mut self.noise);
            for (ch, (sample, x)) in frame.iter_mut().zip([a, b]).enumerate() {
                let low = self.bed_lp[ch].process(x * BED_MAKEUP);
                let low = low - self.bed_dc[ch].process(low);
                let g = &mut self.chorus_gain[ch];
                let chorus = self.chorus[ch].process(x) * g.v;
                g.v += g.inc;
                *sample = (0.05f32 * low + 0.03 * chorus) * GAIN;
            }
        }
        for insect in self.insects.iter_mut().take(self.count) {
            insect.add(frames);
        }
    }

    /// Frames left in the current control period.
    fn ctl_left(&mut self) -> &mut usize {
        &mut self.ctl_left
    }

    fn darken(&mut self) -> &mut Darken {
        &mut self.darken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calmer_insects_rest_more_and_sing_softer() {
        let calms: Vec<f32> = (0..=10).map(|i| i as f32 / 10.0).collect();
        for pair in calms.windows(2) {
            for trill in [false, true] {
                assert!(rest_chance(trill, pair[1]) > rest_chance(trill, pair[0]));
            }
            assert!(song_level(pair[1]) < song_level(pair[0]));
        }
    }
}
