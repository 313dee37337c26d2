//! Problems found in a trainer's files, each placed at a file, line and column and shown with
//! the offending source line, in the `path:line:col: error: message` form editors understand.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing to fix: an own scenario replacing a shipped one.
    Note,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
    /// The source line the problem is on, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn note(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn warning(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the diagnostic at byte `offset` of `src`.
    pub fn at_offset(self, src: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(src, offset.min(src.len()));
        let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = src[..line_start].matches('\n').count() + 1;
        let column = src[line_start..offset].chars().count() + 1;
        self.at(src, line, column)
    }

    /// Places the diagnostic at a 1-based line and column of `src`.
    pub fn at(mut self, src: &str, line: usize, column: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self.source_line = src
            .lines()
            .nth(self.line - 1)
            .map(|l| l.trim_end().to_owned());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.path, self.line, self.column, self.message
        )?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            let pad: String = src
                .chars()
                .take(self.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{:>gutter$} |\n{} | {src}\n{:>gutter$} | {pad}^",
                "", self.line, ""
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_offsets_on_lines_and_columns_in_characters() {
        let src = "first\nسلام \"x\"\nthird";
        let offset = src.find("\"x\"").unwrap();
        let d = Diagnostic::error("a.ron", "bad").at_offset(src, offset);
        assert_eq!((d.line, d.column), (2, 6));
        assert_eq!(d.source_line.as_deref(), Some("سلام \"x\""));
    }

    #[test]
    fn renders_the_editor_form_with_a_caret() {
        let src = "(\n    goto: \"nowhere\",\n)";
        let d = Diagnostic::error("s.ron", "no such node").at(src, 2, 11);
        assert_eq!(
            d.to_string(),
            "s.ron:2:11: error: no such node\n  |\n2 |     goto: \"nowhere\",\n  |           ^"
        );
    }
}
