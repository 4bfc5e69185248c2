//! Campaigns: creation, figures per jobcenter and month, and the goals computed from the
//! placements in the system (the counts in `campaign::store`). Every operation asks the policy
//! first.

use crate::ids::{CampaignId, JobcenterId};
use std::collections::HashSet;

use crate::auth::model::Actor;
use crate::campaign::model::{parse_month, GoalParams, TargetGroup};
use crate::campaign::store::{self, CampaignFields};
pub use crate::campaign::store::{CampaignRow, JobcenterGoals, Rollup};
use crate::db::{new_id, Db};
use crate::error::{AppError, FieldErrors};
use crate::texts;
use crate::texts::campaign as tcm;

fn may_read(actor: &Actor) -> Result<(), AppError> {
    crate::auth::policy::require(actor.may_view_campaigns())
}

pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<CampaignRow>, AppError> {
    may_read(actor)?;
    db.read(|conn| Ok(store::list_campaigns(conn)?)).await
}

pub async fn get(db: &Db, actor: &Actor, id: CampaignId) -> Result<CampaignRow, AppError> {
    may_read(actor)?;
    db.read(move |conn| store::get_campaign(conn, &id)?.ok_or(AppError::NotFound))
        .await
}

#[derive(Debug, Clone, Default)]
pub struct CampaignInput {
    pub name: String,
    pub baseline_month: String,
    pub end_month: String,
    pub params: Option<GoalParams>,
    /// `None` keeps the campaign's (the 2009–2011 target group for a new campaign).
    pub target_group: Option<TargetGroup>,
}

/// Checks a campaign's name, months and goal parameters.
fn validated(input: &CampaignInput) -> Result<(String, GoalParams), AppError> {
    let mut e = FieldErrors::new();
    let name = input.name.trim().to_string();
    if name.is_empty() {
        e.add("name", texts::REQUIRED);
    } else if name.chars().count() > 200 {
        e.add("name", tcm::NAME_TOO_LONG);
    }
    let base = e.check("baseline_month", parse_month(&input.baseline_month));
    let end = e.check("end_month", parse_month(&input.end_month));
    if let (Some(b), Some(en)) = (base, end) {
        if en <= b {
            e.add("end_month", tcm::END_AFTER_BASELINE);
        }
    }
    let p = input.params.unwrap_or_default();
    for (f, v, lo, hi, msg) in [
        (
            "share_target_permille",
            p.share_target_permille,
            0,
            1000,
            tcm::PERMILLE_RANGE,
        ),
        (
            "selfsupport_permille",
            p.selfsupport_permille,
            0,
            1000,
            tcm::PERMILLE_RANGE,
        ),
        (
            "min_increase",
            p.min_increase,
            0,
            100_000,
            tcm::MIN_INCREASE_RANGE,
        ),
        (
            "national_target",
            p.national_target,
            0,
            10_000_000,
            tcm::COUNT_RANGE_TEN_MILLION,
        ),
    ] {
        if !(lo..=hi).contains(&v) {
            e.add(f, msg);
        }
    }
    if let Some(g) = &input.target_group {
        for (f, msg) in g.problems() {
            e.add(f, msg);
        }
    }
    e.into_result()?;
    Ok((name, p))
}

pub async fn create(db: &Db, actor: &Actor, input: CampaignInput) -> Result<CampaignRow, AppError> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let (name, p) = validated(&input)?;
    let target = input.target_group.clone().unwrap_or_default();
    let id = CampaignId::new(new_id());
    db.write(move |conn| {
        let fields = CampaignFields {
            name: &name,
            baseline_month: input.baseline_month.trim(),
            end_month: input.end_month.trim(),
            params: p,
        };
        store::insert_campaign(conn, &id, &fields, &target)?;
        store::get_campaign(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await
}

/// Changes a campaign's name, months and goal parameters (administrators). Figures already
/// entered are kept; the goals are computed anew with the new parameters.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: CampaignId,
    input: CampaignInput,
) -> Result<CampaignRow, AppError> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let (name, p) = validated(&input)?;
    db.write(move |conn| {
        let fields = CampaignFields {
            name: &name,
            baseline_month: input.baseline_month.trim(),
            end_month: input.end_month.trim(),
            params: p,
        };
        if store::update_campaign(conn, &id, &fields, input.target_group.as_ref())? == 0 {
            return Err(AppError::NotFound);
        }
        store::get_campaign(conn, &id)?.ok_or(AppError::NotFound)
    })
    .await
}

/// The jobcenters an import may name, by id, name and kommunekode.
pub async fn import_index(db: &Db) -> Result<crate::campaign::import::JobcenterIndex, AppError> {
    db.read(|conn| {
        let (jcs, ms) = store::import_names(conn)?;
        Ok(crate::campaign::import::JobcenterIndex::new(&jcs, &ms))
    })
    .await
}

pub use crate::campaign::model::FigureInput;

