//! Small building blocks shared by the nature generators: the control-rate render loop,
//! cheap noise, a recursive sine oscillator, a band-pass resonator, smooth random drift,
//! event envelopes and short noise bursts, per-sample interpolation of control values,
//! linear upsampling and the breath follower. Nothing here allocates or calls a
//! transcendental function per sample.
//!
//! Hot paths use plain multiplies and adds, never `f32::mul_add`: on the baseline x86-64
//! target (no FMA) that is a call into the C library, many times slower. Values that decay
//! towards zero are flushed before they become subnormal, which is just as slow.

use std::f32::consts::{PI, TAU};

use crate::audio::dsp::{OnePole, Rng};
use crate::audio::generator::BlockCtx;

/// A generator that works in control periods: every `CTL` frames it updates its envelopes,
/// drifts and events once ([`Self::control`]), then renders the period's frames
/// ([`Self::run`]), perhaps over several calls when a block ends mid-period.
/// [`render_control_rate`] drives it.
pub trait ControlRate {
    /// Frames in a control period.
    const CTL: usize;

    /// The frames left in the current control period; 0 before the first one, so the first
    /// frame rendered starts a period.
    fn ctl_left(&mut self) -> &mut usize;

    /// Once per control period, before its first frame, with the context of the block that
    /// frame belongs to.
    fn control(&mut self, ctx: &BlockCtx);

    /// Overwrites `frames`, which are the frames `start..start + frames.len()` of the
    /// current control period (never past its end).
    fn run(&mut self, frames: &mut [[f32; 2]], start: usize);

    /// The darkening applied after each block as the sound calms.
    fn darken(&mut self) -> &mut Darken;
}

/// Renders `out` (interleaved stereo, as `Generate::render` gets it) from `g`: whole frames
/// in runs that never cross a control period, calling [`ControlRate::control`] at the start
/// of every period; a trailing odd sample is zeroed.
pub fn render_control_rate<G: ControlRate>(g: &mut G, out: &mut [f32], ctx: &BlockCtx) {
    let (mut frames, rest) = out.as_chunks_mut::<2>();
    rest.fill(0.0);
    while !frames.is_empty() {
        if *g.ctl_left() == 0 {
            g.control(ctx);
            *g.ctl_left() = G::CTL;
        }
        let left = *g.ctl_left();
        let run = left.min(frames.len());
        let (now, later) = std::mem::take(&mut frames).split_at_mut(run);
        frames = later;
        *g.ctl_left() = left - run;
        g.run(now, G::CTL - left);
    }
}

/// Every control-rate generator renders through [`render_control_rate`], then darkens
/// as it calms ([`Darken`]).
impl<G: ControlRate + Send> crate::audio::generator::Generate for G {
    fn render(&mut self, out: &mut [f32], ctx: &BlockCtx) {
        render_control_rate(self, out, ctx);
        self.darken().process(out, ctx.calm);
    }
}

/// The spectrum darkening as a sound calms: a one-pole low-pass whose cutoff glides down
/// an octave, from the sound's own brightness `hz` at calm 0 to `hz / 2` at calm 1, mixed
/// in as calm rises (`x + calm · (lp(x) − x)`, a first-order high shelf, so the response
/// falls smoothly with no notch). At calm 0 the sound is untouched and nothing is
/// computed. The cutoff is set once a block: calm glides slowly.
#[derive(Clone, Debug)]
pub struct Darken {
    hz: f32,
    rate: f32,
    lp: [OnePole; 2],
    calm: f32,
}

impl Darken {
    /// Darkening for a sound whose brightness sits around `hz`, at `rate` samples a second.
    pub fn new(hz: f32, rate: f32) -> Self {
        Self {
            hz,
            rate,
            lp: std::array::from_fn(|_| OnePole::lowpass(hz, rate)),
            calm: 0.0,
        }
    }

    /// The low-pass cutoff at `calm`: `hz` at 0, an octave lower at 1.
    pub fn cutoff(&self, calm: f32) -> f32 {
        self.hz * 0.5f32.powf(calm.clamp(0.0, 1.0))
    }

    /// Darkens `out` (interleaved stereo) for `calm`.
    pub fn process(&mut self, out: &mut [f32], calm: f32) {
        let calm = calm.clamp(0.0, 1.0);
        if calm <= 0.0 {
            self.calm = 0.0;
            return;
        }
        if calm != self.calm {
            let hz = self.cutoff(calm);
            for lp in &mut self.lp {
                lp.set_cutoff(hz, self.rate);
            }
            self.calm = calm;
        }
        let [l, r] = &mut self.lp;
        for frame in out.chunks_exact_mut(2) {
            let (x, y) = (frame[0], frame[1]);
            frame[0] = x + calm * (l.process(x) - x);
            frame[1] = y + calm * (r.process(y) - y);
        }
    }
}

