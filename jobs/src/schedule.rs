//! When the nightly refresh runs: a six-field cron expression (`sec min hour day month
//! weekday`) read in an IANA time zone. Day-of-month and day-of-week, when both are
//! restricted, must both match (croner's `dom_and_dow`), which the README states.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds};

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "jobs.trend_refresh_cron `{expr}`: {message} (six fields: sec min hour day month weekday, e.g. \"0 0 2 * * *\")"
    )]
    Cron { expr: String, message: String },
    #[error("jobs.timezone `{0}` is not an IANA time zone")]
    TimeZone(String),
}

/// A parsed schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    cron: Cron,
    tz: Tz,
}

impl Schedule {
    /// Parses and validates the expression and the zone.
    pub fn parse(expr: &str, timezone: &str) -> Result<Self, ScheduleError> {
        let tz: Tz = timezone
            .parse()
            .map_err(|_| ScheduleError::TimeZone(timezone.to_owned()))?;
        let cron = CronParser::builder()
            .seconds(Seconds::Required)
            .dom_and_dow(true)
            .build()
            .parse(expr)
            .map_err(|e| ScheduleError::Cron {
                expr: expr.to_owned(),
                message: e.to_string(),
            })?;
        Ok(Self { cron, tz })
    }

    /// From the configuration's `jobs` section.
    pub fn from_config(config: &domain::config::JobsConfig) -> Result<Self, ScheduleError> {
        Self::parse(&config.trend_refresh_cron, &config.timezone)
    }

    /// The first run strictly after `now`, in UTC.
    pub fn next_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron
            .find_next_occurrence(&now.with_timezone(&self.tz), false)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn nightly_two_am_bishkek_is_twenty_hundred_utc() {
        let s = Schedule::parse("0 0 2 * * *", "Asia/Bishkek").unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        assert_eq!(
            s.next_after(now),
            Some(Utc.with_ymd_and_hms(2026, 11, 28, 20, 0, 0).unwrap())
        );
    }

    #[test]
    fn rejects_five_field_crontab_and_unknown_zone() {
        assert!(matches!(
            Schedule::parse("0 2 * * *", "Asia/Bishkek"),
            Err(ScheduleError::Cron { .. })
        ));
        assert!(matches!(
            Schedule::parse("0 0 2 * * *", "Asia/Nowhere"),
            Err(ScheduleError::TimeZone(_))
        ));
    }
}
