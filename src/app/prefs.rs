//! Settings on this computer, kept in a small RON file in the data folder and written
//! atomically (temp file, then rename) so a crash never leaves a half-written file. Who the
//! trainees are is the progress store's to say; this only remembers who was training last.

use super::AppOptions;
use super::audio::SoundChannel;
use crate::locale::{Arg, Lang, tr, tr_with};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The trainee at the keyboard, by name (a trainee of the progress store).
    pub trainee: Option<String>,
    pub lang: Lang,
    /// Text size in steps of 10% around 100%.
    pub text_scale: f32,
    pub voice_volume: f32,
    pub effects_volume: f32,
    pub music_volume: f32,
    pub muted: bool,
    pub reduced_motion: bool,
    /// The trainer's own scenarios folder, chosen in Settings (`None`: the data folder's).
    /// The CLI reads this field too (`library::settings_folder`).
    pub scenarios: Option<PathBuf>,
    /// Trainees as earlier versions kept them here; moved into the store at start.
    #[serde(skip_serializing)]
    pub(super) trainees: Vec<LegacyTrainee>,
    #[serde(skip_serializing)]
    pub(super) current: Option<usize>,
}

/// A trainee as `prefs.ron` listed them before the store became the one list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegacyTrainee {
    pub name: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            trainee: None,
            lang: Lang::En,
            text_scale: 1.0,
            voice_volume: 0.8,
            effects_volume: 0.8,
            music_volume: 0.5,
            muted: false,
            reduced_motion: false,
            scenarios: None,
            trainees: Vec::new(),
            current: None,
        }
    }
}

impl Prefs {
    pub fn trainee(&self) -> Option<&str> {
        self.trainee.as_deref()
    }

    /// One step (10%) smaller or larger text, between 80% and 160%.
    pub fn step_text_size(&mut self, step: i8) {
        self.text_scale =
            ((self.text_scale * 10.0).round() + f32::from(step)).clamp(8.0, 16.0) / 10.0;
    }

    /// The volume a sound channel plays at: its setting, or 0 when muted.
    pub fn playing_volume(&self, channel: SoundChannel) -> f32 {
        if self.muted {
            0.0
        } else {
            self.volume(channel)
        }
    }

    /// One step (10%) quieter or louder on a channel, between 0 and 100%.
    pub fn step_volume(&mut self, channel: SoundChannel, step: i8) {
        let v = match channel {
            SoundChannel::Voice => &mut self.voice_volume,
            SoundChannel::Effects => &mut self.effects_volume,
            SoundChannel::Music => &mut self.music_volume,
        };
        *v = ((*v * 10.0).round() + f32::from(step)).clamp(0.0, 10.0) / 10.0;
    }

    /// A channel's volume setting (0–1), whether or not sound is muted.
    pub fn volume(&self, channel: SoundChannel) -> f32 {
        match channel {
            SoundChannel::Voice => self.voice_volume,
            SoundChannel::Effects => self.effects_volume,
            SoundChannel::Music => self.music_volume,
        }
    }

    pub fn rtl(&self) -> bool {
        self.lang.is_rtl()
    }

    pub fn tr(&self, key: &str) -> String {
        tr(self.lang, key)
    }

    pub fn tr_with(&self, key: &str, values: &[(&str, Arg)]) -> String {
        tr_with(self.lang, key, values)
    }

    /// Trainees an earlier version listed here, for the store to take over (once).
    pub(super) fn take_legacy_trainees(&mut self) -> Vec<String> {
        if self.trainee.is_none()
            && let Some(i) = self.current
        {
            self.trainee = self.trainees.get(i).map(|t| t.name.clone());
        }
        self.current = None;
        std::mem::take(&mut self.trainees)
            .into_iter()
            .map(|t| t.name)
            .collect()
    }
}

pub(super) fn plugin(app: &mut App) {
    let options = app.world().resource::<AppOptions>().clone();
    let prefs = options
        .data_dir
        .as_deref()
        .and_then(load)
        .unwrap_or_default();
    app.insert_resource(prefs);
    app.add_systems(Last, save.run_if(resource_changed::<Prefs>));
}

fn file(dir: &Path) -> PathBuf {
    dir.join(crate::library::PREFS_NAME)
}

fn load(dir: &Path) -> Option<Prefs> {
    let text = std::fs::read_to_string(file(dir)).ok()?;
    match ron::from_str(&text) {
        Ok(prefs) => Some(prefs),
        Err(e) => {
            // Keep the unreadable file for a person to look at; never overwrite it silently.
            let aside = dir.join("prefs.unreadable.ron");
            let _ = std::fs::rename(file(dir), &aside);
            warn!(
                "{}: {e}; moved aside to {}",
                file(dir).display(),
                aside.display()
            );
            None
        }
    }
}

fn save(prefs: Res<Prefs>, options: Res<AppOptions>) {
    let Some(dir) = &options.data_dir else { return };
    if let Err(e) = write_atomically(
        &file(dir),
        &ron::ser::to_string_pretty(&*prefs, Default::default()).unwrap_or_default(),
    ) {
        warn!("could not save settings to {}: {e}", dir.display());
    }
}

/// Writes `text` to `path` so that readers see the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, path)
}
