use super::marks::{ANNUAL, NA, combine};
use super::plan::District;
use super::rng::Rng;
use super::school_year::school_year;
use super::*;
use std::collections::{HashMap, HashSet};

/// The 59 real districts from the bundled CSV, with made-up ids.
fn districts() -> Vec<District> {
    let csv = include_str!("../../../domain/data/kg_districts.csv");
    let mut out: Vec<District> = csv
        .lines()
        .skip(1)
        .enumerate()
        .map(|(i, line)| {
            let f: Vec<&str> = line.split(',').collect();
            District {
                id: i as i32 + 1,
                code: f[1].into(),
                kind: f[2].into(),
                region: f[0].into(),
                name_ky: f[3].into(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

fn taken() -> Taken {
    let d = districts();
    let home = d.iter().find(|d| d.code == HOME_DISTRICT).unwrap();
    Taken {
        numbers: HashMap::from([((home.id, 45), fixture::FIXTURE_SCHOOL_CODE.to_owned())]),
        codes: HashSet::from([fixture::FIXTURE_SCHOOL_CODE.to_owned()]),
    }
}

#[test]
fn scales_parse_and_print() {
    for scale in Scale::ALL {
        assert_eq!(scale.to_string().parse::<Scale>(), Ok(scale));
    }
    assert_eq!(" National ".parse::<Scale>(), Ok(Scale::National));
    assert!("country".parse::<Scale>().is_err());
}

#[test]
fn rounding_follows_the_latest_quarter_on_ties() {
    assert_eq!(combine(&[3, 4]), 4);
    assert_eq!(combine(&[4, 3]), 3);
    assert_eq!(combine(&[5, 4, 4, 4]), 4);
    assert_eq!(combine(&[5, 5, 4, 4]), 4);
    assert_eq!(combine(&[4, 4, 5, 5]), 5);
    assert_eq!(combine(&[3, 3, 4, 4]), 4);
    assert_eq!(combine(&[NA, 4]), 4);
    assert_eq!(combine(&[NA, NA]), NA);
    assert_eq!(combine(&[NA, NA, NA, 5]), NA);
    assert_eq!(combine(&[NA, 3, NA, 4]), 4);
}

#[test]
fn streams_are_keyed_not_ordered() {
    let a = Rng::keyed(&[1, 2, 3]).next_u64();
    let b = Rng::keyed(&[1, 2, 3]).next_u64();
    let c = Rng::keyed(&[1, 3, 2]).next_u64();
    assert_eq!(a, b);
    assert_ne!(a, c);
    let mut r = Rng::keyed(&[7]);
    let n = 200_000;
    let (mut sum, mut sq) = (0.0, 0.0);
    for _ in 0..n {
        let x = r.normal();
        sum += x;
        sq += x * x;
    }
    let mean = sum / f64::from(n);
    let var = sq / f64::from(n) - mean * mean;
    assert!(
        mean.abs() < 0.01 && (var - 1.0).abs() < 0.02,
        "{mean} {var}"
    );
}

#[test]
fn plans_skip_the_fixture_and_scales_nest() {
    let d = districts();
    let t = taken();
    let school = plan_schools(1, Scale::School, &d, &t).unwrap().schools;
    let planned = plan_schools(1, Scale::District, &d, &t).unwrap();
    assert!(planned.left_alone.is_empty(), "the fixture school is ours");
    let district = planned.schools;
    let national = plan_schools(1, Scale::National, &d, &t).unwrap().schools;
    assert_eq!(school.len(), 3);
    assert_eq!(district.len(), 60);
    assert!(
        (2300..=2500).contains(&national.len()),
        "{}",
        national.len()
    );
    assert!(district.iter().all(|p| p.number != 45));
    assert_eq!(district.last().unwrap().code, "KG-O-UZG-061");
    for (a, b) in school.iter().zip(&district) {
        assert_eq!(
            (&a.code, &a.name_ky, a.enrolment),
            (&b.code, &b.name_ky, b.enrolment)
        );
    }
    let codes: HashSet<&str> = national.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes.len(), national.len());
}

#[test]
fn plans_skip_and_list_the_users_schools() {
    // Arrange: a user's school holds code 002, another one number 3 under its own code.
    let d = districts();
    let home = d.iter().find(|d| d.code == HOME_DISTRICT).unwrap();
    let mut t = taken();
    t.codes.insert("KG-O-UZG-002".into());
    t.numbers.insert((home.id, 3), "OSH-SCHOOL-3".into());
    t.codes.insert("OSH-SCHOOL-3".into());

    // Act
    let planned = plan_schools(1, Scale::School, &d, &t).unwrap();

    // Assert
    let codes: Vec<&str> = planned.schools.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["KG-O-UZG-001", "KG-O-UZG-004", "KG-O-UZG-005"]);
    assert_eq!(planned.left_alone, ["KG-O-UZG-002", "OSH-SCHOOL-3"]);
}

/// Generates a sample of schools in memory and checks the calibration targets of the
/// module documentation. Run with `--nocapture` to see the figures.
#[test]
fn calibration_matches_the_domain_figures() {
    let d = districts();
    let plans = plan_schools(7, Scale::National, &d, &taken())
        .unwrap()
        .schools;
    let ctx = Ctx {
        seed: 7,
        ort_main_max: 245,
    };
    let (mut good, mut passed, mut assessed) = (0i64, 0i64, 0i64);
    let (mut annual_good, mut annual_assessed) = (0i64, 0i64);
    let (mut class_good, mut class_n) = (0i64, 0i64);
    let (mut ort_n, mut ort_sum, mut ort_pass) = (0i64, 0i64, 0i64);
    let (mut pupils, mut capacity, mut teachers, mut higher, mut computers) =
        (0i64, 0i64, 0i64, 0i64, 0i64);
    let (mut rows, mut schools) = (0usize, 0usize);
    let mut school_quality = Vec::new();
    let mut grade9 = 0i64;
    let mut grade11 = 0i64;
    for plan in plans.iter().step_by(6) {
        let y = school_year(&ctx, plan, 2019);
        schools += 1;
        rows += y.marks.len() * 7;
        let (mut sg, mut sa) = (0i64, 0i64);
        for m in &y.marks {
            for (p, c) in m.periods.iter().enumerate() {
                let c: Vec<i64> = c.iter().map(|n| i64::from(*n)).collect();
                let n = c[0] + c[1] + c[2] + c[3] + c[4];
                good += c[0] + c[1];
                passed += c[0] + c[1] + c[2];
                assessed += n;
                if p == ANNUAL {
                    annual_good += c[0] + c[1];
                    annual_assessed += n;
                    sg += c[0] + c[1];
                    sa += n;
                }
            }
        }
        school_quality.push(sg as f64 / sa as f64);
        for (_, o) in &y.outcomes {
            class_good += i64::from(o[0] + o[1]);
            class_n += i64::from(o[..5].iter().sum::<i32>());
        }
        for t in &y.ort {
            ort_n += 1;
            ort_sum += i64::from(t.score);
            ort_pass += i64::from(t.score >= 110);
        }
        pupils += i64::from(y.enrolment.enrolment);
        capacity += i64::from(plan.design_capacity);
        teachers += i64::from(y.staff.teachers);
        higher += i64::from(y.staff.higher_ed);
        computers += i64::from(y.infra.count("computers"));
        grade9 += i64::from(y.grade_sizes[8]);
        grade11 += i64::from(y.grade_sizes[10]);
        let total: i32 = y.classes.iter().map(|c| c.pupils).sum();
        assert_eq!(total, y.enrolment.enrolment);
        assert!(y.classes.iter().all(|c| (1..=40).contains(&c.pupils)));
    }
    let pct = |a: i64, b: i64| 100.0 * a as f64 / b as f64;
    let quality = pct(good, assessed);
    let success = pct(passed, assessed);
    let annual = pct(annual_good, annual_assessed);
    let class_quality = pct(class_good, class_n);
    let ort_mean = ort_sum as f64 / ort_n as f64;
    let ort_share = pct(ort_pass, ort_n);
    let mean_q = school_quality.iter().sum::<f64>() / school_quality.len() as f64;
    let sd_q = (school_quality
        .iter()
        .map(|q| (q - mean_q).powi(2))
        .sum::<f64>()
        / school_quality.len() as f64)
        .sqrt();
    eprintln!(
        "schools {schools}, mark rows/school-year {}, pupils/school {}",
        rows / schools,
        pupils / schools as i64
    );
    eprintln!(
        "quality {quality:.1}% (annual {annual:.1}%, all-subject {class_quality:.1}%), \
         success {success:.1}%, school sd {:.1} pp",
        100.0 * sd_q
    );
    eprintln!(
        "ORT mean {ort_mean:.1}, ≥110 {ort_share:.1}%, takers/grade 11 {:.2}, grade 11/9 {:.2}",
        ort_n as f64 / grade11 as f64,
        grade11 as f64 / grade9 as f64
    );
    eprintln!(
        "utilisation {:.0}%, pupils/teacher {:.1}, higher ed {:.0}%, pupils/computer {:.1}",
        pct(pupils, capacity),
        pupils as f64 / teachers as f64,
        pct(higher, teachers),
        pupils as f64 / computers as f64
    );
    assert!((40.0..=50.0).contains(&quality), "quality {quality}");
    assert!((90.0..=97.0).contains(&success), "success {success}");
    assert!(
        (28.0..=42.0).contains(&class_quality),
        "class {class_quality}"
    );
    // Pupils with all 4s and 5s are fewer than 4s and 5s among marks (issue #16: ≈ 15 points).
    assert!(
        (10.0..=20.0).contains(&(annual - class_quality)),
        "annual {annual} against all-subject {class_quality}"
    );
    assert!((5.0..=11.0).contains(&(100.0 * sd_q)), "school sd {sd_q}");
    assert!((122.0..=132.0).contains(&ort_mean), "ORT mean {ort_mean}");
    assert!((60.0..=74.0).contains(&ort_share), "ORT share {ort_share}");
    assert!((140.0..=175.0).contains(&pct(pupils, capacity)));
    assert!((16.0..=20.0).contains(&(pupils as f64 / teachers as f64)));
}

/// The school trend shows through the noise: five-year OLS slopes of annual quality
/// spread by ≈ 1–2 pp/year and follow the planned trend.
#[test]
fn school_trends_are_gentle_and_visible() {
    let d = districts();
    let plans = plan_schools(3, Scale::National, &d, &taken())
        .unwrap()
        .schools;
    let ctx = Ctx {
        seed: 3,
        ort_main_max: 245,
    };
    let mut slopes = Vec::new();
    let mut planned = Vec::new();
    for plan in plans.iter().step_by(20) {
        let quality: Vec<f64> = YEARS
            .map(|y| {
                let data = school_year(&ctx, plan, y);
                let (mut good, mut n) = (0, 0);
                for m in &data.marks {
                    let c = m.periods[ANNUAL];
                    good += c[0] + c[1];
                    n += c[..5].iter().sum::<i32>();
                }
                100.0 * f64::from(good) / f64::from(n)
            })
            .collect();
        // OLS slope over x = -2..=2.
        let slope = (-2..=2)
            .zip(&quality)
            .map(|(x, q)| f64::from(x) * q)
            .sum::<f64>()
            / 10.0;
        slopes.push(slope);
        planned.push(plan.trend);
    }
    let n = slopes.len() as f64;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    let (ms, mp) = (mean(&slopes), mean(&planned));
    let cov: f64 = slopes
        .iter()
        .zip(&planned)
        .map(|(s, p)| (s - ms) * (p - mp))
        .sum();
    let sd = |v: &[f64], m: f64| (v.iter().map(|x| (x - m).powi(2)).sum::<f64>()).sqrt();
    let corr = cov / (sd(&slopes, ms) * sd(&planned, mp));
    let slope_sd = sd(&slopes, ms) / n.sqrt();
    eprintln!("slopes: sd {slope_sd:.2} pp/year, correlation with the plan {corr:.2}");
    assert!((0.8..=2.5).contains(&slope_sd), "{slope_sd}");
    assert!(corr > 0.6, "{corr}");
}

/// Every file of `synthetic/generators/` registers one generator, of a kind of its own that
/// `NOT_GENERATED` does not list, and they run in the registry's order.
#[test]
fn every_generator_file_is_registered_once_in_registry_order() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/synthetic/generators");
    let files = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("rs".as_ref()))
        .count();
    let generators = super::school_year::generators();
    assert_eq!(
        generators.len(),
        files,
        "a generator file without its registration"
    );
    let positions: Vec<usize> = generators
        .iter()
        .map(|g| {
            domain::import::ImportKind::ALL
                .iter()
                .position(|k| *k == g.kind)
                .unwrap()
        })
        .collect();
    assert!(positions.is_sorted(), "{positions:?}");
    assert_eq!(positions.iter().collect::<HashSet<_>>().len(), files);
    for g in &generators {
        assert!(
            !NOT_GENERATED.iter().any(|(k, _)| *k == g.kind),
            "{} is generated and listed as not generated",
            g.kind.name()
        );
    }
}
