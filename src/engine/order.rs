//! The order a step's choices are shown in: drawn from the run's seed and the step, so a trainee
//! cannot learn "it's the second button", while the same seed always shows the same order (runs
//! stay replayable, test plans and `--choices` name choices by id). A step pins its order where
//! the order is meaning.

use super::scenario::{ChoiceOrder, Step};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// Indices into `step.choices`, in the order this run shows them.
pub fn shown(step: &Step, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..step.choices.len()).collect();
    if step.order == ChoiceOrder::Shuffled && order.len() > 1 {
        let mut key = blake3::Hasher::new();
        key.update(b"rapport: choice order");
        key.update(&seed.to_le_bytes());
        key.update(step.id.as_bytes());
        order.shuffle(&mut ChaCha8Rng::from_seed(*key.finalize().as_bytes()));
    }
    order
}
