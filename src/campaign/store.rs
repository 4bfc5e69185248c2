//! All SQL of the campaign area: campaigns, their figures, and the counts the goals are computed
//! from (GROUP BY over all jobcenters at once, from the tables seats::store keeps up to date).

use crate::ids::{CampaignId, JobcenterId};
use std::collections::HashMap;

use diesel::prelude::*;

use crate::campaign::model::{
    compute, parse_month, GoalParams, Goals, MonthInput, SeriesPoint, TargetGroup,
};
use crate::db::schema::{
    campaign_figures, campaigns, jobcenter_months, jobcenters, municipalities,
};
use crate::db::{now, DbConnection};
use crate::directory::model::Region;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = campaigns)]
pub struct CampaignRow {
    pub id: CampaignId,
    pub name: String,
    pub baseline_month: String,
    pub end_month: String,
    pub share_target_permille: i32,
    pub min_increase: i32,
    pub selfsupport_permille: i32,
    pub national_target: i32,
    pub target_benefits: String,
    pub target_match_group: i32,
}

impl CampaignRow {
    pub fn target_group(&self) -> TargetGroup {
        TargetGroup::from_stored(&self.target_benefits, self.target_match_group)
    }

    pub fn params(&self) -> GoalParams {
        GoalParams {
            share_target_permille: self.share_target_permille,
            min_increase: self.min_increase,
            selfsupport_permille: self.selfsupport_permille,
            national_target: self.national_target,
        }
    }
}

pub fn list_campaigns(conn: &mut DbConnection) -> QueryResult<Vec<CampaignRow>> {
    campaigns::table
        .select(CampaignRow::as_select())
        .order(campaigns::baseline_month.desc())
        .load(conn)
}

pub fn get_campaign(conn: &mut DbConnection, id: &CampaignId) -> QueryResult<Option<CampaignRow>> {
    campaigns::table
        .find(id)
        .select(CampaignRow::as_select())
        .first(conn)
        .optional()
}

/// The distinct target groups of the campaigns (the groups `target_months` keeps A for).
pub fn target_groups(conn: &mut DbConnection) -> QueryResult<Vec<TargetGroup>> {
    let groups: Vec<(i32, String)> = campaigns::table
        .select((campaigns::target_match_group, campaigns::target_benefits))
        .distinct()
        .load(conn)?;
    Ok(groups
        .into_iter()
        .map(|(match_group, stored)| TargetGroup::from_stored(&stored, match_group))
        .collect())
}

/// Adds `delta` (±1) to A of one target group in a jobcenter's month: a row is made for the
/// first person and removed with the last. For a placement write that knows the person
/// appeared in or left the group's month (`seats::store::sync_months`).
pub fn bump_target_month(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    month: &str,
    group: &TargetGroup,
    delta: i32,
) -> QueryResult<()> {
    use crate::db::schema::target_months as tm;
    let key = group.stored_benefits();
    let this = tm::table
        .filter(tm::match_group.eq(group.match_group))
        .filter(tm::benefits.eq(&key))
        .filter(tm::month.eq(month))
        .filter(tm::jobcenter_id.eq(jobcenter_id));
    let n = diesel::update(this)
        .set(tm::in_activation.eq(tm::in_activation + delta))
        .execute(conn)?;
    if n == 0 && delta > 0 {
        diesel::insert_into(tm::table)
            .values((
                tm::jobcenter_id.eq(jobcenter_id),
                tm::month.eq(month),
                tm::match_group.eq(group.match_group),
                tm::benefits.eq(&key),
                tm::in_activation.eq(delta),
            ))
            .execute(conn)?;
    } else if delta < 0 {
        diesel::delete(this.filter(tm::in_activation.le(0))).execute(conn)?;
    }
    Ok(())
}

