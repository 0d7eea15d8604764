//! Text normalisation shared by storage and search.

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

#[cfg(test)]
mod tests {
    use super::search_key;

    #[test]
    fn folds_kyrgyz_and_russian_letters() {
        assert_eq!(search_key("ӨЗГӨН  Үңкүр"), "өзгөн үңкүр");
        assert_eq!(search_key("Алёша"), "алеша");
    }
}
