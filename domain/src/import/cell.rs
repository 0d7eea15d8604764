//! Cell values as schools write them: decimal commas ("91,78"), a trailing "%", "-" for zero
//! where a count is asked, a blank for "not reported", academic-year labels in their local
//! forms, dates as "15.10.2023", yes/no in three languages, and OCR look-alike letters in
//! names (қ→к, ғ→г, ј→й, і→и) while the real Kyrgyz letters ң ө ү stay.

use crate::messages::Msg;
use chrono::NaiveDate;

/// What a column holds and which values it accepts.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A whole number in `min..=max`.
    Int { min: i64, max: i64 },
    /// A count in `0..=max`; "-" means 0.
    Count { max: i64 },
    /// A decimal in `min..=max`; a decimal comma and a trailing "%" are accepted.
    Decimal { min: f64, max: f64 },
    /// Free text up to `max` characters.
    Text { max: usize },
    /// A name of at most [`NAME_MAX`] characters: OCR look-alike letters are corrected.
    Name,
    /// One of a fixed set; each value lists the spellings accepted in ky/ru/en.
    Enum(&'static [(&'static str, &'static [&'static str])]),
    /// yes/no.
    Bool,
    /// An academic year label ("2017-2018", "2017-2018-о.ж.", "2017-18"): its start year.
    Year,
    /// A date: "15.10.2023" or "2023-10-15".
    Date,
}

/// A parsed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Null,
    Int(i64),
    Num(f64),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
}

