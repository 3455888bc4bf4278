//! Gain ramps: every gain change is gradual, so there is never a click or zipper noise.

/// Shortest ramp for an ordinary gain change, in seconds.
pub const MIN_RAMP_SECS: f32 = 0.05;

/// Shape of a ramp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    /// Straight line in amplitude.
    Linear,
    /// Smooth start and end (smoothstep), for fades.
    Smooth,
}

/// A value moving towards a target over a set number of samples.
#[derive(Clone, Debug)]
pub struct Ramp {
    from: f32,
    to: f32,
    len: u64,
    pos: u64,
    curve: Curve,
}

impl Ramp {
    /// A ramp resting at `value`.
    pub const fn at(value: f32) -> Self {
        Self {
            from: value,
            to: value,
            len: 0,
            pos: 0,
            curve: Curve::Linear,
        }
    }

    /// A ramp from `from` to `to` over `samples` samples, `done` of them already gone (a
    /// fade joined part way through).
    pub fn part_way(from: f32, to: f32, samples: u64, done: u64, curve: Curve) -> Self {
        let len = samples.max(1);
        Self {
            from,
            to,
            len,
            pos: done.min(len),
            curve,
        }
    }

    /// Starts moving from the current value to `to` over `samples` samples.
    pub fn go(&mut self, to: f32, samples: u64, curve: Curve) {
        self.from = self.value();
        self.to = to;
        self.len = samples.max(1);
        self.pos = 0;
        self.curve = curve;
    }

    /// The current value.
    #[inline]
    pub fn value(&self) -> f32 {
        if self.pos >= self.len {
            return self.to;
        }
        let t = self.pos as f32 / self.len as f32;
        let shaped = match self.curve {
            Curve::Linear => t,
            Curve::Smooth => t * t * (3.0 - 2.0 * t),
        };
        self.from + (self.to - self.from) * shaped
    }

    /// Advances one sample and returns the value for it.
    #[inline]
    pub fn tick(&mut self) -> f32 {
        let v = self.value();
        if self.pos < self.len {
            self.pos += 1;
        }
        v
    }

    /// Advances `n` samples at once (for control-rate use).
    pub fn skip(&mut self, n: u64) {
        self.pos = (self.pos + n).min(self.len);
    }

    /// The target.
    pub const fn target(&self) -> f32 {
        self.to
    }

    /// Whether the ramp has reached its target.
    pub const fn done(&self) -> bool {
        self.pos >= self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaches_the_target_on_time_and_monotonically() {
        for curve in [Curve::Linear, Curve::Smooth] {
            let mut r = Ramp::at(0.0);
            r.go(1.0, 100, curve);
            let values: Vec<f32> = (0..=100).map(|_| r.tick()).collect();
            assert!(values.windows(2).all(|w| w[1] >= w[0]));
            assert_eq!(values[100], 1.0);
            assert!(values[99] < 1.0);
            assert!(r.done());
        }
    }

    #[test]
    fn a_ramp_joined_part_way_is_where_the_whole_ramp_would_be() {
        let mut whole = Ramp::at(0.8);
        whole.go(0.0, 1_000, Curve::Smooth);
        whole.skip(300);
        let mut joined = Ramp::part_way(0.8, 0.0, 1_000, 300, Curve::Smooth);
        for _ in 0..800 {
            assert_eq!(joined.tick(), whole.tick());
        }
        assert!(joined.done() && joined.value() == 0.0);
        assert!(Ramp::part_way(0.8, 0.0, 1_000, 5_000, Curve::Smooth).value() == 0.0);
    }

    #[test]
    fn retargeting_starts_from_the_current_value() {
        let mut r = Ramp::at(0.0);
        r.go(1.0, 10, Curve::Linear);
        for _ in 0..5 {
            r.tick();
        }
        r.go(0.0, 10, Curve::Linear);
        assert!((r.value() - 0.5).abs() < 1e-6);
    }
}
