//! The only module that touches files: reading routine and answers files, the data and
//! config folders, atomic writes.

mod app_files;
mod atomic;
mod checkpoint;
mod config;
mod error;
pub mod fault;
mod history;
mod paths;
mod presets;
mod read;
mod routine_files;
mod sounds;
mod units;
mod voice_cache;
mod wav;

pub use app_files::{AppFiles, SAFETY_FILE, SETTINGS_FILE};
pub use atomic::{STALE_TEMPORARY, Staged, quarantine, stage, sweep_temporaries, write_atomic};
pub use checkpoint::{Checkpoint, recover_checkpoints};
pub use config::{Loaded, MAX_DOC_BYTES, load_toml, save_toml};
pub use error::StoreError;
pub use history::{HISTORY_FILE, HistoryFile, HistoryLoad, MAX_HISTORY_BYTES, parse_lines};
pub use paths::{AppDirs, documents_dir, expand_home, is_dir, is_file, user_routines_dir};
pub use presets::{MAX_PRESETS, load_presets, presets_dir, save_preset};
pub use read::{
    MAX_USER_ROUTINES, create_dir, list_files, list_routine_files, read_limited, read_text,
    read_user_routines,
};
pub use routine_files::{
    EditCopy, TRASH_DIR, free_routine_path, restore_routine, save_routine_file, trash_routine,
};
pub use sounds::{
    SOUND_EXTENSIONS, contained_sound, list_sounds, sound_opener, sounds_dir, user_sound_opener,
};
pub use units::{current_exe, remove_unit, systemd_user_dir, unit_exists, write_unit};
pub use voice_cache::{CacheLookup, Pcm, VoiceCache, decode_wav, encode_wav};
pub use wav::{MAX_WAV_DATA_BYTES, WavFile, fits_in_wav};
