//! A look-ahead brick-wall limiter: the output never exceeds the ceiling, and gain changes
//! are smoothed over the look-ahead window so they do not click. When nothing comes near
//! the ceiling (the usual case at bed level), blocks take a fast path that is only the
//! delay line.

use std::collections::VecDeque;

/// The ceiling, linear (−1 dBFS).
pub const CEILING: f32 = 0.891;

/// Stereo look-ahead limiter.
pub struct Limiter {
    window: usize,
    /// The look-ahead delay line (a ring).
    delay: Vec<[f32; 2]>,
    pos: usize,
    /// (index, required gain) candidates for the sliding minimum.
    minima: VecDeque<(u64, f32)>,
    /// The last `window + 1` targets, for the moving average.
    averaging: VecDeque<f32>,
    sum: f64,
    index: u64,
    release: f32,
    released: f32,
    /// Consecutive frames that needed no reduction and got none.
    ones_run: usize,
    /// Whether the deques are stale because blocks took the fast path.
    fast: bool,
    /// Consecutive all-zero input frames.
    zero_run: usize,
}

impl Limiter {
    /// A limiter with `lookahead_secs` of look-ahead at `rate`.
    pub fn new(rate: f32, lookahead_secs: f32) -> Self {
        let window = ((rate * lookahead_secs) as usize).max(1);
        let mut limiter = Self {
            window,
            delay: vec![[0.0; 2]; window],
            pos: 0,
            minima: VecDeque::with_capacity(window + 2),
            averaging: VecDeque::with_capacity(window + 2),
            sum: 0.0,
            index: 0,
            release: 1.0 / (rate * 0.25),
            released: 1.0,
            ones_run: 0,
            fast: false,
            zero_run: 0,
        };
        limiter.reset_to_unity();
        limiter
    }

    /// Puts the gain computer in its resting state: no reduction anywhere in the window.
    fn reset_to_unity(&mut self) {
        self.minima.clear();
        self.averaging.clear();
        self.averaging
            .extend(std::iter::repeat_n(1.0, self.window + 1));
        self.sum = (self.window + 1) as f64;
        self.released = 1.0;
    }

    /// Whether no reduction is in effect anywhere in the window.
    fn calm(&self) -> bool {
        self.ones_run > 2 * (self.window + 1)
    }

    #[inline]
    fn delay_swap(&mut self, frame: [f32; 2]) -> [f32; 2] {
        let out = self.delay[self.pos];
        self.delay[self.pos] = frame;
        self.pos += 1;
        if self.pos == self.window {
            self.pos = 0;
        }
        out
    }

    /// Passes whole frames through the delay line: each comes out as the frame `window`
    /// frames before it, in runs up to the ring's end (a swap of slices, not a frame at a
    /// time: this is all the limiter does while nothing comes near the ceiling).
    fn delay_block(&mut self, mut frames: &mut [[f32; 2]]) {
        while !frames.is_empty() && self.window > 0 {
            let run = (self.window - self.pos).min(frames.len());
            let (now, later) = std::mem::take(&mut frames).split_at_mut(run);
            now.swap_with_slice(&mut self.delay[self.pos..self.pos + run]);
            self.pos += run;
            if self.pos == self.window {
                self.pos = 0;
            }
            frames = later;
        }
    }

    /// Processes interleaved stereo in place (the output is delayed by the look-ahead).
    pub fn process(&mut self, buffer: &mut [f32]) {
        let peak = peak_of(buffer);
        let frames = buffer.len() / 2;
        if peak == 0.0 {
            self.zero_run = self.zero_run.saturating_add(frames);
        } else {
            self.zero_run = 0;
        }
        if self.calm() && peak <= CEILING {
            // Fast path: nothing to reduce, the output is the delayed input.
            self.fast = true;
            self.delay_block(buffer.as_chunks_mut::<2>().0);
            self.index += frames as u64;
            self.ones_run = self.ones_run.saturating_add(frames);
            return;
        }
        if self.fast {
            self.fast = false;
            self.reset_to_unity();
        }
        for frame in buffer.chunks_exact_mut(2) {
            let peak = frame[0].abs().max(frame[1].abs());
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
            if target >= 1.0 && gain >= 1.0 - 1e-6 {
                self.ones_run = self.ones_run.saturating_add(1);
            } else {
                self.ones_run = 0;
            }
            let [l, r] = self.delay_swap([frame[0], frame[1]]);
            frame[0] = (l * gain).clamp(-CEILING, CEILING);
            frame[1] = (r * gain).clamp(-CEILING, CEILING);
            self.index += 1;
        }
    }

    /// Whether everything in the look-ahead is silent and no reduction is in effect, so
    /// silent input can skip the limiter.
    pub fn is_idle(&self) -> bool {
        self.zero_run > self.window + 1 && self.calm()
    }

    /// Look-ahead delay in frames.
    pub const fn latency(&self) -> usize {
        self.window
    }
}

/// The largest absolute value in `samples` (NaN ignored), in eight lanes the compiler can
/// keep in vector registers: `f32::max` keeps NaN's rules and runs one sample at a time,
/// which was a tenth of a busy mix's time.
fn peak_of(samples: &[f32]) -> f32 {
    let mut lanes = [0.0_f32; 8];
    let (chunks, rest) = samples.as_chunks::<8>();
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            let a = x.abs();
            *lane = if a > *lane { a } else { *lane };
        }
    }
    let mut peak = 0.0_f32;
    for a in lanes.into_iter().chain(rest.iter().map(|x| x.abs())) {
        peak = if a > peak { a } else { peak };
    }
    peak
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_is_the_largest_absolute_sample() {
        for len in [0, 1, 7, 8, 9, 100, 513] {
            let x: Vec<f32> = (0..len)
                .map(|i| ((i * 37 % 101) as f32 - 50.0) / 64.0)
                .collect();
            let expected = x.iter().fold(0.0_f32, |p, s| p.max(s.abs()));
            assert_eq!(peak_of(&x), expected, "{len} samples");
        }
        assert_eq!(peak_of(&[0.1, f32::NAN, -0.3]), 0.3);
    }

    #[test]
    fn quiet_signals_pass_through_delayed_and_unchanged() {
        let mut l = Limiter::new(1_000.0, 0.01);
        let input: Vec<f32> = (0..400).map(|i| ((i as f32) * 0.1).sin() * 0.5).collect();
        let mut buf = input.clone();
        for block in buf.chunks_mut(64) {
            l.process(block);
        }
        let latency = l.latency() * 2;
        assert_eq!(&buf[latency..], &input[..input.len() - latency]);
    }

    #[test]
    fn loud_peaks_are_held_under_the_ceiling_even_after_the_fast_path() {
        let mut l = Limiter::new(8_000.0, 0.002);
        let mut quiet = vec![0.2_f32; 8_000];
        l.process(&mut quiet);
        let mut loud: Vec<f32> = (0..4_000)
            .map(|i| if i % 50 < 2 { 3.0 } else { 0.3 })
            .collect();
        for block in loud.chunks_mut(128) {
            l.process(block);
        }
        assert!(loud.iter().all(|s| s.abs() <= CEILING));
        assert!(
            loud.iter().any(|s| s.abs() > 0.8),
            "the peaks are limited, not silenced"
        );
    }
}
