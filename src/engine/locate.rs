//! Placing a finding in a trainer's file. serde keeps no positions, so a finding names where
//! it is by needles (an id, a field, a quoted word) that `locate` looks for in the source.

use super::diagnostic::Severity;

/// Something to look for in the source, in order, to place a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needle {
    /// `id: "x"`: a node, choice or line by its id.
    Id(String),
    /// `name:` as a field.
    Field(&'static str),
    /// `"x"` anywhere.
    Quoted(String),
    /// Any text, such as a placeholder inside a longer string.
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub at: Vec<Needle>,
}

/// The byte offset of the last needle found, each searched after the one before it.
pub fn locate(src: &str, needles: &[Needle]) -> usize {
    let mut pos = 0;
    let mut from = 0;
    for needle in needles {
        match find(src, from, needle) {
            Some(p) => {
                pos = p;
                from = p + 1;
            }
            None => break,
        }
    }
    pos
}

fn find(src: &str, from: usize, needle: &Needle) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    match needle {
        Needle::Quoted(s) => src[from..].find(&format!("\"{s}\"")).map(|i| i + from),
        Needle::Text(s) => src[from..].find(s.as_str()).map(|i| i + from),
        Needle::Id(s) => {
            let pat = format!("\"{s}\"");
            src[from..]
                .match_indices(&pat)
                .map(|(i, _)| i + from)
                .find(|&i| {
                    let before = src[..i].trim_end();
                    before.strip_suffix(':').is_some_and(|b| {
                        let b = b.trim_end();
                        b.ends_with("id") && !b[..b.len() - 2].ends_with(is_ident)
                    })
                })
        }
        Needle::Field(name) => src[from..]
            .match_indices(name)
            .map(|(i, _)| i + from)
            .find(|&i| {
                let before_ok = !src[..i].ends_with(is_ident);
                let after = src[i + name.len()..].trim_start();
                before_ok && after.starts_with(':') && !src[i + name.len()..].starts_with(is_ident)
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Needle {
        Needle::Id(s.to_owned())
    }

    fn quoted(s: &str) -> Needle {
        Needle::Quoted(s.to_owned())
    }

    #[test]
    fn locates_ids_fields_and_quoted_text_in_order() {
        let src =
            "(id: \"a\", nodes: [Step(id: \"greet\", choices: [(id: \"x\", goto: \"greet\")])])";
        let goto = locate(src, &[id("greet"), id("x"), Needle::Field("goto")]);
        assert!(src[goto..].starts_with("goto"));
        // `goto: "greet"` is not an id, so the node's own id is found.
        let node = locate(src, &[id("greet")]);
        assert!(src[..node].ends_with("Step(id: "));
        // An absent needle leaves the last position found.
        assert_eq!(locate(src, &[id("greet"), quoted("nope")]), node);
    }

    #[test]
    fn fields_are_whole_words() {
        let src = "(nextstep: 1, next: 2)";
        let at = locate(src, &[Needle::Field("next")]);
        assert!(src[at..].starts_with("next: 2"));
    }
}