/// `from` at calm 0, `to` at calm 1, in a straight line between.
pub fn calmed(from: f32, to: f32, calm: f32) -> f32 {
    from + (to - from) * calm.clamp(0.0, 1.0)
}

/// Brings a stereo signal computed at 1/`DIV` of the sample rate up to the full rate by
/// linear interpolation: each low-rate frame of `lo` becomes `DIV` frames of `out`, gliding
/// from the frame before it (`last` for the first) and ending exactly on it. `last` is
/// left holding the final low-rate frame used, for the next call; `out` is filled up to
/// `DIV · lo.len()` frames.
#[inline]
pub fn upsample_linear<const DIV: usize>(
    lo: &[[f32; 2]],
    last: &mut [f32; 2],
    out: &mut [[f32; 2]],
) {
    let mut prev = *last;
    for (chunk, &next) in out.chunks_exact_mut(DIV).zip(lo) {
        for (i, frame) in chunk.iter_mut().enumerate() {
            let t = (i + 1) as f32 / DIV as f32;
            *frame = [
                prev[0] + (next[0] - prev[0]) * t,
                prev[1] + (next[1] - prev[1]) * t,
            ];
        }
        prev = next;
    }
    *last = prev;
}

/// Scale from a signed 32-bit integer to [-1, 1).
const I32_SCALE: f32 = 1.0 / 2_147_483_648.0;

/// Two independent uniform samples in [-1, 1) from one draw (its two 32-bit halves).
#[inline]
pub fn noise2(rng: &mut Rng) -> (f32, f32) {
    let x = rng.next_u64();
    (
        ((x >> 32) as i32) as f32 * I32_SCALE,
        (x as i32) as f32 * I32_SCALE,
    )
}

/// Log-uniform value in [lo, hi) (for frequencies and times).
pub fn log_range(rng: &mut Rng, lo: f32, hi: f32) -> f32 {
    lo * (hi / lo).powf(rng.unit())
}

/// Equal-power gains (left, right) for a pan position in [-1, 1].
pub fn pan(p: f32) -> (f32, f32) {
    let angle = (p.clamp(-1.0, 1.0) + 1.0) * (PI / 4.0);
    (angle.cos(), angle.sin())
}

/// `exp(-1 / (secs · rate))`: the per-step multiplier of an exponential decay with time
/// constant `secs` when stepping at `rate` steps per second.
pub fn decay_mul(secs: f32, rate: f32) -> f32 {
    (-1.0 / (secs * rate).max(1e-3)).exp()
}

/// A sine/cosine pair advanced by rotation (four multiplies a step), renormalised at
/// control rate so its amplitude never drifts however long it runs.
#[derive(Clone, Debug)]
pub struct Osc {
    /// Cosine of the phase.
    pub c: f32,
    /// Sine of the phase.
    pub s: f32,
    cw: f32,
    sw: f32,
}

impl Osc {
    /// An oscillator at `hz` (for `rate` steps per second) starting at `phase` radians.
    pub fn new(hz: f32, rate: f32, phase: f32) -> Self {
        let (s, c) = phase.sin_cos();
        let mut o = Self {
            c,
            s,
            cw: 1.0,
            sw: 0.0,
        };
        o.set_freq(hz, rate);
        o
    }

    /// Changes the frequency (control rate: one `sin_cos`).
    pub fn set_freq(&mut self, hz: f32, rate: f32) {
        let (sw, cw) = (TAU * hz / rate).sin_cos();
        self.cw = cw;
        self.sw = sw;
    }

    /// Advances one step.
    #[inline]
    pub fn step(&mut self) {
        let c = self.c * self.cw + -self.s * self.sw;
        self.s = self.s * self.cw + self.c * self.sw;
        self.c = c;
    }

    /// Pulls the amplitude back to 1 (one Newton step; call every block or so).
    #[inline]
    pub fn renormalise(&mut self) {
        let g = 0.5f32 * (-(self.c * self.c + self.s * self.s)) + 1.5;
        self.c *= g;
        self.s *= g;
    }
}

/// A two-pole band-pass resonator with zeros at 0 Hz and the Nyquist frequency, peak gain
/// 0 dB (the RBJ band-pass in direct form I: three multiplies and three adds a sample,
/// with a shorter feedback path than the state-variable filter). For the many short-lived
/// or slowly retuned bands of the water and fire generators.
#[derive(Clone, Debug, Default)]
pub struct Reson {
    g: f32,
    a1: f32,
    a2: f32,
    x1: f32,
    x2: f32,
    y1: f32,
    y2: f32,
}

