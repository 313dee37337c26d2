//! Trainee profiles and settings, kept in a small RON file in the data folder and written
//! atomically (temp file, then rename) so a crash never leaves a half-written file.

use super::AppOptions;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A trainee on this computer; their history is in the progress store, under this name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trainee {
    pub name: String,
}

#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub trainees: Vec<Trainee>,
    pub current: Option<usize>,
    pub lang: String,
    /// Text size in steps of 10% around 100%.
    pub text_scale: f32,
    pub voice_volume: f32,
    pub effects_volume: f32,
    pub music_volume: f32,
    pub muted: bool,
    pub reduced_motion: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            trainees: Vec::new(),
            current: None,
            lang: "en".into(),
            text_scale: 1.0,
            voice_volume: 0.8,
            effects_volume: 0.8,
            music_volume: 0.5,
            muted: false,
            reduced_motion: false,
        }
    }
}

impl Prefs {
    pub fn trainee(&self) -> Option<&Trainee> {
        self.current.and_then(|i| self.trainees.get(i))
    }

    pub fn trainee_mut(&mut self) -> Option<&mut Trainee> {
        self.current.and_then(|i| self.trainees.get_mut(i))
    }

    /// One step (10%) smaller or larger text, between 80% and 160%.
    pub fn step_text_size(&mut self, step: i8) {
        self.text_scale =
            ((self.text_scale * 10.0).round() + f32::from(step)).clamp(8.0, 16.0) / 10.0;
    }

    pub fn rtl(&self) -> bool {
        crate::locale::is_rtl(&self.lang)
    }

    pub fn tr(&self, key: &str) -> String {
        crate::locale::tr(&self.lang, key)
    }

    pub fn tr_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        crate::locale::tr_with(&self.lang, key, values)
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
    dir.join("prefs.ron")
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
