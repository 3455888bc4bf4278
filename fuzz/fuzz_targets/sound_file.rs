//! Fuzz target: see `checks::sound_file`.
//!
//! The file loop catches a panic inside a decoder (symphonia panics on some malformed WAV
//! headers) and refuses the file; libFuzzer's panic hook would still abort on it, caught or
//! not. So panics raised inside symphonia's own source are only printed here: one that the
//! file loop failed to catch still unwinds into libfuzzer-sys, which aborts, and is found.
#![no_main]

#[path = "../checks.rs"]
mod checks;

static HOOK: std::sync::Once = std::sync::Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_decoder = info
                .location()
                .is_some_and(|l| l.file().contains("/symphonia"));
            if !in_decoder {
                abort(info);
            }
        }));
    });
    checks::sound_file(data);
});