impl Reson {
    /// A resonator at `hz` with quality `q`, for `rate` samples per second.
    pub fn new(hz: f32, q: f32, rate: f32) -> Self {
        let mut f = Self::default();
        f.set(hz, q, rate);
        f
    }

    /// Retunes (control rate), keeping the state.
    pub fn set(&mut self, hz: f32, q: f32, rate: f32) {
        let w = TAU * hz.clamp(10.0, rate * 0.45) / rate;
        let (sin, cos) = w.sin_cos();
        let alpha = sin / (2.0 * q.max(0.05));
        let inv = 1.0 / (1.0 + alpha);
        self.g = alpha * inv;
        self.a1 = -2.0 * cos * inv;
        self.a2 = (1.0 - alpha) * inv;
    }

    /// Filters one sample.
    #[inline]
    pub fn process(&mut self, x: f32) -> f32 {
        // The terms not needing the last output first: the feedback path is then one
        // multiply and one subtraction long.
        let y = (self.g * (x - self.x2) - self.a2 * self.y2) - self.a1 * self.y1;
        self.x2 = self.x1;
        self.x1 = x;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }
}

/// A value that wanders smoothly and without pattern between `lo` and `hi`: it glides to
/// a random target over a random time (smoothstep, so no corners), then picks another.
/// Stepped at control rate.
#[derive(Clone, Debug)]
pub struct Drift {
    rng: Rng,
    lo: f32,
    hi: f32,
    min_steps: f32,
    max_steps: f32,
    from: f32,
    to: f32,
    pos: f32,
    inc: f32,
}

impl Drift {
    /// A drift in [lo, hi] whose glides last `min_secs`..`max_secs`, stepped `step_rate`
    /// times a second.
    pub fn new(
        rng: &mut Rng,
        lo: f32,
        hi: f32,
        min_secs: f32,
        max_secs: f32,
        step_rate: f32,
    ) -> Self {
        let mut rng = rng.fork();
        let start = rng.range(lo, hi);
        let mut d = Self {
            rng,
            lo,
            hi,
            min_steps: min_secs * step_rate,
            max_steps: max_secs * step_rate,
            from: start,
            to: start,
            pos: 1.0,
            inc: 1.0,
        };
        d.retarget();
        // Start somewhere inside the first glide, so nothing begins in lock-step.
        d.pos = d.rng.unit();
        d
    }

    fn retarget(&mut self) {
        self.from = self.to;
        self.to = self.rng.range(self.lo, self.hi);
        self.pos = 0.0;
        self.inc = 1.0 / self.rng.range(self.min_steps, self.max_steps).max(1.0);
    }

    /// Advances one control step and returns the value.
    pub fn step(&mut self) -> f32 {
        self.pos += self.inc;
        if self.pos >= 1.0 {
            self.retarget();
        }
        self.value()
    }

    /// The current value.
    pub fn value(&self) -> f32 {
        let t = self.pos.clamp(0.0, 1.0);
        let shaped = t * t * (2.0f32 * (-t) + 3.0);
        (self.to - self.from) * shaped + self.from
    }
}

/// A control value spread over the samples of a control period by linear interpolation,
/// so nothing ever steps.
#[derive(Clone, Debug, Default)]
pub struct Lerp {
    /// The value for the current sample.
    pub v: f32,
    /// Added every sample.
    pub inc: f32,
    target: f32,
}

impl Lerp {
    /// Resting at `v`.
    pub const fn at(v: f32) -> Self {
        Self {
            v,
            inc: 0.0,
            target: v,
        }
    }

    /// Heads for `target`, reaching it after `steps` samples.
    #[inline]
    pub fn go(&mut self, target: f32, steps: f32) {
        // Restart from the previous target so rounding never accumulates.
        self.v = self.target;
        self.target = target;
        self.inc = (target - self.v) / steps;
    }

    /// Jumps to `v` (only for values that are silent anyway).
    pub const fn reset(&mut self, v: f32) {
        self.v = v;
        self.target = v;
        self.inc = 0.0;
    }

    /// The value at the end of the current glide.
    pub const fn target(&self) -> f32 {
        self.target
    }
}

/// A struck-event envelope: the difference of two decaying exponentials, so it starts at 0,
/// rises smoothly to a peak and falls away exponentially (no step at either end).
#[derive(Clone, Debug, Default)]
pub struct Burst {
    slow: f32,
    fast: f32,
    slow_mul: f32,
    fast_mul: f32,
}

