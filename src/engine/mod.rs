//! The scenario engine: loading, checking, playing, scoring and analysing scenarios.
//! It knows nothing of Bevy, of the clock, or of files beyond `load`.

pub mod analysis;
pub mod customer;
pub mod debrief;
pub mod diagnostic;
pub mod dot;
pub mod events;
pub mod graph;
pub mod load;
pub mod locate;
pub mod order;
pub mod playthrough;
pub mod rulebook;
pub mod scenario;
pub mod score;
pub mod script;
pub mod suggest;
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod tracks;
pub mod validate;

pub use analysis::{Analysis, analyze};
pub use debrief::Debrief;
pub use diagnostic::{Diagnostic, Severity};
pub use events::{Decision, PlayEvent, PlayResult};
pub use load::{Library, Loaded, load_library, load_rulebook, load_scenario_str};
pub use playthrough::{PlayState, Playthrough, StartAt, StartError};
pub use rulebook::Rulebook;
pub use scenario::Scenario;
pub use script::{continue_steps, play_steps, replay};
pub use text::Text;
