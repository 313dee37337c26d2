//! Sound through bevy_audio (rodio): ringing, hold music, chat pings, a speaking murmur or the
//! scenario's own voice clips. Volumes per channel come from the settings. With no audio device
//! the app plays silently and says so once; captions carry every sound anyway.

use super::Prefs;
use bevy::audio::{AudioSink, AudioSinkPlayback, PlaybackMode, Volume};
use bevy::prelude::*;

/// Sounds that run until stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loop {
    Ring,
    Hold,
    Speaking,
}

/// What the Play screen asks of the sound system.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum SoundCue {
    Start(Loop),
    Stop(Loop),
    Ping,
    /// A voice clip file: read from disk when it plays.
    Voice(std::path::PathBuf),
    StopVoice,
    Pause(bool),
    StopAll,
}

#[derive(Resource)]
struct Sounds {
    ring: Handle<AudioSource>,
    hold: Handle<AudioSource>,
    speaking: Handle<AudioSource>,
    ping: Handle<AudioSource>,
}

#[derive(Component)]
struct Playing(Option<Loop>);

#[derive(Component)]
struct VoiceClip;

/// Sounds are mixed on three channels, each with its own volume in the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoundChannel {
    /// The customer: voice clips and the speaking murmur.
    Voice,
    /// Rings and chat pings.
    Effects,
    /// Hold music.
    Music,
}

impl SoundChannel {
    pub const ALL: [SoundChannel; 3] = [
        SoundChannel::Voice,
        SoundChannel::Effects,
        SoundChannel::Music,
    ];

    /// The interface key of its name in the settings.
    pub fn label_key(self) -> &'static str {
        match self {
            SoundChannel::Voice => "volume-voice",
            SoundChannel::Effects => "volume-effects",
            SoundChannel::Music => "volume-music",
        }
    }
}

#[derive(Component, Clone, Copy)]
struct OnChannel(SoundChannel);

/// Whether sound could be played: found out from the first sound, reported once.
#[derive(Resource, Default, Debug, PartialEq, Clone, Copy)]
pub enum AudioStatus {
    #[default]
    Unknown,
    /// Since when (app time, seconds) a sound has been waiting for a sink.
    Probing(f32),
    Available,
    Unavailable,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<AudioStatus>();
    let mut sources = app.world_mut().resource_mut::<Assets<AudioSource>>();
    let mut built_in = |bytes: &'static [u8]| {
        sources.add(AudioSource {
            bytes: std::sync::Arc::from(bytes),
        })
    };
    let sounds = Sounds {
        ring: built_in(include_bytes!("../../assets/sounds/ring.wav")),
        hold: built_in(include_bytes!("../../assets/sounds/hold-music.wav")),
        speaking: built_in(include_bytes!("../../assets/sounds/speaking.wav")),
        ping: built_in(include_bytes!("../../assets/sounds/chat-ping.wav")),
    };
    app.insert_resource(sounds);
    app.add_systems(
        Update,
        (cues, volumes.run_if(resource_changed::<Prefs>), probe),
    );
}

#[allow(clippy::too_many_arguments)]
fn cues(
    mut commands: Commands,
    mut cues: MessageReader<SoundCue>,
    sounds: Res<Sounds>,
    mut sources: ResMut<Assets<AudioSource>>,
    prefs: Res<Prefs>,
    playing: Query<(Entity, &Playing)>,
    voices: Query<Entity, With<VoiceClip>>,
    sinks: Query<&AudioSink>,
    mut status: ResMut<AudioStatus>,
) {
    for cue in cues.read() {
        // With no device nothing ever plays or finishes: spawn nothing, or the sounds would
        // pile up waiting for a device.
        let unavailable = *status == AudioStatus::Unavailable;
        let mut spawn = |source: Handle<AudioSource>,
                         channel: SoundChannel,
                         which: Option<Loop>,
                         looping: bool| {
            if unavailable {
                return;
            }
            let mode = if looping {
                PlaybackMode::Loop
            } else {
                PlaybackMode::Despawn
            };
            let settings = PlaybackSettings {
                mode,
                volume: Volume::Linear(prefs.playing_volume(channel)),
                ..default()
            };
            let mut e = commands.spawn((
                AudioPlayer::new(source),
                settings,
                Playing(which),
                OnChannel(channel),
            ));
            if which.is_none() && matches!(channel, SoundChannel::Voice) {
                e.insert(VoiceClip);
            }
            if *status == AudioStatus::Unknown {
                *status = AudioStatus::Probing(-1.0);
            }
        };
        match cue {
            SoundCue::Start(which) => {
                if playing.iter().any(|(_, p)| p.0 == Some(*which)) {
                    continue;
                }
                let (source, channel) = match which {
                    Loop::Ring => (sounds.ring.clone(), SoundChannel::Effects),
                    Loop::Hold => (sounds.hold.clone(), SoundChannel::Music),
                    Loop::Speaking => (sounds.speaking.clone(), SoundChannel::Voice),
                };
                spawn(source, channel, Some(*which), true);
            }
            SoundCue::Stop(which) => {
                for (e, p) in &playing {
                    if p.0 == Some(*which) {
                        commands.entity(e).despawn();
                    }
                }
            }
            SoundCue::Ping => spawn(sounds.ping.clone(), SoundChannel::Effects, None, false),
            SoundCue::Voice(_) if unavailable => {}
            SoundCue::Voice(path) => match std::fs::read(path) {
                Ok(bytes) => {
                    let clip = sources.add(AudioSource {
                        bytes: bytes.into(),
                    });
                    spawn(clip, SoundChannel::Voice, None, false)
                }
                // `check` warns of a missing clip; the captions carry the line anyway.
                Err(e) => warn!("voice clip {}: {e}", path.display()),
            },
            SoundCue::StopVoice => voices.iter().for_each(|e| commands.entity(e).despawn()),
            SoundCue::Pause(paused) => {
                for sink in &sinks {
                    if *paused { sink.pause() } else { sink.play() }
                }
            }
            SoundCue::StopAll => playing
                .iter()
                .for_each(|(e, _)| commands.entity(e).despawn()),
        }
    }
}

fn volumes(prefs: Res<Prefs>, mut sinks: Query<(&mut AudioSink, &OnChannel)>) {
    for (mut sink, channel) in &mut sinks {
        sink.set_volume(Volume::Linear(prefs.playing_volume(channel.0)));
    }
}

/// A sound that was asked for gets a sink within a few frames if there is a device to play on.
fn probe(
    mut commands: Commands,
    mut status: ResMut<AudioStatus>,
    sinks: Query<(), With<AudioSink>>,
    waiting: Query<Entity, With<Playing>>,
    time: Res<Time<Real>>,
) {
    let now = time.elapsed_secs();
    if let AudioStatus::Probing(since) = *status {
        *status = if !sinks.is_empty() {
            AudioStatus::Available
        } else if since < 0.0 {
            AudioStatus::Probing(now)
        } else if now - since > 3.0 {
            warn!("no audio device: playing silently (captions show every sound)");
            waiting.iter().for_each(|e| commands.entity(e).despawn());
            AudioStatus::Unavailable
        } else {
            return;
        };
    }
}