impl Burst {
    /// Sets the shape: `attack` and `decay` time constants in seconds, stepping `rate` times
    /// a second. With `attack` ≥ 1 ms and `decay` ≥ 5 ms the peak comes after ≥ 2 ms.
    pub fn shape(&mut self, attack: f32, decay: f32, rate: f32) {
        self.slow_mul = decay_mul(decay, rate);
        self.fast_mul = decay_mul(attack.min(decay * 0.5), rate);
    }

    /// Starts (or adds to) an event whose peak is about `peak`. `attack`/`decay` as in
    /// [`Self::shape`], only to find the peak value of the curve.
    pub fn strike(&mut self, peak: f32, attack: f32, decay: f32) {
        let attack = attack.min(decay * 0.5);
        let t = attack * decay / (decay - attack) * (decay / attack).ln();
        let curve_peak = (-t / decay).exp() - (-t / attack).exp();
        let a = peak / curve_peak.max(1e-3);
        self.slow += a;
        self.fast += a;
    }

    /// Advances one step and returns the value.
    #[inline]
    pub fn step(&mut self) -> f32 {
        self.slow *= self.slow_mul;
        self.fast *= self.fast_mul;
        self.slow - self.fast
    }

    /// Zeroes the rising part once it no longer matters, before it decays into subnormal
    /// numbers (which are a hundred times slower to multiply). Call every control period.
    pub fn settle(&mut self) {
        if self.fast < self.slow * 1e-7 {
            self.fast = 0.0;
        }
    }

    /// Whether it has died away below `floor`.
    pub fn silent(&self, floor: f32) -> bool {
        self.slow < floor
    }

    /// Silences it at once (only when already below audibility).
    pub const fn clear(&mut self) {
        self.slow = 0.0;
        self.fast = 0.0;
    }
}

/// A short burst of band-passed noise (a raindrop, a crackle): a resonator on shared noise,
/// a two-exponential envelope and a place in the stereo field.
#[derive(Clone, Debug, Default)]
pub struct Tick {
    active: bool,
    bp: Reson,
    env: Burst,
    floor: f32,
    gl: f32,
    gr: f32,
}

impl Tick {
    /// Starts a burst at `hz` with quality `q`, peaking at about `peak` after the `attack`
    /// time constant's rise and dying away with the `decay` one, at `pan` (−1..1).
    pub fn start(
        &mut self,
        hz: f32,
        q: f32,
        (attack, decay): (f32, f32),
        peak: f32,
        pan_pos: f32,
        rate: f32,
    ) {
        self.bp = Reson::new(hz, q, rate);
        self.env = Burst::default();
        self.env.shape(attack, decay, rate);
        self.env.strike(peak, attack, decay);
        // Stop 40 dB below the peak: inaudible under the bed it sits in.
        self.floor = peak * 1e-2;
        (self.gl, self.gr) = pan(pan_pos);
        self.active = true;
    }

    /// Whether it is sounding.
    pub const fn active(&self) -> bool {
        self.active
    }

    fn finish(&mut self) {
        self.env.settle();
        if self.env.silent(self.floor) {
            self.active = false;
        }
    }
}

/// Adds every active burst in `ticks` to `frames` (scaled by `gain`), exciting them all
/// with `noise` (one sample per frame). The bursts are run four at a time, each in a lane
/// of small arrays, so the compiler keeps the four resonators and envelopes in vector
/// registers and their feedback paths overlap (rain's drops were a third of a busy mix's
/// time run two at a time).
pub fn add_ticks(ticks: &mut [Tick], frames: &mut [[f32; 2]], noise: &[f32], gain: f32) {
    let mut active = ticks.iter_mut().filter(|t| t.active);
    loop {
        let mut group: [Option<&mut Tick>; 4] = std::array::from_fn(|_| active.next());
        if group[0].is_none() {
            break;
        }
        add_four(&mut group, frames, noise, gain);
        for tick in group.iter_mut().flatten() {
            tick.finish();
        }
    }
}