/// Recounts A of every campaign target group for one jobcenter and month into `target_months`
/// (people of the group in company activation, each once): called by every placement write
/// for the months it touched, in its transaction, after `placement_months` was rewritten.
pub fn recount_target_months(
    conn: &mut DbConnection,
    jobcenter_id: &JobcenterId,
    month: &str,
) -> QueryResult<()> {
    use crate::db::schema::{placement_months as pm, target_months as tm};
    for group in target_groups(conn)? {
        let match_group = group.match_group;
        let persons: i64 = pm::table
            .filter(pm::jobcenter_id.eq(jobcenter_id))
            .filter(pm::month.eq(month))
            .filter(pm::match_group.eq(match_group))
            .filter(pm::benefit.eq_any(&group.benefits))
            .select(diesel::dsl::count(pm::candidate_id).aggregate_distinct())
            .first(conn)?;
        let key = group.stored_benefits();
        diesel::delete(
            tm::table
                .filter(tm::match_group.eq(match_group))
                .filter(tm::benefits.eq(&key))
                .filter(tm::month.eq(month))
                .filter(tm::jobcenter_id.eq(jobcenter_id)),
        )
        .execute(conn)?;
        if persons > 0 {
            diesel::insert_into(tm::table)
                .values((
                    tm::jobcenter_id.eq(jobcenter_id),
                    tm::month.eq(month),
                    tm::match_group.eq(match_group),
                    tm::benefits.eq(&key),
                    tm::in_activation.eq(persons as i32),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Counts A of one target group for every jobcenter and month afresh (a campaign got the
/// group, or a bulk load wrote `placement_months` directly).
pub fn rebuild_target_group(conn: &mut DbConnection, group: &TargetGroup) -> QueryResult<()> {
    use crate::db::schema::{placement_months as pm, target_months as tm};
    if let DbConnection::Postgresql(c) = &mut *conn {
        // Placement writes change these counts by one and never recount them, so none may
        // commit between the count below and this campaign's commit unseen by both: SHARE
        // waits for the placement writes under way and holds off new ones until the commit
        // (after which they see the new group). On SQLite every write already runs alone.
        diesel::sql_query("LOCK TABLE placement_months IN SHARE MODE").execute(c)?;
    }
    let key = group.stored_benefits();
    let counted: Vec<(String, String, i64)> = pm::table
        .filter(pm::match_group.eq(group.match_group))
        .filter(pm::benefit.eq_any(&group.benefits))
        .group_by((pm::jobcenter_id, pm::month))
        .select((
            pm::jobcenter_id,
            pm::month,
            diesel::dsl::count(pm::candidate_id).aggregate_distinct(),
        ))
        .load(conn)?;
    diesel::delete(
        tm::table
            .filter(tm::match_group.eq(group.match_group))
            .filter(tm::benefits.eq(&key)),
    )
    .execute(conn)?;
    // 5 values a row: well under SQLite's limit of bound values per statement.
    for chunk in counted.chunks(1000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(j, m, n)| {
                (
                    tm::jobcenter_id.eq(j),
                    tm::month.eq(m),
                    tm::match_group.eq(group.match_group),
                    tm::benefits.eq(&key),
                    tm::in_activation.eq(*n as i32),
                )
            })
            .collect();
        // A multi-row insert is written per backend (MultiConnection has none).
        match &mut *conn {
            DbConnection::Sqlite(c) => diesel::insert_into(tm::table).values(rows).execute(c)?,
            DbConnection::Postgresql(c) => {
                diesel::insert_into(tm::table).values(rows).execute(c)?
            }
        };
    }
    Ok(())
}

/// [`rebuild_target_group`] for the target group of every campaign.
pub fn rebuild_target_months(conn: &mut DbConnection) -> QueryResult<()> {
    let groups: Vec<(i32, String)> = campaigns::table
        .select((campaigns::target_match_group, campaigns::target_benefits))
        .distinct()
        .load(conn)?;
    for (match_group, stored) in groups {
        rebuild_target_group(conn, &TargetGroup::from_stored(&stored, match_group))?;
    }
    Ok(())
}

/// A campaign's name, months and parameters as checked by the service.
pub struct CampaignFields<'a> {
    pub name: &'a str,
    pub baseline_month: &'a str,
    pub end_month: &'a str,
    pub params: GoalParams,
}

pub fn insert_campaign(
    conn: &mut DbConnection,
    id: &CampaignId,
    f: &CampaignFields,
    target: &TargetGroup,
) -> QueryResult<()> {
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::id.eq(id),
            campaigns::name.eq(f.name),
            campaigns::baseline_month.eq(f.baseline_month),
            campaigns::end_month.eq(f.end_month),
            campaigns::share_target_permille.eq(f.params.share_target_permille),
            campaigns::min_increase.eq(f.params.min_increase),
            campaigns::selfsupport_permille.eq(f.params.selfsupport_permille),
            campaigns::national_target.eq(f.params.national_target),
            campaigns::created_at.eq(now()),
            campaigns::target_benefits.eq(target.stored_benefits()),
            campaigns::target_match_group.eq(target.match_group),
        ))
        .execute(conn)?;
    rebuild_target_group(conn, target)
}

/// Updates a campaign's fields (and its target group when given); the number of rows changed.
pub fn update_campaign(
    conn: &mut DbConnection,
    id: &CampaignId,
    f: &CampaignFields,
    target: Option<&TargetGroup>,
) -> QueryResult<usize> {
    let n = diesel::update(campaigns::table.find(id))
        .set((
            campaigns::name.eq(f.name),
            campaigns::baseline_month.eq(f.baseline_month),
            campaigns::end_month.eq(f.end_month),
            campaigns::share_target_permille.eq(f.params.share_target_permille),
            campaigns::min_increase.eq(f.params.min_increase),
            campaigns::selfsupport_permille.eq(f.params.selfsupport_permille),
            campaigns::national_target.eq(f.params.national_target),
        ))
        .execute(conn)?;
    if let (true, Some(g)) = (n > 0, target) {
        diesel::update(campaigns::table.find(id))
            .set((
                campaigns::target_benefits.eq(g.stored_benefits()),
                campaigns::target_match_group.eq(g.match_group),
            ))
            .execute(conn)?;
        rebuild_target_group(conn, g)?;
    }
    Ok(n)
}

/// The jobcenters (id, name) and the municipalities (kommunekode, jobcenter) an import may name.
pub type ImportNames = (Vec<(String, String)>, Vec<(i32, String)>);

pub fn import_names(conn: &mut DbConnection) -> QueryResult<ImportNames> {
    let jcs = jobcenters::table
        .select((jobcenters::id, jobcenters::name))
        .load(conn)?;
    let ms = municipalities::table
        .select((municipalities::kommunekode, municipalities::jobcenter_id))
        .load(conn)?;
    Ok((jcs, ms))
}

/// The ids of every jobcenter.
pub fn jobcenter_ids(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    jobcenters::table.select(jobcenters::id).load(conn)
}

/// Sets the figures given (`None` leaves a figure as it is) of a jobcenter's month.
pub fn upsert_figures(
    conn: &mut DbConnection,
    campaign_id: &CampaignId,
    jobcenter_id: &JobcenterId,
    month: &str,
    figures: [Option<i64>; 3],
) -> QueryResult<()> {
    let [target_group, outside_activation, baseline] = figures;
    let target = campaign_figures::table.find((campaign_id, jobcenter_id, month));
    let exists = target
        .select(campaign_figures::month)
        .first::<String>(conn)
        .optional()?
        .is_some();
    let narrow = |v: Option<i64>| v.map(|v| v as i32);
    if exists {
        if let Some(v) = target_group {
            diesel::update(target)
                .set(campaign_figures::target_group.eq(Some(v as i32)))
                .execute(conn)?;
        }
        if let Some(v) = outside_activation {
            diesel::update(target)
                .set(campaign_figures::outside_activation.eq(Some(v as i32)))
                .execute(conn)?;
        }
        if let Some(v) = baseline {
            diesel::update(target)
                .set(campaign_figures::baseline.eq(Some(v as i32)))
                .execute(conn)?;
        }
    } else {
        diesel::insert_into(campaign_figures::table)
            .values((
                campaign_figures::campaign_id.eq(campaign_id),
                campaign_figures::jobcenter_id.eq(jobcenter_id),
                campaign_figures::month.eq(month),
                campaign_figures::target_group.eq(narrow(target_group)),
                campaign_figures::outside_activation.eq(narrow(outside_activation)),
                campaign_figures::baseline.eq(narrow(baseline)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// People of the campaign's target group in company activation per jobcenter in a month (each
/// person once, judged on the benefit and match group their placement recorded at referral,
/// #18.8; the rows of `target_months`), and the placements that ended in it with a follow-up
/// and those self-supporting (the rows of `jobcenter_months`). seats::store keeps both tables
/// up to date with every placement write.
pub fn month_counts(
    conn: &mut DbConnection,
    month: &str,
    target: &TargetGroup,
) -> Result<HashMap<String, (i64, i64, i64)>, AppError> {
    use crate::db::schema::target_months as tm;
    parse_month(month).map_err(|m| AppError::field("month", m))?;
    let persons: Vec<(String, i32)> = tm::table
        .filter(tm::match_group.eq(target.match_group))
        .filter(tm::benefits.eq(target.stored_benefits()))
        .filter(tm::month.eq(month))
        .select((tm::jobcenter_id, tm::in_activation))
        .load(conn)?;
    let mut out: HashMap<String, (i64, i64, i64)> = persons
        .into_iter()
        .map(|(j, a)| (j, (i64::from(a), 0, 0)))
        .collect();
    let ended: Vec<(String, i32, i32)> = jobcenter_months::table
        .filter(jobcenter_months::month.eq(month))
        .filter(jobcenter_months::followed_up.gt(0))
        .select((
            jobcenter_months::jobcenter_id,
            jobcenter_months::followed_up,
            jobcenter_months::self_supporting,
        ))
        .load(conn)?;
    for (j, f, s) in ended {
        let e = out.entry(j).or_default();
        e.1 = i64::from(f);
        e.2 = i64::from(s);
    }
    Ok(out)
}

/// (jobcenter, month, target group, outside activation, baseline) as stored.
type FigureRow = (String, String, Option<i32>, Option<i32>, Option<i32>);

/// A jobcenter's goals for a month.
#[derive(Debug, Clone)]
pub struct JobcenterGoals {
    pub jobcenter_id: String,
    pub name: String,
    pub region: Option<Region>,
    pub month: String,
    pub goals: Goals,
    /// The month the target group N was entered for: this month, or the latest earlier month
    /// with an N when this one has none (carried forward); `None` when there is no N at all.
    pub target_group_month: Option<String>,
}

/// Goals summed over jobcenters (a region, or the nation). T sums only the jobcenters whose
/// target is known, and the attainment compares it with their A alone: a jobcenter without any
/// N is left out rather than counted against a guessed target (#18.7). Mål 2 sums the
/// follow-ups it rests on (#18.9).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rollup {
    pub jobcenters: usize,
    pub both_reached: usize,
    pub target_group: i64,
    /// A over every jobcenter.
    pub in_activation: i64,
    /// T over the jobcenters with a target; `None` when none has one.
    pub target: Option<f64>,
    /// A of the jobcenters with a target, against their T.
    pub attainment: Option<f64>,
    /// Follow-ups Mål 2 rests on, and how many were self-supporting.
    pub followed_up: i64,
    pub self_supporting: i64,
}

impl Rollup {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a JobcenterGoals>) -> Rollup {
        let mut r = Rollup::default();
        let mut a_with_target = 0;
        for g in rows {
            let x = &g.goals;
            r.jobcenters += 1;
            r.both_reached += usize::from(x.both_reached());
            r.target_group += x.target_group.unwrap_or(0);
            r.in_activation += x.in_activation;
            if let Some(t) = x.target {
                r.target = Some(r.target.unwrap_or(0.0) + t);
                a_with_target += x.in_activation;
            }
            r.followed_up += x.selfsupport_base;
            r.self_supporting += x.self_supporting;
        }
        r.attainment = r
            .target
            .filter(|t| *t > 0.0)
            .map(|t| a_with_target as f64 / t);
        r
    }

    /// Mål 2's share over the roll-up: self-supporting of all follow-ups.
    pub fn selfsupport_share(&self) -> Option<f64> {
        (self.followed_up > 0).then(|| self.self_supporting as f64 / self.followed_up as f64)
    }
}

/// The latest N entered in `month` or before (within the campaign) for each of `jobcenters`,
/// with the month it was entered for: a month without N carries the latest earlier N forward.
/// Read only for the jobcenters whose N the month itself lacks, newest first per jobcenter.
fn earlier_target_groups(
    conn: &mut DbConnection,
    campaign_id: &CampaignId,
    month: &str,
    jobcenters: &[&str],
) -> Result<HashMap<String, (i64, String)>, AppError> {
    let mut out = HashMap::new();
    if jobcenters.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(String, String, Option<i32>)> = campaign_figures::table
        .filter(campaign_figures::campaign_id.eq(campaign_id))
        .filter(campaign_figures::jobcenter_id.eq_any(jobcenters))
        .filter(campaign_figures::month.le(month))
        .filter(campaign_figures::target_group.is_not_null())
        .select((
            campaign_figures::jobcenter_id,
            campaign_figures::month,
            campaign_figures::target_group,
        ))
        .order((
            campaign_figures::jobcenter_id.desc(),
            campaign_figures::month.desc(),
        ))
        .load(conn)?;
    for (jobcenter, m, n) in rows {
        if let Some(n) = n {
            out.entry(jobcenter).or_insert((i64::from(n), m));
        }
    }
    Ok(out)
}

/// The goals of every jobcenter (or one) for a month, computed from the placements.
pub fn goals_for(
    conn: &mut DbConnection,
    campaign: &CampaignRow,
    month: &str,
    only: Option<&str>,
) -> Result<Vec<JobcenterGoals>, AppError> {
    let params = campaign.params();
    let target = campaign.target_group();
    let counts = month_counts(conn, month, &target)?;
    let b_counted = month_counts(conn, &campaign.baseline_month, &target)?;
    // The month's and the baseline month's figures of every jobcenter (the month index).
    let figures: Vec<FigureRow> = campaign_figures::table
        .filter(campaign_figures::campaign_id.eq(&campaign.id))
        .filter(
            campaign_figures::month
                .eq(month)
                .or(campaign_figures::month.eq(&campaign.baseline_month)),
        )
        .select((
            campaign_figures::jobcenter_id,
            campaign_figures::month,
            campaign_figures::target_group,
            campaign_figures::outside_activation,
            campaign_figures::baseline,
        ))
        .load(conn)?;
    let this_month: HashMap<&str, &FigureRow> = figures
        .iter()
        .filter(|f| f.1 == month)
        .map(|f| (f.0.as_str(), f))
        .collect();
    let baseline_month: HashMap<&str, &FigureRow> = figures
        .iter()
        .filter(|f| f.1 == campaign.baseline_month)
        .map(|f| (f.0.as_str(), f))
        .collect();
    let mut jcs = jobcenters::table
        .select((jobcenters::id, jobcenters::name, jobcenters::region))
        .order(jobcenters::sort_key.asc())
        .into_boxed();
    if let Some(j) = only {
        jcs = jcs.filter(jobcenters::id.eq(j.to_string()));
    }
    let jcs: Vec<(String, String, String)> = jcs.load(conn)?;
    // N is usually entered for the month shown; an earlier one is looked up only for the
    // jobcenters without.
    let without_n: Vec<&str> = jcs
        .iter()
        .map(|(id, _, _)| id.as_str())
        .filter(|id| this_month.get(id).and_then(|f| f.2).is_none())
        .collect();
    let earlier_n = earlier_target_groups(conn, &campaign.id, month, &without_n)?;
    let mut out = Vec::with_capacity(jcs.len());
    for (id, name, region) in jcs {
        let this = this_month.get(id.as_str()).copied();
        let base = baseline_month.get(id.as_str()).copied();
        let latest_n = this
            .and_then(|f| f.2)
            .map(|n| (i64::from(n), month.to_string()))
            .or_else(|| earlier_n.get(&id).cloned());
        let outside = this.and_then(|f| f.3).map(i64::from).unwrap_or(0);
        let baseline_outside = base.and_then(|f| f.3).map(i64::from).unwrap_or(0);
        let baseline = base
            .and_then(|f| f.4)
            .map(i64::from)
            .unwrap_or_else(|| b_counted.get(&id).map(|c| c.0).unwrap_or(0) + baseline_outside);
        let (in_activation, followed, yes) = counts.get(&id).copied().unwrap_or((0, 0, 0));
        let n = latest_n.as_ref();
        let input = MonthInput {
            target_group: n.map(|(n, _)| *n),
            in_activation: in_activation + outside,
            baseline,
            followed_up: followed,
            self_supporting: yes,
        };
        out.push(JobcenterGoals {
            jobcenter_id: id,
            name,
            region: Region::parse(&region),
            month: month.to_string(),
            goals: compute(input, &params),
            target_group_month: n.map(|(_, m)| m.clone()),
        });
    }
    Ok(out)
}

/// (month, target group, outside activation, baseline) as stored.
type MonthFigures = (String, Option<i32>, Option<i32>, Option<i32>);

/// One jobcenter's months over the whole campaign, for the chart and its table: one query for
/// its counted months (`target_months`) and one for its figures. N carries forward from the
/// latest earlier month; T is unknown until the first N. A month without data (no placement
/// counted, no figures entered) or after `this_month` has no A: a gap, not a zero.
pub fn series(
    conn: &mut DbConnection,
    campaign: &CampaignRow,
    jobcenter_id: &JobcenterId,
    this_month: &str,
) -> Result<Vec<SeriesPoint>, AppError> {
    let (Ok(from), Ok(to)) = (
        parse_month(&campaign.baseline_month),
        parse_month(&campaign.end_month),
    ) else {
        return Ok(Vec::new());
    };
    let months = crate::clock::months_between(from, to);
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(Vec::new());
    };
    let target = campaign.target_group();
    let counted: Vec<(String, i64)> = {
        use crate::db::schema::target_months as tm;
        tm::table
            .filter(tm::jobcenter_id.eq(jobcenter_id))
            .filter(tm::match_group.eq(target.match_group))
            .filter(tm::benefits.eq(target.stored_benefits()))
            .filter(tm::month.ge(first))
            .filter(tm::month.le(last))
            .select((tm::month, tm::in_activation))
            .load::<(String, i32)>(conn)?
            .into_iter()
            .map(|(m, n)| (m, i64::from(n)))
            .collect()
    };
    let counted: HashMap<String, i64> = counted.into_iter().collect();
    let figures: Vec<MonthFigures> = campaign_figures::table
        .filter(campaign_figures::campaign_id.eq(&campaign.id))
        .filter(campaign_figures::jobcenter_id.eq(jobcenter_id))
        .select((
            campaign_figures::month,
            campaign_figures::target_group,
            campaign_figures::outside_activation,
            campaign_figures::baseline,
        ))
        .load(conn)?;
    let figure = |m: &str| figures.iter().find(|f| f.0 == m);
    let count = |m: &str| -> Result<i64, AppError> { Ok(counted.get(m).copied().unwrap_or(0)) };
    let base_fig = figure(&campaign.baseline_month);
    let baseline = match base_fig.and_then(|f| f.3) {
        Some(b) => i64::from(b),
        None => {
            count(&campaign.baseline_month)?
                + base_fig.and_then(|f| f.2).map(i64::from).unwrap_or(0)
        }
    };
    let params = campaign.params();
    let mut out = Vec::with_capacity(months.len());
    // The latest N entered on or before the first month shown, carried forward from there.
    let mut n: Option<i64> = figures
        .iter()
        .filter(|f| f.0.as_str() <= first.as_str())
        .filter_map(|f| f.1.map(|n| (f.0.as_str(), n)))
        .max_by(|a, b| a.0.cmp(b.0))
        .map(|(_, n)| i64::from(n));
    for m in months {
        let f = figure(&m);
        if let Some(entered) = f.and_then(|f| f.1) {
            n = Some(i64::from(entered));
        }
        let counted = count(&m)?;
        let has_data = m.as_str() <= this_month && (counted > 0 || f.and_then(|f| f.2).is_some());
        let a = counted + f.and_then(|f| f.2).map(i64::from).unwrap_or(0);
        let g = compute(
            MonthInput {
                target_group: n,
                in_activation: a,
                baseline,
                ..Default::default()
            },
            &params,
        );
        out.push(SeriesPoint {
            in_activation: has_data.then_some(a),
            target: g.target,
            baseline,
            attainment: g.attainment.filter(|_| has_data),
            month: m,
        });
    }
    Ok(out)
}
