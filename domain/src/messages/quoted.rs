//! A value as a message or an error quotes it.

use std::fmt;

/// A caller's value as an error quotes it: its first [`Quoted::CHARS`] characters, then "…".
/// Enough to find it, never a megabyte echoed back: every value an import or a batch error
/// shows (`RowError::value`, `ItemError::value`, the school or district a message names) is
/// one, so a check cannot quote a value whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Quoted(String);

impl Quoted {
    /// Characters kept.
    pub const CHARS: usize = 60;

    pub fn of(text: &str) -> Quoted {
        Quoted(match text.char_indices().nth(Self::CHARS) {
            Some((end, _)) => format!("{}…", &text[..end]),
            None => text.to_owned(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<&str> for Quoted {
    fn from(text: &str) -> Quoted {
        Quoted::of(text)
    }
}

impl From<&String> for Quoted {
    fn from(text: &String) -> Quoted {
        Quoted::of(text)
    }
}

impl std::ops::Deref for Quoted {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[test]
fn long_values_are_cut_after_sixty_characters() {
    assert_eq!(Quoted::of("KG-O-UZG-045").as_str(), "KG-O-UZG-045");
    let long = Quoted::of(&"ө".repeat(300_000));
    assert_eq!(long.as_str().chars().count(), Quoted::CHARS + 1);
    assert!(long.as_str().ends_with('…'));
}
