//! The generator's state (its random numbers and the district so far) and the small choices it makes:
//! names, places, dates.

use super::catalog::*;
use super::district::*;
use crate::model::{ExtensionKind, FoundingMode, Rank, UnitKind};
use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub(super) struct Builder {
    pub(super) rng: ChaCha8Rng,
    pub(super) d: District,
}

impl Builder {
    pub(super) fn person_name(&mut self) -> String {
        let surname = SURNAMES[self.rng.gen_range(0..SURNAMES.len())];
        let mut name = surname.to_string();
        let chars = if self.rng.gen_bool(0.6) { 2 } else { 1 };
        for _ in 0..chars {
            name.push_str(GIVEN_CHARS[self.rng.gen_range(0..GIVEN_CHARS.len())]);
        }
        name
    }

    pub(super) fn add_unit(&mut self, name: &str, short: &str, kind: UnitKind) -> i64 {
        let id = self.d.units.len() as i64 + 1;
        self.d.units.push(Unit {
            id,
            name: name.to_string(),
            short_name: short.to_string(),
            kind,
            township_kind: None,
            code: None,
            parent_id: None,
            in_district: kind != UnitKind::Partner,
            lon: None,
            lat: None,
            confidence: None,
        });
        id
    }

    pub(super) fn unit_id(&self, short_or_name: &str) -> i64 {
        self.d
            .units
            .iter()
            .find(|u| u.short_name == short_or_name || u.name == short_or_name)
            .map(|u| u.id)
            .unwrap_or_else(|| panic!("demo catalogue names an unknown unit: {short_or_name}"))
    }

    pub(super) fn unit(&self, id: i64) -> &Unit {
        &self.d.units[(id - 1) as usize]
    }

    /// Adds the members of one unit: its leaders first (district-level, then division-level), then the rest.
    pub(super) fn add_people(&mut self, unit_id: i64, count: usize, district_leaders: usize, division: usize) {
        let section = count / 12;
        for i in 0..count {
            let rank = if i < district_leaders {
                Rank::DistrictLevel
            } else if i < district_leaders + division {
                Rank::DivisionLevel
            } else if i < district_leaders + division + section {
                Rank::SectionLevel
            } else {
                Rank::Other
            };
            let id = self.d.people.len() as i64 + 1;
            let name = self.person_name();
            self.d.people.push(Person {
                id,
                name,
                unit_id,
                rank,
                // 区管干部: the district's Party committee manages division-level cadres.
                district_managed: rank == Rank::DivisionLevel,
            });
        }
    }

    pub(super) fn members_of(&self, unit_id: i64) -> Vec<i64> {
        self.d.people.iter().filter(|p| p.unit_id == unit_id).map(|p| p.id).collect()
    }

    /// The unit's Party secretary and the leader in charge: its first two division-level members.
    pub(super) fn leaders_of(&self, unit_id: i64) -> (Option<i64>, Option<i64>) {
        let mut it = self.d.people.iter().filter(|p| p.unit_id == unit_id && p.rank == Rank::DivisionLevel);
        (it.next().map(|p| p.id), it.next().map(|p| p.id))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_school(
        &mut self,
        name: String,
        mode: FoundingMode,
        extension: Option<ExtensionKind>,
        host_unit_id: i64,
        township_id: Option<i64>,
        opened_on: NaiveDate,
        (lon, lat, confidence): (f64, f64, String),
        pool: Vec<i64>,
    ) -> i64 {
        let id = self.d.schools.len() as i64 + 1;
        let (principal_id, vice_principal_id) = self.leaders_of(host_unit_id);
        let pilot = PILOT_UNITS.contains(&self.unit(host_unit_id).short_name.as_str()) && extension.is_none();
        self.d.schools.push(School {
            id,
            name,
            mode,
            extension,
            host_unit_id,
            township_id,
            principal_id,
            vice_principal_id,
            opened_on,
            pilot,
            lon,
            lat,
            confidence,
            pool,
        });
        id
    }

    /// A spot near the district seat for units that sit in town (approximate, shown as such).
    pub(super) fn near_seat(&mut self, seat: (f64, f64)) -> (f64, f64, String) {
        let lon = seat.0 + self.rng.gen_range(-0.018..0.018);
        let lat = seat.1 + self.rng.gen_range(-0.014..0.014);
        ((lon * 1e4).round() / 1e4, (lat * 1e4).round() / 1e4, "low".to_string())
    }
}
