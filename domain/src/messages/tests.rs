//! The message catalog's tests: every variant has a Kyrgyz, a Russian and an English text.

use super::*;

/// One of each variant (for the test that every message has its three texts).
impl Msg {
    fn samples() -> Vec<Msg> {
        use Msg::*;
        let headers: Headers = ["мектептин коду", "код школы", "school_code"];
        vec![
            ControlChar(0),
            OutOfRange {
                min: "1".into(),
                max: "12".into(),
            },
            NegativeCount,
            CountTooLarge(1_000_000),
            TooLong(300),
            NotOneOf("zonal (зоналык)".into()),
            NotYesNo,
            NotYear,
            NotWholeNumber,
            TwoSeparators,
            NotNumber,
            NotDate,
            Required,
            NoHeader(3),
            ColumnTwice("n5".into()),
            UnknownColumn {
                position: 2,
                columns: vec![headers],
            },
            MissingColumn(headers),
            NoDataRows,
            NotUtf8,
            Repeats {
                earlier: 2,
                item: false,
                keys: "school".into(),
            },
            Repeats {
                earlier: 2,
                item: true,
                keys: "school".into(),
            },
            OutOfScope("school".into()),
            NeedsToken,
            UnknownSchoolCode("KG-1".into()),
            SchoolNotNamed,
            UnknownDistrict("Ноокат".into()),
            NoNumberOrName,
            AmbiguousSchool {
                count: 2,
                district: "Өзгөн району".into(),
            },
            NoSchoolMatches("Өзгөн району".into()),
            UnknownSubject,
            CountsAboveEnrolled {
                counts: "n5 + n4".into(),
                total: 30,
                enrolled: 25,
            },
            AboveEnrolled(25),
            AboveOrtMax(245),
            Refused {
                total: 2,
                batch: false,
                first: "n5".into(),
            },
            Refused {
                total: 2,
                batch: true,
                first: "n5".into(),
            },
            FileRefused {
                file: "baa.csv".into(),
                total: 3,
            },
            AndMore(5),
            CannotRead("permission denied".into()),
            Utf16,
            NoHeaderRow { sheet: true },
            NoHeaderRow { sheet: false },
            BrokenCsv("found record with 3 fields".into()),
            SheetUnreadable {
                sheet: "Барак1".into(),
                detail: "bad xml".into(),
            },
            NoSheets,
            NotSpreadsheet("invalid zip".into()),
            WorkbookTooBig(1024),
            SharedStringsLie(10_000_000_000),
            SharedStringTooLong,
            NestedTooDeep(128),
            SpreadsheetError("#DIV/0!".into()),
            RightOfColumn("IV".into()),
            TooManyCells(16_000_000),
            TooManyColumns(256),
            WorkbookReaderBusy(20),
            SchoolCodeDisagrees {
                field: "school_number",
                given: "2".into(),
            },
            ContestDiffers {
                row: 2,
                value: "Математика".into(),
            },
            EarlierThan("validFrom".into()),
            RefusedWithCertificate,
            AppearsTwice { commission: true },
            AppearsTwice { commission: false },
            CriterionCode,
            crate::facts::surveys::Check::AboveRespondents(30).into(),
        ]
    }
}

