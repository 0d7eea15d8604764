//! Unit tests of the run planning in `trends` (window, provisional years, incremental plans).

use super::*;

fn counts(years: &[(i32, i32)]) -> Vec<source::YearSchools> {
    years
        .iter()
        .map(|&(year, schools)| source::YearSchools { year, schools })
        .collect()
}

fn years(plan: &YearPlan) -> (Vec<i32>, Vec<i32>, i32, i32) {
    (plan.years(), plan.provisional(), plan.first, plan.last)
}

#[test]
fn the_window_is_the_last_complete_years_with_facts_or_the_range() {
    let coverage = year_coverage(
        &counts(&[
            (2015, 60),
            (2016, 60),
            (2017, 61),
            (2018, 61),
            (2019, 61),
            (2020, 61),
            (2021, 61),
        ]),
        0.8,
    );
    assert!(coverage.iter().all(|y| !y.provisional));
    let plan = |window, range| plan_years(&coverage, window, range).map(|p| years(&p));
    assert_eq!(
        plan(5, None),
        Some(((2017..=2021).collect(), vec![], 2017, 2021))
    );
    assert_eq!(
        plan(5, Some((2016, 2018))),
        Some(((2016..=2018).collect(), vec![], 2016, 2018))
    );
    assert_eq!(plan(5, Some((2030, 2031))), None);
    assert_eq!(plan_years(&[], 5, None), None);
    let two = year_coverage(&counts(&[(2015, 3), (2016, 3)]), 0.8);
    assert_eq!(
        plan_years(&two, 5, None).map(|p| years(&p)),
        Some((vec![2015, 2016], vec![], 2015, 2016))
    );
}

#[test]
fn an_early_year_is_provisional_and_does_not_move_the_window() {
    // One school of 61 sent 2022's first rows.
    let coverage = year_coverage(
        &counts(&[
            (2017, 61),
            (2018, 61),
            (2019, 60),
            (2020, 61),
            (2021, 61),
            (2022, 1),
        ]),
        0.8,
    );
    let last = coverage.last().unwrap();
    assert_eq!(
        (last.schools, last.expected, last.provisional),
        (1, Some(61), true)
    );
    assert_eq!(coverage[0].expected, None);
    let plan = plan_years(&coverage, 5, None).unwrap();
    assert_eq!(
        years(&plan),
        ((2017..=2022).collect(), vec![2022], 2017, 2021)
    );
    assert_eq!(plan.complete(), (2017..=2021).collect::<Vec<_>>());
    // 49 of 61 is 80.3 %: complete, and the window moves on.
    let coverage = year_coverage(&counts(&[(2020, 61), (2021, 61), (2022, 49)]), 0.8);
    assert!(!coverage[2].provisional);
    // A provisional year is never the reference: 2023 is measured against 2021's 61.
    let coverage = year_coverage(&counts(&[(2021, 61), (2022, 1), (2023, 2)]), 0.8);
    assert_eq!(
        coverage
            .iter()
            .map(|y| (y.expected, y.provisional))
            .collect::<Vec<_>>(),
        [(None, false), (Some(61), true), (Some(61), true)]
    );
    // A share of 0 makes every year complete.
    assert!(
        year_coverage(&counts(&[(2021, 61), (2022, 1)]), 0.0)
            .iter()
            .all(|y| !y.provisional)
    );
}