/// Stores figures (all or nothing). Administrators may enter any jobcenter's; a consultant their
/// own jobcenter's. A bad row is named by its index: `rows[3].month`.
pub async fn save_figures(
    db: &Db,
    actor: &Actor,
    campaign_id: CampaignId,
    rows: Vec<FigureInput>,
) -> Result<usize, AppError> {
    save_figures_tracked(db, actor, campaign_id, rows, None).await
}

/// As [`save_figures`], advancing `progress` by one for each row written. The rows are checked
/// first and written in one transaction: an import is stored whole or not at all.
pub async fn save_figures_tracked(
    db: &Db,
    actor: &Actor,
    campaign_id: CampaignId,
    rows: Vec<FigureInput>,
    progress: Option<std::sync::Arc<crate::campaign::import::Progress>>,
) -> Result<usize, AppError> {
    if !actor.may_enter_figures() {
        return Err(AppError::Forbidden);
    }
    if rows.len() > 100_000 {
        return Err(AppError::field("rows", tcm::TOO_MANY_ROWS));
    }
    let actor = actor.clone();
    db.write(move |conn| {
        let campaign = store::get_campaign(conn, &campaign_id)?.ok_or(AppError::NotFound)?;
        let known: HashSet<String> = store::jobcenter_ids(conn)?.into_iter().collect();
        let mut e = FieldErrors::new();
        for (i, r) in rows.iter().enumerate() {
            let at = |f: &str| match r.line {
                Some(l) => format!("line[{l}].{f}"),
                None => format!("rows[{i}].{f}"),
            };
            if !known.contains(r.jobcenter_id.trim()) {
                e.add(&at("jobcenter_id"), tcm::FIGURES_UNKNOWN_JOBCENTER);
            } else if !actor.may_enter_figures_for(r.jobcenter_id.trim()) {
                e.add(&at("jobcenter_id"), tcm::OWN_JOBCENTER_ONLY);
            }
            if let Err(m) = parse_month(&r.month) {
                e.add(&at("month"), m);
            }
            for (f, v) in [
                ("target_group", r.target_group),
                ("outside_activation", r.outside_activation),
                ("baseline", r.baseline),
            ] {
                if v.is_some_and(|v| !(0..=10_000_000).contains(&v)) {
                    e.add(&at(f), tcm::COUNT_RANGE_TEN_MILLION);
                }
            }
            if r.baseline.is_some() && r.month.trim() != campaign.baseline_month {
                e.add(
                    &at("baseline"),
                    tcm::baseline_belongs_to(&campaign.baseline_month),
                );
            }
        }
        e.into_result()?;
        for r in &rows {
            store::upsert_figures(
                conn,
                &campaign.id,
                &JobcenterId::new(r.jobcenter_id.trim()),
                r.month.trim(),
                [r.target_group, r.outside_activation, r.baseline],
            )?;
            if let Some(p) = &progress {
                p.advance();
            }
        }
        Ok(rows.len())
    })
    .await
}

pub async fn goals(
    db: &Db,
    actor: &Actor,
    campaign_id: CampaignId,
    month: String,
    only: Option<String>,
) -> Result<(CampaignRow, Vec<JobcenterGoals>), AppError> {
    may_read(actor)?;
    parse_month(&month).map_err(|m| AppError::field("month", m))?;
    db.read(move |conn| {
        let campaign = store::get_campaign(conn, &campaign_id)?.ok_or(AppError::NotFound)?;
        let rows = store::goals_for(conn, &campaign, &month, only.as_deref())?;
        Ok((campaign, rows))
    })
    .await
}

/// What the campaign dashboard shows, read in one trip to the database (#23: three trips, and
/// the campaign read twice, before).
pub struct Dashboard {
    pub campaign: CampaignRow,
    /// The month shown: the one asked for, else this month but not past the campaign's end.
    pub month: String,
    /// Every jobcenter's goals that month.
    pub all: Vec<JobcenterGoals>,
    /// The jobcenter's months over the campaign, when it is among `all`.
    pub series: Vec<crate::campaign::model::SeriesPoint>,
}

pub async fn dashboard(
    db: &Db,
    actor: &Actor,
    campaign_id: CampaignId,
    month: Option<String>,
    jobcenter_id: JobcenterId,
) -> Result<Dashboard, AppError> {
    may_read(actor)?;
    if let Some(m) = &month {
        parse_month(m).map_err(|m| AppError::field("month", m))?;
    }
    let this_month = crate::clock::month_key(crate::clock::today());
    db.read(move |conn| {
        let campaign = store::get_campaign(conn, &campaign_id)?.ok_or(AppError::NotFound)?;
        let month = month
            .clone()
            .unwrap_or_else(|| this_month.clone().min(campaign.end_month.clone()));
        let all = store::goals_for(conn, &campaign, &month, None)?;
        let series = if all.iter().any(|g| g.jobcenter_id == jobcenter_id.as_str()) {
            store::series(conn, &campaign, &jobcenter_id, &this_month)?
        } else {
            Vec::new()
        };
        Ok(Dashboard {
            campaign,
            month,
            all,
            series,
        })
    })
    .await
}
