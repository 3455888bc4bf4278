//! A look-ahead brick-wall limiter: the output never exceeds the ceiling, and gain changes
//! are smoothed over the look-ahead window so they do not click.

use std::collections::VecDeque;

/// The ceiling, linear (−1 dBFS).
pub const CEILING: f32 = 0.891;

/// Stereo look-ahead limiter.
pub struct Limiter {
    window: usize,
    delay: VecDeque<[f32; 2]>,
    /// (index, required gain) candidates for the sliding minimum.
    minima: VecDeque<(u64, f32)>,
    /// The last `window` minima, for the moving average.
    averaging: VecDeque<f32>,
    sum: f64,
    index: u64,
    release: f32,
    released: f32,
    /// Consecutive all-zero input frames (once past the look-ahead, the limiter is idle).
    zero_run: usize,
}

impl Limiter {
    /// A limiter with `lookahead_secs` of look-ahead at `rate`.
    pub fn new(rate: f32, lookahead_secs: f32) -> Self {
        let window = ((rate * lookahead_secs) as usize).max(1);
        Self {
            window,
            delay: VecDeque::with_capacity(window + 1),
            minima: VecDeque::with_capacity(window + 1),
            averaging: VecDeque::with_capacity(window + 1),
            sum: 0.0,
            index: 0,
            release: 1.0 / (rate * 0.25),
            released: 1.0,
            zero_run: 0,
        }
    }

    /// Processes interleaved stereo in place (the output is delayed by the look-ahead).
    pub fn process(&mut self, buffer: &mut [f32]) {
        // Silence in, and nothing left in the look-ahead: silence out, at no cost.
        if self.is_idle() && buffer.iter().all(|s| *s == 0.0) {
            self.index += (buffer.len() / 2) as u64;
            return;
        }
        for frame in buffer.chunks_exact_mut(2) {
            let peak = frame[0].abs().max(frame[1].abs());
            if peak == 0.0 {
                self.zero_run = self.zero_run.saturating_add(1);
            } else {
                self.zero_run = 0;
            }
            let need = if peak > CEILING { CEILING / peak } else { 1.0 };
            while self.minima.back().is_some_and(|&(_, g)| g >= need) {
                self.minima.pop_back();
            }
            self.minima.push_back((self.index, need));
            // The minimum covers one frame more than the delay, and so does the average, so
            // every gain averaged for a delayed frame already includes that frame's need.
            while self
                .minima
                .front()
                .is_some_and(|&(i, _)| i + (self.window as u64) < self.index)
            {
                self.minima.pop_front();
            }
            let window_min = self.minima.front().map_or(1.0, |&(_, g)| g);
            // Release slowly; attack through the window minimum.
            let target = (self.released + self.release).min(1.0).min(window_min);
            self.released = target;
            self.averaging.push_back(target);
            self.sum += f64::from(target);
            if self.averaging.len() > self.window + 1 {
                self.sum -= f64::from(self.averaging.pop_front().unwrap_or(1.0));
            }
            let gain = (self.sum / self.averaging.len() as f64) as f32;
            self.delay.push_back([frame[0], frame[1]]);
            let out = if self.delay.len() > self.window {
                self.delay.pop_front()
            } else {
                None
            };
            let [l, r] = out.unwrap_or([0.0, 0.0]);
            frame[0] = (l * gain).clamp(-CEILING, CEILING);
            frame[1] = (r * gain).clamp(-CEILING, CEILING);
            self.index += 1;
        }
    }

    /// Whether everything in the look-ahead is silent and the gain has recovered, so silent
    /// input can pass straight through.
    pub fn is_idle(&self) -> bool {
        self.zero_run > self.window + 1 && self.released >= 1.0
    }

    /// Look-ahead delay in frames.
    pub const fn latency(&self) -> usize {
        self.window
    }
}
