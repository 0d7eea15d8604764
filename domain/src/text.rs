//! Text normalisation shared by storage and search, and the CSV formula guard shared by the
//! export and the import.

/// The form names are searched in: lower-case (Unicode, so Kyrgyz ң ө ү and Cyrillic fold,
/// which SQLite's ASCII-only `lower()` cannot do), `ё` folded to `е`, whitespace collapsed.
pub fn search_key(s: &str) -> String {
    let lowered: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a spreadsheet would read a cell starting with this as a formula (`=`, `+`, `-`,
/// `@`) or drop its leading tab or carriage return, after any `'`s already in front.
fn formula_like(s: &str) -> bool {
    s.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell as exported: text that a spreadsheet would run as a formula (`=HYPERLINK(…)`
/// planted by another office, or a phone `+996 …` turned into `#NAME?`) gets a leading `'`,
/// which Excel and LibreOffice show as text. [`csv_unguard`] takes it off on import (text
/// that already starts with `'=` gets one more, so it comes back whole).
pub fn csv_guard(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A CSV cell as imported: one `'` before a formula-like start is taken off (what
/// [`csv_guard`] put there, or what a user typed to keep a spreadsheet from computing it).
pub fn csv_unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::search_key;

    #[test]
    fn folds_kyrgyz_and_russian_letters() {
        assert_eq!(search_key("ӨЗГӨН  Үңкүр"), "өзгөн үңкүр");
        assert_eq!(search_key("Алёша"), "алеша");
    }

    #[test]
    fn a_formula_like_cell_is_guarded_and_unguarded_once() {
        for v in [
            "=HYPERLINK(\"http://x\")",
            "+996 555 12 34 56",
            "-5",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let guarded = super::csv_guard(v);
            assert_eq!(guarded, format!("'{v}"));
            assert_eq!(super::csv_unguard(&guarded), v);
        }
        assert_eq!(super::csv_guard("'=x"), "''=x");
        assert_eq!(super::csv_unguard("''=x"), "'=x");
        for v in ["Бахмал", "'quoted", "", "5-6"] {
            assert_eq!(super::csv_guard(v), v);
            assert_eq!(super::csv_unguard(v), v);
        }
        assert_eq!(super::csv_unguard("'=1+1"), "=1+1");
    }
}