impl V {
    pub fn int(&self) -> Option<i64> {
        match self {
            V::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn num(&self) -> Option<f64> {
        match self {
            V::Num(n) => Some(*n),
            V::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            V::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Corrects OCR look-alike letters (Kazakh/Latin forms read for Kyrgyz ones) and trims.
pub fn normalise_name(s: &str) -> String {
    let fixed: String = s
        .chars()
        .map(|c| match c {
            'қ' => 'к',
            'Қ' => 'К',
            'ғ' => 'г',
            'Ғ' => 'Г',
            'ј' => 'й',
            'Ј' => 'Й',
            'і' => 'и',
            'І' => 'И',
            other => other,
        })
        .collect();
    fixed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest name (of a school, a contest, a programme, a person) a cell may hold.
pub const NAME_MAX: usize = 300;

/// Parses one non-blank cell; the error is a message a school secretary can act on.
pub fn parse(ty: Ty, raw: &str) -> Result<V, Msg> {
    let s = raw.trim();
    // A NUL byte is refused by PostgreSQL, and no control character belongs in a cell.
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(Msg::ControlChar(u32::from(c)));
    }
    match ty {
        Ty::Int { min, max } => {
            let n = parse_int(s)?;
            if n < min || n > max {
                return Err(range(min, max));
            }
            Ok(V::Int(n))
        }
        Ty::Count { max } => {
            if is_dash(s) {
                return Ok(V::Int(0));
            }
            let n = parse_int(s)?;
            if n < 0 {
                return Err(Msg::NegativeCount);
            }
            if n > max {
                return Err(Msg::CountTooLarge(max));
            }
            Ok(V::Int(n))
        }
        Ty::Decimal { min, max } => {
            let n = parse_decimal(s)?;
            if n < min || n > max {
                return Err(range(min, max));
            }
            Ok(V::Num(n))
        }
        Ty::Text { max } => {
            if s.chars().count() > max {
                return Err(Msg::TooLong(max));
            }
            Ok(V::Text(s.to_owned()))
        }
        Ty::Name => {
            if s.chars().count() > NAME_MAX {
                return Err(Msg::TooLong(NAME_MAX));
            }
            Ok(V::Text(normalise_name(s)))
        }
        Ty::Enum(values) => {
            // Exact spellings first: folding every alias of every cell dominated large imports.
            if let Some((code, _)) = values
                .iter()
                .find(|(code, aliases)| *code == s || aliases.contains(&s))
            {
                return Ok(V::Text((*code).to_owned()));
            }
            let key = fold(s);
            values
                .iter()
                .find(|(code, aliases)| fold(code) == key || aliases.iter().any(|a| fold(a) == key))
                .map(|(code, _)| V::Text((*code).to_owned()))
                .ok_or_else(|| {
                    let accepted: Vec<String> = values
                        .iter()
                        .map(|(code, aliases)| match aliases.first() {
                            Some(a) => format!("{code} ({a})"),
                            None => (*code).to_owned(),
                        })
                        .collect();
                    Msg::NotOneOf(accepted.join(", "))
                })
        }
        Ty::Bool => match fold(s).as_str() {
            "1" | "yes" | "true" | "ооба" | "да" | "+" => Ok(V::Bool(true)),
            "0" | "no" | "false" | "жок" | "нет" | "-" => Ok(V::Bool(false)),
            _ => Err(Msg::NotYesNo),
        },
        Ty::Year => crate::year::parse_label(s)
            .map(|y| V::Int(i64::from(y)))
            .map_err(|_| Msg::NotYear),
        Ty::Date => parse_date(s).map(V::Date),
    }
}

/// A range as the template shows it ("0" and "100" for decimals too).
fn range(min: impl ToString, max: impl ToString) -> Msg {
    Msg::OutOfRange {
        min: min.to_string(),
        max: max.to_string(),
    }
}

fn fold(s: &str) -> String {
    crate::text::search_key(&normalise_name(s))
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "–" | "—")
}

fn parse_int(s: &str) -> Result<i64, Msg> {
    // Plain digits, as nearly every cell of a large file is: no copy.
    if !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(s.bytes().fold(0, |n, b| n * 10 + i64::from(b - b'0')));
    }
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if let Ok(n) = compact.parse::<i64>() {
        return Ok(n);
    }
    // Spreadsheets hand whole numbers over as "45.0" (or "45,0").
    match parse_decimal(&compact) {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(f as i64),
        _ => Err(Msg::NotWholeNumber),
    }
}

fn parse_decimal(s: &str) -> Result<f64, Msg> {
    let t: String = s
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if t.matches('.').count() > 1 {
        return Err(Msg::TwoSeparators);
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .ok_or(Msg::NotNumber)
}

fn parse_date(s: &str) -> Result<NaiveDate, Msg> {
    let s = s.trim_end_matches("-ж.").trim_end_matches("-ж").trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| Msg::NotDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNT: Ty = Ty::Count { max: 1_000_000 };

    #[test]
    fn control_characters_long_names_and_huge_counts_are_refused() {
        assert_eq!(
            parse(Ty::Text { max: 64 }, "S\u{0}1"),
            Err(Msg::ControlChar(0))
        );
        assert_eq!(parse(Ty::Name, &"ө".repeat(NAME_MAX)).map(|_| ()), Ok(()));
        assert!(parse(Ty::Name, &"ө".repeat(NAME_MAX + 1)).is_err());
        assert_eq!(
            parse(COUNT, "2147483647"),
            Err(Msg::CountTooLarge(1_000_000))
        );
        assert_eq!(
            parse(Ty::Name, "Үңкүр\tмектеби"),
            Ok(V::Text("Үңкүр мектеби".into()))
        );
    }

    #[test]
    fn decimal_comma_percent_and_dash() {
        assert_eq!(
            parse(
                Ty::Decimal {
                    min: 0.0,
                    max: 100.0
                },
                "91,78%"
            ),
            Ok(V::Num(91.78))
        );
        assert_eq!(
            parse(
                Ty::Decimal {
                    min: 0.0,
                    max: 100.0
                },
                " 270,25 "
            ),
            Err(range(0, 100))
        );
        assert_eq!(parse(COUNT, "-"), Ok(V::Int(0)));
        assert_eq!(parse(COUNT, "45.0"), Ok(V::Int(45)));
        assert!(parse(COUNT, "4,5").is_err());
        assert!(parse(COUNT, "-3").is_err());
    }

    #[test]
    fn year_labels_dates_and_booleans() {
        assert_eq!(parse(Ty::Year, "2017-2018-о.ж."), Ok(V::Int(2017)));
        assert_eq!(parse(Ty::Year, "2017-18"), Ok(V::Int(2017)));
        assert!(parse(Ty::Year, "2017-2019").is_err());
        assert_eq!(
            parse(Ty::Date, "15.10.2023"),
            Ok(V::Date(NaiveDate::from_ymd_opt(2023, 10, 15).unwrap()))
        );
        assert_eq!(parse(Ty::Bool, "Ооба"), Ok(V::Bool(true)));
        assert_eq!(parse(Ty::Bool, "нет"), Ok(V::Bool(false)));
    }

    #[test]
    fn ocr_letters_are_fixed_and_kyrgyz_letters_kept() {
        assert_eq!(normalise_name("Бахмақ  Өзгөн"), "Бахмак Өзгөн");
        assert_eq!(
            normalise_name("жыйынтығы Бајман НІСТ ңөү"),
            "жыйынтыгы Байман НИСТ ңөү"
        );
    }

    #[test]
    fn enums_accept_all_three_languages() {
        const LEVEL: Ty = Ty::Enum(&[
            ("zonal", &["зоналык", "зональный"]),
            ("district", &["райондук", "районный"]),
        ]);
        assert_eq!(parse(LEVEL, "Райондук"), Ok(V::Text("district".into())));
        assert_eq!(parse(LEVEL, "зональный"), Ok(V::Text("zonal".into())));
        let err = parse(LEVEL, "облустук").unwrap_err().to_string();
        assert!(err.contains("zonal (зоналык)"), "{err}");
    }
}
