//! The scenario engine: loading, checking, playing, scoring and analysing scenarios.
//! It knows nothing of Bevy, of the clock, or of files beyond `load`.

pub mod analysis;
pub mod debrief;
pub mod diagnostic;
pub mod dot;
pub mod load;
pub mod playthrough;
pub mod rulebook;
pub mod scenario;
pub mod score;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod validate;

pub use analysis::{Analysis, analyze};
pub use debrief::Debrief;
pub use diagnostic::{Diagnostic, Severity};
pub use load::{Library, Loaded, load_library, load_rulebook, load_scenario_str};
pub use playthrough::{PlayEvent, PlayResult, PlayState, Playthrough, play_steps};
pub use rulebook::Rulebook;
pub use scenario::Scenario;
pub use text::Text;