/// Every variant is among the samples (this match stops compiling until a new one is added
/// there), and each has a Kyrgyz, a Russian and an English text of its own: no message can
/// reach a school in English only.
#[test]
fn every_message_has_three_distinct_non_empty_texts() {
    let samples = Msg::samples();
    // The messages fact kinds declare for themselves (`kind_messages!` requires a sample of
    // each), through the registry.
    let of_kinds = crate::import::ImportKind::ALL
        .iter()
        .flat_map(|k| (k.def().messages)());
    for m in samples.iter().cloned().chain(of_kinds) {
        let m = &m;
        let [ky, ru, en] = m.texts();
        assert!(!ky.is_empty() && !ru.is_empty() && !en.is_empty(), "{m:?}");
        // Written in Cyrillic, not English passed through.
        let cyrillic = |t: &str| t.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        assert!(cyrillic(&ky) && cyrillic(&ru), "{m:?}: {ky} / {ru}");
        assert!(
            ky != ru && ru != en && ky != en,
            "{m:?}: {ky} / {ru} / {en}"
        );
        assert_eq!(m.to_string(), en);
        assert_eq!(m.render(Lang::Ky), ky);
        assert_eq!(m.render(Lang::Ru), ru);
    }
    // Every variant is among the samples.
    let count = |m: &Msg| -> u8 {
        use Msg::*;
        match m {
            ControlChar(_)
            | OutOfRange { .. }
            | NegativeCount
            | CountTooLarge(_)
            | TooLong(_)
            | NotOneOf(_)
            | NotYesNo
            | NotYear
            | NotWholeNumber
            | TwoSeparators
            | NotNumber
            | NotDate
            | Required
            | NoHeader(_)
            | ColumnTwice(_)
            | UnknownColumn { .. }
            | MissingColumn(_)
            | NoDataRows
            | NotUtf8
            | Repeats { .. }
            | OutOfScope(_)
            | NeedsToken
            | UnknownSchoolCode(_)
            | SchoolNotNamed
            | UnknownDistrict(_)
            | NoNumberOrName
            | AmbiguousSchool { .. }
            | NoSchoolMatches(_)
            | UnknownSubject
            | CountsAboveEnrolled { .. }
            | AboveEnrolled(_)
            | AboveOrtMax(_)
            | Refused { .. }
            | FileRefused { .. }
            | AndMore(_)
            | CannotRead(_)
            | Utf16
            | NoHeaderRow { .. }
            | BrokenCsv(_)
            | SheetUnreadable { .. }
            | NoSheets
            | NotSpreadsheet(_)
            | WorkbookTooBig(_)
            | SharedStringsLie(_)
            | SharedStringTooLong
            | NestedTooDeep(_)
            | SpreadsheetError(_)
            | RightOfColumn(_)
            | TooManyCells(_)
            | TooManyColumns(_)
            | WorkbookReaderBusy(_)
            | SchoolCodeDisagrees { .. }
            | ContestDiffers { .. }
            | EarlierThan(_)
            | RefusedWithCertificate
            | AppearsTwice { .. }
            | CriterionCode
            | Kind(_) => 1,
        }
    };
    let kinds: std::collections::HashSet<_> = samples
        .iter()
        .filter(|m| count(m) == 1)
        .map(std::mem::discriminant)
        .collect();
    assert_eq!(kinds.len(), 58, "one sample of every variant");
}

#[test]
fn kyrgyz_letters_survive_and_languages_parse_from_lang_tags() {
    let ky = Msg::ControlChar(0).render(Lang::Ky);
    assert!(
        ky.contains('ө') && ky.contains('ү') && ky.contains('ң'),
        "{ky}"
    );
    assert_eq!(Lang::from_tag("ru_RU.UTF-8"), Some(Lang::Ru));
    assert_eq!(Lang::from_tag("ky-KG"), Some(Lang::Ky));
    assert_eq!(Lang::from_tag("C.UTF-8"), None);
}

#[test]
fn a_readers_english_words_stay_out_of_kyrgyz_and_russian_messages() {
    let detail = "invalid Zip archive: Could not find central directory end";
    for m in [
        Msg::CannotRead(detail.into()),
        Msg::BrokenCsv(detail.into()),
        Msg::NotSpreadsheet(detail.into()),
        Msg::SheetUnreadable {
            sheet: "Барак1".into(),
            detail: detail.into(),
        },
    ] {
        let [ky, ru, en] = m.texts();
        assert!(en.contains(detail), "{en}");
        for text in [ky, ru] {
            assert!(!text.contains("Zip") && !text.contains("central"), "{text}");
        }
    }
}