/// Up to four bursts side by side (an empty lane has zero gain and state, and stays so).
#[inline]
fn add_four(group: &mut [Option<&mut Tick>; 4], frames: &mut [[f32; 2]], noise: &[f32], gain: f32) {
    let mut lanes = [[0.0_f32; 4]; 13];
    for (k, tick) in group.iter().enumerate() {
        if let Some(t) = tick {
            let values = [
                t.bp.g,
                t.bp.a1,
                t.bp.a2,
                t.bp.x1,
                t.bp.x2,
                t.bp.y1,
                t.bp.y2,
                t.env.slow,
                t.env.fast,
                t.env.slow_mul,
                t.env.fast_mul,
                t.gl * gain,
                t.gr * gain,
            ];
            for (lane, v) in lanes.iter_mut().zip(values) {
                lane[k] = v;
            }
        }
    }
    let [
        g,
        a1,
        a2,
        mut x1,
        mut x2,
        mut y1,
        mut y2,
        mut slow,
        mut fast,
        slow_mul,
        fast_mul,
        gl,
        gr,
    ] = lanes;
    for (frame, &x) in frames.iter_mut().zip(noise) {
        let mut out = [[0.0_f32; 4]; 2];
        for k in 0..4 {
            let y = (g[k] * (x - x2[k]) - a2[k] * y2[k]) - a1[k] * y1[k];
            x2[k] = x1[k];
            x1[k] = x;
            y2[k] = y1[k];
            y1[k] = y;
            slow[k] *= slow_mul[k];
            fast[k] *= fast_mul[k];
            let v = y * (slow[k] - fast[k]);
            out[0][k] = v * gl[k];
            out[1][k] = v * gr[k];
        }
        frame[0] += (out[0][0] + out[0][1]) + (out[0][2] + out[0][3]);
        frame[1] += (out[1][0] + out[1][1]) + (out[1][2] + out[1][3]);
    }
    for (k, tick) in group.iter_mut().enumerate() {
        if let Some(t) = tick {
            (t.bp.x1, t.bp.x2, t.bp.y1, t.bp.y2) = (x1[k], x2[k], y1[k], y2[k]);
            (t.env.slow, t.env.fast) = (slow[k], fast[k]);
        }
    }
}

/// Follows the breath for a breath-synced layer: a smoothed lung fill, and a weight that
/// glides to 1 while the breath is given and back to 0 when it is not, so the layer hands
/// over between the breath and its own rhythm without a jump.
#[derive(Clone, Debug, Default)]
pub struct BreathFollow {
    fill: f32,
    lagged: f32,
    weight: f32,
    fill_a: f32,
    lag_a: f32,
    weight_step: f32,
}

impl BreathFollow {
    /// For `step_rate` control steps a second.
    pub fn new(step_rate: f32) -> Self {
        Self {
            fill: 0.5,
            lagged: 0.5,
            weight: 0.0,
            fill_a: 1.0 - decay_mul(0.25, step_rate),
            lag_a: 1.0 - decay_mul(1.2, step_rate),
            weight_step: 1.0 / (2.0 * step_rate),
        }
    }

    /// One control step with the block's breath.
    pub fn step(&mut self, breath: Option<f32>) {
        match breath {
            Some(fill) => {
                let fill = if fill.is_finite() {
                    fill.clamp(0.0, 1.0)
                } else {
                    0.5
                };
                if self.weight <= 0.0 {
                    // Taking over from the layer's own rhythm: start from where the breath is.
                    self.fill = fill;
                    self.lagged = fill;
                }
                self.fill += self.fill_a * (fill - self.fill);
                self.weight = (self.weight + self.weight_step).min(1.0);
            }
            None => self.weight = (self.weight - self.weight_step).max(0.0),
        }
        self.lagged += self.lag_a * (self.fill - self.lagged);
    }

    /// How much the breath rules (0 = own rhythm, 1 = breath), eased at both ends.
    pub fn weight(&self) -> f32 {
        let w = self.weight;
        w * w * (2.0f32 * (-w) + 3.0)
    }

    /// The smoothed lung fill (0..1).
    pub const fn fill(&self) -> f32 {
        self.fill
    }

    /// The fill lagged by about a second (for what trails the breath, like a wave's wash).
    pub const fn lagged(&self) -> f32 {
        self.lagged
    }
}

/// Mixes `own` and `breath` by `weight`.
#[inline]
pub fn blend(own: f32, breath: f32, weight: f32) -> f32 {
    (breath - own) * weight + own
}

/// A raised-cosine bump: 0 at x = 0 and 1, 1 at x = ½, with zero slope at the ends.
pub fn bump(x: f32) -> f32 {
    if x <= 0.0 || x >= 1.0 {
        return 0.0;
    }
    let y = 4.0 * x * (1.0 - x);
    y * y
}

/// A half-cosine ease from 0 to 1 over x in [0, 1] (zero slope at both ends).
pub fn ease(x: f32) -> f32 {
    0.5 - 0.5 * (x.clamp(0.0, 1.0) * PI).cos()
}
