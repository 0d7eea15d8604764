//! The tier a fact kind declares (`FactKind::tier`) is the tier its profile read enforces,
//! on both databases: for every kind of the registry, its read refuses a grant below that
//! tier with FORBIDDEN and reads with a grant at or above it, and a caller's grant for the
//! kind (`access::grant_for`, what the resolvers use) reaches the rows exactly when the
//! caller may read that tier.

use domain::Db;
use domain::access::{self, Grant, Place, Places, Tier};
use domain::auth::{Caller, Principal, Role};
use domain::facts::{self, ImportKind};
use integration_tests::fixture::{fixture, school_id};

/// The rows `kind`'s profile read returns for `grant`, or `None` for the kinds the profile
/// does not read. A match without a catch-all: a new kind must say which.
async fn read(db: &Db, kind: ImportKind, grant: &Grant) -> Option<domain::Result<usize>> {
    use ImportKind::*;
    let marks = facts::mark_summaries::MarkFilter::default();
    Some(match kind {
        // Thresholds are national and public; awards and attendance are read with their
        // teacher, subject scores with their result (the same tier, held by
        // `rows_about_a_person_are_read_with_it`).
        Schools | Surveys | OrtThresholds | GraduateDestinations => return None,
        TeacherAwards | TrainingAttendance | OrtSubjectScores => return None,
        MarkSummaries => facts::mark_summaries::read(db, grant, &marks)
            .await
            .map(|r| r.len()),
        ClassOutcomes => facts::class_outcomes::read(db, grant, &marks)
            .await
            .map(|r| r.len()),
        ReportedIndicators => {
            (facts::reported_indicators::read(db, grant, None).await).map(|r| r.len())
        }
        OrtResults => facts::ort_results::read(db, grant, None)
            .await
            .map(|r| r.len()),
        OrtSummaries => facts::ort_summaries::read(db, grant, None)
            .await
            .map(|r| r.len()),
        OlympiadResults => facts::olympiad_results::read(db, grant, None)
            .await
            .map(|r| r.len()),
        OlympiadCounts => facts::olympiad_counts::read(db, grant, None)
            .await
            .map(|r| r.len()),
        ContestResults => facts::contest_results::read(db, grant, None)
            .await
            .map(|r| r.len()),
        Teachers => facts::teachers::read(db, grant, false)
            .await
            .map(|r| r.len()),
        Training => facts::training::read(db, grant, None)
            .await
            .map(|r| r.len()),
        StaffSnapshots => facts::staff::read(db, grant, None).await.map(|r| r.len()),
        EnrolmentSnapshots => facts::enrolment::read(db, grant, None)
            .await
            .map(|r| r.len()),
        InfrastructureSnapshots => {
            (facts::infrastructure::read(db, grant, None).await).map(|r| r.len())
        }
        TextbookProvision => facts::textbooks::read(db, grant, None)
            .await
            .map(|r| r.len()),
        AdminControl => facts::admin_control::read(db, grant, 2021)
            .await
            .map(|r| r.classes.len()),
    })
}

fn token(role: Role, scope_id: Option<i32>) -> Caller {
    Caller(Some(Principal {
        token_id: None,
        subject: None,
        role,
        scope_id,
    }))
}

fn forbidden(r: &domain::Result<usize>) -> bool {
    matches!(r, Err(domain::Error::Forbidden { .. }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_read_refuses_a_grant_below_the_tier_its_kind_declares() {
    // Arrange: the fixture school, and a grant of each tier for it.
    let t = fixture().await;
    let id = school_id(&t, "KG-O-UZG-045").await;
    let place: Place = Places::load(&t.db).await.unwrap().school(id).unwrap();
    let anonymous = Caller(None);
    let district = token(Role::District, Some(place.district_id));
    let own = token(Role::School, Some(place.school_id));
    let grants: [(Option<Tier>, Grant); 3] = [
        // The directory is public: anyone's grant for it holds the public tier only.
        (
            None,
            access::grant_for(&anonymous, place, ImportKind::Schools).unwrap(),
        ),
        // A district office asking for people gets the reported tier (counts only).
        (
            Some(Tier::Reported),
            access::grant(&district, place, Tier::People).unwrap(),
        ),
        (Some(Tier::People), Grant::internal(place.school_id)),
    ];
    let mut read_kinds = 0;
    let mut tiers_seen = std::collections::BTreeSet::new();
    for kind in ImportKind::ALL {
        let declared = kind.def().tier;
        for (tier, grant) in &grants {
            // Act
            let Some(got) = read(&t.db, kind, grant).await else {
                continue;
            };
            // Assert
            if *tier >= declared {
                assert!(got.is_ok(), "{}: a {tier:?} grant: {got:?}", kind.name());
            } else {
                assert!(
                    forbidden(&got),
                    "{}: a {tier:?} grant read {got:?}",
                    kind.name()
                );
            }
        }
        // The caller's grant for the kind, as the resolvers take it.
        for (caller, may) in [(&district, declared <= Some(Tier::Reported)), (&own, true)] {
            let grant = access::grant_for(caller, place, kind).unwrap();
            let Some(got) = read(&t.db, kind, &grant).await else {
                continue;
            };
            assert_eq!(got.is_ok(), may, "{}: {caller:?}: {got:?}", kind.name());
            if !may {
                assert!(forbidden(&got), "{}: {got:?}", kind.name());
            }
        }
        if read(&t.db, kind, &grants[2].1).await.is_some() {
            read_kinds += 1;
            tiers_seen.insert(declared);
        }
    }
    // Not vacuous: the profile reads most kinds, and both tiers are declared by some.
    assert!(read_kinds >= 14, "{read_kinds} kinds read");
    assert_eq!(
        tiers_seen.into_iter().collect::<Vec<_>>(),
        [Some(Tier::Reported), Some(Tier::People)]
    );
    // The fixture's person-level rows are there for the school itself.
    let rows = read(&t.db, ImportKind::OrtResults, &grants[2].1).await;
    assert!(matches!(rows, Some(Ok(n)) if n > 0), "{rows:?}");
}

/// The rows about a teacher or an ORT taker are shown by that person's read: their kinds
/// declare its tier, so the tier the parent's read enforces is theirs too.
#[test]
fn rows_about_a_person_are_read_with_it() {
    use ImportKind::*;
    for (kind, parent) in [
        (TeacherAwards, Teachers),
        (TrainingAttendance, Teachers),
        (OrtSubjectScores, OrtResults),
    ] {
        assert_eq!(kind.def().tier, parent.def().tier, "{}", kind.name());
        assert_eq!(kind.def().tier, Some(Tier::People), "{}", kind.name());
    }
}
